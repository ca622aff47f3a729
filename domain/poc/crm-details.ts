import { applyNewerCrmFields, withCrmEventId, type CrmChange } from '../integrations/crm-fields';
import type { Text } from '../shared/text';
import { pocSays, pocText } from './text';
import { appendEvent, isFinal, trialText } from './transitions';
import type { PocCrmFacts, PocState } from './types';

/**
 * The CRM changing a trial's details (issue 18): amount, sales owner, close date and CRM stage, each
 * stamped with the CRM's own modification time. A field is applied only when its time is later than
 * the last one applied to it, so events arriving out of order never put an older value back.
 */

const POC_CRM_FIELDS = ['amount', 'owner', 'closeDate', 'stage'] as const;

export type PocCrmChange<T> = CrmChange<T>;

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
  const { applied, ignored } = applyNewerCrmFields(POC_CRM_FIELDS, request.changes, crm.modifiedAt, {
    read: (field) =>
      ({ amount: state.opportunity.amount, owner: state.salesOwner, closeDate: crm.closeDate, stage: crm.stage })[
        field
      ],
    write: (field, value) => {
      if (field === 'amount') state.opportunity.amount = value as number;
      else if (field === 'owner') state.salesOwner = value as string;
      else if (field === 'closeDate') crm.closeDate = value as string;
      else crm.stage = value as string;
    },
  });
  const changes: Text[] = applied.map((change) =>
    pocText(`poc.crm.change.${change.field}`, {
      before: change.before === undefined ? undefined : String(change.before),
      after: String(change.after),
    }),
  );
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
      ...withCrmEventId(applied, request.eventId),
    });
    state.seq += 1;
  }
  return { applied: applied.map((change) => change.field), ignored, seq: state.seq, stage: state.stage };
}
