import type { HandoffStart, NextPlaybookStarted, PendingNextPlaybook, RenewalStart } from '../shared/lifecycle';
import type { Role } from '../shared/roles';
import type { Text } from '../shared/text';
import type { Offset } from '../shared/schedule';
import type { CustomerReminderBook, CustomerReminderFacts } from '../shared/customer-reminders';
import type { ActionEffort } from '../insights/effort';
import type { HandoffPlan, PinnedHandoffTemplate } from './plan';

/**
 * A delivery handoff (DOMAIN.md §4): sales hand a signed deal to delivery with a package; the
 * project manager accepts it or returns it with the missing items named; then kickoff, milestones
 * up to the customer's acceptance (验收), and the handover to customer success, which starts the
 * renewal follow-up. A project can also die at any step, with a reason. Pure data, so it crosses
 * the workflow boundary as JSON and replays deterministically.
 */

/** The handoff package checklist: what delivery needs from sales before it takes a project on. */
export const PACKAGE_ITEMS = [
  { key: 'contract', title: 'Signed contract' },
  { key: 'scope', title: 'Scope / statement of work' },
  { key: 'stakeholders', title: 'Stakeholder map: decision maker, manager and end users, with contacts' },
  { key: 'requirements', title: 'Requirements' },
  { key: 'commitments', title: 'Commitments sales made' },
  { key: 'known-risks', title: 'Known risks' },
  { key: 'target-go-live', title: 'Target go-live date' },
] as const;
export type PackageItemKey = (typeof PACKAGE_ITEMS)[number]['key'];
export const PACKAGE_ITEM_KEYS = PACKAGE_ITEMS.map((item) => item.key) as PackageItemKey[];
/** Items given as text and/or a link; the stakeholder map and the go-live date have their own fields. */
export type PackageTextKey = Exclude<PackageItemKey, 'stakeholders' | 'target-go-live'>;
export const PACKAGE_TEXT_KEYS = PACKAGE_ITEM_KEYS.filter(
  (key): key is PackageTextKey => key !== 'stakeholders' && key !== 'target-go-live',
);

/** The three customer-side roles (DOMAIN.md "Who uses it"): who pays, who reports results, who uses it. */
export const STAKEHOLDER_ROLES = ['decision_maker', 'manager', 'end_user'] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

export interface Stakeholder {
  name: string;
  role: StakeholderRole;
  /** E-mail, phone or chat handle: how delivery reaches them. */
  contact: string;
  title?: string;
}

export interface PackageItem {
  key: PackageItemKey;
  title: string;
  status: 'missing' | 'provided';
  text?: string;
  link?: string;
  providedBy?: string;
  providedAt?: string;
  /** Filled from the case before (a won deal, a converted trial) rather than by hand. */
  prefilled?: boolean;
  /** Why the project manager returned it, until sales provide it again. */
  returnNote?: string;
}

/** A milestone of the default project template: its due date counts from kickoff or from the target go-live. */
export interface MilestoneTemplate {
  key: string;
  title: string;
  ownerRole: Role;
  due: { from: 'kickoff' | 'target-go-live'; days: number };
  /** Completes only with the customer's recorded sign-off. */
  customerSignOff?: boolean;
}

/** The rules a handoff runs by. Every one has a default; the resolved set is pinned in the state. */
export interface HandoffRules {
  /** Sales submit the package within this long of the start. */
  packageSla: Offset;
  /** Sales resubmit a returned package within this long of the return. */
  resubmitSla: Offset;
  /** Reminders to sales this many SLA units before the package is due; 0 is the due day. */
  packageRemindersBefore: number[];
  /** The project manager accepts or returns a submitted package within this long. */
  reviewSla: Offset;
  reviewRemindersBefore: number[];
  /** Reminders to a milestone's owner this many business days before it is due. */
  milestoneRemindersBefore: number[];
  /** Business days after an overdue milestone's due date when the ops manager is told. */
  milestoneEscalationAfter: number;
  /** The project template: milestones in order, each waiting on the one before. */
  milestones: MilestoneTemplate[];
}

export interface HandoffContacts {
  /** The project manager expected to review the package (the one who accepts it becomes the project's). */
  projectManager?: string;
  opsManager?: string;
  customerSuccess?: string;
}

