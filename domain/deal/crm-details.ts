import { applyNewerCrmFields, withCrmEventId, type CrmChange } from '../integrations/crm-fields';
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

export type DealCrmChange<T> = CrmChange<T>;

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
  const { applied, ignored } = applyNewerCrmFields(DEAL_CRM_FIELDS, request.changes, crm.modifiedAt, {
    read: (field) =>
      ({ amount: state.opportunity.amount, owner: state.salesOwner, closeDate: crm.closeDate, stage: state.dealStage })[
        field
      ],
    write: (field, value) => {
      if (field === 'amount') state.opportunity.amount = value as number;
      else if (field === 'owner') state.salesOwner = value as string;
      else if (field === 'closeDate') crm.closeDate = value as string;
      else state.dealStage = value as string;
    },
  });
  const changes: Text[] = applied.map((change) =>
    dealText(`deal.crm.change.${change.field}`, {
      before: change.before === undefined ? undefined : String(change.before),
      after: String(change.after),
    }),
  );
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
      ...withCrmEventId(applied, request.eventId),
    });
    state.seq += 1;
  }
  return { applied: applied.map((change) => change.field), ignored, seq: state.seq, stage: state.stage };
}
