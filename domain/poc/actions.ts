import { addCalendarDays } from '../shared/business-calendar';
import { blank, staleVersion, wrongStage } from '../shared/input-checks';
import type { PinnedCalendar } from '../shared/business-calendar';
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
  trialLabel,
} from './transitions';
import {
  LOSS_REASONS,
  NEXT_STEPS,
  type CheckInHealth,
  type LossReason,
  type PocOutcome,
  type PocStage,
  type PocState,
} from './types';

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
  | { type: 'withdraw'; reason: string };

export interface PocActionRequest {
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
  message: string;
}

/** What an action needs from outside the state: the clock. */
export interface PocActionContext {
  now: Date;
  /** Present when the workflow starts the next playbook (trials started before that feature do not). */
  lifecycle?: { calendar: PinnedCalendar };
}

const reject = (kind: PocRejectionKind, message: string): PocRejection => ({ kind, message });
const stageName = (stage: PocStage) => stage.replace('_', ' ');

/** Where each action may be taken. Withdrawal works from any stage that is not final. */
const ALLOWED_IN: Record<Exclude<PocAction['type'], 'withdraw'>, readonly PocStage[]> = {
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
  const label = trialLabel(state);
  const stale = staleVersion(`The ${label}`, state.seq, request.expectedSeq);
  if (stale) return reject('stale-version', stale);
  if (isFinal(state.stage))
    return reject('invalid-transition', `The ${label} is ${state.stage} and takes no more actions`);
  if (action.type !== 'withdraw') {
    const allowed = ALLOWED_IN[action.type];
    if (!allowed.includes(state.stage)) {
      return reject(
        'invalid-transition',
        wrongStage(label, stageName(state.stage), action.type, allowed.map(stageName), false),
      );
    }
  }
  switch (action.type) {
    case 'approve':
      // Four eyes: whoever asked for the trial does not approve it.
      if (actor === state.requestedBy || actor === state.salesOwner)
        return reject('invalid-transition', `${actor} asked for the ${label} and cannot approve it too`);
      return undefined;
    case 'reject':
      return blank(action.reason) ? reject('invalid-transition', 'A rejection needs its reason') : undefined;
    case 'retry-provisioning':
    case 'kickoff':
      return undefined;
    case 'mark-provisioned':
      if (state.stage === 'provisioning' && !state.provisioning.byHand) {
        return reject(
          'invalid-transition',
          `Baton is ordering the environment for the ${label} from the provisioner; mark it provisioned by hand only if that fails`,
        );
      }
      if (blank(action.environmentUrl) && blank(action.note)) {
        return reject(
          'evidence-required',
          'Marking the environment provisioned needs its URL, or a note saying where it is',
        );
      }
      if (action.environmentUrl !== undefined && !/^https?:\/\/\S+$/.test(action.environmentUrl)) {
        return reject(
          'evidence-required',
          `The environment URL must be an http:// or https:// URL, not "${action.environmentUrl}"`,
        );
      }
      return undefined;
    case 'check-in':
      if (blank(action.summary)) return reject('invalid-transition', 'A check-in needs a summary');
      if (!['green', 'amber', 'red'].includes(action.health))
        return reject('invalid-transition', `Health must be green, amber or red, not "${String(action.health)}"`);
      return undefined;
    case 'mark-criterion': {
      const criterion = state.criteria.find((candidate) => candidate.key === action.criterionKey);
      if (!criterion) {
        return reject(
          'unknown-item',
          `The ${label} has no success criterion "${action.criterionKey}" (it has ${state.criteria.map((c) => c.key).join(', ')})`,
        );
      }
      if (action.status !== 'met' && action.status !== 'unmet')
        return reject('invalid-transition', `A criterion is marked met or unmet, not "${String(action.status)}"`);
      if (blank(action.evidence))
        return reject(
          'evidence-required',
          `Marking "${criterion.key}" ${action.status} needs evidence (${criterion.measuredBy})`,
        );
      return undefined;
    }
    case 'request-extension':
      return extensionRejection(state, action);
    case 'approve-extension':
    case 'reject-extension': {
      const pending = pendingExtension(state);
      if (!pending) return reject('invalid-transition', `The ${label} has no extension waiting for a decision`);
      if (actor === pending.requestedBy)
        return reject('invalid-transition', `${actor} requested this extension and cannot decide it too`);
      if (action.type === 'reject-extension' && blank(action.reason))
        return reject('invalid-transition', 'Rejecting an extension needs a reason');
      return undefined;
    }
    case 'convert': {
      if (action.nextStep != null && !NEXT_STEPS.includes(action.nextStep)) {
        return reject(
          'invalid-transition',
          `The next step must be ${NEXT_STEPS.join(' or ')} (or none), not "${String(action.nextStep)}"`,
        );
      }
      const problem =
        context.lifecycle && nextStepProblem(state, action, actor, context.lifecycle.calendar, context.now);
      return problem ? reject(problem.kind, problem.message) : undefined;
    }
    case 'lose':
      if (!LOSS_REASONS.includes(action.reason))
        return reject(
          'invalid-transition',
          `The loss reason must be one of ${LOSS_REASONS.join(', ')}, not "${String(action.reason)}"`,
        );
      if (action.reason === 'other' && blank(action.note))
        return reject('invalid-transition', 'A loss for reason "other" needs a note saying what it was');
      return undefined;
    case 'withdraw':
      return blank(action.reason) ? reject('invalid-transition', 'Withdrawing a trial needs a reason') : undefined;
  }
}

