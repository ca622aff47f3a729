import type { HandoffPlan } from '../../domain/handoff/plan';
import { HANDOFF_TEMPLATE } from '../../domain/handoff/shipped-template';
import { handoffTemplateSchema, type HandoffTemplateInput } from '../../domain/handoff/template';

/** A handoff's plan as the API pins it from a delivery-handoff template version (api/handoff/template-plan.ts). */
export function handoffPlan(version: number, change: Partial<HandoffTemplateInput> = {}): HandoffPlan {
  const template = handoffTemplateSchema.parse({ ...HANDOFF_TEMPLATE, ...change });
  return {
    template: { key: template.key, version, name: template.name },
    packageItems: template.packageItems,
    rules: template.rules,
  };
}

/**
 * Version 2 of the shipped template as the tests edit it: the package no longer asks for the known
 * risks, sales owe it within 2 business days, and the plan confirms requirements 5 days after kickoff
 * (v1: 10) and gains a training milestone before the acceptance.
 */
export const HANDOFF_PLAN_V2_CHANGE: Partial<HandoffTemplateInput> = {
  packageItems: HANDOFF_TEMPLATE.packageItems.filter((key) => key !== 'known-risks'),
  rules: {
    ...HANDOFF_TEMPLATE.rules,
    packageSla: { days: 2, unit: 'business-days' },
    milestones: [
      { ...HANDOFF_TEMPLATE.rules.milestones[0]!, due: { from: 'kickoff', days: 5 } },
      ...HANDOFF_TEMPLATE.rules.milestones.slice(1, -1),
      {
        key: 'users-trained',
        title: 'Users trained',
        ownerRole: 'customer_success',
        due: { from: 'target-go-live', days: -2 },
      },
      HANDOFF_TEMPLATE.rules.milestones.at(-1)!,
    ],
  },
};
