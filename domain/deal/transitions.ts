import {
  handoffDeal,
  handoffWorkflowId,
  type HandoffPrefill,
  type NextPlaybookStarted,
  type PendingNextPlaybook,
} from '../shared/lifecycle';
import type { Role } from '../shared/roles';
import { nextPlaybookText } from '../shared/shared-text';
import type { Text } from '../shared/text';
import { dealSaysText, dealText } from './text';
import type { PinnedCalendar } from '../shared/business-calendar';
import {
  CLOSED_DEAL_STAGES,
  type DealRules,
  type DealStage,
  type DealState,
  type DealTimelineEvent,
  type HandoffPackage,
} from './types';

/** How many events a case keeps in its own state; the read model keeps them all. */
export const DEAL_TIMELINE_KEPT_IN_STATE = 200;

export const DEFAULT_DEAL_RULES: DealRules = {
  responseSla: { days: 1, unit: 'business-days' },
  responseRemindersBefore: [0],
  triageRole: 'presales',
  pricingApproverRole: 'ops_manager',
  lessonRemindersDaysAfterClose: [2],
  lessonDeadlineDays: 14,
};

export function resolveDealRules(rules: Partial<DealRules> = {}): DealRules {
  const defined = Object.fromEntries(
    Object.entries(rules).filter(([, value]) => value !== undefined),
  ) as Partial<DealRules>;
  return { ...DEFAULT_DEAL_RULES, ...defined };
}

/**
 * One case per account and opportunity: requesting support twice finds the running case. Parts
 * are URI-encoded so a `:` inside an account name cannot make two keys collide.
 */
export function dealWorkflowId(account: string, opportunityId: string): string {
  return `deal:${encodeURIComponent(account.trim())}:${encodeURIComponent(opportunityId.trim())}`;
}

export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** No more support work: declined, withdrawn, or closed won or lost. */
export const isClosed = (stage: DealStage): boolean => CLOSED_DEAL_STAGES.has(stage);

/** Nothing more is expected of the case (a closed case still owes its lesson until it is settled). */
export const isFinished = (state: Pick<DealState, 'stage' | 'lessonDue' | 'pendingNext'>): boolean =>
  isClosed(state.stage) && !state.lessonDue && !state.pendingNext;

export const stageName = (stage: DealStage): string => stage.replace('_', ' ');

/** How messages name a case: people know it by account and opportunity. */
/** The case as its texts name it (shared/text.ts), worded in each reader's language. */
export const dealNamed = (
  state: Pick<DealState, 'account' | 'opportunity'>,
  key: 'deal.label' | 'deal.label.capital' = 'deal.label',
): Text => dealText(key, { account: state.account, opportunity: state.opportunity.id });

export function appendEvent(
  state: DealState,
  now: Date,
  event: Omit<DealTimelineEvent, 'n' | 'at'>,
): DealTimelineEvent {
  state.eventCount += 1;
  const full: DealTimelineEvent = { n: state.eventCount, at: now.toISOString(), ...event };
  state.timeline.push(full);
  return full;
}

/** Drops the oldest events once they are safely in the read model. */
export function trimTimeline(state: DealState, projectedThrough: number): void {
  const excess = state.timeline.length - DEAL_TIMELINE_KEPT_IN_STATE;
  if (excess <= 0) return;
  const removable = state.timeline.slice(0, excess).filter((event) => event.n <= projectedThrough).length;
  state.timeline.splice(0, removable);
}

/** The person answering for a role on this case, for an event's `notify`. */
export function recipient(state: DealState, role: Role): { role: Role; person?: string } {
  const { contacts, rules } = state;
  const person =
    role === 'sales'
      ? state.salesOwner
      : role === 'ops_manager'
        ? contacts.opsManager
        : role === rules.triageRole
          ? contacts.triage
          : role === rules.pricingApproverRole
            ? contacts.pricingApprover
            : undefined;
  return person ? { role, person } : { role };
}

/** Moves to a stage and records when, so the dashboard can count the days spent in each. */
export function enterStage(state: DealState, stage: DealStage, actor: string, now: Date): void {
  state.stage = stage;
  state.stageEnteredAt = now.toISOString();
  state.stageHistory.push({ stage, enteredAt: state.stageEnteredAt, by: actor });
  if (isFinished(state)) state.endedAt = state.stageEnteredAt;
}

/** Marks the end of a closed case once its lesson is settled (recorded or given up on). */
export function settleLesson(state: DealState, now: Date): void {
  state.lessonDue = false;
  state.endedAt = now.toISOString();
  pruneFiredAlarms(state);
}

/** Forgets alarm ids of dates the case no longer has, so the list stays small. */
export function pruneFiredAlarms(state: DealState): void {
  const current = [`response@${state.response.dueDate}:`, ...(state.closedOn ? [`lesson@${state.closedOn}:`] : [])];
  state.firedAlarms = state.firedAlarms.filter((id) => current.some((prefix) => id.startsWith(prefix)));
}

/** What delivery starts with when the case is won. */
export function handoffPackage(state: DealState): HandoffPackage {
  return {
    account: state.account,
    opportunity: state.opportunity.id,
    amount: state.opportunity.amount,
    ...(state.opportunity.currency ? { currency: state.opportunity.currency } : {}),
    region: state.region,
    salesOwner: state.salesOwner,
    supportSummary: state.supportItems.map((item) => ({
      supportType: item.type,
      assignees: [...item.assignees],
      status: item.status,
      actions: item.log.length,
      ...(item.outcome ? { outcome: item.outcome } : {}),
    })),
  };
}

/** The delivery handoff a win starts: the package, the people, and the case's own calendar. */
export function handoffRequest(
  state: DealState,
  actor: string,
  calendar: PinnedCalendar,
  prefill: HandoffPrefill | undefined,
): PendingNextPlaybook {
  const start = {
    ...handoffDeal(state),
    ...(prefill ? { prefill } : {}),
    source: { playbook: 'deal-support' as const, id: state.dealId },
    calendar,
  };
  return {
    workflowType: 'deliveryHandoff',
    workflowId: handoffWorkflowId(state.account, state.opportunity.id),
    input: { start, requestedBy: actor },
  };
}

/** Records the delivery handoff the workflow started (or found already started) for a win. */
export function recordHandoffStarted(state: DealState, started: NextPlaybookStarted, now: Date): void {
  state.pendingNext = undefined;
  state.nextPlaybook = { ...started, at: now.toISOString() };
  appendEvent(state, now, {
    type: 'deal.handoff-started',
    actor: 'baton',
    ...dealSaysText(nextPlaybookText(started, dealNamed(state))),
    after: { ...started },
  });
  if (isFinished(state) && !state.endedAt) state.endedAt = now.toISOString();
  state.seq += 1;
}
