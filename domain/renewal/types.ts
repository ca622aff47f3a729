import type { Text } from '../shared/text';
import type { LifecycleSource, RenewalStart } from '../shared/lifecycle';
import type { Role } from '../shared/roles';
import type { HealthAssessment } from './health';
import type { AlarmCause } from '../shared/dated-alarms';
import type { CustomerContact } from '../shared/customer-contacts';
import type { CustomerSignature } from '../shared/customer-portal';
import type { CustomerReminderBook, CustomerReminderFacts } from '../shared/customer-reminders';
import type { CaseProfile } from '../insights/case-profile';
import type { ActionEffort } from '../insights/effort';
import type { PinnedRenewalTemplate, RenewalPlan } from './plan';

/**
 * Renewal follow-up (DOMAIN.md §5): one case per account and contract for the contract's whole
 * life. Each term runs dated steps counted back from the contract end (health review, renewal
 * proposal, negotiation, outcome), a health check against a pluggable source, and ends renewed,
 * expanded, downgraded (the case continues as new with the next term) or churned (the case ends).
 * Pure data, so it crosses the workflow boundary as JSON.
 */

export const RENEWAL_STEP_KEYS = ['health_review', 'proposal', 'negotiation', 'outcome'] as const;
export type RenewalStepKey = (typeof RENEWAL_STEP_KEYS)[number];

export const RENEWAL_STEP_TITLES: Record<RenewalStepKey, string> = {
  health_review: 'Health review',
  proposal: 'Renewal proposal',
  negotiation: 'Negotiation',
  outcome: 'Renewal outcome',
};

/** The step a term is on (its first open step), or `churned` once the contract is lost. */
export const RENEWAL_STAGES = [...RENEWAL_STEP_KEYS, 'churned'] as const;
export type RenewalStage = (typeof RENEWAL_STAGES)[number];

export const RENEWAL_OUTCOMES = ['renewed', 'expanded', 'downgraded', 'churned'] as const;
export type RenewalOutcomeKind = (typeof RENEWAL_OUTCOMES)[number];

/** Why customers leave, so the reasons can be counted and fed back to product and service. */
export const CHURN_REASONS = [
  'budget',
  'low-adoption',
  'product-gap',
  'competitor',
  'service-issues',
  'champion-left',
  'acquired-or-closed',
  'other',
] as const;
export type ChurnReason = (typeof CHURN_REASONS)[number];

