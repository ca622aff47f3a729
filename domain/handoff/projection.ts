import { isAtRisk, isOverdue, missingItems, projectedGoLive } from './transitions';
import { changedFieldsProjector, type ChangesOnly } from '../shared/changed-fields';
import type { HandoffState, HandoffTimelineEvent, Milestone } from './types';
import { cleanProfile, type CaseProfile } from '../insights/case-profile';

/**
 * What the read model stores of a handoff after a change: one row for lists (stage, days per
 * stage, package completeness, the running SLA, milestones with their dates and flags, at-risk and
 * overdue, the outcome and the renewal it started) and the events it has not seen. `seq` orders
 * writes: an older or retried one must never win.
 */
export interface HandoffProjection {
  handoffId: string;
  workflowId: string;
  account: string;
  opportunity: string;
  region: string;
  amount: number;
  currency: string | null;
  salesOwner: string;
  projectManager: string | null;
  sourcePlaybook: string;
  sourceId: string | null;
  calendar: string;
  stage: HandoffState['stage'];
  stageEnteredAt: string;
  stageHistory: HandoffState['stageHistory'];
  startedAt: string;
  startedBy: string;
  packageItems: {
    key: string;
    status: string;
    providedBy: string | null;
    providedAt: string | null;
    returnNote: string | null;
  }[];
  missingItems: string[];
  /** How often the package went back to sales. */
  returnCount: number;
  /** The SLA running now (package, resubmission or review); null when none runs. */
  sla: { kind: string; dueDate: string; overdue: boolean } | null;
  targetGoLive: string | null;
  projectedGoLive: string | null;
  kickoffDate: string | null;
  milestones: {
    key: string;
    title: string;
    ownerRole: string;
    assignee: string | null;
    status: string;
    dueDate: string;
    plannedDueDate: string;
    overdue: boolean;
    atRisk: boolean;
    riskNote: string | null;
    slips: number;
    completedAt: string | null;
  }[];
  /** The first open milestone, the one the project works towards now. */
  nextMilestone: { key: string; dueDate: string } | null;
  atRisk: boolean;
  overdue: boolean;
  customerAcceptance: { signedBy: string; signedOn: string; evidence: { link?: string; note?: string } } | null;
  handover: {
    termStart: string;
    contractEnd: string;
    annualValue: number;
    currency: string | null;
    tier: string | null;
    customerSuccessOwner: string;
    at: string;
  } | null;
  renewalWorkflowId: string | null;
  outcome: { stage: string; at: string; by: string; reason: string | null } | null;
  endedAt: string | null;
  /** Channel, industry and products, for the business numbers (issue 21); case_profile stores it. */
  profile?: CaseProfile;
  seq: number;
  events: HandoffTimelineEvent[];
}

const milestoneRow = (milestone: Milestone): HandoffProjection['milestones'][number] => ({
  key: milestone.key,
  title: milestone.title,
  ownerRole: milestone.ownerRole,
  assignee: milestone.assignee ?? null,
  status: milestone.status,
  dueDate: milestone.dueDate,
  plannedDueDate: milestone.plannedDueDate,
  overdue: milestone.overdue,
  atRisk: milestone.atRisk,
  riskNote: milestone.riskNote ?? null,
  slips: milestone.slips.length,
  completedAt: milestone.completedAt ?? null,
});

export function handoffProjectionOf(state: HandoffState, eventsAfter: number): HandoffProjection {
  const { sla, handover, customerAcceptance, outcome } = state;
  const next = state.milestones.find((milestone) => milestone.status !== 'done');
  return {
    handoffId: state.handoffId,
    workflowId: state.handoffId,
    account: state.account,
    opportunity: state.opportunity,
    region: state.region,
    amount: state.amount,
    currency: state.currency ?? null,
    salesOwner: state.salesOwner,
    projectManager: state.projectManager ?? null,
    sourcePlaybook: state.source.playbook,
    sourceId: state.source.id ?? null,
    calendar: state.calendar,
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt,
    stageHistory: state.stageHistory,
    startedAt: state.startedAt,
    startedBy: state.startedBy,
    packageItems: state.packageItems.map((item) => ({
      key: item.key,
      status: item.status,
      providedBy: item.providedBy ?? null,
      providedAt: item.providedAt ?? null,
      returnNote: item.returnNote ?? null,
    })),
    missingItems: missingItems(state),
    returnCount: state.reviews.filter((review) => review.decision === 'returned').length,
    sla: sla ? { kind: sla.kind, dueDate: sla.dueDate, overdue: sla.overdue } : null,
    targetGoLive: state.targetGoLive ?? null,
    projectedGoLive: projectedGoLive(state) ?? null,
    kickoffDate: state.kickoffDate ?? null,
    milestones: state.milestones.map(milestoneRow),
    nextMilestone: next ? { key: next.key, dueDate: next.dueDate } : null,
    atRisk: isAtRisk(state),
    overdue: isOverdue(state),
    customerAcceptance: customerAcceptance
      ? {
          signedBy: customerAcceptance.signedBy,
          signedOn: customerAcceptance.signedOn,
          evidence: customerAcceptance.evidence,
        }
      : null,
    handover: handover
      ? {
          termStart: handover.termStart,
          contractEnd: handover.contractEnd,
          annualValue: handover.annualValue,
          currency: handover.currency ?? null,
          tier: handover.tier ?? null,
          customerSuccessOwner: handover.customerSuccessOwner,
          at: handover.at,
        }
      : null,
    renewalWorkflowId: state.renewalWorkflowId ?? null,
    outcome: outcome ? { stage: outcome.stage, at: outcome.at, by: outcome.by, reason: outcome.reason ?? null } : null,
    endedAt: state.endedAt ?? null,
    profile: cleanProfile(state.profile),
    seq: state.seq,
    events: state.timeline.filter((event) => event.n > eventsAfter),
  };
}

/** The lists a handoff's projection leaves out when they did not change (patch lean-handoff-small-payloads). */
const LISTS = ['stageHistory', 'packageItems', 'milestones'] as const;

/** A handoff's projection without the lists that did not change since the previous one; the activity reads them stored. */
export type HandoffProjectionChanges = ChangesOnly<HandoffProjection, (typeof LISTS)[number]>;

/** Projections of a handoff that carry its stage history, package items and milestones only when they changed. */
export function handoffChangesProjector(): (state: HandoffState, eventsAfter: number) => HandoffProjectionChanges {
  const changes = changedFieldsProjector<HandoffProjection, (typeof LISTS)[number]>(LISTS);
  return (state, eventsAfter) => changes(handoffProjectionOf(state, eventsAfter));
}
