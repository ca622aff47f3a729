import { z } from 'zod';
import { ROLES } from '../shared/roles';
import {
  problemList,
  refuseProblems,
  templateSlug,
  wholeDays,
  type TemplateProblem,
} from '../shared/template-problems';
import { DEAL_TEMPLATE_TEXT } from './template-text';
import { SUPPORT_TYPES, type SupportType } from './types';

/**
 * A deal-support template (issue 20): the service level of each support type (how fast HQ answers,
 * when the triage role is reminded, whom a missed answer escalates to) and the case-wide rules (who
 * triages, who approves pricing, when the lesson is due), versioned in the same table as the other
 * templates. The API resolves one at a case's start and pins it into the workflow's input
 * (domain/deal/plan.ts). The shipped one (shipped-template.ts) is exactly what was fixed in code.
 */

const slug = templateSlug;
const days = wholeDays;

export const dealServiceLevelSchema = z.strictObject({
  responseSla: z.strictObject({ days: days(1, 365), unit: z.enum(['business-days', 'calendar-days']) }),
  responseRemindersBefore: z.array(days(0, 365)).max(10),
  escalationRole: z.enum(ROLES),
});

export const dealTemplateSchema = z
  .strictObject({
    key: slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    playbook: z.literal('deal-support'),
    /** Every support type's service level: a request is answered on the one of its types due first. */
    serviceLevels: z.strictObject(
      Object.fromEntries(SUPPORT_TYPES.map((type) => [type, dealServiceLevelSchema])) as Record<
        SupportType,
        typeof dealServiceLevelSchema
      >,
    ),
    rules: z.strictObject({
      triageRole: z.enum(ROLES),
      pricingApproverRole: z.enum(ROLES),
      lessonRemindersDaysAfterClose: z.array(days(1, 365)).max(10),
      lessonDeadlineDays: days(1, 365),
    }),
  })
  .superRefine(refuseProblems(dealTemplateProblems));

export type DealTemplate = z.output<typeof dealTemplateSchema>;
export type DealTemplateInput = z.input<typeof dealTemplateSchema>;

/** What zod's shapes cannot see: reminders outside their SLA or after the lesson deadline, each naming its culprit. */
export function dealTemplateProblems({
  serviceLevels,
  rules,
}: Pick<DealTemplate, 'serviceLevels' | 'rules'>): TemplateProblem[] {
  const { problems, say } = problemList(DEAL_TEMPLATE_TEXT);
  for (const supportType of SUPPORT_TYPES) {
    const level = serviceLevels[supportType];
    level.responseRemindersBefore.forEach((before, index) => {
      if (before >= level.responseSla.days)
        say(['serviceLevels', supportType, 'responseRemindersBefore', index], 'deal.template.reminder-outside-sla', {
          supportType,
          n: index + 1,
          days: before,
          sla: level.responseSla.days,
        });
    });
  }
  rules.lessonRemindersDaysAfterClose.forEach((after, index) => {
    if (after >= rules.lessonDeadlineDays)
      say(['rules', 'lessonRemindersDaysAfterClose', index], 'deal.template.lesson-reminder-after-deadline', {
        n: index + 1,
        days: after,
        deadline: rules.lessonDeadlineDays,
      });
  });
  return problems;
}
