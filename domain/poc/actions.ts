import { addCalendarDays } from '../shared/business-calendar';
import { blank } from '../shared/input-checks';
import type { Text } from '../shared/text';
import type { PinnedCalendar } from '../shared/business-calendar';
import { contactList, customerContactProblems, tidyContacts, type CustomerContact } from '../shared/customer-contacts';
import { nextStepProblem, nextStepRequest, type ConvertNextStep } from './next-step';
import { approveAndProvision, beginProvisioning } from './provisioning';
import {
  appendEvent,
  criteriaOpenNearEnd,
  enterStage,
  isFinal,
  pruneFiredAlarms,
  recipient,
  riskSnapshot,
  setEndDate,
  setRisk,
  today,
  trialText,
} from './transitions';
import { pocSays } from './text';
import {
  LOSS_REASONS,
  NEXT_STEPS,
  type CheckInHealth,
  type LossReason,
  type PocOutcome,
  type PocStage,
  type PocState,
} from './types';
import type { ActionEffort } from '../insights/effort';

/** What people do to a trial. Each is a validated workflow Update: a rejected one changes nothing. */
export type PocAction =
  | { type: 'approve'; note?: string }
  | { type: 'reject'; reason: string }
  | { type: 'retry-provisioning'; note?: string }
  | { type: 'mark-provisioned'; environmentUrl?: string; note?: string }
  | { type: 'kickoff'; note?: string }
  | { type: 'check-in'; summary: string; health: CheckInHealth }
  | { type: 'mark-criterion'; criterionKey: string; status: 'met' | 'unmet'; evidence: string }
  | { type: 'request-extension'; days: number; reason: string }
  | { type: 'approve-extension'; note?: string }
  | { type: 'reject-extension'; reason: string }
  | ({ type: 'convert'; note?: string } & ConvertNextStep)
  | { type: 'lose'; reason: LossReason; note?: string }
  | { type: 'withdraw'; reason: string }
  // Customer portal (issue 16): whom staff may invite; replaces the list.
  | { type: 'set-customer-contacts'; contacts: CustomerContact[] };

/** Besides the action: the role the actor acts in and the minutes they spent (ActionEffort, issue 21). */
export interface PocActionRequest extends ActionEffort {
  action: PocAction;
  /** The person acting, as authenticated by the API. */
  actor: string;
  /** The `seq` the caller last saw; the action is refused if the trial has changed since. */
  expectedSeq?: number;
}

export type PocRejectionKind =
  'invalid-transition' | 'stale-version' | 'unknown-item' | 'invalid-date' | 'limit-reached' | 'evidence-required';

export interface PocRejection {
  kind: PocRejectionKind;
  /** In English, as it has always been worded. */
  message: string;
  /** The same refusal as a catalog text (poc/text.ts), which the API words in the caller's language. */
  text: Text;
}

/** What an action needs from outside the state: the clock. */
export interface PocActionContext {
  now: Date;
  /** Present when the workflow starts the next playbook (trials started before that feature do not). */
  lifecycle?: { calendar: PinnedCalendar };
}

const reject = (kind: PocRejectionKind, said: { summary: string; message: Text }): PocRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});
const stageName = (stage: PocStage) => stage.replace('_', ' ');

/** Where each action may be taken. Withdrawal and the customer contacts work from any stage that is not final. */
const ALLOWED_IN: Record<Exclude<PocAction['type'], 'withdraw' | 'set-customer-contacts'>, readonly PocStage[]> = {
  approve: ['requested'],
  reject: ['requested'],
  'retry-provisioning': ['provisioning_failed'],
  'mark-provisioned': ['provisioning', 'provisioning_failed'],
  kickoff: ['ready'],
  'check-in': ['active'],
  'mark-criterion': ['active'],
  'request-extension': ['active'],
  'approve-extension': ['active'],
  'reject-extension': ['active'],
  convert: ['active'],
  // A customer can walk away before the kickoff too; the reason still counts for product work.
  lose: ['provisioning', 'provisioning_failed', 'ready', 'active'],
};

