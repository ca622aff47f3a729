import type { DealPlan } from '../../domain/deal/plan';
import { DEAL_TEMPLATE } from '../../domain/deal/shipped-template';
import { dealTemplateSchema, type DealTemplateInput } from '../../domain/deal/template';

/** A case's plan as the API pins it from a deal-support template version (api/deal/template-plan.ts). */
export function dealPlan(version: number, change: Partial<DealTemplateInput> = {}): DealPlan {
  const template = dealTemplateSchema.parse({ ...DEAL_TEMPLATE, ...change });
  return {
    template: { key: template.key, version, name: template.name },
    serviceLevels: template.serviceLevels,
    rules: template.rules,
  };
}

/**
 * Version 2 of the shipped template as the tests edit it: a competitive brief is answered within 3
 * business days, reminded the day before, and a missed answer escalates to regional ops; every other
 * support type keeps v1's business day.
 */
export const DEAL_PLAN_V2_CHANGE: Partial<DealTemplateInput> = {
  serviceLevels: {
    ...DEAL_TEMPLATE.serviceLevels,
    'competitive-brief': {
      responseSla: { days: 3, unit: 'business-days' },
      responseRemindersBefore: [1],
      escalationRole: 'regional_ops',
    },
  },
};