export const HEALTH_BANDS = ['healthy', 'watch', 'at-risk'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/** The rules a renewal runs by. Every one has a default; the resolved set is pinned in the state. */
export interface RenewalRules {
  /** Days before the contract end each step is due (defaults 120, 90, 60, 30). */
  healthReviewDaysBefore: number;
  proposalDaysBefore: number;
  negotiationDaysBefore: number;
  outcomeDaysBefore: number;
  /** Days before the contract end an undecided renewal escalates to the ops manager as a last call (default 7). */
  lastCallDaysBefore: number;
  /** Reminders to a step's owner this many business days before it is due; 0 is the due day. */
  stepRemindersBefore: number[];
  /** An open step escalates to the ops manager this many business days after its due date. */
  stepEscalationDaysAfter: number;
  /** Health scores below this are `watch`... */
  watchBelow: number;
  /** ...and below this `at-risk`, which escalates at once. */
  atRiskBelow: number;
  /** Who owns each step (the renewal's customer-success owner answers for customer_success). */
  stepOwners: Record<RenewalStepKey, Role>;
}

export interface RenewalFollowUpInput {
  start: RenewalStart;
  /** Who started it; the source playbook (or the API caller) when omitted. */
  requestedBy?: string;
  /** Partial: missing rules take their defaults, and the resolved rules are pinned in the state. */
  rules?: Partial<RenewalRules>;
  /** Who is told as ops manager (escalations) and as sales (negotiation, when sales own it). */
  contacts?: { opsManager?: string; sales?: string };
  /** Set when the case continues as new (next term, or a long history): everything so far. */
  carriedState?: RenewalState;
  /** The customer's people (portal invitations); editable later with `set-customer-contacts`. */
  customerContacts?: CustomerContact[];
  /** The renewal template version its rules come from, pinned at the start (issue 20); absent before templates. */
  plan?: RenewalPlan;
}

export interface RenewalStep {
  key: RenewalStepKey;
  title: string;
  ownerRole: Role;
  /** YYYY-MM-DD. */
  dueDate: string;
  status: 'open' | 'done' | 'skipped';
  /** Instant the due date was set: alarms already past by then never notify. */
  scheduledAt: string;
  /** The due date passed with the step open (kept once done, for SLA reports). */
  overdue: boolean;
  escalated: boolean;
  doneAt?: string;
  doneBy?: string;
  /** Why a step was skipped, or what closed it. */
  note?: string;
}

export interface RenewalProposal {
  value: number;
  at: string;
  by: string;
  note?: string;
  link?: string;
}

export interface NegotiationNote {
  at: string;
  by: string;
  note: string;
  /** The value the customer is now expected to sign, when the note changes it. */
  expectedValue?: number;
}

export interface RenewalDecision {
  outcome: RenewalOutcomeKind;
  at: string;
  by: string;
  /** The next term's annual value (0 when churned). */
  newValue: number;
  churnReason?: ChurnReason;
  note?: string;
}

/** A term as the case keeps it once decided: small, so years of terms fit in the state. */
export interface TermSummary {
  number: number;
  termStart: string;
  contractEnd: string;
  value: number;
  outcome: RenewalOutcomeKind;
  newValue: number;
  churnReason?: ChurnReason;
  note?: string;
  decidedAt: string;
  decidedBy: string;
  healthScore?: number;
  healthBand?: HealthBand;
  /** The term was at risk when it was decided. */
  atRisk: boolean;
  /** Steps that went overdue in the term. */
  overdueSteps: RenewalStepKey[];
}

export interface RenewalTerm {
  /** 1, 2, 3... over the contract's life. */
  number: number;
  termStart: string;
  contractEnd: string;
  value: number;
  /** When follow-up of this term began (the case started, or the previous term was decided). */
  plannedAt: string;
  /** The contract end was too close for every step when the term's follow-up began. */
  compressed: boolean;
  steps: RenewalStep[];
  proposal?: RenewalProposal;
  negotiation: NegotiationNote[];
  /** The last-call escalation fired (7 days before the end by default). */
  lastCall: boolean;
  /** The contract ended without an outcome. */
  lapsed: boolean;
  health?: HealthAssessment;
  /** The term's latest health assessment was at risk. */
  atRisk: boolean;
  decision?: RenewalDecision;
  /** The customer's answer to the proposal in the portal (issue 16); a revised proposal asks again. */
  customerResponse?: CustomerProposalResponse;
}

/** The customer accepted the proposal, or asked for a call about it, in the portal. */
export interface CustomerProposalResponse {
  kind: 'accepted' | 'call-requested';
  /** When the proposal answered was sent, so a revised one is answered anew. */
  proposalAt: string;
  proposalValue: number;
  signature: CustomerSignature;
  note?: string;
}

/** `by-hand`: no health source is connected, so people enter the figures (a step, not a failure). */
export type HealthCheckStatus = 'idle' | 'requested' | 'succeeded' | 'failed' | 'by-hand';

/** The health source (webhook) as the case sees it. */
export interface HealthCheck {
  /** Grows with every check asked for; the activity's answer names the round it belongs to. */
  round: number;
  status: HealthCheckStatus;
  requestedAt?: string;
  requestedBy?: string;
  lastError?: string;
  failedAt?: string;
}

export type RenewalAlarmCause = AlarmCause<RenewalStepKey | 'contract-end'>;

export type RenewalTimelineEventType =
  | 'renewal.started'
  | 'renewal.term-planned'
  | 'renewal.step-reminder'
  | 'renewal.step-overdue'
  | 'renewal.step-escalation'
  | 'renewal.health-check-requested'
  | 'renewal.health-check-failed'
  | 'renewal.health-figures-wanted'
  | 'renewal.health-assessed'
  | 'renewal.at-risk-escalation'
  | 'renewal.proposal-sent'
  | 'renewal.negotiation-noted'
  | 'renewal.assigned'
  | 'renewal.last-call'
  | 'renewal.lapsed'
  | 'renewal.renewed'
  | 'renewal.expanded'
  | 'renewal.downgraded'
  | 'renewal.churned'
  // Customer portal (issue 16)
  | 'renewal.customer-contacts-set'
  | 'renewal.customer-accepted-proposal'
  | 'renewal.customer-asked-for-call'
  | 'renewal.customer-reminded'
  | 'renewal.customer-overdue'
  // CRM contract events (issue 18)
  | 'renewal.crm-dates-updated';

/** `actorRole` and `effortMinutes` (ActionEffort): stamped by the workflow on what an action wrote (issue 21). */
export interface RenewalTimelineEvent extends ActionEffort {
  /** 1, 2, 3... per case, across terms: the read model stores each exactly once by it. */
  n: number;
  at: string;
  type: RenewalTimelineEventType;
  /** Who acted; `baton` for timers and the health source. */
  actor: string;
  /** The term the event belongs to. */
  term: number;
  stepKey?: RenewalStepKey;
  summary: string;
  /** The summary as a catalog text (text.ts beside this file), for readers in another language; absent on older entries. */
  message?: Text;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  cause?: RenewalAlarmCause;
  /** Who is told about this event; the projection puts it in the notification outbox. */
  notify?: { role: Role; person?: string };
  /** A reminder to the customer: the projection mails each invited contact (issue 16). */
  customerReminder?: CustomerReminderFacts;
}

export interface RenewalState {
  renewalId: string;
  account: string;
  region: string;
  contractId: string;
  currency?: string;
  tier: string;
  customerSuccessOwner?: string;
  source: LifecycleSource;
  /** Channel, industry and products carried from the handoff (issue 21); absent on older renewals. */
  profile?: CaseProfile;
  contacts: { opsManager?: string; sales?: string };
  rules: RenewalRules;
  /** The renewal template version its rules came from (issue 20); absent on renewals started before templates. */
  template?: PinnedRenewalTemplate;
  calendar: string;
  startedAt: string;
  startedBy: string;
  stage: RenewalStage;
  stageEnteredAt: string;
  term: RenewalTerm;
  /** Decided terms, oldest first. */
  pastTerms: TermSummary[];
  healthCheck: HealthCheck;
  /** Set when the contract churned: the case has ended. */
  endedAt?: string;
  /** The latest events (older ones live in the read model); `eventCount` counts them all. */
  timeline: RenewalTimelineEvent[];
  eventCount: number;
  /** Alarm ids already fired or passed over in this term, so each fires once per due date. */
  firedAlarms: string[];
  /** Grows with every change; orders projection writes and is the ETag. */
  seq: number;
  /** The customer's people: whom staff invite to the portal (issue 16); absent on renewals started before it. */
  customerContacts?: CustomerContact[];
  /** Reminders to the customer of their waiting portal steps; absent on cases recorded before them. */
  customerReminders?: CustomerReminderBook;
  /** When the CRM last changed each contract fact (issue 18); absent until a CRM event changes one. */
  crm?: { modifiedAt: Partial<Record<'termStart' | 'contractEnd' | 'value', string>> };
}

/** What the health source is asked, and answers. */
export interface HealthCheckRequest {
  renewalId: string;
  account: string;
  contractId: string;
  region: string;
  term: number;
  round: number;
  termStart: string;
  contractEnd: string;
}
