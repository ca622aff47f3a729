import type { Database } from '../../db/prisma';
import type { DealPlan } from '../../domain/deal/plan';
import { dealTemplateSchema } from '../../domain/deal/template';
import { chosenTemplateVersion, type TemplateChoice } from '../shared/template-choice';

/** The template Baton ships and a start falls back to: version 1 is the rules that were fixed in code. */
export const DEFAULT_DEAL_TEMPLATE_KEY = 'deal-support';

/**
 * The plan a new case pins (issue 20): the named deal-support template (its latest version unless one
 * is named), else the latest version of `deal-support`. Undefined only when that does not exist (a
 * database seeded before deal templates): the case then runs on its coded rules, which v1 equals.
 */
export async function resolveDealPlan(db: Database, choice: TemplateChoice | undefined): Promise<DealPlan | undefined> {
  if (!choice) {
    const shipped = await db.playbookTemplateVersion.findFirst({
      where: { key: DEFAULT_DEAL_TEMPLATE_KEY, playbook: 'deal-support' },
      select: { key: true },
    });
    if (!shipped) return undefined;
  }
  const { version, definition } = await chosenTemplateVersion(
    db,
    choice ?? { key: DEFAULT_DEAL_TEMPLATE_KEY },
    'deal-support',
  );
  const template = dealTemplateSchema.parse(definition);
  return {
    template: { key: template.key, version, name: template.name },
    serviceLevels: template.serviceLevels,
    rules: template.rules,
  };
}