export const pendingExtension = (state: PocState) =>
  state.extensions.find((extension) => extension.status === 'pending');
const granted = (state: PocState) => state.extensions.filter((extension) => extension.status === 'approved');
export const extensionDaysGranted = (state: PocState) =>
  granted(state).reduce((sum, extension) => sum + extension.days, 0);

/** Why an action cannot be taken now, or undefined when it can. */
export function pocActionRejection(
  state: PocState,
  request: PocActionRequest,
  context: PocActionContext,
): PocRejection | undefined {
  const { action, actor } = request;
  const label = trialText(state);
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = trialText(state, 'poc.label.capital');
    return reject(
      'stale-version',
      pocSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  if (isFinal(state.stage))
    return reject('invalid-transition', pocSays('refused.final', { label, stage: state.stage }));
  if (action.type !== 'withdraw' && action.type !== 'set-customer-contacts') {
    const allowed = ALLOWED_IN[action.type];
    if (!allowed.includes(state.stage)) {
      return reject(
        'invalid-transition',
        pocSays('refused.wrong-stage', {
          label,
          stage: stageName(state.stage),
          action: action.type,
          allowed: allowed.map(stageName).join(' or '),
        }),
      );
    }
  }
  switch (action.type) {
    case 'approve':
      // Four eyes: whoever asked for the trial does not approve it.
      if (actor === state.requestedBy || actor === state.salesOwner)
        return reject('invalid-transition', pocSays('poc.refused.four-eyes', { actor, label }));
      return undefined;
    case 'reject':
      return blank(action.reason) ? reject('invalid-transition', pocSays('poc.refused.rejection-reason')) : undefined;
    case 'retry-provisioning':
    case 'kickoff':
      return undefined;
    case 'mark-provisioned':
      if (state.stage === 'provisioning' && !state.provisioning.byHand) {
        return reject('invalid-transition', pocSays('poc.refused.provisioner-ordering', { label }));
      }
      if (blank(action.environmentUrl) && blank(action.note)) {
        return reject('evidence-required', pocSays('poc.refused.provisioned-evidence'));
      }
      if (action.environmentUrl !== undefined && !/^https?:\/\/\S+$/.test(action.environmentUrl)) {
        return reject('evidence-required', pocSays('poc.refused.environment-url', { url: action.environmentUrl }));
      }
      return undefined;
    case 'check-in':
      if (blank(action.summary)) return reject('invalid-transition', pocSays('poc.refused.check-in-summary'));
      if (!['green', 'amber', 'red'].includes(action.health))
        return reject('invalid-transition', pocSays('poc.refused.health', { health: String(action.health) }));
      return undefined;
    case 'mark-criterion': {
      const criterion = state.criteria.find((candidate) => candidate.key === action.criterionKey);
      if (!criterion) {
        return reject(
          'unknown-item',
          pocSays('poc.refused.unknown-criterion', {
            label,
            criterion: action.criterionKey,
            criteria: state.criteria.map((c) => c.key).join(', '),
          }),
        );
      }
      if (action.status !== 'met' && action.status !== 'unmet')
        return reject('invalid-transition', pocSays('poc.refused.criterion-status', { status: String(action.status) }));
      if (blank(action.evidence))
        return reject(
          'evidence-required',
          pocSays('poc.refused.criterion-evidence', {
            criterion: criterion.key,
            status: action.status,
            measuredBy: criterion.measuredBy,
          }),
        );
      return undefined;
    }
    case 'request-extension':
      return extensionRejection(state, action);
    case 'approve-extension':
    case 'reject-extension': {
      const pending = pendingExtension(state);
      if (!pending) return reject('invalid-transition', pocSays('poc.refused.no-pending-extension', { label }));
      if (actor === pending.requestedBy)
        return reject('invalid-transition', pocSays('poc.refused.own-extension', { actor }));
      if (action.type === 'reject-extension' && blank(action.reason))
        return reject('invalid-transition', pocSays('poc.refused.extension-rejection-reason'));
      return undefined;
    }
    case 'convert': {
      if (action.nextStep != null && !NEXT_STEPS.includes(action.nextStep)) {
        return reject(
          'invalid-transition',
          pocSays('poc.refused.next-step', { allowed: NEXT_STEPS.join(' or '), nextStep: String(action.nextStep) }),
        );
      }
      const problem =
        context.lifecycle && nextStepProblem(state, action, actor, context.lifecycle.calendar, context.now);
      return problem ? { kind: problem.kind, message: problem.message, text: problem.text } : undefined;
    }
    case 'lose':
      if (!LOSS_REASONS.includes(action.reason))
        return reject(
          'invalid-transition',
          pocSays('poc.refused.loss-reason', { allowed: LOSS_REASONS.join(', '), reason: String(action.reason) }),
        );
      if (action.reason === 'other' && blank(action.note))
        return reject('invalid-transition', pocSays('poc.refused.loss-note'));
      return undefined;
    case 'withdraw':
      return blank(action.reason) ? reject('invalid-transition', pocSays('poc.refused.withdraw-reason')) : undefined;
    case 'set-customer-contacts': {
      const problems = customerContactProblems(action.contacts, 'contacts');
      return problems.length > 0
        ? reject('evidence-required', pocSays('poc.refused.customer-contacts', { problems: problems.join('; ') }))
        : undefined;
    }
  }
}

export function extensionRejection(
  state: PocState,
  action: Extract<PocAction, { type: 'request-extension' }>,
): PocRejection | undefined {
  const label = trialText(state);
  const { maxExtensions, maxExtensionDays } = state.rules;
  if (!Number.isInteger(action.days) || action.days < 1)
    return reject('invalid-date', pocSays('poc.refused.extension-days', { days: String(action.days) }));
  if (blank(action.reason)) return reject('invalid-transition', pocSays('poc.refused.extension-reason'));
  const pending = pendingExtension(state);
  if (pending)
    return reject('invalid-transition', pocSays('poc.refused.extension-pending', { label, days: pending.days }));
  const count = granted(state).length;
  if (count >= maxExtensions) {
    return reject(
      'limit-reached',
      pocSays(count === 1 ? 'poc.refused.extension-count.one' : 'poc.refused.extension-count', {
        label,
        count,
        max: maxExtensions,
      }),
    );
  }
  const used = extensionDaysGranted(state);
  if (used + action.days > maxExtensionDays) {
    return reject(
      'limit-reached',
      pocSays('poc.refused.extension-total', {
        days: action.days,
        label,
        total: used + action.days,
        max: maxExtensionDays,
        left: maxExtensionDays - used,
      }),
    );
  }
  return undefined;
}

/** Applies an action that `pocActionRejection` accepted. */
export function applyPocAction(state: PocState, request: PocActionRequest, context: PocActionContext): void {
  const { action, actor } = request;
  const { now } = context;
  const at = now.toISOString();
  const label = trialText(state);
  const event = (fields: Parameters<typeof appendEvent>[2]) => appendEvent(state, now, fields);
  const finish = (outcome: Omit<PocOutcome, 'at' | 'by'>) => {
    state.outcome = { ...outcome, at, by: actor };
    enterStage(state, outcome.stage, actor, now);
  };

  switch (action.type) {
    case 'approve':
      approveAndProvision(state, actor, now);
      break;
    case 'reject':
      state.approval.decidedBy = actor;
      state.approval.decidedAt = at;
      state.approval.rejectionReason = action.reason;
      finish({ stage: 'rejected', reason: action.reason });
      event({
        type: 'poc.rejected',
        actor,
        ...pocSays('poc.rejected', { actor, label, reason: action.reason }),
        before: { stage: 'requested' },
        after: { stage: 'rejected', reason: action.reason },
        notify: recipient(state, 'sales'),
      });
      break;
    case 'retry-provisioning':
      beginProvisioning(state, actor, now);
      break;
    case 'mark-provisioned': {
      const environment = {
        ...(action.environmentUrl ? { url: action.environmentUrl } : {}),
        reference: 'manual',
        manual: true,
        by: actor,
        at,
        ...(action.note ? { note: action.note } : {}),
      };
      const before = { stage: state.stage, lastError: state.provisioning.lastError };
      state.provisioning.environment = environment;
      enterStage(state, 'ready', actor, now);
      event({
        type: 'provisioning.manual',
        actor,
        ...pocSays('poc.provisioning.manual', { actor, label, url: action.environmentUrl, note: action.note }),
        before,
        after: { stage: 'ready', environment },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'kickoff': {
      // The trial runs its full duration from the day it actually starts.
      const before = { stage: state.stage, endDate: state.endDate };
      state.kickoffAt = at;
      state.kickoffBy = actor;
      enterStage(state, 'active', actor, now);
      state.nextCheckInDue = addCalendarDays(today(now), state.rules.checkInEveryDays);
      state.checkInScheduledAt = at;
      setEndDate(state, addCalendarDays(today(now), state.durationDays), now);
      event({
        type: 'poc.kicked-off',
        actor,
        ...pocSays('poc.kicked-off', {
          actor,
          label,
          note: action.note,
          endDate: state.endDate,
          checkInDue: state.nextCheckInDue,
        }),
        before,
        after: { stage: 'active', endDate: state.endDate, nextCheckInDue: state.nextCheckInDue },
      });
      break;
    }
    case 'check-in': {
      const before = { nextCheckInDue: state.nextCheckInDue, ...riskSnapshot(state) };
      state.checkIns.push({ at, by: actor, summary: action.summary, health: action.health });
      state.nextCheckInDue = addCalendarDays(today(now), state.rules.checkInEveryDays);
      state.checkInScheduledAt = at;
      pruneFiredAlarms(state);
      setRisk(state, 'missed-check-in', false);
      setRisk(state, 'red-health', action.health === 'red');
      event({
        type: 'poc.checked-in',
        actor,
        ...pocSays('poc.checked-in', { actor, label, health: action.health, summary: action.summary }),
        before,
        after: { health: action.health, nextCheckInDue: state.nextCheckInDue, ...riskSnapshot(state) },
        // A red check-in is a risk regional ops should hear about now, not at the next review.
        ...(action.health === 'red' ? { notify: recipient(state, 'regional_ops') } : {}),
      });
      break;
    }
    case 'mark-criterion': {
      const criterion = state.criteria.find((candidate) => candidate.key === action.criterionKey)!;
      const before = { status: criterion.status, evidence: criterion.evidence, ...riskSnapshot(state) };
      criterion.status = action.status;
      criterion.evidence = action.evidence;
      criterion.markedBy = actor;
      criterion.markedAt = at;
      setRisk(state, 'criteria-open-near-end', criteriaOpenNearEnd(state, now));
      event({
        type: 'poc.criterion-marked',
        actor,
        criterionKey: criterion.key,
        ...pocSays('poc.criterion-marked', {
          actor,
          criterion: criterion.description,
          status: action.status,
          evidence: action.evidence,
        }),
        before,
        after: { status: criterion.status, evidence: criterion.evidence, ...riskSnapshot(state) },
      });
      break;
    }
    case 'request-extension':
      state.extensions.push({
        days: action.days,
        reason: action.reason,
        requestedBy: actor,
        requestedAt: at,
        status: 'pending',
      });
      event({
        type: 'poc.extension-requested',
        actor,
        ...pocSays('poc.extension-requested', {
          actor,
          label,
          days: action.days,
          endDate: addCalendarDays(state.endDate, action.days),
          reason: action.reason,
        }),
        after: { days: action.days, reason: action.reason, endDate: state.endDate },
        notify: recipient(state, 'regional_ops'),
      });
      break;
    case 'approve-extension': {
      const extension = pendingExtension(state)!;
      const before = { endDate: state.endDate, expiresOn: state.expiresOn, ...riskSnapshot(state) };
      Object.assign(extension, {
        status: 'approved',
        decidedBy: actor,
        decidedAt: at,
        ...(action.note ? { decisionReason: action.note } : {}),
      });
      setEndDate(state, addCalendarDays(state.endDate, extension.days), now);
      setRisk(state, 'criteria-open-near-end', criteriaOpenNearEnd(state, now));
      event({
        type: 'poc.extension-approved',
        actor,
        ...pocSays('poc.extension-approved', { actor, label, days: extension.days, endDate: state.endDate }),
        before,
        after: { endDate: state.endDate, expiresOn: state.expiresOn, days: extension.days, ...riskSnapshot(state) },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'reject-extension': {
      const extension = pendingExtension(state)!;
      Object.assign(extension, { status: 'rejected', decidedBy: actor, decidedAt: at, decisionReason: action.reason });
      event({
        type: 'poc.extension-rejected',
        actor,
        ...pocSays('poc.extension-rejected', {
          actor,
          label,
          days: extension.days,
          reason: action.reason,
          endDate: state.endDate,
        }),
        after: { days: extension.days, reason: action.reason, endDate: state.endDate },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'convert': {
      const met = state.criteria.filter((criterion) => criterion.status === 'met').map((criterion) => criterion.key);
      finish({ stage: 'converted', nextStep: action.nextStep ?? null, ...(action.note ? { note: action.note } : {}) });
      if (context.lifecycle) state.pendingNext = nextStepRequest(state, action, actor, context.lifecycle.calendar);
      event({
        type: 'poc.converted',
        actor,
        ...pocSays('poc.converted', { actor, label, nextStep: action.nextStep ?? undefined, note: action.note }),
        before: { stage: 'active' },
        after: {
          stage: 'converted',
          nextStep: action.nextStep ?? null,
          criteriaMet: met,
          criteriaTotal: state.criteria.length,
        },
        notify: recipient(state, 'regional_ops'),
      });
      break;
    }
    case 'lose': {
      const before = { stage: state.stage };
      finish({ stage: 'lost', lossReason: action.reason, ...(action.note ? { note: action.note } : {}) });
      event({
        type: 'poc.lost',
        actor,
        ...pocSays('poc.lost', { actor, label, reason: action.reason, note: action.note }),
        before,
        after: {
          stage: 'lost',
          lossReason: action.reason,
          note: action.note,
          criteria: state.criteria.map(({ key, status }) => ({ key, status })),
        },
        notify: recipient(state, 'regional_ops'),
      });
      break;
    }
    case 'withdraw': {
      const before = { stage: state.stage };
      finish({ stage: 'cancelled', reason: action.reason });
      event({
        type: 'poc.withdrawn',
        actor,
        ...pocSays('poc.withdrawn', { actor, label, reason: action.reason }),
        before,
        after: { stage: 'cancelled', reason: action.reason },
        notify: recipient(state, 'regional_ops'),
      });
      break;
    }
    case 'set-customer-contacts': {
      const before = { customerContacts: state.customerContacts ?? [] };
      state.customerContacts = tidyContacts(action.contacts);
      event({
        type: 'poc.customer-contacts-set',
        actor,
        ...pocSays('poc.customer-contacts-set', { actor, label, contacts: contactList(state.customerContacts) }),
        before,
        after: { customerContacts: state.customerContacts },
      });
      break;
    }
  }
  state.seq += 1;
}
