import { addCalendarDays } from '../shared/business-calendar';
import type { Role } from '../shared/roles';
import type { Said, Text } from '../shared/text';
import { renewalSays, renewalText } from './text';
import {
  RENEWAL_STEP_KEYS,
  RENEWAL_STEP_TITLES,
  type RenewalRules,
  type RenewalStage,
  type RenewalState,
  type RenewalStep,
  type RenewalStepKey,
  type RenewalTerm,
  type RenewalTimelineEvent,
} from './types';

/** How many events a renewal keeps in its own state; the read model keeps them all. */
export const RENEWAL_TIMELINE_KEPT_IN_STATE = 200;
/** Negotiation notes kept per term in the state (the timeline has every one). */
export const NEGOTIATION_NOTES_KEPT = 20;
/**
 * A health assessment completes the term's health review when it is made at most this many days
 * before the review is due: older figures are too stale for the renewal conversation.
 */
export const HEALTH_REVIEW_WINDOW_DAYS = 30;

export const DEFAULT_RENEWAL_RULES: RenewalRules = {
  healthReviewDaysBefore: 120,
  proposalDaysBefore: 90,
  negotiationDaysBefore: 60,
  outcomeDaysBefore: 30,
  lastCallDaysBefore: 7,
  stepRemindersBefore: [5, 1],
  stepEscalationDaysAfter: 3,
  watchBelow: 70,
  atRiskBelow: 50,
  stepOwners: {
    health_review: 'customer_success',
    proposal: 'customer_success',
    negotiation: 'customer_success',
    outcome: 'customer_success',
  },
};

/** The rule naming how many days before the contract end each step is due. */
export const STEP_OFFSET_RULE: Record<RenewalStepKey, keyof RenewalRules> = {
  health_review: 'healthReviewDaysBefore',
  proposal: 'proposalDaysBefore',
  negotiation: 'negotiationDaysBefore',
  outcome: 'outcomeDaysBefore',
};

export function resolveRenewalRules(rules: Partial<RenewalRules> = {}): RenewalRules {
  const defined = Object.fromEntries(
    Object.entries(rules).filter(([, value]) => value !== undefined),
  ) as Partial<RenewalRules>;
  return {
    ...DEFAULT_RENEWAL_RULES,
    ...defined,
    stepOwners: { ...DEFAULT_RENEWAL_RULES.stepOwners, ...defined.stepOwners },
  };
}

export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** How messages name a renewal: people know it by account and contract. */
/** The renewal as its texts name it (shared/text.ts), worded in each reader's language. */
export const renewalNamed = (
  state: Pick<RenewalState, 'account' | 'contractId'>,
  key: 'renewal.label' | 'renewal.label.capital' = 'renewal.label',
): Text => renewalText(key, { account: state.account, contractId: state.contractId });

export const money = (state: Pick<RenewalState, 'currency'>, value: number): string =>
  `${value}${state.currency ? ` ${state.currency}` : ''}`;

export function appendEvent(
  state: RenewalState,
  now: Date,
  event: Omit<RenewalTimelineEvent, 'n' | 'at' | 'term'>,
): RenewalTimelineEvent {
  state.eventCount += 1;
  const full: RenewalTimelineEvent = { n: state.eventCount, at: now.toISOString(), term: state.term.number, ...event };
  state.timeline.push(full);
  return full;
}

/** Drops the oldest events once they are safely in the read model. */
export function trimTimeline(state: RenewalState, projectedThrough: number): void {
  const excess = state.timeline.length - RENEWAL_TIMELINE_KEPT_IN_STATE;
  if (excess <= 0) return;
  const removable = state.timeline.slice(0, excess).filter((event) => event.n <= projectedThrough).length;
  state.timeline.splice(0, removable);
}

/** The person answering for a role on this renewal, for an event's `notify`. */
export function recipient(state: RenewalState, role: Role): { role: Role; person?: string } {
  const person =
    role === 'customer_success'
      ? state.customerSuccessOwner
      : role === 'ops_manager'
        ? state.contacts.opsManager
        : role === 'sales'
          ? state.contacts.sales
          : undefined;
  return person ? { role, person } : { role };
}

/** "ana (customer_success)", or the role alone when nobody is named. */
export const addressee = (who: { role: Role; person?: string }): string =>
  who.person ? `${who.person} (${who.role})` : who.role;

export const stepOf = (term: RenewalTerm, key: RenewalStepKey): RenewalStep =>
  term.steps.find((step) => step.key === key)!;

/** The open step due first, if any. */
export function nextOpenStep(term: RenewalTerm): RenewalStep | undefined {
  return term.steps.filter((step) => step.status === 'open').sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
}

/** The step a term is on: its first open step in order (the outcome stays open until decided). */
export function currentStage(state: RenewalState): RenewalStage {
  if (state.term.decision?.outcome === 'churned') return 'churned';
  return state.term.steps.find((step) => step.status === 'open')?.key ?? 'outcome';
}

/** Recomputes the stage after a change and records when it was entered. */
export function refreshStage(state: RenewalState, now: Date): void {
  const stage = currentStage(state);
  if (stage === state.stage) return;
  state.stage = stage;
  state.stageEnteredAt = now.toISOString();
}