export interface DeliveryHandoffInput {
  start: HandoffStart;
  requestedBy: string;
  /** Partial: missing rules take their defaults, and the resolved rules are pinned in the state. */
  rules?: Partial<HandoffRules>;
  /** Who is told as project manager, ops manager (escalations) and customer success. */
  contacts?: HandoffContacts;
  /** Set when the handoff continues as new: everything so far. */
  carriedState?: HandoffState;
  /** The delivery-handoff template's plan the API pinned (issue 20); it replaces `rules`. Absent before templates. */
  plan?: HandoffPlan;
}

export const HANDOFF_STAGES = [
  'package_pending',
  'in_review',
  'returned',
  'accepted',
  'kicked_off',
  'accepted_by_customer',
  'handed_over',
  'cancelled',
] as const;
export type HandoffStage = (typeof HANDOFF_STAGES)[number];
export const FINAL_HANDOFF_STAGES: ReadonlySet<HandoffStage> = new Set<HandoffStage>(['handed_over', 'cancelled']);
export const OPEN_HANDOFF_STAGES: readonly HandoffStage[] = HANDOFF_STAGES.filter(
  (stage) => !FINAL_HANDOFF_STAGES.has(stage),
);

export type MilestoneStatus = 'planned' | 'in_progress' | 'done';

export interface MilestoneSlip {
  from: string;
  to: string;
  reason: string;
  by: string;
  at: string;
  /** How many business days the milestone moved; every later open milestone moved as far. */
  businessDays: number;
  shiftedDependants: string[];
}

export interface Milestone {
  key: string;
  title: string;
  ownerRole: Role;
  /** The person who answers for it (the project manager unless kickoff named someone). */
  assignee?: string;
  status: MilestoneStatus;
  /** YYYY-MM-DD; overdue from the next day on. */
  dueDate: string;
  dueApproximate: boolean;
  /** The due date planned at kickoff, before any slip. */
  plannedDueDate: string;
  /** When the current due date was set: alarms already past by then never notify. */
  scheduledAt: string;
  overdue: boolean;
  escalated: boolean;
  atRisk: boolean;
  riskNote?: string;
  customerSignOff: boolean;
  slips: MilestoneSlip[];
  startedAt?: string;
  completedAt?: string;
  completedBy?: string;
  evidence?: { link?: string; note?: string };
  /** Set when the customer confirmed this milestone themselves in the portal. */
  customerConfirmation?: PortalSignature;
  /** The customer's satisfaction with the milestone (CSAT, issue 16), once it is done. */
  customerRating?: MilestoneRating;
}

/** A short CSAT the customer gives a done milestone in the portal: 1 (poor) to 5 (excellent). */
export interface MilestoneRating {
  score: number;
  comment?: string;
  name: string;
  email: string;
  at: string;
}

/** Who did something in the customer portal, from where, and the exact words they agreed to. */
export interface PortalSignature {
  name: string;
  email: string;
  at: string;
  ip?: string;
  userAgent?: string;
  text: string;
}

/** The customer's acceptance (验收): who signed on their side, when, and the proof. */
export interface CustomerAcceptance {
  signedBy: string;
  signedByTitle?: string;
  /** YYYY-MM-DD. */
  signedOn: string;
  evidence: { link?: string; note?: string };
  recordedBy: string;
  recordedAt: string;
  /** Set when the customer signed in the portal rather than staff recording it for them. */
  portal?: PortalSignature;
}

/** The contract customer success takes over, and renewal follow-up tracks. */
export interface Handover {
  termStart: string;
  contractEnd: string;
  annualValue: number;
  currency?: string;
  tier?: string;
  customerSuccessOwner: string;
  note?: string;
  by: string;
  at: string;
}

/** One round of package review: submitted, then accepted or returned. */
export interface PackageReview {
  round: number;
  submittedAt: string;
  submittedBy: string;
  decision?: 'accepted' | 'returned';
  decidedAt?: string;
  decidedBy?: string;
  missing?: { key: PackageItemKey; note?: string }[];
  note?: string;
}

/** The SLA running now: sales owe the package (first or again), or the project manager owes a review. */
export interface HandoffSla {
  kind: 'package' | 'resubmission' | 'review';
  /** Counts the package's rounds, so each round's alarms fire once even on the same due date. */
  round: number;
  dueDate: string;
  dueApproximate: boolean;
  /** The due date passed (an escalation went to the ops manager). */
  overdue: boolean;
  startedAt: string;
}

export interface HandoffOutcome {
  stage: 'handed_over' | 'cancelled';
  at: string;
  by: string;
  reason?: string;
}

export interface HandoffStageEntry {
  stage: HandoffStage;
  enteredAt: string;
  by: string;
}

