import { blank } from '../shared/input-checks';
import type { Said, Text } from '../shared/text';
import { dealSays } from './text';
import { cleanPrefill, handoffPrefillProblems, type HandoffPrefill } from '../shared/lifecycle';
import type { PinnedCalendar } from '../shared/business-calendar';
import type { Role } from '../shared/roles';
import {
  appendEvent,
  dealNamed,
  enterStage,
  handoffPackage,
  handoffRequest,
  isClosed,
  pruneFiredAlarms,
  recipient,
  settleLesson,
  stageName,
  today,
} from './transitions';
import {
  DEAL_LOSS_REASONS,
  OPEN_DEAL_STAGES,
  SUPPORT_TYPES,
  type DealLossReason,
  type DealOutcome,
  type DealStage,
  type DealState,
  type SupportType,
} from './types';
import type { ActionEffort } from '../insights/effort';

/** What people do to a case. Each is a validated workflow Update: a rejected one changes nothing. */
export type DealAction =
  | { type: 'accept'; assignees: Partial<Record<SupportType, string[]>>; note?: string }
  | { type: 'decline'; reason: string }
  | { type: 'log-support'; supportType: SupportType; summary: string; outcome: string }
  | { type: 'complete-support'; supportType: SupportType; outcome: string }
  | { type: 'approve-pricing'; note?: string }
  | { type: 'reject-pricing'; reason: string }
  | { type: 'close-won'; note?: string; handoff?: HandoffPrefill }
  | { type: 'close-lost'; reason: DealLossReason; note?: string }
  | { type: 'lesson'; text: string }
  | { type: 'withdraw'; reason: string };

/** Besides the action: the role the actor acts in and the minutes they spent (ActionEffort, issue 21). */
export interface DealActionRequest extends ActionEffort {
  action: DealAction;
  /** The person acting, as authenticated by the API. */
  actor: string;
  /** The actor's roles, as authenticated by the API; the pricing decision checks them. */
  actorRoles: Role[];
  /** The `seq` the caller last saw; the action is refused if the case has changed since. */
  expectedSeq?: number;
}

export type DealRejectionKind =
  'invalid-transition' | 'stale-version' | 'unknown-item' | 'forbidden' | 'evidence-required' | 'invalid-date';

export interface DealRejection {
  kind: DealRejectionKind;
  /** In English, as it has always been worded. */
  message: string;
  /** The same refusal as a catalog text (deal/text.ts), which the API words in the caller's language. */
  text: Text;
}

/** What an action needs from outside the state: the clock, and whether a win starts delivery handoff itself. */
export interface DealActionContext {
  now: Date;
  /** Present when the workflow starts the next playbook (cases started before that feature do not). */
  lifecycle?: { calendar: PinnedCalendar };
}

const reject = (kind: DealRejectionKind, said: Said): DealRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});

const WORKING: readonly DealStage[] = ['triaged', 'in_progress'];

/** Where each action may be taken. */
const ALLOWED_IN: Record<DealAction['type'], readonly DealStage[]> = {
  accept: ['requested'],
  decline: ['requested'],
  'log-support': WORKING,
  'complete-support': WORKING,
  'approve-pricing': WORKING,
  'reject-pricing': WORKING,
  // Either outcome is open once the case is triaged: a deal can be won before HQ logged any support.
  'close-won': WORKING,
  'close-lost': WORKING,
  lesson: ['closed_won', 'closed_lost'],
  withdraw: OPEN_DEAL_STAGES,
};

const item = (state: DealState, type: SupportType) => state.supportItems.find((candidate) => candidate.type === type);

function supportItemRejection(state: DealState, type: SupportType): DealRejection | undefined {
  const found = item(state, type);
  if (!found) {
    return reject(
      'unknown-item',
      dealSays(SUPPORT_TYPES.includes(type) ? 'deal.refused.not-asked' : 'deal.refused.no-support-type', {
        label: dealNamed(state),
        supportType: String(type),
        supportTypes: state.supportTypes.join(', '),
      }),
    );
  }
  if (found.status === 'done')
    return reject(
      'invalid-transition',
      dealSays('deal.refused.support-done', { supportType: type, label: dealNamed(state) }),
    );
  return undefined;
}

