import { addCalendarDays } from '../shared/business-calendar';
import { contactList, customerContactProblems, tidyContacts, type CustomerContact } from '../shared/customer-contacts';
import { blank, isIsoDate } from '../shared/input-checks';
import type { Said, Text } from '../shared/text';
import { renewalSays, renewalText } from './text';
import { daysBetween } from '../shared/schedule';
import { assessHealth, requestHealthCheck } from './assessment';
import { MAX_TERM_DAYS } from './create';
import type { HealthFigures } from './health';
import { healthFigureProblems, healthFigures } from './health-figures';
import {
  addressee,
  appendEvent,
  beginTerm,
  completeStep,
  money,
  NEGOTIATION_NOTES_KEPT,
  recipient,
  renewalNamed,
  stepOf,
} from './transitions';
import {
  CHURN_REASONS,
  RENEWAL_OUTCOMES,
  type ChurnReason,
  type RenewalOutcomeKind,
  type RenewalState,
  type RenewalTimelineEventType,
  type TermSummary,
} from './types';
import type { ActionEffort } from '../insights/effort';

/** What people do to a renewal. Each is a validated workflow Update: a rejected one changes nothing. */
export type RenewalAction =
  | { type: 'record-health'; figures: HealthFigures }
  | { type: 'request-health-check'; note?: string }
  | { type: 'send-proposal'; value: number; note?: string; link?: string }
  | { type: 'note-negotiation'; note: string; expectedValue?: number }
  | {
      type: 'decide';
      outcome: RenewalOutcomeKind;
      newValue?: number;
      nextContractEnd?: string;
      churnReason?: ChurnReason;
      note?: string;
    }
  | { type: 'assign'; customerSuccessOwner: string; note?: string }
  // Customer portal (issue 16): whom staff may invite; replaces the list.
  | { type: 'set-customer-contacts'; contacts: CustomerContact[] };

/** Besides the action: the role the actor acts in and the minutes they spent (ActionEffort, issue 21). */
export interface RenewalActionRequest extends ActionEffort {
  action: RenewalAction;
  /** The person acting, as authenticated by the API. */
  actor: string;
  /** The `seq` the caller last saw; the action is refused if the renewal has changed since. */
  expectedSeq?: number;
}

export type RenewalRejectionKind = 'invalid-transition' | 'stale-version' | 'invalid-value' | 'invalid-date';

export interface RenewalRejection {
  kind: RenewalRejectionKind;
  /** In English, as it has always been worded. */
  message: string;
  /** The same refusal as a catalog text (renewal/text.ts), which the API words in the caller's language. */
  text: Text;
}

const reject = (kind: RenewalRejectionKind, said: Said): RenewalRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});
const amount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e12;

/** The day after the current term ends: where the next term starts. */
const nextTermStart = (state: RenewalState) => addCalendarDays(state.term.contractEnd, 1);

/**
 * The next term's last day when none is given: as long as the current term, in whole months when
 * the term runs whole months (2026-01-01..2026-12-31 is followed by 2027-01-01..2027-12-31), else
 * in days.
 */
export function defaultNextContractEnd(termStart: string, contractEnd: string): string {
  const nextStart = addCalendarDays(contractEnd, 1);
  if (termStart.slice(8) === nextStart.slice(8)) {
    const months =
      (Number(nextStart.slice(0, 4)) - Number(termStart.slice(0, 4))) * 12 +
      Number(nextStart.slice(5, 7)) -
      Number(termStart.slice(5, 7));
    const total = Number(nextStart.slice(0, 4)) * 12 + Number(nextStart.slice(5, 7)) - 1 + months;
    const candidate = `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-${nextStart.slice(8)}`;
    if (isIsoDate(candidate)) return addCalendarDays(candidate, -1);
  }
  return addCalendarDays(nextStart, daysBetween(termStart, contractEnd));
}

