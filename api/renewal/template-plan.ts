import type { Database } from '../../db/prisma';
import type { RenewalPlan } from '../../domain/renewal/plan';
import { renewalTemplateSchema } from '../../domain/renewal/template';
import { chosenTemplateVersion, type TemplateChoice } from '../shared/template-choice';

/** The template Baton ships and a start falls back to: version 1 is the rules that were fixed in code. */
export const DEFAULT_RENEWAL_TEMPLATE_KEY = 'renewal';

/** The tier a renewal counts as when its start names none (domain/renewal/create.ts). */
export const DEFAULT_RENEWAL_TIER = 'standard';

/**
 * The plan a new renewal pins (issue 20): the renewal template its start names (its latest version
 * unless one is named), else the one mapped to its customer tier (renewal_tier_template), else
 * `renewal`, each at its latest version. Undefined only when none of them exists (a database seeded
 * before renewal templates): the renewal then runs on its coded rules, which v1 equals.
 */
export async function resolveRenewalPlan(
  db: Database,
  { template, tier }: { template?: TemplateChoice; tier?: string },
): Promise<RenewalPlan | undefined> {
  const choice = template ?? (await tierChoice(db, tier));
  if (!choice) return undefined;
  const { version, definition } = await chosenTemplateVersion(db, choice, 'renewal');
  const chosen = renewalTemplateSchema.parse(definition);
  return { template: { key: chosen.key, version, name: chosen.name }, rules: chosen.rules };
}

/** The tier's mapped template, else the shipped default when it exists. */
async function tierChoice(db: Database, tier: string | undefined): Promise<TemplateChoice | undefined> {
  const mapped = await db.renewalTierTemplate.findUnique({
    where: { tier: tier?.trim() || DEFAULT_RENEWAL_TIER },
    select: { templateKey: true },
  });
  if (mapped) return { key: mapped.templateKey };
  const shipped = await db.playbookTemplateVersion.findFirst({
    where: { key: DEFAULT_RENEWAL_TEMPLATE_KEY, playbook: 'renewal' },
    select: { key: true },
  });
  return shipped ? { key: shipped.key } : undefined;
}
