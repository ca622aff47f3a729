import { customerSignature, type PortalContact } from '../shared/customer-portal';
import { blank } from '../shared/input-checks';
import type { Said } from '../shared/text';
import type { RenewalRejection } from './actions';
import { renewalSays, renewalText } from './text';
import { appendEvent, money, recipient, renewalNamed } from './transitions';
import type { RenewalState } from './types';

/**
 * What the customer does on their renewal through the portal (issue 16): answer the renewal
 * proposal by accepting it or asking for a call. Either is an Update beside staff actions; neither
 * decides the term (staff record the outcome with the signed contract, as today), but the customer
 * success owner is told at once and the timeline keeps the customer's own words.
 */
export type RenewalCustomerAction = { type: 'accept-proposal'; text: string } | { type: 'ask-for-call'; note?: string };

export interface RenewalCustomerActionRequest {
  /** The portal sends role customer and the customer's email as actor, so the workflow stamps their events (issue 21). */
  actorRole?: 'customer';
  actor?: string;
  action: RenewalCustomerAction;
  customer: PortalContact;
  /** The `seq` the portal last saw; refused if the renewal changed since. */
  expectedSeq?: number;
}

/** A customer step open on a renewal: answering the current proposal. */
export type RenewalCustomerStep = { kind: 'answer-proposal'; dueDate: string };

const reject = (kind: RenewalRejection['kind'], said: Said): RenewalRejection => ({
  kind,
  message: said.summary,
  text: said.message,
});

/** "Li Wei (customer)", in each reader's language. */
export const renewalCustomerNamed = (customer: { name: string }) =>
  renewalText('renewal.customer-name', { name: customer.name.trim() });

/** Why the customer cannot take this step now, or undefined when they can. */
export function renewalCustomerActionRejection(
  state: RenewalState,
  request: RenewalCustomerActionRequest,
): RenewalRejection | undefined {
  const { action, customer } = request;
  const label = renewalNamed(state);
  if (blank(customer?.name) || blank(customer?.email))
    return reject('invalid-value', renewalSays('renewal.refused.portal-contact'));
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = renewalNamed(state, 'renewal.label.capital');
    return reject(
      'stale-version',
      renewalSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  if (action.type !== 'accept-proposal' && action.type !== 'ask-for-call')
    return reject(
      'invalid-transition',
      renewalSays('renewal.refused.portal-unknown', { type: String((action as { type: unknown }).type) }),
    );
  if (state.stage === 'churned') return reject('invalid-transition', renewalSays('renewal.refused.churned', { label }));
  const { term } = state;
  if (term.decision)
    return reject(
      'invalid-transition',
      renewalSays('renewal.refused.decided', { label, outcome: term.decision.outcome }),
    );
  if (!term.proposal) return reject('invalid-transition', renewalSays('renewal.refused.no-proposal', { label }));
  const answered = term.customerResponse;
  if (answered && answered.proposalAt === term.proposal.at)
    return reject(
      'invalid-transition',
      renewalSays('renewal.refused.proposal-answered', {
        label,
        who: renewalCustomerNamed(answered.signature),
        date: answered.signature.at.slice(0, 10),
      }),
    );
  if (action.type === 'accept-proposal' && blank(action.text))
    return reject('invalid-value', renewalSays('renewal.refused.portal-text'));
  return undefined;
}

/** Applies a customer step already validated by `renewalCustomerActionRejection`. */
export function applyRenewalCustomerAction(
  state: RenewalState,
  request: RenewalCustomerActionRequest,
  now: Date,
): void {
  const { action, customer } = request;
  const { term } = state;
  const proposal = term.proposal!;
  const label = renewalNamed(state);
  const who = renewalCustomerNamed(customer);
  const owner = recipient(state, 'customer_success');
  if (action.type === 'accept-proposal') {
    const signature = customerSignature(customer, action.text, now);
    term.customerResponse = { kind: 'accepted', proposalAt: proposal.at, proposalValue: proposal.value, signature };
    appendEvent(state, now, {
      type: 'renewal.customer-accepted-proposal',
      actor: signature.email,
      stepKey: 'proposal',
      ...renewalSays('renewal.customer-accepted-proposal', {
        label,
        who,
        value: money(state, proposal.value),
        text: signature.text,
      }),
      after: { accepted: proposal.value, via: 'portal', from: signature.ip ?? null },
      notify: owner,
    });
  } else {
    const note = blank(action.note) ? undefined : action.note!.trim();
    const signature = customerSignature(customer, note ?? '', now);
    term.customerResponse = {
      kind: 'call-requested',
      proposalAt: proposal.at,
      proposalValue: proposal.value,
      signature,
      ...(note ? { note } : {}),
    };
    appendEvent(state, now, {
      type: 'renewal.customer-asked-for-call',
      actor: signature.email,
      stepKey: 'proposal',
      ...renewalSays('renewal.customer-asked-for-call', { label, who, note }),
      after: { callRequested: true, note: note ?? null, via: 'portal' },
      notify: owner,
    });
  }
  state.seq += 1;
}

/** The step open to the customer now: answering a proposal not yet answered (the outcome's due date is the deadline). */
export function renewalCustomerSteps(state: RenewalState): RenewalCustomerStep[] {
  const { term } = state;
  if (state.stage === 'churned' || term.decision || !term.proposal) return [];
  if (term.customerResponse?.proposalAt === term.proposal.at) return [];
  const outcome = term.steps.find((step) => step.key === 'outcome');
  return [{ kind: 'answer-proposal', dueDate: outcome?.dueDate ?? term.contractEnd }];
}
