import { z } from 'zod';
import type { Database } from '../../db/prisma';
import { templateDefinitionSchema, type TemplateDefinition } from '../../domain/shared/template-definition';
import type { Text } from '../../domain/shared/text';
import { issueText } from '../http/issue-text';
import { requireSameKey, Problem } from '../http/problem';
import { defineRoute } from '../http/route';
import { recordAudit } from './audit';
import { createNextVersion, present } from './templates';

type Issue = z.ZodError['issues'][number];

/**
 * A template's problems for the dry run and the board's editor: each names its field and says what is
 * wrong in English, with the catalog text that words it again in the reader's language.
 */
export function templateIssues(error: z.ZodError): { path: string; message: string; code: string; text?: Text }[] {
  return error.issues.map((issue) => {
    const text = ownText(issue) ?? issueText(issue);
    return { path: issue.path.join('.'), message: issue.message, code: issue.code, ...(text ? { text } : {}) };
  });
}

/** A POC template's problems carry their catalog text in the issue's params (domain/poc/template.ts). */
function ownText(issue: Issue): Text | undefined {
  if (issue.code !== 'custom') return undefined;
  const text = (issue.params as { text?: Text } | undefined)?.text;
  return text && typeof text.key === 'string' ? text : undefined;
}

/** What a valid template holds, counted: a checklist's phases, items and gates; a POC template's default criteria. */
export function templateSummary(template: TemplateDefinition) {
  if (template.playbook === 'poc') return { phases: 0, items: 0, gates: 0, criteria: template.defaultCriteria.length };
  if (template.playbook === 'deal-support' || template.playbook === 'renewal') return { phases: 0, items: 0, gates: 0 };
  if (template.playbook === 'delivery-handoff')
    return { phases: 0, items: template.packageItems.length, gates: 0, milestones: template.rules.milestones.length };
  return { phases: template.phases.length, items: template.items.length, gates: template.gates.length };
}

const reasonSchema = z.string().trim().min(1).max(2000);

/** The board's editor (issue 20): a template's version history, and publishing a draft with a reason. */
export function templatePublishRoutes(
  db: Database,
  { keySchema, versionSchema }: { keySchema: z.ZodString; versionSchema: z.ZodType },
) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/templates/:key/versions',
      operationId: 'listTemplateVersions',
      summary: "A template's versions, newest first: who published each, when and why",
      tag: 'Templates',
      permission: 'template:read',
      params: z.object({ key: keySchema }),
      responses: {
        200: {
          description: 'Every version, newest first',
          schema: z.object({
            items: z.array(
              z.object({
                version: z.number().int(),
                name: z.string(),
                playbook: z.string(),
                createdBy: z.string(),
                createdAt: z.iso.datetime(),
                reason: z.string().nullable(),
                basedOn: z.number().int().nullable(),
              }),
            ),
          }),
        },
        404: { description: 'No such template' },
      },
      async handle({ params }) {
        const rows = await db.playbookTemplateVersion.findMany({
          where: { key: params.key },
          orderBy: { version: 'desc' },
          select: {
            version: true,
            name: true,
            playbook: true,
            createdBy: true,
            createdAt: true,
            reason: true,
            basedOn: true,
          },
        });
        if (rows.length === 0) throw new Problem(404, 'Not found', `No template ${params.key}`);
        return {
          status: 200,
          body: { items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) },
        };
      },
    }),

    defineRoute({
      method: 'post',
      path: '/api/templates/:key/publish',
      operationId: 'publishTemplateVersion',
      summary: 'Publish a draft as the next version, saying why',
      tag: 'Templates',
      permission: 'template:manage',
      idempotent: true,
      params: z.object({ key: keySchema }),
      body: z
        .strictObject({
          definition: templateDefinitionSchema,
          reason: reasonSchema.meta({ description: 'Why: shown in the version history' }),
          basedOn: z
            .number()
            .int()
            .min(1)
            .max(1_000_000)
            .meta({ description: 'The version the draft was copied from; 409 when a newer one was published since' }),
        })
        .meta({ id: 'PublishTemplate' }),
      responses: {
        201: {
          description: 'Published; cases already running keep the version they started with',
          schema: versionSchema,
        },
        409: { description: 'A newer version was published since the draft was copied' },
        422: { description: 'The draft is for another kind of playbook than the template' },
      },
      async handle(context) {
        const { params, body } = context;
        requireSameKey('template', params.key, body.definition.key);
        const row = await createNextVersion(db, body.definition, context.principal.subject, {
          reason: body.reason,
          basedOn: body.basedOn,
        });
        await recordAudit(db, context, {
          action: 'template.version.publish',
          target: `template:${row.key}@${row.version}`,
          after: { version: row.version, basedOn: body.basedOn, reason: body.reason },
        });
        return {
          status: 201,
          body: present(row),
          headers: { Location: `/api/templates/${row.key}/versions/${row.version}` },
        };
      },
    }),
  ];
}
