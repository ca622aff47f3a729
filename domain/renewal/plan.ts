import type { RenewalFollowUpInput, RenewalRules } from './types';

/** The template version a renewal runs on, as people name it. */
export interface PinnedRenewalTemplate {
  key: string;
  version: number;
  name: string;
}

/**
 * A renewal's plan as the API (or the activity starting a handed-over renewal) resolved it from a
 * renewal template at the start (issue 20): every rule of the template. It travels in the workflow's
 * input, so a template published later never reaches a renewal in flight, and the workflow reads no database.
 */
export interface RenewalPlan {
  template: PinnedRenewalTemplate;
  rules: RenewalRules;
}

/**
 * The input a renewal starts from once its plan is applied: the plan's rules, under any rule the start
 * itself names (a start's explicit rules always won over the defaults). The same input without a plan.
 */
export function withRenewalPlan(input: RenewalFollowUpInput): RenewalFollowUpInput {
  if (!input.plan) return input;
  const named = Object.fromEntries(
    Object.entries(input.rules ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<RenewalRules>;
  const stepOwners = { ...input.plan.rules.stepOwners, ...named.stepOwners };
  return { ...input, rules: { ...input.plan.rules, ...named, stepOwners } };
}
