import { profileField } from '../insights/case-profile';
import type { WorkingDays } from '../shared/business-calendar';
import { blank, isIsoDate, opportunityProblems, wholeAtLeast } from '../shared/input-checks';
import { requestedStage } from '../shared/case-record';
import { ROLES } from '../shared/roles';
import { resolveOffset } from '../shared/schedule';
import { dealSays } from './text';
import { appendEvent, dealNamed, dealWorkflowId, recipient, resolveDealRules, today } from './transitions';
import { SUPPORT_TYPES, type DealRules, type DealState, type DealSupportInput } from './types';

/**
 * What is wrong with a support request, each problem naming its field; empty when it can start.
 * The API checks shapes with zod first; this holds the rules the workflow itself relies on.
 */
export function dealInputProblems(input: DealSupportInput): string[] {
  const { request } = input;
  const problems: string[] = [];
  for (const field of ['account', 'region', 'dealStage', 'salesOwner'] as const) {
    if (blank(request[field])) problems.push(`request.${field} is required`);
  }
  problems.push(...opportunityProblems(request.opportunity));
  if (blank(input.requestedBy)) problems.push('requestedBy is required');
  if (!isIsoDate(request.dueDate))
    problems.push(`request.dueDate must be a YYYY-MM-DD date, not "${String(request.dueDate)}"`);
  if (!Array.isArray(request.competitors)) {
    problems.push('request.competitors must be a list (empty when there are none)');
  } else {
    request.competitors.forEach((competitor, index) => {
      if (blank(competitor)) problems.push(`request.competitors[${index}] is blank`);
    });
  }
  if (!Array.isArray(request.supportTypes) || request.supportTypes.length === 0) {
    problems.push('request.supportTypes needs at least one support type');
  } else {
    const seen = new Set<string>();
    request.supportTypes.forEach((type, index) => {
      if (!SUPPORT_TYPES.includes(type))
        problems.push(
          `request.supportTypes[${index}] must be one of ${SUPPORT_TYPES.join(', ')}, not "${String(type)}"`,
        );
      else if (seen.has(type)) problems.push(`request.supportTypes: "${type}" is asked for twice`);
      seen.add(type);
    });
  }
  problems.push(...rulesProblems(resolveDealRules(input.rules)));
  return problems;
}

function rulesProblems(rules: DealRules): string[] {
  const problems: string[] = [];
  const whole = (name: string, value: unknown, min: number) => {
    if (!wholeAtLeast(value, min)) problems.push(`rules.${name} must be a whole number of at least ${min}`);
  };
  whole('responseSla.days', rules.responseSla.days, 1);
  if (rules.responseSla.unit !== 'business-days' && rules.responseSla.unit !== 'calendar-days')
    problems.push('rules.responseSla.unit must be business-days or calendar-days');
  rules.responseRemindersBefore.forEach((days, index) => whole(`responseRemindersBefore[${index}]`, days, 0));
  for (const name of ['triageRole', 'pricingApproverRole', 'escalationRole'] as const) {
    if (name === 'escalationRole' && rules[name] === undefined) continue;
    if (!ROLES.includes(rules[name]!))
      problems.push(`rules.${name} must be one of ${ROLES.join(', ')}, not "${String(rules[name])}"`);
  }
  whole('lessonDeadlineDays', rules.lessonDeadlineDays, 1);
  rules.lessonRemindersDaysAfterClose.forEach((days, index) => {
    whole(`lessonRemindersDaysAfterClose[${index}]`, days, 1);
    if (wholeAtLeast(days, 1) && wholeAtLeast(rules.lessonDeadlineDays, 1) && days >= rules.lessonDeadlineDays) {
      problems.push(
        `rules.lessonRemindersDaysAfterClose[${index}] must come before the lesson deadline of ${rules.lessonDeadlineDays} days`,
      );
    }
  });
  return problems;
}

/** A new case, requested now, waiting for triage. `dealId` is the workflow id it runs under. */
export function createDealState(
  input: DealSupportInput,
  calendar: WorkingDays,
  now: Date,
  dealId = dealWorkflowId(input.request.account, input.request.opportunity.id),
): DealState {
  const { request } = input;
  const rules = resolveDealRules(input.rules);
  const at = now.toISOString();
  const responseDue = resolveOffset(today(now), rules.responseSla, calendar);
  const state: DealState = {
    dealId,
    account: request.account.trim(),
    region: request.region,
    opportunity: { ...request.opportunity, id: request.opportunity.id.trim() },
    dealStage: request.dealStage,
    competitors: request.competitors.map((competitor) => competitor.trim()),
    supportTypes: [...request.supportTypes],
    dueDate: request.dueDate,
    salesOwner: request.salesOwner,
    ...(request.note ? { note: request.note } : {}),
    ...profileField(request.profile),
    contacts: { ...input.contacts },
    ...(input.source ? { source: input.source } : {}),
    rules,
    calendar: input.calendar.key,
    // Templates (issue 20): only a case started on a pinned plan names its template version.
    ...(input.plan ? { template: { ...input.plan.template } } : {}),
    ...requestedStage(at, input.requestedBy),
    response: { dueDate: responseDue.date, dueApproximate: responseDue.approximate, overdue: false },
    supportItems: request.supportTypes.map((type) => ({ type, assignees: [], status: 'open', log: [] })),
    ...(request.supportTypes.includes('pricing-exception') ? { pricing: { status: 'pending' as const } } : {}),
    lessonDue: false,
    lessonMissing: false,
    timeline: [],
    eventCount: 0,
    firedAlarms: [],
    seq: 1,
  };
  const amount = `${request.opportunity.amount}${request.opportunity.currency ? ` ${request.opportunity.currency}` : ''}`;
  appendEvent(state, now, {
    type: 'deal.requested',
    actor: input.requestedBy,
    ...dealSays('deal.requested', {
      actor: input.requestedBy,
      label: dealNamed(state),
      region: request.region,
      amount,
      dealStage: request.dealStage,
      competitors: state.competitors.join(', '),
      supportTypes: request.supportTypes.join(', '),
      dueDate: request.dueDate,
      responseDue: responseDue.date,
    }),
    after: {
      stage: 'requested',
      supportTypes: state.supportTypes,
      dueDate: request.dueDate,
      responseDue: responseDue.date,
      rules,
    },
    notify: recipient(state, rules.triageRole),
  });
  return state;
}