/** Why an action cannot be taken now, or undefined when it can. */
export function dealActionRejection(
  state: DealState,
  request: DealActionRequest,
  context: DealActionContext,
): DealRejection | undefined {
  const { action, actor } = request;
  const label = dealNamed(state);
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = dealNamed(state, 'deal.label.capital');
    return reject(
      'stale-version',
      dealSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  const allowed = ALLOWED_IN[action.type];
  if (!allowed)
    return reject('invalid-transition', dealSays('deal.refused.unknown-action', { action: String(action.type) }));
  if (action.type === 'lesson' && isClosed(state.stage) && !state.lessonDue) {
    return reject(
      'invalid-transition',
      state.lesson
        ? dealSays('deal.refused.has-lesson', { label })
        : dealSays('deal.refused.no-lesson-asked', { label, stage: stageName(state.stage) }),
    );
  }
  if (!allowed.includes(state.stage)) {
    const stage = stageName(state.stage);
    return reject(
      'invalid-transition',
      isClosed(state.stage)
        ? dealSays('refused.ended', { label, stage, action: action.type })
        : dealSays('refused.wrong-stage', {
            label,
            stage,
            action: action.type,
            allowed: allowed.map(stageName).join(' or '),
          }),
    );
  }
  switch (action.type) {
    case 'accept': {
      const assignees = action.assignees ?? {};
      const extra = Object.keys(assignees).filter((type) => !state.supportTypes.includes(type as SupportType));
      if (extra.length > 0)
        return reject(
          'unknown-item',
          dealSays('deal.refused.not-asked-types', {
            label,
            types: extra.map((type) => `"${type}"`).join(', '),
            supportTypes: state.supportTypes.join(', '),
          }),
        );
      const missing = state.supportTypes.filter((type) => !(assignees[type] ?? []).some((person) => !blank(person)));
      if (missing.length > 0)
        return reject('invalid-transition', dealSays('deal.refused.unassigned', { label, types: missing.join(', ') }));
      return undefined;
    }
    case 'decline':
      return blank(action.reason) ? reject('invalid-transition', dealSays('deal.refused.decline-reason')) : undefined;
    case 'log-support':
      return (
        supportItemRejection(state, action.supportType) ??
        (blank(action.summary) || blank(action.outcome)
          ? reject('evidence-required', dealSays('deal.refused.support-evidence'))
          : undefined)
      );
    case 'complete-support':
      return (
        supportItemRejection(state, action.supportType) ??
        (blank(action.outcome)
          ? reject('evidence-required', dealSays('deal.refused.complete-outcome', { supportType: action.supportType }))
          : undefined)
      );
    case 'approve-pricing':
    case 'reject-pricing': {
      if (!state.pricing) return reject('invalid-transition', dealSays('deal.refused.no-pricing', { label }));
      if (state.pricing.status !== 'pending')
        return reject(
          'invalid-transition',
          dealSays('deal.refused.pricing-decided', {
            label,
            status: state.pricing.status,
            by: String(state.pricing.decidedBy),
          }),
        );
      const role = state.rules.pricingApproverRole;
      if (!(request.actorRoles ?? []).includes(role)) {
        const has = request.actorRoles?.length ? request.actorRoles.join(', ') : 'no role';
        return reject('forbidden', dealSays('deal.refused.pricing-role', { role, actor, roles: has }));
      }
      if (action.type === 'reject-pricing' && blank(action.reason))
        return reject('invalid-transition', dealSays('deal.refused.pricing-reason'));
      return undefined;
    }
    case 'close-won': {
      if (state.pricing && state.pricing.status !== 'approved') {
        return reject(
          'invalid-transition',
          state.pricing.status === 'pending'
            ? dealSays('deal.refused.won-before-pricing', { label, role: state.rules.pricingApproverRole })
            : dealSays('deal.refused.won-pricing-rejected', { label, reason: String(state.pricing.reason) }),
        );
      }
      const problems = action.handoff ? handoffPrefillProblems(action.handoff, today(context.now)) : [];
      return problems.length > 0
        ? reject('invalid-date', dealSays('deal.refused.handoff-problems', { problems: problems.join('; ') }))
        : undefined;
    }
    case 'close-lost':
      if (!DEAL_LOSS_REASONS.includes(action.reason))
        return reject(
          'invalid-transition',
          dealSays('deal.refused.loss-reason', {
            allowed: DEAL_LOSS_REASONS.join(', '),
            reason: String(action.reason),
          }),
        );
      if (action.reason === 'other' && blank(action.note))
        return reject('invalid-transition', dealSays('deal.refused.loss-note'));
      return undefined;
    case 'lesson':
      return blank(action.text) ? reject('evidence-required', dealSays('deal.refused.lesson-text')) : undefined;
    case 'withdraw':
      return blank(action.reason) ? reject('invalid-transition', dealSays('deal.refused.withdraw-reason')) : undefined;
  }
}

/** Applies an action that `dealActionRejection` accepted. */
export function applyDealAction(state: DealState, request: DealActionRequest, context: DealActionContext): void {
  const { action, actor } = request;
  const { now } = context;
  const at = now.toISOString();
  const label = dealNamed(state);
  const event = (fields: Parameters<typeof appendEvent>[2]) => appendEvent(state, now, fields);
  const finish = (outcome: Omit<DealOutcome, 'at' | 'by' | 'handoffRequested'> & { handoffRequested?: boolean }) => {
    state.outcome = { handoffRequested: false, ...outcome, at, by: actor };
    if (outcome.stage === 'closed_won' || outcome.stage === 'closed_lost') {
      state.closedOn = today(now);
      state.lessonDue = true;
    }
    enterStage(state, outcome.stage, actor, now);
    pruneFiredAlarms(state);
  };
  /** The first support action starts the work. */
  const started = () => {
    if (state.stage === 'triaged') enterStage(state, 'in_progress', actor, now);
  };

  switch (action.type) {
    case 'accept': {
      for (const supportItem of state.supportItems)
        supportItem.assignees = (action.assignees[supportItem.type] ?? [])
          .map((person) => person.trim())
          .filter((person) => person !== '');
      state.response.triagedBy = actor;
      state.response.triagedAt = at;
      enterStage(state, 'triaged', actor, now);
      const assigned = state.supportItems
        .map((supportItem) => `${supportItem.type}: ${supportItem.assignees.join(', ')}`)
        .join('; ');
      event({
        type: 'deal.accepted',
        actor,
        ...dealSays('deal.accepted', { actor, label, assigned, note: action.note }),
        before: { stage: 'requested' },
        after: {
          stage: 'triaged',
          assignees: Object.fromEntries(
            state.supportItems.map((supportItem) => [supportItem.type, supportItem.assignees]),
          ),
          responseOverdue: state.response.overdue,
        },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'decline':
      state.response.triagedBy = actor;
      state.response.triagedAt = at;
      finish({ stage: 'declined', reason: action.reason });
      event({
        type: 'deal.declined',
        actor,
        ...dealSays('deal.declined', { actor, label, reason: action.reason }),
        before: { stage: 'requested' },
        after: { stage: 'declined', reason: action.reason },
        notify: recipient(state, 'sales'),
      });
      break;
    case 'log-support': {
      const supportItem = item(state, action.supportType)!;
      const before = { stage: state.stage, actions: supportItem.log.length };
      supportItem.log.push({ at, by: actor, summary: action.summary, outcome: action.outcome });
      started();
      event({
        type: 'deal.support-logged',
        actor,
        supportType: action.supportType,
        ...dealSays('deal.support-logged', {
          actor,
          supportType: action.supportType,
          label,
          summary: action.summary,
          outcome: action.outcome,
        }),
        before,
        after: { stage: state.stage, actions: supportItem.log.length },
      });
      break;
    }
    case 'complete-support': {
      const supportItem = item(state, action.supportType)!;
      const before = { stage: state.stage, status: supportItem.status };
      Object.assign(supportItem, { status: 'done', outcome: action.outcome, completedBy: actor, completedAt: at });
      started();
      event({
        type: 'deal.support-completed',
        actor,
        supportType: action.supportType,
        ...dealSays('deal.support-completed', {
          actor,
          supportType: action.supportType,
          label,
          outcome: action.outcome,
        }),
        before,
        after: { stage: state.stage, status: 'done', outcome: action.outcome },
        notify: recipient(state, 'sales'),
      });
      break;
    }
    case 'approve-pricing':
      Object.assign(state.pricing!, {
        status: 'approved',
        decidedBy: actor,
        decidedAt: at,
        ...(action.note ? { note: action.note } : {}),
      });
      event({
        type: 'deal.pricing-approved',
        actor,
        supportType: 'pricing-exception',
        ...dealSays('deal.pricing-approved', { actor, label, note: action.note }),
        before: { pricing: 'pending' },
        after: { pricing: 'approved' },
        notify: recipient(state, 'sales'),
      });
      break;
    case 'reject-pricing':
      Object.assign(state.pricing!, { status: 'rejected', decidedBy: actor, decidedAt: at, reason: action.reason });
      event({
        type: 'deal.pricing-rejected',
        actor,
        supportType: 'pricing-exception',
        ...dealSays('deal.pricing-rejected', { actor, label, reason: action.reason }),
        before: { pricing: 'pending' },
        after: { pricing: 'rejected', reason: action.reason },
        notify: recipient(state, 'sales'),
      });
      break;
    case 'close-won': {
      const before = { stage: state.stage };
      finish({
        stage: 'closed_won',
        handoffRequested: true,
        handoffPackage: handoffPackage(state),
        ...(action.note ? { note: action.note } : {}),
      });
      if (context.lifecycle)
        state.pendingNext = handoffRequest(state, actor, context.lifecycle.calendar, cleanPrefill(action.handoff));
      event({
        type: 'deal.won',
        actor,
        ...dealSays('deal.closed-won', { actor, label, note: action.note }),
        before,
        after: { stage: 'closed_won', handoffRequested: true, lessonDue: true },
        notify: recipient(state, state.rules.triageRole),
      });
      break;
    }
    case 'close-lost': {
      const before = { stage: state.stage };
      finish({ stage: 'closed_lost', lossReason: action.reason, ...(action.note ? { note: action.note } : {}) });
      event({
        type: 'deal.lost',
        actor,
        ...dealSays('deal.closed-lost', { actor, label, reason: action.reason, note: action.note }),
        before,
        after: { stage: 'closed_lost', lossReason: action.reason, note: action.note, lessonDue: true },
        notify: recipient(state, state.rules.triageRole),
      });
      break;
    }
    case 'lesson':
      state.lesson = { text: action.text.trim(), by: actor, at };
      settleLesson(state, now);
      event({
        type: 'deal.lesson-recorded',
        actor,
        ...dealSays('deal.lesson', { actor, label, lesson: state.lesson.text }),
        before: { lessonDue: true },
        after: { lessonDue: false, lesson: state.lesson.text },
      });
      break;
    case 'withdraw': {
      const before = { stage: state.stage };
      finish({ stage: 'withdrawn', reason: action.reason });
      event({
        type: 'deal.withdrawn',
        actor,
        ...dealSays('deal.withdrawn', { actor, label, reason: action.reason }),
        before,
        after: { stage: 'withdrawn', reason: action.reason },
        notify: recipient(state, state.rules.triageRole),
      });
      break;
    }
  }
  state.seq += 1;
}
