import { z } from 'zod';
import {
  problemList,
  refuseProblems,
  templateSlug,
  wholeDays,
  type TemplateProblem,
} from '../shared/template-problems';
import { POC_TEMPLATE_TEXT } from './template-text';

/**
 * A POC template (issue 20): the rules a trial runs by and the success criteria every trial on it
 * has, versioned in the same table as launch templates. The API resolves one at a trial's start and
 * pins it into the workflow's input (domain/poc/plan.ts). The shipped one (shipped-template.ts)
 * holds exactly what was fixed in code before, so trials on it behave as they always did.
 */

const slug = templateSlug;
const days = wholeDays;

export const pocTemplateRulesSchema = z.strictObject({
  /** Requests for less than this amount are approved by Baton itself; absent: the deployment's setting, if any. */
  autoApproveBelowAmount: z.number().min(0).max(1e15).optional(),
  approvalSla: z.strictObject({ days: days(1, 365), unit: z.enum(['business-days', 'calendar-days']) }),
  approvalRemindersBefore: z.array(days(0, 365)).max(10),
  checkInEveryDays: days(1, 365),
  checkInGraceDays: days(0, 365),
  maxExtensions: days(0, 20),
  maxExtensionDays: days(0, 365),
  expiryGraceDays: days(0, 365),
  expiryRemindersDaysBefore: z.array(days(1, 365)).max(10),
  criteriaAtRiskDaysBeforeEnd: days(0, 365),
});

export const pocTemplateCriterionSchema = z.strictObject({
  key: slug,
  description: z.string().trim().min(1).max(1000),
  measuredBy: z.string().trim().min(1).max(1000),
});

export const pocTemplateSchema = z
  .strictObject({
    key: slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    playbook: z.literal('poc'),
    /** Where this template is the default: a start in one of these regions or for one of these products picks it. */
    appliesTo: z
      .strictObject({
        regions: z.array(slug).max(50).default([]),
        products: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
      })
      .default({ regions: [], products: [] }),
    rules: pocTemplateRulesSchema,
    /** Success criteria every trial on this template has, after those the request names. */
    defaultCriteria: z.array(pocTemplateCriterionSchema).max(30).default([]),
  })
  .superRefine(refuseProblems(pocTemplateProblems));

export type PocTemplate = z.output<typeof pocTemplateSchema>;
export type PocTemplateInput = z.input<typeof pocTemplateSchema>;

type Shape = Pick<PocTemplate, 'rules' | 'defaultCriteria'>;

/** What zod's shapes cannot see: rules that contradict each other, and criterion keys, each naming its culprit. */
export function pocTemplateProblems({ rules, defaultCriteria }: Shape): TemplateProblem[] {
  const { problems, say } = problemList(POC_TEMPLATE_TEXT);
  rules.approvalRemindersBefore.forEach((before, index) => {
    if (before >= rules.approvalSla.days)
      say(['rules', 'approvalRemindersBefore', index], 'poc.template.reminder-outside-sla', {
        n: index + 1,
        days: before,
        sla: rules.approvalSla.days,
      });
  });
  // The missed check-in moves the next one a cadence on from its due date: a grace as long would leave it overdue at once.
  if (rules.checkInGraceDays >= rules.checkInEveryDays)
    say(['rules', 'checkInGraceDays'], 'poc.template.grace-not-shorter', {
      grace: rules.checkInGraceDays,
      every: rules.checkInEveryDays,
    });
  if (rules.maxExtensions > 0 && rules.maxExtensionDays === 0)
    say(['rules', 'maxExtensionDays'], 'poc.template.extension-days-without-extensions', {
      count: rules.maxExtensions,
    });
  const seen = new Set<string>();
  defaultCriteria.forEach((criterion, index) => {
    if (/^c\d+$/.test(criterion.key))
      say(['defaultCriteria', index, 'key'], 'poc.template.reserved-criterion-key', { key: criterion.key });
    else if (seen.has(criterion.key))
      say(['defaultCriteria', index, 'key'], 'poc.template.duplicate-criterion', { key: criterion.key });
    seen.add(criterion.key);
  });
  return problems;
}
