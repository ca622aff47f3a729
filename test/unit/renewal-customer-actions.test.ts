import { applyRenewalAction, renewalActionRejection, type RenewalAction } from '../../domain/renewal/actions';
import { createRenewalState, renewalInputProblems } from '../../domain/renewal/create';
import {
  applyRenewalCustomerAction,
  renewalCustomerActionRejection,
  renewalCustomerSteps,
  type RenewalCustomerAction,
} from '../../domain/renewal/customer-actions';
import { RENEWAL_TEXT } from '../../domain/renewal/text';
import type { RenewalState } from '../../domain/renewal/types';
import { wordText } from '../../domain/shared/text';
import { renewalInput } from '../helpers/renewal-fixtures';

/** The customer's answer to a renewal proposal in the portal (issue 16), and the contacts staff keep. */
const TERM = { termStart: '2027-01-01', contractEnd: '2027-12-31' };
const day = (date: string) => new Date(`${date}T09:00:00Z`);
const customer = { name: 'Li Wei', email: 'li.wei@customer.example', ip: '203.0.113.7' };

function act(state: RenewalState, action: RenewalAction, now: Date, actor = 'ana'): RenewalState {
  const refused = renewalActionRejection(state, { action, actor });
  if (refused) throw new Error(`refused: ${refused.message}`);
  applyRenewalAction(state, { action, actor }, now);
  return state;
}

function refusal(state: RenewalState, action: RenewalCustomerAction) {
  const refused = renewalCustomerActionRejection(state, { action, customer });
  if (refused) {
    expect(wordText(RENEWAL_TEXT, refused.text, 'en')).toBe(refused.message);
    expect(wordText(RENEWAL_TEXT, refused.text, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  }
  return refused;
}

function customerDoes(state: RenewalState, action: RenewalCustomerAction, now: Date): RenewalState {
  const refused = refusal(state, action);
  if (refused) throw new Error(`refused: ${refused.message}`);
  applyRenewalCustomerAction(state, { action, customer }, now);
  return state;
}

const started = () => createRenewalState(renewalInput(TERM), day('2027-01-04'));
const proposed = (value = 120_000) =>
  act(started(), { type: 'send-proposal', value, link: 'https://docs.example/p' }, day('2027-09-20'));

describe('customer contacts on a renewal', () => {
  it('are taken at the start and replaced later with a timeline entry', () => {
    const li = { name: 'Li Wei', email: 'li.wei@customer.example', language: 'zh' as const };
    expect(renewalInputProblems(renewalInput(TERM, { customerContacts: [{ ...li, language: 'fr' as 'en' }] }))).toEqual(
      ['customerContacts[0].language must be en or zh'],
    );
    const state = createRenewalState(renewalInput(TERM, { customerContacts: [li] }), day('2027-01-04'));
    expect(state.customerContacts).toEqual([li]);
    act(state, { type: 'set-customer-contacts', contacts: [] }, day('2027-01-05'));
    expect(state.customerContacts).toEqual([]);
    expect(state.timeline.at(-1)!.summary).toBe(
      'ana set the customer contacts of the renewal of acme (contract C-1): -',
    );
  });
});

describe('the customer answers the renewal proposal', () => {
  it('only once a proposal is out, and once per proposal', () => {
    expect(refusal(started(), { type: 'ask-for-call' })?.message).toBe(
      'The renewal of acme (contract C-1) has no proposal to answer yet',
    );
    const state = proposed();
    expect(renewalCustomerSteps(state)).toEqual([{ kind: 'answer-proposal', dueDate: '2027-12-01' }]);
    expect(refusal(state, { type: 'accept-proposal', text: ' ' })?.kind).toBe('invalid-value');
    customerDoes(state, { type: 'accept-proposal', text: 'We accept' }, day('2027-09-22'));
    expect(state.term.customerResponse).toMatchObject({
      kind: 'accepted',
      proposalValue: 120_000,
      signature: { name: 'Li Wei', ip: '203.0.113.7', text: 'We accept' },
    });
    expect(state.timeline.at(-1)).toMatchObject({
      type: 'renewal.customer-accepted-proposal',
      summary:
        'The renewal proposal of 120000 CNY a year for the renewal of acme (contract C-1) was accepted by Li Wei (customer) via portal: "We accept"',
      notify: { role: 'customer_success', person: 'ana' },
    });
    expect(renewalCustomerSteps(state)).toEqual([]);
    expect(refusal(state, { type: 'ask-for-call' })?.message).toBe(
      'The proposal for the renewal of acme (contract C-1) was already answered by Li Wei (customer) on 2027-09-22',
    );
    // Staff still decide the term; a decided term takes no answer.
    act(state, { type: 'decide', outcome: 'expanded', newValue: 120_000 }, day('2027-10-01'));
    expect(state.term.customerResponse).toBeUndefined();
  });

  it('asks for a call, and a revised proposal is answered anew', () => {
    const state = proposed();
    customerDoes(state, { type: 'ask-for-call', note: 'Tuesday mornings' }, day('2027-09-21'));
    expect(state.timeline.at(-1)!.summary).toBe(
      'Li Wei (customer) asked via portal for a call about the renewal proposal for the renewal of acme (contract C-1): Tuesday mornings',
    );
    act(state, { type: 'send-proposal', value: 110_000 }, day('2027-09-25'));
    expect(renewalCustomerSteps(state)).toHaveLength(1);
    customerDoes(state, { type: 'accept-proposal', text: 'Fine' }, day('2027-09-26'));
    expect(state.term.customerResponse).toMatchObject({ kind: 'accepted', proposalValue: 110_000 });
  });
});
