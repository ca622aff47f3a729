import type { PinnedCalendar } from '../shared/business-calendar';
import type { PlaybookTemplate } from './template';
import type { Role } from '../shared/roles';
import type { ActionEffort } from '../insights/effort';

/**
 * The state of one playbook run (launch readiness first): what the workflow holds, its
 * query returns, and the read model mirrors. Pure data, so it crosses the workflow
 * boundary as JSON and replays deterministically.
 */

export interface PinnedTemplate {
  version: number;
  definition: PlaybookTemplate;
}

export interface LaunchInput {
  launchId: string;
  productName: string;
  /** YYYY-MM-DD, the anchor every due offset counts from. */
  launchDate: string;
  /** Regions the launch belongs to; none means company-wide. */
  regions: string[];
  /** The person answering for each role on this run. */
  owners: Partial<Record<Role, string>>;
  /** The exact template version, embedded: later edits of the template never reach a run in flight. */
  template: PinnedTemplate;
  /** The working-day calendar business-day offsets count in, embedded for the same reason. */
  calendar: PinnedCalendar;
  startedBy: string;
  /**
   * When the API started the run (ISO instant): the run's state is built at this time, so the API can
   * answer the start with the very state the run holds without waiting for its first task. Runs
   * started without it use the clock of their first task.
   */
  startedAt?: string;
  /** Set when the run continues as new: everything so far. */
  carriedState?: LaunchState;
}

export type ItemStatus = 'blocked' | 'ready' | 'in_progress' | 'done' | 'skipped';
export type LaunchStatus = 'active' | 'launched' | 'cancelled' | 'closed';

export interface ItemState {
  key: string;
  /** The template item this is, or an occurrence of (recurring items get `key--N`). */
  templateKey: string;
  occurrence: number;
  title: string;
  phase: string;
  ownerRole: Role;
  /** A person, when one is assigned or the run names an owner for the role. */
  assignee?: string;
  dependsOn: string[];
  required: boolean;
  evidenceRequired: 'none' | 'link' | 'note';
  signOffBy?: Role;
  status: ItemStatus;
  /** Why a blocked item waits: open dependencies, or the gate its phase opens after. */
  waitingOn: string[];
  /** YYYY-MM-DD; the item is overdue from the next day on. */
  dueDate: string;
  /** The business-day count crossed a year the calendar has no holidays for. */
  dueApproximate: boolean;
  /**
   * Calendar days an ops manager moved the due date by, from the template's date for the launch
   * date: a later launch-date move keeps it. Absent on items nobody moved.
   */
  dueShiftDays?: number;
  /** When the current due date was set: alarms earlier than this never fire. */
  scheduledAt: string;
  overdue: boolean;
  startedAt?: string;
  completedAt?: string;
  completedBy?: string;
  evidence?: { link?: string; note?: string };
  /** Completed by its owner, waiting for `signOffBy` to sign before it counts as done. */
  awaitingSignOff: boolean;
  signedOff?: { by: string; role: Role; at: string };
  skipReason?: string;
  reopenCount: number;
}

export interface GateState {
  key: string;
  title: string;
  dueDate: string;
  requiredItems: string[];
  signOffs: Role[];
  signedOff: { role: Role; by: string; at: string }[];
  decision?: GateDecision;
}

export interface GateDecision {
  outcome: 'go' | 'no-go';
  by: string;
  at: string;
  reasons?: string;
  newLaunchDate?: string;
}

/** Why a reminder or escalation fired, in full, so nobody has to guess. */
export interface AlarmCause {
  itemKey: string;
  itemTitle: string;
  rule: string;
  dueDate: string;
  calendar: string;
  /** The instant the alarm was scheduled for. */
  scheduledFor: string;
}

export type TimelineEventType =
  | 'run.started'
  | 'item.started'
  | 'item.completed'
  | 'item.skipped'
  | 'item.reopened'
  | 'item.assigned'
  | 'item.commented'
  | 'item.rescheduled'
  | 'item.signed-off'
  | 'item.unblocked'
  | 'item.overdue'
  | 'item.reminder'
  | 'item.escalation'
  | 'item.occurrence-added'
  | 'gate.signed-off'
  | 'gate.sign-offs-revoked'
  | 'gate.go'
  | 'gate.no-go'
  | 'run.launch-date-changed'
  | 'run.cancelled'
  | 'run.closed';

/** `actorRole` and `effortMinutes` (ActionEffort): stamped by the workflow on what an action wrote (issue 21). */
export interface TimelineEvent extends ActionEffort {
  /** 1, 2, 3... per run: the read model stores each exactly once by it. */
  n: number;
  at: string;
  type: TimelineEventType;
  /** Who acted; `baton` for timers. */
  actor: string;
  itemKey?: string;
  gateKey?: string;
  summary: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  cause?: AlarmCause;
  /** Who is told about this event; the projection puts it in the notification outbox. */
  notify?: { role: Role; person?: string };
}

export interface LaunchState {
  launchId: string;
  productName: string;
  launchDate: string;
  regions: string[];
  owners: Partial<Record<Role, string>>;
  template: { key: string; version: number; name: string };
  calendar: string;
  status: LaunchStatus;
  statusReason?: string;
  startedAt: string;
  startedBy: string;
  launchedAt?: string;
  endedAt?: string;
  items: ItemState[];
  gates: GateState[];
  /** The latest events (older ones live in the read model); `eventCount` counts them all. */
  timeline: TimelineEvent[];
  eventCount: number;
  /** Alarm ids already fired or passed over, so each fires once per due date. */
  firedAlarms: string[];
  /** Grows with every change; orders projection writes and is the ETag. */
  seq: number;
}
