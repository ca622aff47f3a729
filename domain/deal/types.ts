import type { Text } from '../shared/text';
import type { CaseProfile } from '../insights/case-profile';
import type { LifecycleSource, NextPlaybookStarted, PendingNextPlaybook } from '../shared/lifecycle';
import type { Role } from '../shared/roles';
import type { PinnedCalendar } from '../shared/business-calendar';
import type { Offset } from '../shared/schedule';
import type { AlarmCause } from '../shared/dated-alarms';
import type { ActionEffort } from '../insights/effort';
import type { DealPlan, PinnedDealTemplate } from './plan';

/**
 * A deal-support case (DOMAIN.md §3): sales ask HQ for help on a key deal, HQ triages it within a
 * response SLA, assigns people per support type, logs each support action, and the case closes won
 * or lost and leaves a reusable lesson. Pure data, so it crosses the workflow boundary as JSON.
 */

export const SUPPORT_TYPES = [
  'competitive-brief',
  'technical-exchange',
  'customer-visit',
  'industry-solution',
  'pricing-exception',
] as const;
export type SupportType = (typeof SUPPORT_TYPES)[number];

export interface DealRequest {
  account: string;
  region: string;
  opportunity: { id: string; amount: number; currency?: string };
  /** Where the deal stands in the sales process (the CRM's stage name, free text). */
  dealStage: string;
  competitors: string[];
  /** What sales ask for; one support item each. `pricing-exception` needs an approval before a win. */
  supportTypes: SupportType[];
  /** YYYY-MM-DD: when sales need the support by. */
  dueDate: string;
  /** The sales owner (a person). */
  salesOwner: string;
  note?: string;
  /** Lead channel, industry and products (issue 21): given, or carried from the trial before. */
  profile?: CaseProfile;
}

/** The rules a case runs by. Every one has a default; the resolved set is pinned in the state. */
export interface DealRules {
  /** HQ triages (accepts or declines) within this many days of the request, on the case's calendar. */
  responseSla: Offset;
  /** Reminders to the triage role this many SLA units before the response is due; 0 is the due day. */
  responseRemindersBefore: number[];
  /** Who answers requests: reminders go to this role; the escalation goes to ops_manager. */
  triageRole: Role;
  /** The role whose `approve-pricing` lets a case with a pricing exception close won. */
  pricingApproverRole: Role;
  /** Reminders to the sales owner this many calendar days after closing while the lesson is missing. */
  lessonRemindersDaysAfterClose: number[];
  /** Calendar days after closing when the case ends with its lesson recorded as missing. */
  lessonDeadlineDays: number;
  /** Who is told when the response SLA passes (issue 20, a template's service level); absent: ops_manager. */
  escalationRole?: Role;
}

export interface DealSupportInput {
  request: DealRequest;
  requestedBy: string;
  /** Partial: missing rules take their defaults, and the resolved rules are pinned in the state. */
  rules?: Partial<DealRules>;
  /** The working-day calendar, embedded so later edits never reach a case in flight. */
  calendar: PinnedCalendar;
  /** Who is told as the triage role, as ops manager (escalations) and as pricing approver. */
  contacts?: { triage?: string; opsManager?: string; pricingApprover?: string };
  /** The case it came from (a converted trial); absent when asked for through the API. */
  source?: LifecycleSource;
  /** Set when the case continues as new: everything so far. */
  carriedState?: DealState;
  /** The deal-support template's plan the API pinned (issue 20); it replaces `rules`. Absent on cases started before templates. */
  plan?: DealPlan;
}

export const DEAL_STAGES = [
  'requested',
  'triaged',
  'declined',
  'in_progress',
  'closed_won',
  'closed_lost',
  'withdrawn',
] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/** Stages that take no more support work; a closed case still waits for its lesson. */
export const CLOSED_DEAL_STAGES: ReadonlySet<DealStage> = new Set<DealStage>([
  'declined',
  'closed_won',
  'closed_lost',
  'withdrawn',
]);
/** Stages from which `withdraw` works. */
export const OPEN_DEAL_STAGES: readonly DealStage[] = ['requested', 'triaged', 'in_progress'];

export const DEAL_LOSS_REASONS = ['price', 'competitor', 'feature-gap', 'timing', 'no-decision', 'other'] as const;
export type DealLossReason = (typeof DEAL_LOSS_REASONS)[number];

export interface SupportLogEntry {
  at: string;
  by: string;
  summary: string;
  outcome: string;
}

export interface SupportItem {
  type: SupportType;
  /** Set when the case is accepted. */
  assignees: string[];
  status: 'open' | 'done';
  log: SupportLogEntry[];
  outcome?: string;
  completedBy?: string;
  completedAt?: string;
}

export interface PricingDecision {
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  note?: string;
  reason?: string;
}

