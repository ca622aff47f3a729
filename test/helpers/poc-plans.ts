import type { PocPlan } from '../../domain/poc/plan';
import { POC_TEMPLATE } from '../../domain/poc/shipped-template';
import { pocTemplateSchema, type PocTemplateInput } from '../../domain/poc/template';

/**
 * A trial's plan as the API pins it from a POC template version (api/poc/template-plan.ts), here with the
 * fixtures' auto-approval threshold of 10,000 as the deployment's setting.
 */
export function pocPlan(version: number, change: Partial<PocTemplateInput> = {}): PocPlan {
  const template = pocTemplateSchema.parse({ ...POC_TEMPLATE, ...change });
  return {
    template: { key: template.key, version, name: template.name },
    rules: { ...template.rules, autoApproveBelowAmount: template.rules.autoApproveBelowAmount ?? 10_000 },
    criteria: template.defaultCriteria,
  };
}

/** Version 2 of the shipped template as the Done-when test edits it: check-ins every 3 days, one more criterion. */
export const POC_PLAN_V2_CHANGE: Partial<PocTemplateInput> = {
  rules: { ...POC_TEMPLATE.rules, checkInEveryDays: 3 },
  defaultCriteria: [
    { key: 'data-import', description: 'Their own data imported in a day', measuredBy: 'the import log' },
  ],
};
