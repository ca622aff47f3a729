import { z } from 'zod';
import { ROLES } from '../shared/roles';
import {
  problemList,
  refuseProblems,
  templateSlug,
  wholeDays,
  type TemplateProblem,
} from '../shared/template-problems';
import { RENEWAL_TEMPLATE_TEXT } from './template-text';
import type { RenewalRules } from './types';

/**
 * A renewal template (issue 20): how many days before the contract end each step (health review,
 * proposal, negotiation, outcome) and the last call are due, the reminders before a step and the
 * escalation after it, the health bands and who owns each step, versioned in the same table as the
 * other templates. Ops map a customer tier to one (renewal_tier_template); the API resolves it at a
 * renewal's start and pins it into the workflow's input (domain/renewal/plan.ts). The shipped one
 * (shipped-template.ts) is exactly what was fixed in code.
 */

/** The longest term Baton follows (create.ts MAX_TERM_DAYS): no step is due earlier than that. */
const TERM_DAYS = 3660;
const days = wholeDays;

/** The offsets in the order their steps come, the last call after the outcome. */
export const RENEWAL_OFFSET_RULES = [
  'healthReviewDaysBefore',
  'proposalDaysBefore',
  'negotiationDaysBefore',
  'outcomeDaysBefore',
  'lastCallDaysBefore',
] as const;

export const renewalTemplateRulesSchema = z.strictObject({
  healthReviewDaysBefore: days(1, TERM_DAYS),
  proposalDaysBefore: days(1, TERM_DAYS),
  negotiationDaysBefore: days(1, TERM_DAYS),
  outcomeDaysBefore: days(1, TERM_DAYS),
  lastCallDaysBefore: days(1, TERM_DAYS),
  stepRemindersBefore: z.array(days(0, 60)).max(10),
  stepEscalationDaysAfter: days(1, 60),
  watchBelow: days(1, 100),
  atRiskBelow: days(1, 100),
  stepOwners: z.strictObject({
    health_review: z.enum(ROLES),
    proposal: z.enum(ROLES),
    negotiation: z.enum(ROLES),
    outcome: z.enum(ROLES),
  }),
}) satisfies z.ZodType<RenewalRules>;

export const renewalTemplateSchema = z
  .strictObject({
    key: templateSlug,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4000).optional(),
    playbook: z.literal('renewal'),
    rules: renewalTemplateRulesSchema,
  })
  .superRefine(refuseProblems(renewalTemplateProblems));

export type RenewalTemplate = z.output<typeof renewalTemplateSchema>;
export type RenewalTemplateInput = z.input<typeof renewalTemplateSchema>;

/** What zod's shapes cannot see, each naming its culprit: steps out of order, bands crossed, reminders repeated. */
export function renewalTemplateProblems({ rules }: Pick<RenewalTemplate, 'rules'>): TemplateProblem[] {
  const { problems, say } = problemList(RENEWAL_TEMPLATE_TEXT);
  const named = (rule: (typeof RENEWAL_OFFSET_RULES)[number]) => ({
    key: `renewal.template.offset.${rule}`,
    params: {},
  });
  RENEWAL_OFFSET_RULES.forEach((later, index) => {
    const earlier = RENEWAL_OFFSET_RULES[index - 1];
    if (earlier && rules[later] >= rules[earlier])
      say(['rules', later], 'renewal.template.step-order', {
        later: named(later),
        laterDays: rules[later],
        earlier: named(earlier),
        earlierDays: rules[earlier],
      });
  });
  if (rules.atRiskBelow > rules.watchBelow)
    say(['rules', 'atRiskBelow'], 'renewal.template.bands', { atRisk: rules.atRiskBelow, watch: rules.watchBelow });
  rules.stepRemindersBefore.forEach((before, index) => {
    if (rules.stepRemindersBefore.indexOf(before) !== index)
      say(['rules', 'stepRemindersBefore', index], 'renewal.template.reminder-twice', { n: index + 1, days: before });
  });
  return problems;
}
