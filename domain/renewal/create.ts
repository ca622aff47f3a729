import { customerContactProblems, tidyContacts } from '../shared/customer-contacts';
import { profileField } from '../insights/case-profile';
import { renewalWorkflowId } from '../shared/lifecycle';
import { blank, isIsoDate, wholeAtLeast } from '../shared/input-checks';
import { ROLES } from '../shared/roles';
import { daysBetween } from '../shared/schedule';
import type { Text } from '../shared/text';
import {
  appendEvent,
  beginTerm,
  money,
  recipient,
  renewalNamed,
  resolveRenewalRules,
  STEP_OFFSET_RULE,
} from './transitions';
import { renewalSays, renewalText } from './text';
import { RENEWAL_STEP_KEYS, type RenewalFollowUpInput, type RenewalRules, type RenewalState } from './types';

/** The longest term Baton follows (ten years); anything longer is a typing mistake. */
export const MAX_TERM_DAYS = 3660;
const SOURCES = ['poc-trial', 'deal-support', 'delivery-handoff', 'api'];

/**
 * What is wrong with a renewal's start, each problem naming its field; empty when it can start.
 * The API checks shapes with zod first; this holds the rules the workflow itself relies on, since a
 * delivery handoff starts renewals without the API.
 */
export function renewalInputProblems(input: RenewalFollowUpInput): string[] {
  const { start } = input;
  const problems: string[] = [];
  if (!start || typeof start !== 'object') return ['start is required'];
  for (const field of ['account', 'region', 'contractId'] as const) {
    if (blank(start[field])) problems.push(`start.${field} is required`);
  }
  if (start.tier !== undefined && blank(start.tier)) problems.push('start.tier must not be blank when given');
  if (start.customerSuccessOwner !== undefined && blank(start.customerSuccessOwner))
    problems.push('start.customerSuccessOwner must not be blank when given');
  if (typeof start.value !== 'number' || !Number.isFinite(start.value) || start.value < 0)
    problems.push('start.value must be a number of at least 0');
  const datesValid = ['termStart', 'contractEnd'].every((field) => {
    const value = start[field as 'termStart' | 'contractEnd'];
    if (isIsoDate(value)) return true;
    problems.push(`start.${field} must be a YYYY-MM-DD date, not "${String(value)}"`);
    return false;
  });
  if (datesValid) {
    if (start.contractEnd < start.termStart)
      problems.push(`start.contractEnd ${start.contractEnd} is before start.termStart ${start.termStart}`);
    else if (daysBetween(start.termStart, start.contractEnd) > MAX_TERM_DAYS)
      problems.push(
        `start.contractEnd ${start.contractEnd} is more than ten years after start.termStart ${start.termStart}`,
      );
  }
  if (!SOURCES.includes(start.source?.playbook))
    problems.push(`start.source.playbook must be one of ${SOURCES.join(', ')}`);
  if (blank(start.calendar?.key) || typeof start.calendar?.definition !== 'object')
    problems.push('start.calendar must name a calendar and embed its definition');
  if (input.requestedBy !== undefined && blank(input.requestedBy))
    problems.push('requestedBy must not be blank when given');
  problems.push(...renewalRulesProblems(resolveRenewalRules(input.rules)));
  problems.push(...customerContactProblems(input.customerContacts));
  return problems;
}

/**
 * The step offsets must be positive whole days, each step due after the one before it (fewer days
 * before the contract end), the last call after the outcome; reminders whole business days, the
 * escalation at least one business day after the due date; the bands 1-100 with at-risk below watch.
 */
