import type { DeliveryHandoffInput, HandoffRules, PackageItemKey } from './types';

/** The template version a handoff runs on, as people name it. */
export interface PinnedHandoffTemplate {
  key: string;
  version: number;
  name: string;
}

/**
 * A handoff's plan as the API resolved it from a delivery-handoff template at the start (issue 20):
 * the items its package needs, its SLAs and reminders, and the milestone plan kickoff lays out. It
 * travels in the workflow's input, so a template published later never reaches a handoff in flight,
 * and the workflow reads no database.
 */
export interface HandoffPlan {
  template: PinnedHandoffTemplate;
  /** Which of the package items this handoff's package needs (the stakeholder map and go-live always). */
  packageItems: PackageItemKey[];
  rules: HandoffRules;
}

/** The input a handoff starts from once its plan is applied: the plan's rules replace the input's. The same input without a plan. */
export function withHandoffPlan(input: DeliveryHandoffInput): DeliveryHandoffInput {
  return input.plan ? { ...input, rules: input.plan.rules } : input;
}
