import { projectedOutcome, type ProjectedOutcome } from '../shared/case-record';
import type { DealState, DealTimelineEvent, HandoffPackage } from './types';
import { cleanProfile, type CaseProfile } from '../insights/case-profile';
import { changedFieldsProjector, type ChangesOnly } from '../shared/changed-fields';

/**
 * What the read model stores of a case after a change: one row for lists and dashboards (stage,
 * days per stage, response SLA, outcome, loss reason), its support items, its lesson (searchable
 * text) and the events it has not seen. `seq` orders writes: an older or retried one must never win.
 */
export interface DealProjection {
  dealId: string;
  workflowId: string;
  account: string;
  region: string;
  opportunityId: string;
  amount: number;
  currency: string | null;
  dealStage: string;
  competitors: string[];
  supportTypes: DealState['supportTypes'];
  dueDate: string;
  salesOwner: string;
  calendar: string;
  stage: DealState['stage'];
  stageEnteredAt: string;
  /** Every stage entered, in order; a stage lasted until the next entry's `enteredAt` (or now). */
  stageHistory: DealState['stageHistory'];
  requestedAt: string;
  requestedBy: string;
  responseDueDate: string;
  /** The response SLA passed before anyone triaged (kept after triage, for SLA reports). */
  responseOverdue: boolean;
  triagedAt: string | null;
  triagedBy: string | null;
  supportItems: {
    supportType: string;
    assignees: string[];
    status: string;
    actions: number;
    lastActionAt: string | null;
    outcome: string | null;
    completedAt: string | null;
  }[];
  /** null when no pricing exception was asked for. */
  pricing: { status: string; decidedBy: string | null; decidedAt: string | null; reason: string | null } | null;
  /** Closed won or lost, declined or withdrawn. */
  outcome:
    | (ProjectedOutcome & {
        handoffRequested: boolean;
        handoffPackage: HandoffPackage | null;
      })
    | null;
  lessonDue: boolean;
  /** The reusable lesson, as free text for search. */
  lesson: { text: string; by: string; at: string } | null;
  lessonMissing: boolean;
  endedAt: string | null;
  /** Channel, industry and products, for the business numbers (issue 21); case_profile stores it. */
  profile?: CaseProfile;
  /** The case this deal came from (a converted trial's id); absent when requested directly. */
  sourceId?: string | null;
  seq: number;
  events: DealTimelineEvent[];
}

export function dealProjectionOf(state: DealState, eventsAfter: number): DealProjection {
  const { outcome, pricing } = state;
  return {
    dealId: state.dealId,
    workflowId: state.dealId,
    account: state.account,
    region: state.region,
    opportunityId: state.opportunity.id,
    amount: state.opportunity.amount,
    currency: state.opportunity.currency ?? null,
    dealStage: state.dealStage,
    competitors: state.competitors,
    supportTypes: state.supportTypes,
    dueDate: state.dueDate,
    salesOwner: state.salesOwner,
    calendar: state.calendar,
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt,
    stageHistory: state.stageHistory,
    requestedAt: state.requestedAt,
    requestedBy: state.requestedBy,
    responseDueDate: state.response.dueDate,
    responseOverdue: state.response.overdue,
    triagedAt: state.response.triagedAt ?? null,
    triagedBy: state.response.triagedBy ?? null,
    supportItems: state.supportItems.map((item) => ({
      supportType: item.type,
      assignees: item.assignees,
      status: item.status,
      actions: item.log.length,
      lastActionAt: item.log.at(-1)?.at ?? null,
      outcome: item.outcome ?? null,
      completedAt: item.completedAt ?? null,
    })),
    pricing: pricing
      ? {
          status: pricing.status,
          decidedBy: pricing.decidedBy ?? null,
          decidedAt: pricing.decidedAt ?? null,
          reason: pricing.reason ?? null,
        }
      : null,
    outcome: outcome
      ? {
          ...projectedOutcome(outcome),
          handoffRequested: outcome.handoffRequested,
          handoffPackage: outcome.handoffPackage ?? null,
        }
      : null,
    lessonDue: state.lessonDue,
    lesson: state.lesson ? { ...state.lesson } : null,
    lessonMissing: state.lessonMissing,
    endedAt: state.endedAt ?? null,
    profile: cleanProfile(state.profile),
    sourceId: state.source?.id ?? null,
    seq: state.seq,
    events: state.timeline.filter((event) => event.n > eventsAfter),
  };
}

/** The lists a case's projection leaves out when they did not change (patch lean-deal-small-payloads). */
const LISTS = ['stageHistory', 'supportItems'] as const;

/** A case's projection without the lists that did not change since the previous one; the activity reads them stored. */
export type DealProjectionChanges = ChangesOnly<DealProjection, (typeof LISTS)[number]>;

/** Projections of a case that carry its stage history and support items only when they changed. */
export function dealChangesProjector(): (state: DealState, eventsAfter: number) => DealProjectionChanges {
  const changes = changedFieldsProjector<DealProjection, (typeof LISTS)[number]>(LISTS);
  return (state, eventsAfter) => changes(dealProjectionOf(state, eventsAfter));
}
