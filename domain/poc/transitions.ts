import { addCalendarDays } from '../shared/business-calendar';
import type { Role } from '../shared/roles';
import type { Text } from '../shared/text';
import { pocText } from './text';
import {
  FINAL_POC_STAGES,
  type PocRules,
  type PocStage,
  type PocState,
  type PocTimelineEvent,
  type RiskReason,
} from './types';

/** How many events a trial keeps in its own state; the read model keeps them all. */
export const POC_TIMELINE_KEPT_IN_STATE = 200;

export const DEFAULT_POC_RULES: PocRules = {
  approvalSla: { days: 2, unit: 'business-days' },
  approvalRemindersBefore: [1, 0],
  checkInEveryDays: 7,
  checkInGraceDays: 2,
  maxExtensions: 1,
  maxExtensionDays: 14,
  expiryGraceDays: 7,
  expiryRemindersDaysBefore: [3, 1],
  criteriaAtRiskDaysBeforeEnd: 3,
};

export function resolvePocRules(rules: Partial<PocRules> = {}): PocRules {
  const defined = Object.fromEntries(
    Object.entries(rules).filter(([, value]) => value !== undefined),
  ) as Partial<PocRules>;
  return { ...DEFAULT_POC_RULES, ...defined };
}

/**
 * One trial per account and opportunity: starting the same request twice finds the running
 * trial. Parts are URI-encoded so a `:` inside an account name cannot make two keys collide.
 */
export function pocWorkflowId(account: string, opportunityId: string): string {
  return `poc:${encodeURIComponent(account.trim())}:${encodeURIComponent(opportunityId.trim())}`;
}

export const today = (now: Date): string => now.toISOString().slice(0, 10);

export const isFinal = (stage: PocStage): boolean => FINAL_POC_STAGES.has(stage);

/** How messages name a trial: people know it by account and opportunity. */
/** The trial as its texts name it (shared/text.ts), worded in each reader's language. */
export const trialText = (
  state: Pick<PocState, 'account' | 'opportunity'>,
  key: 'poc.label' | 'poc.label.capital' | 'poc.label.converted' = 'poc.label',
): Text => pocText(key, { account: state.account, opportunity: state.opportunity.id });

export function appendEvent(state: PocState, now: Date, event: Omit<PocTimelineEvent, 'n' | 'at'>): PocTimelineEvent {
  state.eventCount += 1;
  const full: PocTimelineEvent = { n: state.eventCount, at: now.toISOString(), ...event };
  state.timeline.push(full);
  return full;
}

/** Drops the oldest events once they are safely in the read model. */
export function trimTimeline(state: PocState, projectedThrough: number): void {
  const excess = state.timeline.length - POC_TIMELINE_KEPT_IN_STATE;
  if (excess <= 0) return;
  const removable = state.timeline.slice(0, excess).filter((event) => event.n <= projectedThrough).length;
  state.timeline.splice(0, removable);
}

/** The person answering for a role on this trial, for an event's `notify`. */
export function recipient(state: PocState, role: Role): { role: Role; person?: string } {
  const person =
    role === 'sales'
      ? state.salesOwner
      : role === 'regional_ops'
        ? state.contacts.regionalOps
        : role === 'ops_manager'
          ? state.contacts.opsManager
          : undefined;
  return person ? { role, person } : { role };
}

/** Moves to a stage and records when, so the dashboard can count the days spent in each. */
export function enterStage(state: PocState, stage: PocStage, actor: string, now: Date): void {
  state.stage = stage;
  state.stageEnteredAt = now.toISOString();
  state.stageHistory.push({ stage, enteredAt: state.stageEnteredAt, by: actor });
  if (isFinal(stage)) {
    state.endedAt = state.stageEnteredAt;
    // Nothing more is expected of a finished trial, so it cannot be at risk.
    state.riskReasons = [];
    state.atRisk = false;
    delete state.nextCheckInDue;
  }
}

/** Raises or clears one risk reason; the flag stays up while any reason does. Returns whether it changed. */
export function setRisk(state: PocState, reason: RiskReason, on: boolean): boolean {
  const has = state.riskReasons.includes(reason);
  if (has === on) return false;
  state.riskReasons = on
    ? [...state.riskReasons, reason]
    : state.riskReasons.filter((candidate) => candidate !== reason);
  state.atRisk = state.riskReasons.length > 0;
  return true;
}

export const riskSnapshot = (state: PocState) => ({ atRisk: state.atRisk, riskReasons: [...state.riskReasons] });

/** A new end date re-arms the end reminders and the expiry; alarms already past never fire late. */
export function setEndDate(state: PocState, endDate: string, now: Date): void {
  state.endDate = endDate;
  state.expiresOn = addCalendarDays(endDate, state.rules.expiryGraceDays + 1);
  state.endScheduledAt = now.toISOString();
  pruneFiredAlarms(state);
}

/** Forgets alarm ids of dates the trial no longer has, so the list stays small. */
export function pruneFiredAlarms(state: PocState): void {
  const current = [
    `approval@${state.approval.dueDate}:`,
    `end@${state.endDate}:`,
    ...(state.nextCheckInDue ? [`check-in@${state.nextCheckInDue}:`] : []),
  ];
  state.firedAlarms = state.firedAlarms.filter((id) => current.some((prefix) => id.startsWith(prefix)));
}

/**
 * Whether the trial is inside its end window (from `criteriaAtRiskDaysBeforeEnd` before the end
 * date) with a criterion not yet met. Checked when a criterion is marked and when the end moves.
 */
export function criteriaOpenNearEnd(state: PocState, now: Date): boolean {
  if (state.stage !== 'active') return false;
  const windowOpens = Date.parse(
    `${addCalendarDays(state.endDate, -state.rules.criteriaAtRiskDaysBeforeEnd)}T00:00:00Z`,
  );
  return now.getTime() >= windowOpens && state.criteria.some((criterion) => criterion.status !== 'met');
}