function extensionRejection(
  state: PocState,
  action: Extract<PocAction, { type: 'request-extension' }>,
): PocRejection | undefined {
  const label = trialLabel(state);
  const { maxExtensions, maxExtensionDays } = state.rules;
  if (!Number.isInteger(action.days) || action.days < 1)
    return reject('invalid-date', `An extension is a whole number of days, at least 1, not ${action.days}`);
  if (blank(action.reason)) return reject('invalid-transition', 'An extension needs a reason');
  const pending = pendingExtension(state);
  if (pending)
    return reject(
      'invalid-transition',
      `The ${label} already has an extension of ${pending.days} days waiting for a decision`,
    );
  const count = granted(state).length;
  if (count >= maxExtensions) {
    return reject(
      'limit-reached',
      `The ${label} already had ${count} extension${count === 1 ? '' : 's'}; the limit is ${maxExtensions}`,
    );
  }
  const used = extensionDaysGranted(state);
  if (used + action.days > maxExtensionDays) {
    return reject(
      'limit-reached',
      `An extension of ${action.days} days would bring the ${label} to ${used + action.days} extension days; the limit is ${maxExtensionDays} (${maxExtensionDays - used} left)`,
    );
  }
  return undefined;
}

/** Applies an action that `pocActionRejection` accepted. */
export function applyPocAction(state: PocState, request: PocActionRequest, context: PocActionContext): void {
  const { action, actor } = request;
  const { now } = context;
  const at = now.toISOString();
  const label = trialLabel(state);
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
        summary: `${actor} rejected the ${label}: ${action.reason}`,
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
        summary: `${actor} provisioned the environment for the ${label} by hand${action.environmentUrl ? ` at ${action.environmentUrl}` : ''}${action.note ? `: ${action.note}` : ''}; it can be kicked off`,
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
        summary: `${actor} kicked off the ${label}${action.note ? `: ${action.note}` : ''}; it runs until ${state.endDate}, first check-in due ${state.nextCheckInDue}`,
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
        summary: `${actor} checked in on the ${label} (${action.health}): ${action.summary}`,
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
        summary: `${actor} marked "${criterion.description}" ${action.status}: ${action.evidence}`,
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
        summary: `${actor} asks to extend the ${label} by ${action.days} days (to ${addCalendarDays(state.endDate, action.days)}): ${action.reason}`,
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
        summary: `${actor} extended the ${label} by ${extension.days} days, to ${state.endDate}`,
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
        summary: `${actor} refused to extend the ${label} by ${extension.days} days: ${action.reason}; it still ends ${state.endDate}`,
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
        summary: `${actor} recorded the ${label} as converted${action.nextStep ? `; next: ${action.nextStep}` : ''}${action.note ? ` (${action.note})` : ''}`,
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
        summary: `${actor} recorded the ${label} as lost: ${action.reason}${action.note ? ` (${action.note})` : ''}`,
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
        summary: `${actor} withdrew the ${label}: ${action.reason}`,
        before,
        after: { stage: 'cancelled', reason: action.reason },
        notify: recipient(state, 'regional_ops'),
      });
      break;
    }
  }
  state.seq += 1;
}
