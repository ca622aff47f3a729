import { z } from 'zod';
import { ROLES } from '../shared/roles';
import {
  problemList,
  refuseProblems,
  templateSlug,
  wholeDays,
  type TemplateProblem,
} from '../shared/template-problems';
import { HANDOFF_TEMPLATE_TEXT } from './template-text';
import { PACKAGE_ITEM_KEYS, type PackageItemKey } from './types';

/**
 * A delivery-handoff template (issue 20): the items a package needs, the SLAs (and their reminders)
 * for sales to submit and resubmit it and for the project manager to review it, and the milestone
 * plan kickoff lays out, versioned in the same table as the other templates. The API resolves one at a
 * handoff's start and pins it into the workflow's input (domain/handoff/plan.ts). The shipped one
 * (shipped-template.ts) is exactly what was fixed in code.
 */

const slug = templateSlug;
const days = wholeDays;
const offset = z.strictObject({ days: days(1, 365), unit: z.enum(['business-days', 'calendar-days']) });
const reminders = z.array(days(0, 365)).max(10);

export const handoffMilestoneSchema = z.strictObject({
  key: slug,
  title: z.string().trim().min(1).max(200),
  ownerRole: z.enum(ROLES),
  due: z.strictObject({ from: z.enum(['kickoff', 'target-go-live']), days: days(-730, 730) }),
  customerSignOff: z.boolean().optional(),
});

export const handoffTemplateSchema = z
  .strictObject({
    key: slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    playbook: z.literal('delivery-handoff'),
    /** The items a package needs, of those Baton knows; the stakeholder map and the target go-live always. */
    packageItems: z.array(z.enum(PACKAGE_ITEM_KEYS as [PackageItemKey, ...PackageItemKey[]])).min(1),
    rules: z.strictObject({
      packageSla: offset,
      resubmitSla: offset,
      packageRemindersBefore: reminders,
      reviewSla: offset,
      reviewRemindersBefore: reminders,
      milestoneRemindersBefore: reminders,
      milestoneEscalationAfter: days(1, 365),
      milestones: z.array(handoffMilestoneSchema).min(1).max(50),
    }),
  })
  .superRefine(refuseProblems(handoffTemplateProblems));

export type HandoffTemplate = z.output<typeof handoffTemplateSchema>;
export type HandoffTemplateInput = z.input<typeof handoffTemplateSchema>;

/** What zod's shapes cannot see, each naming its culprit: reminders outside their SLA, items and milestones. */
export function handoffTemplateProblems({
  packageItems,
  rules,
}: Pick<HandoffTemplate, 'packageItems' | 'rules'>): TemplateProblem[] {
  const { problems, say } = problemList(HANDOFF_TEMPLATE_TEXT);
  const slas = [
    ['package', 'packageSla', 'packageRemindersBefore'],
    ['review', 'reviewSla', 'reviewRemindersBefore'],
  ] as const;
  for (const [sla, slaRule, reminderRule] of slas)
    rules[reminderRule].forEach((before, index) => {
      if (before >= rules[slaRule].days)
        say(['rules', reminderRule, index], 'handoff.template.reminder-outside-sla', {
          sla: { key: `handoff.template.sla.${sla}`, params: {} },
          n: index + 1,
          days: before,
          slaDays: rules[slaRule].days,
        });
    });
  for (const key of ['stakeholders', 'target-go-live'] as const)
    if (!packageItems.includes(key))
      say(['packageItems'], 'handoff.template.item-required', {
        key,
        why: { key: `handoff.template.item-required.${key}`, params: {} },
      });
  packageItems.forEach((key, index) => {
    if (packageItems.indexOf(key) !== index) say(['packageItems', index], 'handoff.template.item-twice', { key });
  });
  rules.milestones.forEach((milestone, index) => {
    if (rules.milestones.findIndex((other) => other.key === milestone.key) !== index)
      say(['rules', 'milestones', index, 'key'], 'handoff.template.milestone-twice', { key: milestone.key });
  });
  const signOffs = rules.milestones.filter((milestone) => milestone.customerSignOff);
  if (signOffs.length !== 1 || !rules.milestones.at(-1)!.customerSignOff)
    say(['rules', 'milestones'], 'handoff.template.sign-off-last', {});
  return problems;
}
