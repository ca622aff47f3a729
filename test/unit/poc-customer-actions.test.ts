import { workingDays } from '../../domain/shared/business-calendar';
import { wordText } from '../../domain/shared/text';
import { POC_TEXT } from '../../domain/poc/text';
import { applyPocAction, pocActionRejection, type PocAction } from '../../domain/poc/actions';
import { createPocState, pocInputProblems } from '../../domain/poc/create';
import {
  applyPocCustomerAction,
  pocCustomerActionRejection,
  pocCustomerSteps,
  type PocCustomerAction,
} from '../../domain/poc/customer-actions';
import { provisioningSucceeded } from '../../domain/poc/provisioning';
import type { PocState } from '../../domain/poc/types';
import { pocInput } from '../helpers/poc-fixtures';

/** The customer's portal steps on a trial (issue 16), and the customer contacts staff keep on it. */
const trial = pocInput({ plannedStart: '2026-03-09' });
const calendar = workingDays(trial.calendar.definition);
const day = (date: string, time = '09:00:00') => new Date(`${date}T${time}Z`);
const customer = { name: 'Li Wei', email: 'li.wei@customer.example', ip: '203.0.113.7', userAgent: 'Phone' };

function act(state: PocState, action: PocAction, actor: string, now: Date): PocState {
  const refused = pocActionRejection(state, { action, actor }, { now });
  if (refused) throw new Error(`refused: ${refused.message}`);
  applyPocAction(state, { action, actor }, { now });
  return state;
}

function refusal(
  state: PocState,
  action: PocCustomerAction,
  who: typeof customer | { name: string; email: string } = customer,
) {
  const refused = pocCustomerActionRejection(state, { action, customer: who });
  // The catalog text is the same refusal, and it has a Chinese wording.
  if (refused) {
    expect(wordText(POC_TEXT, refused.text, 'en')).toBe(refused.message);
    expect(wordText(POC_TEXT, refused.text, 'zh')).toMatch(/[\u4e00-\u9fff]/);
  }
  return refused;
}

function customerDoes(state: PocState, action: PocCustomerAction, now: Date): PocState {
  const refused = refusal(state, action);
  if (refused) throw new Error(`refused: ${refused.message}`);
  applyPocCustomerAction(state, { action, customer }, now);
  return state;
}

function ready(): PocState {
  const state = createPocState(trial, calendar, day('2026-03-05'));
  act(state, { type: 'approve' }, 'rita', day('2026-03-05', '10:00:00'));
  provisioningSucceeded(state, 1, { reference: 'env-1' }, day('2026-03-05', '10:01:00'));
  return state;
}
const active = () => act(ready(), { type: 'kickoff' }, 'sam', day('2026-03-09'));

describe('customer contacts on a trial', () => {
  it('are taken at the start, checked, and replaced later with a timeline entry', () => {
    const contact = { name: ' Li Wei ', email: 'li.wei@customer.example', language: 'zh' as const };
    expect(pocInputProblems({ ...trial, customerContacts: [{ ...contact, email: 'not-mail' }] })).toEqual([
      'customerContacts[0].email must be an e-mail address',
    ]);
    const state = createPocState({ ...trial, customerContacts: [contact] }, calendar, day('2026-03-05'));
    expect(state.customerContacts).toEqual([{ name: 'Li Wei', email: 'li.wei@customer.example', language: 'zh' }]);

    const twice = { type: 'set-customer-contacts' as const, contacts: [contact, contact] };
    expect(pocActionRejection(state, { action: twice, actor: 'sam' }, { now: day('2026-03-06') })?.message).toBe(
      'The customer contacts cannot be set like that: contacts[1].email li.wei@customer.example is listed twice',
    );
    const ann = { name: 'Ann', email: 'ann@customer.example', language: 'en' as const };
    act(state, { type: 'set-customer-contacts', contacts: [contact, ann] }, 'sam', day('2026-03-06'));
    expect(state.customerContacts).toHaveLength(2);
    expect(state.timeline.at(-1)!.summary).toBe(
      'sam set the customer contacts of the POC for acme (opportunity OPP-1): Li Wei <li.wei@customer.example>, Ann <ann@customer.example>',
    );
  });
});