/** What delivery needs to start, pre-filled from the case (the handoff playbook will take it). */
export interface HandoffPackage {
  account: string;
  opportunity: string;
  amount: number;
  currency?: string;
  region: string;
  salesOwner: string;
  supportSummary: {
    supportType: SupportType;
    assignees: string[];
    status: SupportItem['status'];
    actions: number;
    outcome?: string;
  }[];
}

export interface DealOutcome {
  stage: 'closed_won' | 'closed_lost' | 'declined' | 'withdrawn';
  at: string;
  by: string;
  reason?: string;
  lossReason?: DealLossReason;
  note?: string;
  /** Only a win asks for delivery handoff; the package is what it starts with. */
  handoffRequested: boolean;
  handoffPackage?: HandoffPackage;
}

export interface DealLesson {
  text: string;
  by: string;
  at: string;
}

export interface DealStageEntry {
  stage: DealStage;
  enteredAt: string;
  by: string;
}

export type DealAlarmCause = AlarmCause<'response' | 'lesson'>;

export type DealTimelineEventType =
  | 'deal.requested'
  | 'deal.accepted'
  | 'deal.declined'
  | 'deal.response-reminder'
  | 'deal.response-escalation'
  | 'deal.support-logged'
  | 'deal.support-completed'
  | 'deal.pricing-approved'
  | 'deal.pricing-rejected'
  | 'deal.won'
  | 'deal.lost'
  | 'deal.lesson-reminder'
  | 'deal.lesson-recorded'
  | 'deal.lesson-missing'
  | 'deal.withdrawn'
  | 'deal.handoff-started'
  // CRM details (issue 18)
  | 'deal.crm-details-updated';

/** `actorRole` and `effortMinutes` (ActionEffort): stamped by the workflow on what an action wrote (issue 21). */
export interface DealTimelineEvent extends ActionEffort {
  /** 1, 2, 3... per case: the read model stores each exactly once by it. */
  n: number;
  at: string;
  type: DealTimelineEventType;
  /** Who acted; `baton` for timers. */
  actor: string;
  supportType?: SupportType;
  summary: string;
  /** The summary as a catalog text (text.ts beside this file), for readers in another language; absent on older entries. */
  message?: Text;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  cause?: DealAlarmCause;
  /** Who is told about this event; the projection puts it in the notification outbox. */
  notify?: { role: Role; person?: string };
}

/** The request as asked, with everything the case has learned since. */
export interface DealState extends DealRequest {
  dealId: string;
  contacts: { triage?: string; opsManager?: string; pricingApprover?: string };
  rules: DealRules;
  calendar: string;
  requestedAt: string;
  requestedBy: string;
  stage: DealStage;
  stageEnteredAt: string;
  /** Every stage the case entered, in order, so the dashboard can count days per stage. */
  stageHistory: DealStageEntry[];
  response: {
    dueDate: string;
    /** The business-day count crossed a year the calendar has no holidays for. */
    dueApproximate: boolean;
    /** The SLA passed before anyone triaged (kept afterwards, for SLA reports). */
    overdue: boolean;
    triagedBy?: string;
    triagedAt?: string;
  };
  supportItems: SupportItem[];
  /** Present only when a pricing exception was requested. */
  pricing?: PricingDecision;
  outcome?: DealOutcome;
  /** YYYY-MM-DD the case closed won or lost: the lesson's alarms count from it. */
  closedOn?: string;
  /** A closed case waits for its lesson; the workflow ends once it is in or given up on. */
  lessonDue: boolean;
  lesson?: DealLesson;
  /** The lesson deadline passed without one. */
  lessonMissing: boolean;
  /** When the case needed nothing more: declined, withdrawn, or closed with its lesson settled. */
  endedAt?: string;
  /** A win's delivery handoff, until the workflow has started it. */
  pendingNext?: PendingNextPlaybook;
  /** The delivery handoff a win started, and when. */
  nextPlaybook?: NextPlaybookStarted & { at: string };
  /** The case it came from (a converted trial); absent when asked for through the API. */
  source?: LifecycleSource;
  /** The latest events (older ones live in the read model); `eventCount` counts them all. */
  timeline: DealTimelineEvent[];
  eventCount: number;
  /** Alarm ids already fired or passed over, so each fires once per due date. */
  firedAlarms: string[];
  /** The CRM's close date and when the CRM last changed each detail (issue 18); absent until a CRM event changes one. */
  crm?: { closeDate?: string; modifiedAt: Partial<Record<'amount' | 'owner' | 'closeDate' | 'stage', string>> };
  /** The deal-support template version the case's service level and rules came from (issue 20); absent before templates. */
  template?: PinnedDealTemplate;
  /** Grows with every change; orders projection writes and is the ETag. */
  seq: number;
}
