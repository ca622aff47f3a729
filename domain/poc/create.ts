import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import { blank, isIsoDate, opportunityProblems, wholeAtLeast } from '../shared/input-checks';
import { requestedStage } from '../shared/case-record';
import { customerContactProblems, tidyContacts } from '../shared/customer-contacts';
import { resolveOffset } from '../shared/schedule';
import { approveAndProvision } from './provisioning';
import { pocSays } from './text';
import { appendEvent, pocWorkflowId, recipient, resolvePocRules, today, trialText } from './transitions';
import type { PocRules, PocState, PocTrialInput } from './types';
import { profileField, profileProblems } from '../insights/case-profile';

/** Criteria without a key are keyed by position (`c1`, `c2`...), so every criterion can be marked. */
export function criterionKeys(input: Pick<PocTrialInput, 'request'>): string[] {
  return input.request.criteria.map((criterion, index) => criterion.key?.trim() || `c${index + 1}`);
}

/**
 * What is wrong with a trial request, each problem naming its field; empty when it can start.
 * The API checks shapes with zod first; this holds the rules the workflow itself relies on.
 */
export function pocInputProblems(input: PocTrialInput): string[] {
  const { request } = input;
  const problems: string[] = [];
  for (const field of ['account', 'region', 'industry', 'product', 'salesOwner'] as const) {
    if (blank(request[field])) problems.push(`request.${field} is required`);
  }
  problems.push(...opportunityProblems(request.opportunity));
  problems.push(...profileProblems({ channel: request.channel }, 'request.'));
  if (blank(input.requestedBy)) problems.push('requestedBy is required');
  if (!isIsoDate(request.plannedStart))
    problems.push(`request.plannedStart must be a YYYY-MM-DD date, not "${String(request.plannedStart)}"`);
  if (!wholeAtLeast(request.durationDays, 1))
    problems.push('request.durationDays must be a whole number of at least 1');
  if (!Array.isArray(request.criteria) || request.criteria.length === 0) {
    problems.push('request.criteria needs at least one success criterion');
  } else {
    request.criteria.forEach((criterion, index) => {
      if (blank(criterion.description)) problems.push(`request.criteria[${index}].description is required`);
      if (blank(criterion.measuredBy))
        problems.push(`request.criteria[${index}].measuredBy is required (how will it be measured?)`);
    });
    const seen = new Set<string>();
    for (const key of criterionKeys(input)) {
      if (seen.has(key)) problems.push(`request.criteria: the key "${key}" is used twice`);
      seen.add(key);
    }
  }
  problems.push(...rulesProblems(resolvePocRules(input.rules)));
  problems.push(...customerContactProblems(input.customerContacts));
  return problems;
}

function rulesProblems(rules: PocRules): string[] {
  const problems: string[] = [];
  const whole = (name: string, value: unknown, min: number) => {
    if (!wholeAtLeast(value, min)) problems.push(`rules.${name} must be a whole number of at least ${min}`);
  };
  if (
    rules.autoApproveBelowAmount !== undefined &&
    !(typeof rules.autoApproveBelowAmount === 'number' && rules.autoApproveBelowAmount >= 0)
  ) {
    problems.push('rules.autoApproveBelowAmount must be a number of at least 0');
  }
  whole('approvalSla.days', rules.approvalSla.days, 1);
  if (rules.approvalSla.unit !== 'business-days' && rules.approvalSla.unit !== 'calendar-days')
    problems.push('rules.approvalSla.unit must be business-days or calendar-days');
  rules.approvalRemindersBefore.forEach((days, index) => whole(`approvalRemindersBefore[${index}]`, days, 0));
  whole('checkInEveryDays', rules.checkInEveryDays, 1);
  whole('checkInGraceDays', rules.checkInGraceDays, 0);
  whole('maxExtensions', rules.maxExtensions, 0);
  whole('maxExtensionDays', rules.maxExtensionDays, 0);
  whole('expiryGraceDays', rules.expiryGraceDays, 0);
  rules.expiryRemindersDaysBefore.forEach((days, index) => whole(`expiryRemindersDaysBefore[${index}]`, days, 1));
  whole('criteriaAtRiskDaysBeforeEnd', rules.criteriaAtRiskDaysBeforeEnd, 0);
  return problems;
}

/**
 * A new trial, requested now; under the auto-approval rule it is approved and provisioning at once.
 * `trialId` is the workflow id the trial runs under (normally `pocWorkflowId` of the request).
 */
export function createPocState(
  input: PocTrialInput,
  calendar: WorkingDays,
  now: Date,
  trialId = pocWorkflowId(input.request.account, input.request.opportunity.id),
): PocState {
  const { request } = input;
  const rules = resolvePocRules(input.rules);
  const at = now.toISOString();
  const keys = criterionKeys(input);
  const endDate = addCalendarDays(request.plannedStart, request.durationDays);
  const approvalDue = resolveOffset(today(now), rules.approvalSla, calendar);
  const state: PocState = {
    trialId,
    account: request.account.trim(),
    region: request.region,
    industry: request.industry,
    opportunity: { ...request.opportunity, id: request.opportunity.id.trim() },
    product: request.product,
    salesOwner: request.salesOwner,
    ...profileField({ channel: request.channel, industry: request.industry, products: [request.product] }),
    supporters: { presales: [...(request.supporters?.presales ?? [])], ops: [...(request.supporters?.ops ?? [])] },
    contacts: { ...input.contacts },
    rules,
    calendar: input.calendar.key,
    // Templates (issue 20): only a trial started on a pinned plan names its template version.
    ...(input.plan ? { template: { ...input.plan.template } } : {}),
    ...requestedStage(at, input.requestedBy),
    atRisk: false,
    riskReasons: [],
    criteria: request.criteria.map((criterion, index) => ({
      key: keys[index]!,
      description: criterion.description,
      measuredBy: criterion.measuredBy,
      status: 'open',
    })),
    plannedStart: request.plannedStart,
    durationDays: request.durationDays,
    endDate,
    expiresOn: addCalendarDays(endDate, rules.expiryGraceDays + 1),
    endScheduledAt: at,
    approval: { dueDate: approvalDue.date, dueApproximate: approvalDue.approximate, overdue: false },
    provisioning: { round: 0 },
    missedCheckIns: 0,
    checkIns: [],
    extensions: [],
    timeline: [],
    eventCount: 0,
    firedAlarms: [],
    seq: 1,
    // Customer portal (issue 16): only a trial started with contacts carries the field.
    ...(input.customerContacts?.length ? { customerContacts: tidyContacts(input.customerContacts) } : {}),
  };
  const amount = `${request.opportunity.amount}${request.opportunity.currency ? ` ${request.opportunity.currency}` : ''}`;
  appendEvent(state, now, {
    type: 'poc.requested',
    actor: input.requestedBy,
    ...pocSays('poc.requested', {
      actor: input.requestedBy,
      days: request.durationDays,
      label: trialText(state),
      product: request.product,
      region: request.region,
      amount,
      start: request.plannedStart,
      approvalDue: approvalDue.date,
    }),
    after: {
      stage: 'requested',
      plannedStart: request.plannedStart,
      endDate,
      approvalDue: approvalDue.date,
      criteria: keys,
      rules,
    },
    notify: recipient(state, 'regional_ops'),
  });
  if (rules.autoApproveBelowAmount !== undefined && request.opportunity.amount < rules.autoApproveBelowAmount) {
    approveAndProvision(
      state,
      'baton',
      now,
      `the amount ${amount} is under the auto-approval threshold of ${rules.autoApproveBelowAmount}`,
    );
  }
  return state;
}
