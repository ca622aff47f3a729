import type { PocRules, PocTrialInput, SuccessCriterionSpec } from './types';

/** The template version a trial runs on, as people name it. */
export interface PinnedTemplate {
  key: string;
  version: number;
  name: string;
}

/**
 * A trial's plan as the API resolved it from a POC template at the start (issue 20): the rules and
 * the success criteria every trial on that template has. It travels in the workflow's input, so a
 * template published later never reaches a trial in flight, and the workflow reads no database.
 */
export interface PocPlan {
  template: PinnedTemplate;
  /** Every rule, resolved: the template's, with the deployment's auto-approval threshold where the template has none. */
  rules: PocRules;
  /** The template's default criteria (keyed), added after the request's own unless the request has one of that key. */
  criteria: Required<SuccessCriterionSpec>[];
}

/**
 * The input a trial starts from once its plan is applied: the plan's rules replace the request's, and
 * the default criteria follow the request's own. The same input when there is no plan.
 */
export function withPocPlan(input: PocTrialInput): PocTrialInput {
  const { plan } = input;
  if (!plan) return input;
  const own = new Set(input.request.criteria.map((criterion) => criterion.key?.trim()).filter(Boolean));
  const defaults = plan.criteria.filter((criterion) => !own.has(criterion.key));
  return {
    ...input,
    rules: plan.rules,
    request: { ...input.request, criteria: [...input.request.criteria, ...defaults.map((c) => ({ ...c }))] },
  };
}