describe('customer steps on a trial', () => {
  it('confirm the success criteria once, from approval on, with the words agreed', () => {
    const requested = createPocState(trial, calendar, day('2026-03-05'));
    expect(refusal(requested, { type: 'confirm-criteria', text: 'We agree' })?.message).toBe(
      'The POC for acme (opportunity OPP-1) is requested; this portal step is open only while it is approved or provisioning or provisioning failed or ready or active',
    );
    const state = ready();
    expect(pocCustomerSteps(state)).toEqual([{ kind: 'confirm-criteria' }]);
    expect(refusal(state, { type: 'confirm-criteria', text: '  ' })?.kind).toBe('evidence-required');
    expect(refusal(state, { type: 'confirm-criteria', text: 'We agree' }, { name: '', email: 'x@y.z' })?.kind).toBe(
      'evidence-required',
    );
    customerDoes(state, { type: 'confirm-criteria', text: 'We agree' }, day('2026-03-06'));
    expect(state.criteriaConfirmation).toMatchObject({ name: 'Li Wei', ip: '203.0.113.7', text: 'We agree' });
    expect(state.timeline.at(-1)).toMatchObject({
      type: 'poc.customer-confirmed-criteria',
      actor: 'li.wei@customer.example',
      summary:
        'The success criteria of the POC for acme (opportunity OPP-1) were confirmed by Li Wei (customer) via portal: "We agree"',
      notify: { role: 'sales' },
    });
    expect(wordText(POC_TEXT, state.timeline.at(-1)!.message!, 'zh')).toContain('已由 Li Wei（客户） 通过客户门户确认');
    expect(refusal(state, { type: 'confirm-criteria', text: 'Again' })?.message).toBe(
      'The success criteria of the POC for acme (opportunity OPP-1) were already confirmed by Li Wei (customer) on 2026-03-06',
    );
    expect(pocCustomerSteps(state)).toEqual([]);
  });

  it('take feedback while the trial runs; amber and red need a note, and red flags the trial at risk', () => {
    expect(refusal(ready(), { type: 'feedback', health: 'green' })?.kind).toBe('invalid-transition');
    const state = active();
    expect(pocCustomerSteps(state).map((step) => step.kind)).toEqual([
      'confirm-criteria',
      'feedback',
      'request-extension',
    ]);
    expect(refusal(state, { type: 'feedback', health: 'amber' })?.message).toBe(
      'Feedback rated amber needs a note saying what is wrong',
    );
    expect(refusal(state, { type: 'feedback', health: 'purple' as 'red' })?.kind).toBe('invalid-transition');
    customerDoes(state, { type: 'feedback', health: 'green' }, day('2026-03-10'));
    expect(state.atRisk).toBe(false);
    customerDoes(state, { type: 'feedback', health: 'red', note: 'Imports time out' }, day('2026-03-11'));
    expect(state.riskReasons).toEqual(['red-health']);
    expect(state.customerFeedback).toEqual([
      { at: '2026-03-10T09:00:00.000Z', name: 'Li Wei', email: customer.email, health: 'green' },
      {
        at: '2026-03-11T09:00:00.000Z',
        name: 'Li Wei',
        email: customer.email,
        health: 'red',
        note: 'Imports time out',
      },
    ]);
    expect(state.timeline.at(-1)).toMatchObject({
      summary:
        'Li Wei (customer) gave feedback on the POC for acme (opportunity OPP-1) via portal: red: Imports time out',
      notify: { role: 'regional_ops' },
    });
  });

  it('ask for an extension under the trial’s limits, which staff decide as any other', () => {
    const state = active();
    expect(refusal(state, { type: 'request-extension', days: 0, reason: 'More data' })?.kind).toBe('invalid-date');
    expect(refusal(state, { type: 'request-extension', days: 500, reason: 'More data' })?.kind).toBe('limit-reached');
    customerDoes(state, { type: 'request-extension', days: 7, reason: 'Our data team is away' }, day('2026-03-12'));
    expect(state.extensions.at(-1)).toMatchObject({
      days: 7,
      status: 'pending',
      requestedBy: customer.email,
      requestedByCustomer: 'Li Wei',
    });
    expect(state.timeline.at(-1)!.summary).toBe(
      'Li Wei (customer) asked via portal to extend the POC for acme (opportunity OPP-1) by 7 days to 2026-03-30: Our data team is away; staff decide it',
    );
    expect(refusal(state, { type: 'request-extension', days: 3, reason: 'More' })?.message).toMatch(/waiting/);
    expect(pocCustomerSteps(state).map((step) => step.kind)).not.toContain('request-extension');
    act(state, { type: 'approve-extension' }, 'rita', day('2026-03-13'));
    expect(state.endDate).toBe('2026-03-30');
  });

  it('refuse a step on a trial that moved on since the portal read it, and on an ended trial', () => {
    const state = active();
    const stale = pocCustomerActionRejection(state, {
      action: { type: 'feedback', health: 'green' },
      customer,
      expectedSeq: state.seq - 1,
    });
    expect(stale?.kind).toBe('stale-version');
    act(state, { type: 'withdraw', reason: 'Budget cut' }, 'sam', day('2026-03-12'));
    expect(refusal(state, { type: 'feedback', health: 'green' })?.message).toMatch(/cancelled/);
    expect(pocCustomerSteps(state)).toEqual([]);
  });
});
