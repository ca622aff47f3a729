import type { NextPlaybookStarted, PendingNextPlaybook } from '../shared/lifecycle';
import type { Role } from '../shared/roles';
import type { Text } from '../shared/text';
import type { PinnedCalendar } from '../shared/business-calendar';
import type { Offset } from '../shared/schedule';
import type { AlarmCause } from '../shared/dated-alarms';
import type { CustomerContact } from '../shared/customer-contacts';
import type { CustomerSignature } from '../shared/customer-portal';
import type { CustomerReminderBook, CustomerReminderFacts } from '../shared/customer-reminders';
import type { CaseProfile } from '../insights/case-profile';
import type { PinnedTemplate, PocPlan } from './plan';
import type { ActionEffort } from '../insights/effort';

/**
 * A POC trial (DOMAIN.md §2): what its workflow holds, its query returns and the read model
 * mirrors. Pure data, so it crosses the workflow boundary as JSON and replays deterministically.
 */

export interface SuccessCriterionSpec {
  /** Optional in a request; criteria without one are keyed `c1`, `c2`... in order. */
  key?: string;
  description: string;
  /** How the customer and we will tell it was met (a metric, a test, a sign-off). */
  measuredBy: string;
}

export interface PocRequest {
  account: string;
  region: string;
  industry: string;
  opportunity: { id: string; amount: number; currency?: string };
  product: string;
  /** The sales owner (a person). */
  salesOwner: string;
  /** Presales and ops people supporting the trial. */
  supporters?: { presales?: string[]; ops?: string[] };
  criteria: SuccessCriterionSpec[];
  /** YYYY-MM-DD. */
  plannedStart: string;
  durationDays: number;
  /** The lead channel the opportunity came through (issue 21); optional. */
  channel?: string;
}

/** The rules a trial runs by. Every one has a default; the resolved set is pinned in the state. */
export interface PocRules {
  /** Requests for less than this amount are approved by Baton itself; absent means never. */
  autoApproveBelowAmount?: number;
  /** Regional ops decide within this many days of the request, counted on the trial's calendar. */
  approvalSla: Offset;
  /** Reminders to regional ops this many SLA units before the approval is due; 0 is the due day. */
  approvalRemindersBefore: number[];
  checkInEveryDays: number;
  /** Days after a check-in was due before it counts as missed. */
  checkInGraceDays: number;
  maxExtensions: number;
  /** The most days all extensions of one trial may add up to. */
  maxExtensionDays: number;
  /** Days after the end date before an undecided trial expires. */
  expiryGraceDays: number;
  /** Reminders to the sales owner this many days before the trial expires. */
  expiryRemindersDaysBefore: number[];
  /** From this many days before the end date, any criterion not yet met flags the trial at risk. */
  criteriaAtRiskDaysBeforeEnd: number;
}

export interface PocTrialInput {
  request: PocRequest;
  requestedBy: string;
  /** Partial: missing rules take their defaults, and the resolved rules are pinned in the state. */
  rules?: Partial<PocRules>;
  /** The region's working-day calendar, embedded so later edits never reach a trial in flight. */
  calendar: PinnedCalendar;
  /** Who is told as regional ops (approvals, failures, risks) and as ops manager (escalations). */
  contacts?: { regionalOps?: string; opsManager?: string };
  /** Set when the trial continues as new: everything so far. */
  carriedState?: PocState;
  /** The customer's people (portal invitations, reminders); editable later with `set-customer-contacts`. */
  customerContacts?: CustomerContact[];
  /** The POC template's plan the API pinned (issue 20); it replaces `rules`. Absent on trials started before templates. */
  plan?: PocPlan;
}

export const POC_STAGES = [
  'requested',
  'approved',
  'rejected',
  'provisioning',
  'provisioning_failed',
  'ready',
  'active',
  'converted',
  'lost',
  'expired',
  'cancelled',
] as const;
export type PocStage = (typeof POC_STAGES)[number];

export const FINAL_POC_STAGES: ReadonlySet<PocStage> = new Set<PocStage>([
  'rejected',
  'converted',
  'lost',
  'expired',
  'cancelled',
]);