/** Marks an open step done (a skipped or done one stays as it is). */
export function completeStep(
  state: RenewalState,
  key: RenewalStepKey,
  actor: string,
  now: Date,
  note: string,
): boolean {
  const step = stepOf(state.term, key);
  if (step.status !== 'open') return false;
  Object.assign(step, { status: 'done', doneAt: now.toISOString(), doneBy: actor, note });
  refreshStage(state, now);
  return true;
}

export interface PlannedTerm {
  steps: RenewalStep[];
  /** Steps whose usual due date had passed when the term was planned, and what became of each. */
  adjusted: { key: RenewalStepKey; usualDue: string; became: 'due-today' | 'due-at-contract-end' | 'skipped' }[];
}

/**
 * A term's dated steps, counted back from the contract end. A term whose contract end is already
 * close when its follow-up begins plans only what still makes sense: a health review that should have
 * happened is due today, a proposal or negotiation step whose date has passed is skipped (the
 * proposal and negotiation can still be recorded), and an outcome whose date has passed is due on the
 * contract end (or today, when the contract has already ended).
 */
export function planTerm(rules: RenewalRules, contractEnd: string, now: Date): PlannedTerm {
  const day = today(now);
  const at = now.toISOString();
  const adjusted: PlannedTerm['adjusted'] = [];
  const steps = RENEWAL_STEP_KEYS.map((key): RenewalStep => {
    const usualDue = addCalendarDays(contractEnd, -(rules[STEP_OFFSET_RULE[key]] as number));
    const step: RenewalStep = {
      key,
      title: RENEWAL_STEP_TITLES[key],
      ownerRole: rules.stepOwners[key],
      dueDate: usualDue,
      status: 'open',
      scheduledAt: at,
      overdue: false,
      escalated: false,
    };
    if (usualDue >= day) return step;
    if (key === 'health_review') {
      adjusted.push({ key, usualDue, became: 'due-today' });
      return { ...step, dueDate: day };
    }
    if (key === 'outcome') {
      adjusted.push({ key, usualDue, became: contractEnd >= day ? 'due-at-contract-end' : 'due-today' });
      return { ...step, dueDate: contractEnd >= day ? contractEnd : day };
    }
    adjusted.push({ key, usualDue, became: 'skipped' });
    return {
      ...step,
      status: 'skipped',
      note: `its date ${usualDue} had passed when follow-up of the term began on ${day}`,
    };
  });
  return { steps, adjusted };
}

/** What the timeline says about a plan. */
export function planSummary(state: RenewalState, planned: PlannedTerm): Said {
  const { term } = state;
  const dated = planned.steps
    .filter((step) => step.status === 'open')
    .map((step) => `${step.title.toLowerCase()} by ${step.dueDate}`)
    .join(', ');
  const facts = {
    term: term.number,
    label: renewalNamed(state),
    termStart: term.termStart,
    contractEnd: term.contractEnd,
    value: money(state, term.value),
    dated,
  };
  if (planned.adjusted.length === 0) return renewalSays('renewal.term-planned', facts);
  const what = planned.adjusted
    .map((adjustment) => {
      const title = RENEWAL_STEP_TITLES[adjustment.key].toLowerCase();
      if (adjustment.became === 'skipped') return `the ${title} (usually due ${adjustment.usualDue}) is skipped`;
      return `the ${title} (usually due ${adjustment.usualDue}) is due ${adjustment.became === 'due-today' ? 'today' : 'on the contract end'}`;
    })
    .join('; ');
  return renewalSays('renewal.term-planned.adjusted', { ...facts, adjusted: what });
}

/** Forgets alarm ids of other terms and dates, so the list stays small. */
export function pruneFiredAlarms(state: RenewalState): void {
  const prefix = `t${state.term.number}:`;
  const current = new Set([
    ...state.term.steps.map((step) => `${prefix}${step.key}@${step.dueDate}:`),
    `${prefix}contract-end@${state.term.contractEnd}:`,
  ]);
  state.firedAlarms = state.firedAlarms.filter((id) => [...current].some((start) => id.startsWith(start)));
}

/**
 * Makes `term` the current one and plans its steps from now: a new case's first term, or the next
 * term once the one before was decided. Its timeline event tells the customer-success owner when
 * the plan had to be shortened.
 */
export function beginTerm(
  state: RenewalState,
  term: Pick<RenewalTerm, 'number' | 'termStart' | 'contractEnd' | 'value'>,
  now: Date,
): void {
  const planned = planTerm(state.rules, term.contractEnd, now);
  state.term = {
    ...term,
    plannedAt: now.toISOString(),
    compressed: planned.adjusted.length > 0,
    steps: planned.steps,
    negotiation: [],
    lastCall: false,
    lapsed: false,
    atRisk: false,
  };
  state.firedAlarms = [];
  state.stage = currentStage(state);
  state.stageEnteredAt = now.toISOString();
  appendEvent(state, now, {
    type: 'renewal.term-planned',
    actor: 'baton',
    ...planSummary(state, planned),
    after: {
      term: term.number,
      termStart: term.termStart,
      contractEnd: term.contractEnd,
      value: term.value,
      steps: Object.fromEntries(
        planned.steps.map((step) => [step.key, step.status === 'open' ? step.dueDate : 'skipped']),
      ),
      ...(planned.adjusted.length > 0 ? { adjusted: planned.adjusted } : {}),
    },
    ...(planned.adjusted.length > 0 ? { notify: recipient(state, 'customer_success') } : {}),
  });
}
