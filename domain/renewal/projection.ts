import { nextOpenStep } from './transitions';
import type { RenewalState, RenewalTimelineEvent } from './types';
import { cleanProfile, type CaseProfile } from '../insights/case-profile';

/** One term as the read model stores it (renewal_term): decided terms and the current one. */
export interface RenewalTermRow {
  number: number;
  termStart: string;
  contractEnd: string;
  value: number;
  /** Null while the term is undecided. */
  outcome: string | null;
  newValue: number | null;
  churnReason: string | null;
  note: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  healthScore: number | null;
  healthBand: string | null;
  atRisk: boolean;
  /** The current term only: the proposed value, when a proposal was sent. */
  proposedValue: number | null;
}

/**
 * What the read model stores of a renewal after a change: one row for lists, the calendar and the
 * forecast (current term, stage, health, next due step), one row per term, and the events it has
 * not seen. `seq` orders writes: an older or retried one must never win.
 */
export interface RenewalProjection {
  renewalId: string;
  workflowId: string;
  account: string;
  region: string;
  contractId: string;
  tier: string;
  currency: string | null;
  customerSuccessOwner: string | null;
  sourcePlaybook: string;
  sourceId: string | null;
  calendar: string;
  stage: RenewalState['stage'];
  stageEnteredAt: string;
  startedAt: string;
  term: {
    number: number;
    termStart: string;
    contractEnd: string;
    value: number;
    compressed: boolean;
    lastCall: boolean;
    lapsed: boolean;
    steps: {
      key: string;
      title: string;
      ownerRole: string;
      dueDate: string;
      status: string;
      overdue: boolean;
      escalated: boolean;
      doneAt: string | null;
    }[];
  };
  health: { score: number; band: string; source: string; at: string } | null;
  atRisk: boolean;
  healthCheck: { status: string; lastError: string | null };
  nextStep: { key: string; dueDate: string; ownerRole: string } | null;
  /** Open steps whose due date has passed. */
  overdueSteps: number;
  /** Every term so far, oldest first; the last is the current one unless the contract churned. */
  terms: RenewalTermRow[];
  endedAt: string | null;
  /** Channel, industry and products, for the business numbers (issue 21); case_profile stores it. */
  profile?: CaseProfile;
  seq: number;
  events: RenewalTimelineEvent[];
}

export function renewalProjectionOf(state: RenewalState, eventsAfter: number): RenewalProjection {
  const { term } = state;
  const next = nextOpenStep(term);
  const decided: RenewalTermRow[] = state.pastTerms.map((past) => ({
    number: past.number,
    termStart: past.termStart,
    contractEnd: past.contractEnd,
    value: past.value,
    outcome: past.outcome,
    newValue: past.newValue,
    churnReason: past.churnReason ?? null,
    note: past.note ?? null,
    decidedAt: past.decidedAt,
    decidedBy: past.decidedBy,
    healthScore: past.healthScore ?? null,
    healthBand: past.healthBand ?? null,
    atRisk: past.atRisk,
    proposedValue: null,
  }));
  const current: RenewalTermRow[] = term.decision
    ? []
    : [
        {
          number: term.number,
          termStart: term.termStart,
          contractEnd: term.contractEnd,
          value: term.value,
          outcome: null,
          newValue: null,
          churnReason: null,
          note: null,
          decidedAt: null,
          decidedBy: null,
          healthScore: term.health?.score ?? null,
          healthBand: term.health?.band ?? null,
          atRisk: term.atRisk,
          proposedValue: term.proposal?.value ?? null,
        },
      ];
  return {
    renewalId: state.renewalId,
    workflowId: state.renewalId,
    account: state.account,
    region: state.region,
    contractId: state.contractId,
    tier: state.tier,
    currency: state.currency ?? null,
    customerSuccessOwner: state.customerSuccessOwner ?? null,
    sourcePlaybook: state.source.playbook,
    sourceId: state.source.id ?? null,
    calendar: state.calendar,
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt,
    startedAt: state.startedAt,
    term: {
      number: term.number,
      termStart: term.termStart,
      contractEnd: term.contractEnd,
      value: term.value,
      compressed: term.compressed,
      lastCall: term.lastCall,
      lapsed: term.lapsed,
      steps: term.steps.map((step) => ({
        key: step.key,
        title: step.title,
        ownerRole: step.ownerRole,
        dueDate: step.dueDate,
        status: step.status,
        overdue: step.overdue,
        escalated: step.escalated,
        doneAt: step.doneAt ?? null,
      })),
    },
    health: term.health
      ? { score: term.health.score, band: term.health.band, source: term.health.source, at: term.health.at }
      : null,
    atRisk: !term.decision && term.atRisk,
    healthCheck: { status: state.healthCheck.status, lastError: state.healthCheck.lastError ?? null },
    nextStep: next && !term.decision ? { key: next.key, dueDate: next.dueDate, ownerRole: next.ownerRole } : null,
    overdueSteps: term.decision ? 0 : term.steps.filter((step) => step.status === 'open' && step.overdue).length,
    terms: [...decided, ...current],
    endedAt: state.endedAt ?? null,
    profile: cleanProfile(state.profile),
    seq: state.seq,
    events: state.timeline.filter((event) => event.n > eventsAfter),
  };
}

/**
 * Since patch lean-renewal-small-payloads: `terms` holds only the term rows that changed since the renewal's previous
 * projection (the read model keeps the rest; the activity upserts the rows it gets).
 */
export type RenewalProjectionChanges = RenewalProjection & { changesOnly: true };

/**
 * Projections that carry only the term rows that changed since the previous one, as the activity's input is stored in
 * history for every action (a row also stores the renewal's region, tier and currency, which no action changes). The
 * first projection of a run carries them all. Deterministic: the workflow calls it in
 * the same order on replay.
 */
export function renewalChangesProjector(): (state: RenewalState, eventsAfter: number) => RenewalProjectionChanges {
  const projected = new Map<number, string>();
  return (state, eventsAfter) => {
    const whole = renewalProjectionOf(state, eventsAfter);
    const terms = whole.terms.filter((row) => {
      const json = JSON.stringify(row);
      if (projected.get(row.number) === json) return false;
      projected.set(row.number, json);
      return true;
    });
    return { ...whole, terms, changesOnly: true };
  };
}