export const LOSS_REASONS = ['feature-gap', 'price', 'competitor', 'timing', 'no-decision', 'other'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export const NEXT_STEPS = ['deal-support', 'delivery-handoff'] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export type CheckInHealth = 'green' | 'amber' | 'red';

/** Why a trial is at risk; the flag stays up while any reason does. */
export type RiskReason = 'missed-check-in' | 'red-health' | 'criteria-open-near-end';

export interface CriterionState {
  key: string;
  description: string;
  measuredBy: string;
  status: 'open' | 'met' | 'unmet';
  evidence?: string;
  markedBy?: string;
  markedAt?: string;
}

export interface CheckIn {
  at: string;
  by: string;
  summary: string;
  health: CheckInHealth;
}

export interface Extension {
  days: number;
  reason: string;
  requestedBy: string;
  /** Asked for by the customer in the portal (their name); staff decide it as any other. */
  requestedByCustomer?: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

export interface Environment {
  url?: string;
  /** The provisioner's reference, or `manual` when a person provisioned it. */
  reference: string;
  manual: boolean;
  by: string;
  at: string;
  note?: string;
}

export interface StageEntry {
  stage: PocStage;
  enteredAt: string;
  by: string;
}

export interface PocOutcome {
  stage: 'converted' | 'lost' | 'expired' | 'cancelled' | 'rejected';
  at: string;
  by: string;
  reason?: string;
  lossReason?: LossReason;
  note?: string;
  /** Only for converted: what the sales owner asked to start next (a later playbook). */
  nextStep?: NextStep | null;
}

export type PocAlarmCause = AlarmCause<'approval' | 'check-in' | 'end'>;

export type PocTimelineEventType =
  | 'poc.requested'
  | 'poc.approved'
  | 'poc.rejected'
  | 'poc.approval-reminder'
  | 'poc.approval-escalation'
  | 'provisioning.started'
  | 'provisioning.succeeded'
  | 'provisioning.failed'
  | 'provisioning.manual'
  | 'provisioning.by-hand'
  | 'provisioning.late-result'
  | 'poc.kicked-off'
  | 'poc.checked-in'
  | 'poc.check-in-reminder'
  | 'poc.check-in-missed'
  | 'poc.criterion-marked'
  | 'poc.criteria-at-risk'
  | 'poc.extension-requested'
  | 'poc.extension-approved'
  | 'poc.extension-rejected'
  | 'poc.expiry-reminder'
  | 'poc.converted'
  | 'poc.lost'
  | 'poc.expired'
  | 'poc.withdrawn'
  | 'poc.next-step-started'
  // Customer portal (issue 16)
  | 'poc.customer-contacts-set'
  | 'poc.customer-confirmed-criteria'
  | 'poc.customer-feedback'
  | 'poc.customer-extension-requested'
  | 'poc.customer-reminded'
  | 'poc.customer-overdue'
  | 'poc.crm-details-updated';

/** `actorRole` and `effortMinutes` (ActionEffort): stamped by the workflow on what an action wrote (issue 21). */
export interface PocTimelineEvent extends ActionEffort {
  /** 1, 2, 3... per trial: the read model stores each exactly once by it. */
  n: number;
  at: string;
  type: PocTimelineEventType;
  /** Who acted; `baton` for timers and automatic steps. */
  actor: string;
  criterionKey?: string;
  summary: string;
  /** The summary as a catalog text (poc/text.ts), for readers in another language; absent on older entries. */
  message?: Text;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  cause?: PocAlarmCause;
  /** Who is told about this event; the projection puts it in the notification outbox. */
  notify?: { role: Role; person?: string };
  /** A reminder to the customer: the projection mails each invited contact (issue 16). */
  customerReminder?: CustomerReminderFacts;
}

export interface PocState extends Pick<
  PocRequest,
  'account' | 'region' | 'industry' | 'opportunity' | 'product' | 'salesOwner'
> {
  trialId: string;
  /** Channel, industry and product as one profile, carried to the case a conversion starts (absent on older trials). */
  profile?: CaseProfile;
  supporters: { presales: string[]; ops: string[] };
  contacts: { regionalOps?: string; opsManager?: string };
  rules: PocRules;
  calendar: string;
  requestedAt: string;
  requestedBy: string;
  stage: PocStage;
  stageEnteredAt: string;
  /** Every stage the trial entered, in order, so the dashboard can count days per stage. */
  stageHistory: StageEntry[];
  atRisk: boolean;
  riskReasons: RiskReason[];
  criteria: CriterionState[];
  plannedStart: string;
  durationDays: number;
  /** YYYY-MM-DD: the trial runs until this date (set again at kickoff and by extensions). */
  endDate: string;
  /** YYYY-MM-DD: an undecided trial expires at 00:00 UTC of this date (end date + grace + 1). */
  expiresOn: string;
  /** When the current end date was set: end alarms earlier than this never fire. */
  endScheduledAt: string;
  approval: {
    dueDate: string;
    /** The business-day count crossed a year the calendar has no holidays for. */
    dueApproximate: boolean;
    overdue: boolean;
    decidedBy?: string;
    decidedAt?: string;
    auto?: boolean;
    rejectionReason?: string;
  };
  provisioning: {
    /** 1 for the first provisioning, +1 for each retry a person asks for. */
    round: number;
    lastError?: string;
    failedAt?: string;
    environment?: Environment;
    /** No provisioner is connected: a person provisions the environment and marks it ready (not a failure). */
    byHand?: boolean;
  };
  kickoffAt?: string;
  kickoffBy?: string;
  /** YYYY-MM-DD the next check-in is due; set while active. */
  nextCheckInDue?: string;
  checkInScheduledAt?: string;
  missedCheckIns: number;
  checkIns: CheckIn[];
  extensions: Extension[];
  outcome?: PocOutcome;
  endedAt?: string;
  /** The latest events (older ones live in the read model); `eventCount` counts them all. */
  timeline: PocTimelineEvent[];
  eventCount: number;
  /** Alarm ids already fired or passed over, so each fires once per due date. */
  firedAlarms: string[];
  /** Grows with every change; orders projection writes and is the ETag. */
  seq: number;
  /** A conversion's next playbook, until the workflow has started it. */
  pendingNext?: PendingNextPlaybook;
  /** The next playbook a conversion started, and when. */
  nextPlaybook?: NextPlaybookStarted & { at: string };

  // Customer portal (issue 16); absent on trials started before it.
  /** The customer's people: whom staff invite to the portal. */
  customerContacts?: CustomerContact[];
  /** The customer's confirmation of the agreed success criteria (at kickoff), with the words they agreed to. */
  criteriaConfirmation?: CustomerSignature;
  /** What the customer told us through the portal, oldest first. */
  customerFeedback?: CustomerFeedback[];
  /** Reminders to the customer of their waiting portal steps; absent on cases recorded before them. */
  customerReminders?: CustomerReminderBook;
  /** What the CRM last said (issue 18): its stage and close date, and each field's CRM modification time. */
  crm?: PocCrmFacts;
  /** The POC template version the trial's rules and default criteria came from (issue 20); absent before templates. */
  template?: PinnedTemplate;
}

/** A customer's check-in from the portal: how the trial goes for them. */
export interface CustomerFeedback {
  at: string;
  name: string;
  email: string;
  health: CheckInHealth;
  note?: string;
}

/** The CRM's view of a trial; `modifiedAt` per field keeps an older event from overwriting a newer one. */
export interface PocCrmFacts {
  stage?: string;
  closeDate?: string;
  modifiedAt: Record<string, string>;
}

/** What the provisioning webhook is sent. */
export interface ProvisioningRequest {
  trialId: string;
  /** The same for every attempt of one round, so the provisioner can tell a retry from a new request. */
  idempotencyKey: string;
  account: string;
  region: string;
  industry: string;
  product: string;
  opportunityId: string;
  salesOwner: string;
  presales: string[];
  plannedStart: string;
  endDate: string;
}

export interface ProvisioningResult {
  environmentUrl?: string;
  reference: string;
}

/** What the provisioning activity answers: an environment, or that a person provisions it (no provisioner connected). */
export type ProvisioningAnswer = ProvisioningResult | { byHand: true };
