import { applyNewerCrmFields, withCrmEventId, type CrmChange } from '../integrations/crm-fields';
import type { Text } from '../shared/text';
import { renewalSays, renewalText } from './text';
import { appendEvent, money, planTerm, pruneFiredAlarms, refreshStage, renewalNamed, today } from './transitions';
import type { RenewalState } from './types';

/**
 * The CRM changing a renewal's contract (issue 18): term start, contract end and annual value, each
 * stamped with the CRM's own modification time. A field is applied only when its time is later than
 * the last one applied to it, so contract events arriving out of order never put an older date back.
 * A new contract end dates the term's open steps again (counted back from it, as a new term's are);
 * steps already done stay as they were.
 */

export const RENEWAL_CRM_FIELDS = ['termStart', 'contractEnd', 'value'] as const;
export type RenewalCrmField = (typeof RENEWAL_CRM_FIELDS)[number];

export type RenewalCrmChange<T> = CrmChange<T>;

export interface RenewalCrmDatesRequest {
  /** The CRM source, e.g. `salesforce`. */
  source: string;
  /** The CRM event's id (kept in the timeline's `after`, so the event can be traced). */
  eventId: string;
  changes: {
    termStart?: RenewalCrmChange<string>;
    contractEnd?: RenewalCrmChange<string>;
    value?: RenewalCrmChange<number>;
  };
}

export interface RenewalCrmDatesResult {
  /** Fields changed by this event. */
  applied: string[];
  /** Fields a later CRM event had already set, that already held the value, or of a term already decided. */
  ignored: string[];
  seq: number;
  stage: string;
  term: number;
}

export function applyRenewalCrmDates(
  state: RenewalState,
  request: RenewalCrmDatesRequest,
  now: Date,
): RenewalCrmDatesResult {
  const { term } = state;
  const result = (applied: string[], ignored: string[]): RenewalCrmDatesResult => ({
    applied,
    ignored,
    seq: state.seq,
    stage: state.stage,
    term: term.number,
  });
  // A decided (or churned) term keeps what it was decided on; the next term is the CRM's next contract.
  if (state.endedAt || term.decision) return result([], Object.keys(request.changes));
  const crm = state.crm ?? { modifiedAt: {} };
  const outcome = applyNewerCrmFields(RENEWAL_CRM_FIELDS, request.changes, crm.modifiedAt, {
    read: (field) => term[field],
    write: (field, value) => {
      if (field === 'value') term.value = value as number;
      else term[field] = value as string;
    },
  });
  const applied = outcome.applied.map((change) => change.field);
  const { ignored } = outcome;
  const shown = (field: RenewalCrmField, value: unknown) =>
    field === 'value' ? money(state, value as number) : String(value);
  const changes: Text[] = outcome.applied.map((change) =>
    renewalText(`renewal.crm.change.${change.field}`, {
      before: shown(change.field, change.before),
      after: shown(change.field, change.after),
    }),
  );
  state.crm = crm;
  if (applied.length === 0) return result(applied, ignored);
  const replanned = applied.includes('contractEnd') ? redateOpenSteps(state, now) : undefined;
  const facts = {
    source: request.source,
    label: renewalNamed(state),
    changes: { list: changes, separator: ', ' as const },
  };
  appendEvent(state, now, {
    type: 'renewal.crm-dates-updated',
    actor: `crm:${request.source}`,
    ...(replanned
      ? renewalSays('renewal.crm.dates-updated.replanned', { ...facts, dated: replanned })
      : renewalSays('renewal.crm.dates-updated', facts)),
    ...withCrmEventId(outcome.applied, request.eventId),
  });
  state.seq += 1;
  return result(applied, ignored);
}

/** Dates each open step again from the term's contract end; one whose date has passed is due today. */
function redateOpenSteps(state: RenewalState, now: Date): string {
  const planned = planTerm(state.rules, state.term.contractEnd, now);
  const day = today(now);
  for (const step of state.term.steps) {
    if (step.status !== 'open') continue;
    const plan = planned.steps.find((candidate) => candidate.key === step.key)!;
    const dueDate = plan.status === 'open' ? plan.dueDate : day;
    if (dueDate === step.dueDate) continue;
    step.dueDate = dueDate;
    step.scheduledAt = now.toISOString();
    step.overdue = dueDate < day;
  }
  pruneFiredAlarms(state);
  refreshStage(state, now);
  return state.term.steps
    .filter((step) => step.status === 'open')
    .map((step) => `${step.title.toLowerCase()} ${step.dueDate}`)
    .join(', ');
}