export function renewalRulesProblems(rules: RenewalRules): string[] {
  const problems: string[] = [];
  const whole = (name: string, value: unknown, min: number, max: number) => {
    const ok = wholeAtLeast(value, min) && (value as number) <= max;
    if (!ok) problems.push(`rules.${name} must be a whole number from ${min} to ${max}`);
    return ok;
  };
  const offsets = [...RENEWAL_STEP_KEYS.map((key) => STEP_OFFSET_RULE[key]), 'lastCallDaysBefore' as const];
  const valid = offsets.map((name) => whole(name, rules[name], 1, MAX_TERM_DAYS));
  if (valid.every(Boolean)) {
    for (let index = 1; index < offsets.length; index += 1) {
      const [earlier, later] = [offsets[index - 1]!, offsets[index]!];
      if ((rules[later] as number) >= (rules[earlier] as number)) {
        problems.push(
          `rules.${later} (${String(rules[later])}) must be fewer days than rules.${earlier} (${String(rules[earlier])}): each step comes after the one before`,
        );
      }
    }
  }
  if (!Array.isArray(rules.stepRemindersBefore))
    problems.push('rules.stepRemindersBefore must be a list of whole numbers');
  else rules.stepRemindersBefore.forEach((days, index) => whole(`stepRemindersBefore[${index}]`, days, 0, 60));
  whole('stepEscalationDaysAfter', rules.stepEscalationDaysAfter, 1, 60);
  if (
    whole('watchBelow', rules.watchBelow, 1, 100) &&
    whole('atRiskBelow', rules.atRiskBelow, 1, 100) &&
    rules.atRiskBelow > rules.watchBelow
  ) {
    problems.push(`rules.atRiskBelow (${rules.atRiskBelow}) must not be above rules.watchBelow (${rules.watchBelow})`);
  }
  for (const key of RENEWAL_STEP_KEYS) {
    if (!ROLES.includes(rules.stepOwners[key]))
      problems.push(
        `rules.stepOwners.${key} must be one of ${ROLES.join(', ')}, not "${String(rules.stepOwners[key])}"`,
      );
  }
  return problems;
}

/** Who a start came from, for the timeline. */
function origin(input: RenewalFollowUpInput): Text {
  const { source } = input.start;
  return source.playbook === 'api'
    ? renewalText('renewal.origin.api')
    : renewalText('renewal.origin.playbook', { playbook: source.playbook.replace('-', ' '), id: source.id });
}

/** A new renewal on its first term, planned from now. `renewalId` is the workflow id it runs under. */
export function createRenewalState(
  input: RenewalFollowUpInput,
  now: Date,
  renewalId = renewalWorkflowId(input.start.account, input.start.contractId),
): RenewalState {
  const { start } = input;
  const rules = resolveRenewalRules(input.rules);
  const at = now.toISOString();
  const startedBy = input.requestedBy?.trim() || 'baton';
  const first = { number: 1, termStart: start.termStart, contractEnd: start.contractEnd, value: start.value };
  const state: RenewalState = {
    renewalId,
    account: start.account.trim(),
    region: start.region,
    contractId: start.contractId.trim(),
    ...(start.currency ? { currency: start.currency } : {}),
    tier: start.tier?.trim() || 'standard',
    ...(start.customerSuccessOwner?.trim() ? { customerSuccessOwner: start.customerSuccessOwner.trim() } : {}),
    source: { ...start.source },
    ...profileField(start.profile),
    contacts: { ...input.contacts },
    rules,
    ...(input.plan ? { template: { ...input.plan.template } } : {}),
    calendar: start.calendar.key,
    startedAt: at,
    startedBy,
    stage: 'health_review',
    stageEnteredAt: at,
    term: {
      ...first,
      plannedAt: at,
      compressed: false,
      steps: [],
      negotiation: [],
      lastCall: false,
      lapsed: false,
      atRisk: false,
    },
    pastTerms: [],
    healthCheck: { round: 0, status: 'idle' },
    timeline: [],
    eventCount: 0,
    firedAlarms: [],
    seq: 1,
    // Customer portal (issue 16): only a renewal started with contacts carries the field.
    ...(input.customerContacts?.length ? { customerContacts: tidyContacts(input.customerContacts) } : {}),
  };
  appendEvent(state, now, {
    type: 'renewal.started',
    actor: startedBy,
    ...renewalSays('renewal.started', {
      label: renewalNamed(state),
      region: state.region,
      tier: state.tier,
      value: money(state, start.value),
      origin: origin(input),
      owner: state.customerSuccessOwner ?? renewalText('renewal.not-assigned-yet'),
    }),
    after: {
      region: state.region,
      tier: state.tier,
      value: start.value,
      customerSuccessOwner: state.customerSuccessOwner ?? null,
      source: state.source,
      rules,
    },
    notify: recipient(state, 'customer_success'),
  });
  beginTerm(state, first, now);
  return state;
}
