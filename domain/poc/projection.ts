import { projectedOutcome, type ProjectedOutcome } from '../shared/case-record';
import { extensionDaysGranted, pendingExtension } from './actions';
import type { PocState, PocTimelineEvent } from './types';
import type { CaseProfile } from '../insights/case-profile';
import { pocProfile } from './profile';
import { changedFieldsProjector, type ChangesOnly } from '../shared/changed-fields';

/**
 * What the read model stores of a trial after a change: one row for lists and regional
 * dashboards (stage, days per stage, risk, conversion and loss reasons), its criteria, and the
 * events it has not seen. `seq` orders writes: an older or retried one must never win.
 */
export interface PocProjection {
  trialId: string;
  workflowId: string;
  account: string;
  region: string;
  industry: string;
  opportunityId: string;
  amount: number;
  currency: string | null;
  product: string;
  salesOwner: string;
  presales: string[];
  opsSupporters: string[];
  regionalOps: string | null;
  calendar: string;
  stage: PocState['stage'];
  stageEnteredAt: string;
  /** Every stage entered, in order; a stage lasted until the next entry's `enteredAt` (or now). */
  stageHistory: PocState['stageHistory'];
  atRisk: boolean;
  riskReasons: PocState['riskReasons'];
  requestedAt: string;
  requestedBy: string;
  approvalDueDate: string;
  /** The approval SLA passed before anyone decided (kept after the decision, for SLA reports). */
  approvalOverdue: boolean;
  autoApproved: boolean;
  plannedStart: string;
  endDate: string;
  expiresOn: string;
  kickoffAt: string | null;
  nextCheckInDue: string | null;
  lastCheckIn: { at: string; by: string; health: string } | null;
  missedCheckIns: number;
  criteriaTotal: number;
  criteriaMet: number;
  criteriaUnmet: number;
  criteria: {
    key: string;
    description: string;
    measuredBy: string;
    status: string;
    evidence: string | null;
    markedBy: string | null;
    markedAt: string | null;
  }[];
  extensionsGranted: number;
  extensionDaysGranted: number;
  pendingExtensionDays: number | null;
  environment: { url: string | null; reference: string; manual: boolean } | null;
  provisioningError: string | null;
  /** Final stages only: converted, lost, expired, cancelled (withdrawn) or rejected. */
  outcome: (ProjectedOutcome & { nextStep: string | null }) | null;
  endedAt: string | null;
  /** Channel, industry and products, for the business numbers (issue 21); case_profile stores it. */
  profile?: CaseProfile;
  seq: number;
  events: PocTimelineEvent[];
}

export function pocProjectionOf(state: PocState, eventsAfter: number): PocProjection {
  const lastCheckIn = state.checkIns.at(-1);
  const { environment } = state.provisioning;
  const { outcome } = state;
  return {
    trialId: state.trialId,
    workflowId: state.trialId,
    account: state.account,
    region: state.region,
    industry: state.industry,
    opportunityId: state.opportunity.id,
    amount: state.opportunity.amount,
    currency: state.opportunity.currency ?? null,
    product: state.product,
    salesOwner: state.salesOwner,
    presales: state.supporters.presales,
    opsSupporters: state.supporters.ops,
    regionalOps: state.contacts.regionalOps ?? null,
    calendar: state.calendar,
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt,
    stageHistory: state.stageHistory,
    atRisk: state.atRisk,
    riskReasons: state.riskReasons,
    requestedAt: state.requestedAt,
    requestedBy: state.requestedBy,
    approvalDueDate: state.approval.dueDate,
    approvalOverdue: state.approval.overdue,
    autoApproved: state.approval.auto === true,
    plannedStart: state.plannedStart,
    endDate: state.endDate,
    expiresOn: state.expiresOn,
    kickoffAt: state.kickoffAt ?? null,
    nextCheckInDue: state.nextCheckInDue ?? null,
    lastCheckIn: lastCheckIn ? { at: lastCheckIn.at, by: lastCheckIn.by, health: lastCheckIn.health } : null,
    missedCheckIns: state.missedCheckIns,
    criteriaTotal: state.criteria.length,
    criteriaMet: state.criteria.filter((criterion) => criterion.status === 'met').length,
    criteriaUnmet: state.criteria.filter((criterion) => criterion.status === 'unmet').length,
    criteria: state.criteria.map((criterion) => ({
      key: criterion.key,
      description: criterion.description,
      measuredBy: criterion.measuredBy,
      status: criterion.status,
      evidence: criterion.evidence ?? null,
      markedBy: criterion.markedBy ?? null,
      markedAt: criterion.markedAt ?? null,
    })),
    extensionsGranted: state.extensions.filter((extension) => extension.status === 'approved').length,
    extensionDaysGranted: extensionDaysGranted(state),
    pendingExtensionDays: pendingExtension(state)?.days ?? null,
    environment: environment
      ? { url: environment.url ?? null, reference: environment.reference, manual: environment.manual }
      : null,
    provisioningError: state.stage === 'provisioning_failed' ? (state.provisioning.lastError ?? null) : null,
    outcome: outcome
      ? {
          ...projectedOutcome(outcome),
          nextStep: outcome.nextStep ?? null,
        }
      : null,
    endedAt: state.endedAt ?? null,
    profile: pocProfile(state),
    seq: state.seq,
    events: state.timeline.filter((event) => event.n > eventsAfter),
  };
}

/** The lists a trial's projection leaves out when they did not change (patch lean-poc-small-payloads). */
const LISTS = ['stageHistory', 'criteria'] as const;

/** A trial's projection without the lists that did not change since the previous one; the activity reads them stored. */
export type PocProjectionChanges = ChangesOnly<PocProjection, (typeof LISTS)[number]>;

/** Projections of a trial that carry its stage history and criteria only when they changed (a check-in changes neither). */
export function pocChangesProjector(): (state: PocState, eventsAfter: number) => PocProjectionChanges {
  const changes = changedFieldsProjector<PocProjection, (typeof LISTS)[number]>(LISTS);
  return (state, eventsAfter) => changes(pocProjectionOf(state, eventsAfter));
}
