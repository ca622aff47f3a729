import type { Database } from '../../db/prisma';
import type { PocPlan } from '../../domain/poc/plan';
import { pocTemplateSchema, type PocTemplate } from '../../domain/poc/template';
import type { PocRules } from '../../domain/poc/types';
import { chosenTemplateVersion } from '../shared/template-choice';

/** Which template a start asked for: a key (and version), or none for the default of its region and product. */
export interface PocTemplateChoice {
  template?: { key: string; version?: number };
  region: string;
  product: string;
}

/** The template Baton ships and falls back to: version 1 is the rules that were fixed in code. */
export const DEFAULT_POC_TEMPLATE_KEY = 'poc';

/**
 * The plan a new trial pins (issue 20): the named template (its latest version unless one is named),
 * else the latest POC template mapped to the trial's region or product (both beat one; ties go to the
 * first key), else `poc`. The deployment's rules (POC_AUTO_APPROVE_BELOW_AMOUNT) fill what the template
 * leaves unset. Undefined only when no POC template exists at all: the trial then runs on its coded rules.
 */
export async function resolvePocPlan(
  db: Database,
  choice: PocTemplateChoice,
  deploymentRules: Partial<PocRules>,
): Promise<PocPlan | undefined> {
  const picked = choice.template ? await named(db, choice.template) : await mapped(db, choice);
  if (!picked) return undefined;
  const { version, template } = picked;
  const autoApproveBelowAmount = template.rules.autoApproveBelowAmount ?? deploymentRules.autoApproveBelowAmount;
  return {
    template: { key: template.key, version, name: template.name },
    rules: { ...template.rules, ...(autoApproveBelowAmount === undefined ? {} : { autoApproveBelowAmount }) },
    criteria: template.defaultCriteria.map((criterion) => ({ ...criterion })),
  };
}

interface Picked {
  version: number;
  template: PocTemplate;
}

async function named(db: Database, choice: { key: string; version?: number }): Promise<Picked> {
  const { version, definition } = await chosenTemplateVersion(db, choice, 'poc');
  return { version, template: pocTemplateSchema.parse(definition) };
}

async function mapped(db: Database, { region, product }: PocTemplateChoice): Promise<Picked | undefined> {
  const latest = await db.playbookTemplateVersion.findMany({
    where: { playbook: 'poc' },
    distinct: ['key'],
    orderBy: [{ key: 'asc' }, { version: 'desc' }],
  });
  const candidates = latest.map((row) => ({ version: row.version, template: pocTemplateSchema.parse(row.definition) }));
  const score = ({ template }: Picked) =>
    Number(template.appliesTo.regions.includes(region)) + Number(template.appliesTo.products.includes(product));
  const best = candidates.reduce<Picked | undefined>(
    (chosen, candidate) => (score(candidate) > (chosen ? score(chosen) : 0) ? candidate : chosen),
    undefined,
  );
  return best ?? candidates.find(({ template }) => template.key === DEFAULT_POC_TEMPLATE_KEY);
}
