import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { Problem } from '../http/problem';

/** Which template version a start asks for (issue 20): a key, and the latest version unless one is named. */
export interface TemplateChoice {
  key: string;
  version?: number;
}

/** The start body's `template` field: every playbook's start names a template the same way. */
export const templateChoiceSchema = (playbook: string, defaults: string) =>
  z
    .strictObject({
      key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug'),
      version: z.number().int().min(1).max(1_000_000).optional().meta({ description: 'The latest when omitted' }),
    })
    .optional()
    .meta({ description: `The ${playbook} template the case pins; omitted: ${defaults}` });

/**
 * The stored definition of the named version of a template (the latest when no version is named),
 * refused with 422 when there is none or it belongs to another playbook: a start never runs on a
 * template of the wrong kind.
 */
export async function chosenTemplateVersion(
  db: Database,
  { key, version }: TemplateChoice,
  playbook: string,
): Promise<{ version: number; definition: unknown }> {
  const row = version
    ? await db.playbookTemplateVersion.findUnique({ where: { key_version: { key, version } } })
    : await db.playbookTemplateVersion.findFirst({ where: { key }, orderBy: { version: 'desc' } });
  if (!row)
    throw new Problem(
      422,
      'Unknown template',
      version ? `No version ${version} of template ${key}` : `No template ${key}`,
    );
  if (row.playbook !== playbook)
    throw new Problem(422, 'Wrong kind of template', `Template ${key} is a ${row.playbook} playbook, not ${playbook}`);
  return { version: row.version, definition: row.definition };
}
