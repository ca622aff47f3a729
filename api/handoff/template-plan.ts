import type { Database } from '../../db/prisma';
import type { HandoffPlan } from '../../domain/handoff/plan';
import { handoffTemplateSchema } from '../../domain/handoff/template';
import { chosenTemplateVersion, type TemplateChoice } from '../shared/template-choice';

/** The template Baton ships and a start falls back to: version 1 is the rules that were fixed in code. */
export const DEFAULT_HANDOFF_TEMPLATE_KEY = 'delivery-handoff';

/**
 * The plan a new handoff pins (issue 20): the named delivery-handoff template (its latest version
 * unless one is named), else the latest version of `delivery-handoff`. Undefined only when that does
 * not exist (a database seeded before handoff templates): the handoff then runs on its coded rules, which v1 equals.
 */
export async function resolveHandoffPlan(
  db: Database,
  choice: TemplateChoice | undefined,
): Promise<HandoffPlan | undefined> {
  if (!choice) {
    const shipped = await db.playbookTemplateVersion.findFirst({
      where: { key: DEFAULT_HANDOFF_TEMPLATE_KEY, playbook: 'delivery-handoff' },
      select: { key: true },
    });
    if (!shipped) return undefined;
  }
  const { version, definition } = await chosenTemplateVersion(
    db,
    choice ?? { key: DEFAULT_HANDOFF_TEMPLATE_KEY },
    'delivery-handoff',
  );
  const template = handoffTemplateSchema.parse(definition);
  return {
    template: { key: template.key, version, name: template.name },
    packageItems: template.packageItems,
    rules: template.rules,
  };
}
