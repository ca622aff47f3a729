import type { RenewalPlan } from '../../domain/renewal/plan';
import { RENEWAL_TEMPLATE } from '../../domain/renewal/shipped-template';
import { renewalTemplateSchema, type RenewalTemplateInput } from '../../domain/renewal/template';

/** A renewal's plan as the API pins it from a renewal template version (api/renewal/template-plan.ts). */
export function renewalPlan(version: number, change: Partial<RenewalTemplateInput> = {}): RenewalPlan {
  const template = renewalTemplateSchema.parse({ ...RENEWAL_TEMPLATE, ...change });
  return { template: { key: template.key, version, name: template.name }, rules: template.rules };
}

/**
 * A strategic customer's renewal as the tests edit the shipped template: every step earlier (health
 * review 180 days before the end, proposal 150, negotiation 100, outcome 45, last call 14), one
 * reminder 3 business days before a step, escalation after 2, and the account's sales own the negotiation.
 */
export const RENEWAL_PLAN_V2_CHANGE: Partial<RenewalTemplateInput> = {
  key: 'renewal',
  rules: {
    ...RENEWAL_TEMPLATE.rules,
    healthReviewDaysBefore: 180,
    proposalDaysBefore: 150,
    negotiationDaysBefore: 100,
    outcomeDaysBefore: 45,
    lastCallDaysBefore: 14,
    stepRemindersBefore: [3],
    stepEscalationDaysAfter: 2,
    stepOwners: { ...RENEWAL_TEMPLATE.rules.stepOwners, negotiation: 'sales' },
  },
};
