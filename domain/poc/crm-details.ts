import type { Text } from '../shared/text';
import { pocSays, pocText } from './text';
import { appendEvent, isFinal, trialText } from './transitions';
import type { PocCrmFacts, PocState } from './types';

/**
 * The CRM changing a trial's details (issue 18): amount, sales owner, close date and CRM stage, each
 * stamped with the CRM's own modification time. A field is applied only when its time is later than
 * the last one applied to it, so events arriving out of order never put an older value back.
 */

export interface PocCrmChange<T> {
  value: T;
  /** ISO date-time: when the CRM modified it. */
  modifiedAt: string;
}

export interface PocCrmDetailsRequest {
  /** The CRM source, e.g. `salesforce`. */
  source: string;
  /** The CRM event's id (for the timeline's `after`, so the event can be traced). */
  eventId: string;
  changes: {
    amount?: PocCrmChange<number>;
    owner?: PocCrmChange<string>;
    closeDate?: PocCrmChange<string>;
    stage?: PocCrmChange<string>;
  };
}

export interface PocCrmDetailsResult {
  /** Fields changed by this event. */
  applied: string[];
  /** Fields a later CRM event had already set, that already held the value, or of a trial that has ended. */
  ignored: string[];
  seq: number;
  stage: string;
}

export function applyPocCrmDetails(state: PocState, request: PocCrmDetailsRequest, now: Date): PocCrmDetailsResult {
  // An ended trial keeps what it ended with: a CRM event arriving after the outcome changes nothing.
  if (isFinal(state.stage))
    return { applied: [], ignored: Object.keys(request.changes), seq: state.seq, stage: state.stage };
  const crm: PocCrmFacts = state.crm ?? { modifiedAt: {} };
  const applied: string[] = [];
  const ignored: string[] = [];
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const changes: Text[] = [];
  const current: Record<keyof PocCrmDetailsRequest['changes'], () => unknown> = {
    amount: () => state.opportunity.amount,
    owner: () => state.salesOwner,
    closeDate: () => crm.closeDate,
    stage: () => crm.stage,
  };
  for (const field of ['amount', 'owner', 'closeDate', 'stage'] as const) {
    const change = request.changes[field];
    if (!change) continue;
    const last = crm.modifiedAt[field];
    const was = current[field]();
    if ((last !== undefined && change.modifiedAt <= last) || was === change.value) {
      // Same value: only the time moves on, so an older event cannot undo it either.
      if (last === undefined || change.modifiedAt > last) crm.modifiedAt[field] = change.modifiedAt;
      ignored.push(field);
      continue;
    }
    crm.modifiedAt[field] = change.modifiedAt;
    if (field === 'amount') state.opportunity.amount = change.value as number;
    else if (field === 'owner') state.salesOwner = change.value as string;
    else if (field === 'closeDate') crm.closeDate = change.value as string;
    else crm.stage = change.value as string;
    applied.push(field);
    before[field] = was;
    after[field] = change.value;
    changes.push(
      pocText(`poc.crm.change.${field}`, {
        before: was === undefined ? undefined : String(was),
        after: String(change.value),
      }),
    );
  }
  state.crm = crm;
  if (applied.length > 0) {
    appendEvent(state, now, {
      type: 'poc.crm-details-updated',
      actor: `crm:${request.source}`,
      ...pocSays('poc.crm.details-updated', {
        source: request.source,
        label: trialText(state),
        changes: { list: changes, separator: ', ' },
      }),
      before,
      after: { ...after, crmEventId: request.eventId },
    });
    state.seq += 1;
  }
  return { applied, ignored, seq: state.seq, stage: state.stage };
}