function decisionRejection(
  state: RenewalState,
  action: Extract<RenewalAction, { type: 'decide' }>,
): RenewalRejection | undefined {
  const { value } = state.term;
  const current = money(state, value);
  if (!RENEWAL_OUTCOMES.includes(action.outcome))
    return reject(
      'invalid-value',
      renewalSays('renewal.refused.outcome', { allowed: RENEWAL_OUTCOMES.join(', '), outcome: String(action.outcome) }),
    );
  if (action.newValue !== undefined && !amount(action.newValue))
    return reject('invalid-value', renewalSays('renewal.refused.new-value'));
  switch (action.outcome) {
    case 'renewed':
      if (action.newValue !== undefined && action.newValue !== value) {
        return reject(
          'invalid-value',
          renewalSays('renewal.refused.renewal-keeps-value', {
            current,
            instead: action.newValue > value ? 'expanded' : 'downgraded',
            value: money(state, action.newValue),
          }),
        );
      }
      break;
    case 'expanded':
      if (action.newValue === undefined)
        return reject('invalid-value', renewalSays('renewal.refused.expansion-needs-value', { current }));
      if (action.newValue <= value)
        return reject(
          'invalid-value',
          renewalSays('renewal.refused.expansion-above', { current, value: money(state, action.newValue) }),
        );
      break;
    case 'downgraded':
      if (action.newValue === undefined)
        return reject('invalid-value', renewalSays('renewal.refused.downgrade-needs-value', { current }));
      if (action.newValue >= value || action.newValue <= 0) {
        return reject(
          'invalid-value',
          action.newValue <= 0
            ? renewalSays('renewal.refused.downgrade-to-nothing')
            : renewalSays('renewal.refused.downgrade-below', { current, value: money(state, action.newValue) }),
        );
      }
      break;
    case 'churned':
      if (!CHURN_REASONS.includes(action.churnReason as ChurnReason))
        return reject(
          'invalid-value',
          renewalSays('renewal.refused.churn-reason', { allowed: CHURN_REASONS.join(', ') }),
        );
      if (blank(action.note)) return reject('invalid-value', renewalSays('renewal.refused.churn-note'));
      if (action.newValue !== undefined || action.nextContractEnd !== undefined)
        return reject('invalid-value', renewalSays('renewal.refused.churn-no-next'));
      return undefined;
  }
  if (action.churnReason !== undefined)
    return reject('invalid-value', renewalSays('renewal.refused.churn-reason-only', { outcome: action.outcome }));
  if (action.nextContractEnd !== undefined) {
    const start = nextTermStart(state);
    if (!isIsoDate(action.nextContractEnd))
      return reject(
        'invalid-date',
        renewalSays('renewal.refused.next-end-date', { date: String(action.nextContractEnd) }),
      );
    if (action.nextContractEnd < start)
      return reject(
        'invalid-date',
        renewalSays('renewal.refused.next-end-before-start', { start, date: action.nextContractEnd }),
      );
    if (daysBetween(start, action.nextContractEnd) > MAX_TERM_DAYS)
      return reject(
        'invalid-date',
        renewalSays('renewal.refused.next-term-too-long', { start, date: action.nextContractEnd }),
      );
  }
  return undefined;
}

