import type { Text } from '../shared/text';
import { dealSays, dealText } from './text';
import { appendEvent, dealNamed, isClosed } from './transitions';
import type { DealState } from './types';

/**
 * The CRM changing a deal-support case's details (issue 18): amount, sales owner, close date and
 * deal stage, each stamped with the CRM's own modification time. A field is applied only when its
 * time is later than the last one applied to it, so events arriving out of order never put an older
 * value back. A closed case keeps what it closed with.
 */

export const DEAL_CRM_FIELDS = ['amount', 'owner', 'closeDate', 'stage'] as const;
export type DealCrmField = (typeof DEAL_CRM_FIELDS)[number];

export interface DealCrmChange<T> {
  value: T;
  /** ISO date-time: when the CRM modified it. */
  modifiedAt: string;
}

export interface DealCrmDetailsRequest {
  /** The CRM source, e.g. `salesforce`. */
  source: string;
  /** The CRM event's id (kept in the timeline's `after`, so the event can be traced). */
  eventId: string;
  changes: {
    amount?: DealCrmChange<number>;
    owner?: DealCrmChange<string>;
    closeDate?: DealCrmChange<string>;
    stage?: DealCrmChange<string>;
  };
}

export interface DealCrmDetailsResult {
  applied: string[];
  /** Fields a later CRM event had already set, that already held the value, or of a closed case. */
  ignored: string[];
  seq: number;
  stage: string;
}

export function applyDealCrmDetails(state: DealState, request: DealCrmDetailsRequest, now: Date): DealCrmDetailsResult {
  if (isClosed(state.stage))
    return { applied: [], ignored: Object.keys(request.changes), seq: state.seq, stage: state.stage };
  const crm = state.crm ?? { modifiedAt: {} };
  const applied: DealCrmField[] = [];
  const ignored: DealCrmField[] = [];
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const changes: Text[] = [];
  const current: Record<DealCrmField, () => unknown> = {
    amount: () => state.opportunity.amount,
    owner: () => state.salesOwner,
    closeDate: () => crm.closeDate,
    stage: () => state.dealStage,
  };
  for (const field of DEAL_CRM_FIELDS) {
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
    else state.dealStage = change.value as string;
    applied.push(field);
    before[field] = was;
    after[field] = change.value;
    changes.push(
      dealText(`deal.crm.change.${field}`, {
        before: was === undefined ? undefined : String(was),
        after: String(change.value),
      }),
    );
  }
  state.crm = crm;
  if (applied.length > 0) {
    appendEvent(state, now, {
      type: 'deal.crm-details-updated',
      actor: `crm:${request.source}`,
      ...dealSays('deal.crm.details-updated', {
        source: request.source,
        label: dealNamed(state),
        changes: { list: changes, separator: ', ' },
      }),
      before,
      after: { ...after, crmEventId: request.eventId },
    });
    state.seq += 1;
  }
  return { applied, ignored, seq: state.seq, stage: state.stage };
}