/** Why a reminder or escalation fired, in full, so nobody has to guess. */
export interface HandoffAlarmCause {
  subject: 'package' | 'resubmission' | 'review' | 'milestone';
  milestoneKey?: string;
  rule: string;
  dueDate: string;
  calendar: string;
  scheduledFor: string;
}

export type HandoffTimelineEventType =
  | 'handoff.started'
  | 'handoff.package-updated'
  | 'handoff.submitted'
  | 'handoff.returned'
  | 'handoff.package-accepted'
  | 'handoff.package-reminder'
  | 'handoff.package-escalation'
  | 'handoff.review-reminder'
  | 'handoff.review-escalation'
  | 'handoff.kicked-off'
  | 'handoff.milestone-started'
  | 'handoff.milestone-completed'
  | 'handoff.milestone-slipped'
  | 'handoff.milestone-risk'
  | 'handoff.milestone-reminder'
  | 'handoff.milestone-overdue'
  | 'handoff.milestone-escalation'
  | 'handoff.customer-sign-off'
  | 'handoff.customer-confirmed'
  | 'handoff.customer-rated'
  | 'handoff.customer-reminded'
  | 'handoff.customer-overdue'
  | 'handoff.handed-over'
  | 'handoff.renewal-started'
  | 'handoff.cancelled'
  | 'handoff.comment';

/** `actorRole` and `effortMinutes` (ActionEffort): stamped by the workflow on what an action wrote (issue 21). */
export interface HandoffTimelineEvent extends ActionEffort {
  /** 1, 2, 3... per handoff: the read model stores each exactly once by it. */
  n: number;
  at: string;
  type: HandoffTimelineEventType;
  /** Who acted; `baton` for timers. */
  actor: string;
  milestoneKey?: string;
  summary: string;
  /** The summary as a catalog text (handoff/text.ts), for readers in another language; absent on older entries. */
  message?: Text;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  cause?: HandoffAlarmCause;
  /** Who is told about this event; the projection puts it in the notification outbox. */
  notify?: { role: Role; person?: string };
  /** A reminder to the customer: the projection mails each invited contact (issue 16). */
  customerReminder?: CustomerReminderFacts;
}

/** The renewal follow-up a handed-over project asks for; `workflows/shared/next-playbook.ts` starts it. */
export interface RenewalRequest extends PendingNextPlaybook {
  workflowType: 'renewalFollowUp';
  input: { start: RenewalStart };
}

/** The handoff: what it started with (account, opportunity, region, amount, sales owner, source), and everything since. */
export interface HandoffState extends Pick<
  HandoffStart,
  'account' | 'opportunity' | 'region' | 'amount' | 'currency' | 'salesOwner' | 'source' | 'profile'
> {
  handoffId: string;
  /** The project manager who accepted the package (before that, the one expected to review it). */
  projectManager?: string;
  contacts: HandoffContacts;
  rules: HandoffRules;
  /** The delivery-handoff template version its package, SLAs and milestone plan came from (issue 20); absent before templates. */
  template?: PinnedHandoffTemplate;
  calendar: string;
  startedAt: string;
  startedBy: string;
  stage: HandoffStage;
  stageEnteredAt: string;
  stageHistory: HandoffStageEntry[];
  packageItems: PackageItem[];
  stakeholders: Stakeholder[];
  /** YYYY-MM-DD, once sales name it. */
  targetGoLive?: string;
  reviews: PackageReview[];
  sla?: HandoffSla;
  kickoffDate?: string;
  milestones: Milestone[];
  customerAcceptance?: CustomerAcceptance;
  handover?: Handover;
  /** The renewal follow-up asked for at handover, until it is started. */
  pendingNext?: RenewalRequest;
  renewalWorkflowId?: string;
  /** The renewal follow-up it started, under the name every case uses for what it started. */
  nextPlaybook?: NextPlaybookStarted & { at: string };
  outcome?: HandoffOutcome;
  endedAt?: string;
  /** The latest events (older ones live in the read model); `eventCount` counts them all. */
  timeline: HandoffTimelineEvent[];
  eventCount: number;
  /** Alarm ids already fired or passed over, so each fires once per due date. */
  firedAlarms: string[];
  /** Grows with every change; orders projection writes and is the ETag. */
  seq: number;
  /** Reminders to the customer of their waiting portal steps; absent on handoffs recorded before them. */
  customerReminders?: CustomerReminderBook;
}