/** Why an action cannot be taken now, or undefined when it can. */
export function renewalActionRejection(
  state: RenewalState,
  request: RenewalActionRequest,
): RenewalRejection | undefined {
  const { action } = request;
  const label = renewalNamed(state);
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = renewalNamed(state, 'renewal.label.capital');
    return reject(
      'stale-version',
      renewalSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  if (state.stage === 'churned') return reject('invalid-transition', renewalSays('renewal.refused.churned', { label }));
  switch (action.type) {
    case 'record-health': {
      const problems = healthFigureProblems(action.figures);
      if (problems.length > 0)
        return reject(
          'invalid-value',
          renewalSays('renewal.refused.health-figures', {
            problems: problems.map((problem) => `${problem.path || 'figures'} ${problem.message}`).join('; '),
          }),
        );
      return undefined;
    }
    case 'request-health-check':
      if (state.healthCheck.status === 'requested') {
        return reject(
          'invalid-transition',
          renewalSays('renewal.refused.health-check-running', {
            label,
            at: String(state.healthCheck.requestedAt),
            by: String(state.healthCheck.requestedBy),
          }),
        );
      }
      return undefined;
    case 'send-proposal':
      if (!amount(action.value)) return reject('invalid-value', renewalSays('renewal.refused.proposal-value'));
      return undefined;
    case 'note-negotiation':
      if (!state.term.proposal)
        return reject('invalid-transition', renewalSays('renewal.refused.negotiation-first', { label }));
      if (blank(action.note)) return reject('invalid-value', renewalSays('renewal.refused.negotiation-note'));
      if (action.expectedValue !== undefined && !amount(action.expectedValue))
        return reject('invalid-value', renewalSays('renewal.refused.expected-value'));
      return undefined;
    case 'decide':
      return decisionRejection(state, action);
    case 'assign':
      if (blank(action.customerSuccessOwner))
        return reject('invalid-value', renewalSays('renewal.refused.assign-owner'));
      if (action.customerSuccessOwner.trim() === state.customerSuccessOwner)
        return reject(
          'invalid-transition',
          renewalSays('renewal.refused.already-owner', { owner: state.customerSuccessOwner, label }),
        );
      return undefined;
    case 'set-customer-contacts': {
      const problems = customerContactProblems(action.contacts, 'contacts');
      return problems.length > 0
        ? reject('invalid-value', renewalSays('renewal.refused.customer-contacts', { problems: problems.join('; ') }))
        : undefined;
    }
    default:
      return reject(
        'invalid-transition',
        renewalSays('renewal.refused.unknown-action', { action: String((action as { type?: unknown }).type) }),
      );
  }
}

const OUTCOME_EVENT: Record<RenewalOutcomeKind, RenewalTimelineEventType> = {
  renewed: 'renewal.renewed',
  expanded: 'renewal.expanded',
  downgraded: 'renewal.downgraded',
  churned: 'renewal.churned',
};

/** The compact record of the term just decided. */
function summaryOf(state: RenewalState): TermSummary {
  const { term } = state;
  const decision = term.decision!;
  return {
    number: term.number,
    termStart: term.termStart,
    contractEnd: term.contractEnd,
    value: term.value,
    outcome: decision.outcome,
    newValue: decision.newValue,
    ...(decision.churnReason ? { churnReason: decision.churnReason } : {}),
    ...(decision.note ? { note: decision.note } : {}),
    decidedAt: decision.at,
    decidedBy: decision.by,
    ...(term.health ? { healthScore: term.health.score, healthBand: term.health.band } : {}),
    atRisk: term.atRisk,
    overdueSteps: term.steps.filter((step) => step.overdue).map((step) => step.key),
  };
}

/**
 * Records the term's outcome. A churn ends the renewal; any other outcome keeps a summary of the
 * term and plans the next one at once (it starts the day after this one ends), and the workflow
 * continues as new with it.
 */
function decide(
  state: RenewalState,
  action: Extract<RenewalAction, { type: 'decide' }>,
  actor: string,
  now: Date,
): void {
  const { term } = state;
  const label = renewalNamed(state);
  const newValue = action.outcome === 'churned' ? 0 : (action.newValue ?? term.value);
  term.decision = {
    outcome: action.outcome,
    at: now.toISOString(),
    by: actor,
    newValue,
    ...(action.churnReason ? { churnReason: action.churnReason } : {}),
    ...(action.note?.trim() ? { note: action.note.trim() } : {}),
  };
  const outcomeStep = stepOf(term, 'outcome');
  const wasOpen = outcomeStep.status === 'open';
  Object.assign(outcomeStep, { status: 'done', doneAt: now.toISOString(), doneBy: actor, note: action.outcome });
  for (const step of term.steps)
    if (step.status === 'open')
      Object.assign(step, { status: 'skipped', note: `the renewal was decided (${action.outcome}) first` });
  const summary = summaryOf(state);
  state.pastTerms.push(summary);
  const before = { stage: state.stage, term: term.number, value: term.value, outcomeStepWasOpen: wasOpen };
  const note = term.decision.note;
  if (action.outcome === 'churned') {
    state.stage = 'churned';
    state.stageEnteredAt = now.toISOString();
    state.endedAt = now.toISOString();
    appendEvent(state, now, {
      type: 'renewal.churned',
      actor,
      stepKey: 'outcome',
      ...renewalSays('renewal.churned', {
        actor,
        account: state.account,
        contractId: state.contractId,
        contractEnd: term.contractEnd,
        reason: String(action.churnReason),
        note,
        value: money(state, term.value),
      }),
      before,
      after: { stage: 'churned', outcome: 'churned', churnReason: action.churnReason, lostValue: term.value },
      notify: recipient(state, 'ops_manager'),
    });
    return;
  }
  const next = {
    number: term.number + 1,
    termStart: nextTermStart(state),
    contractEnd: action.nextContractEnd ?? defaultNextContractEnd(term.termStart, term.contractEnd),
    value: newValue,
  };
  const change =
    action.outcome === 'renewed'
      ? renewalText('renewal.change.at', { value: money(state, newValue) })
      : renewalText('renewal.change.from-to', { from: money(state, term.value), to: money(state, newValue) });
  appendEvent(state, now, {
    type: OUTCOME_EVENT[action.outcome],
    actor,
    stepKey: 'outcome',
    ...renewalSays('renewal.decided', {
      actor,
      label,
      outcome: action.outcome,
      change,
      note,
      next: next.number,
      termStart: next.termStart,
      contractEnd: next.contractEnd,
    }),
    before,
    after: { outcome: action.outcome, newValue, nextTerm: next },
    notify: recipient(state, 'ops_manager'),
  });
  beginTerm(state, next, now);
}

/** Applies an action that `renewalActionRejection` accepted. */
export function applyRenewalAction(state: RenewalState, request: RenewalActionRequest, now: Date): void {
  const { action, actor } = request;
  const { term } = state;
  const label = renewalNamed(state);
  switch (action.type) {
    case 'record-health':
      assessHealth(state, healthFigures(action.figures), 'posted', actor, now);
      break;
    case 'request-health-check':
      requestHealthCheck(state, actor, now, action.note?.trim() || 'on demand');
      break;
    case 'send-proposal': {
      const before = { proposal: term.proposal?.value ?? null };
      term.proposal = {
        value: action.value,
        at: now.toISOString(),
        by: actor,
        ...(action.note?.trim() ? { note: action.note.trim() } : {}),
        ...(action.link ? { link: action.link } : {}),
      };
      const done = completeStep(state, 'proposal', actor, now, `proposed ${money(state, action.value)}`);
      const revised = before.proposal !== null;
      appendEvent(state, now, {
        type: 'renewal.proposal-sent',
        actor,
        stepKey: 'proposal',
        ...renewalSays(
          revised ? 'renewal.proposal-revised' : done ? 'renewal.proposal-sent' : 'renewal.proposal-sent.late',
          {
            actor,
            label,
            value: money(state, action.value),
            current: money(state, term.value),
            note: action.note,
          },
        ),
        before,
        after: { proposal: action.value, ...(action.link ? { link: action.link } : {}) },
      });
      break;
    }
    case 'note-negotiation': {
      term.negotiation.push({
        at: now.toISOString(),
        by: actor,
        note: action.note.trim(),
        ...(action.expectedValue !== undefined ? { expectedValue: action.expectedValue } : {}),
      });
      term.negotiation.splice(0, Math.max(0, term.negotiation.length - NEGOTIATION_NOTES_KEPT));
      completeStep(state, 'negotiation', actor, now, 'negotiation under way');
      appendEvent(state, now, {
        type: 'renewal.negotiation-noted',
        actor,
        stepKey: 'negotiation',
        ...renewalSays('renewal.negotiation-noted', {
          actor,
          label,
          note: action.note.trim(),
          expected: action.expectedValue !== undefined ? money(state, action.expectedValue) : undefined,
        }),
        after: {
          notes: term.negotiation.length,
          ...(action.expectedValue !== undefined ? { expectedValue: action.expectedValue } : {}),
        },
      });
      break;
    }
    case 'decide':
      decide(state, action, actor, now);
      break;
    case 'assign': {
      const before = { customerSuccessOwner: state.customerSuccessOwner ?? null };
      state.customerSuccessOwner = action.customerSuccessOwner.trim();
      const who = recipient(state, 'customer_success');
      appendEvent(state, now, {
        type: 'renewal.assigned',
        actor,
        ...renewalSays('renewal.assigned', { actor, who: addressee(who), label, note: action.note }),
        before,
        after: { customerSuccessOwner: state.customerSuccessOwner },
        notify: who,
      });
      break;
    }
    case 'set-customer-contacts': {
      const before = { customerContacts: state.customerContacts ?? [] };
      state.customerContacts = tidyContacts(action.contacts);
      appendEvent(state, now, {
        type: 'renewal.customer-contacts-set',
        actor,
        ...renewalSays('renewal.customer-contacts-set', {
          actor,
          label,
          contacts: contactList(state.customerContacts),
        }),
        before,
        after: { customerContacts: state.customerContacts },
      });
      break;
    }
  }
  state.seq += 1;
}
