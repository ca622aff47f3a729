import { workingDays } from '../../domain/shared/business-calendar';
import { applyHandoffAction, handoffActionRejection, type HandoffAction } from '../../domain/handoff/actions';
import {
  applyCustomerAction,
  customerActionRejection,
  pendingCustomerSteps,
  type CustomerAction,
} from '../../domain/handoff/customer-actions';
import { createHandoffState } from '../../domain/handoff/create';
import { waitingOnHandoffCustomer } from '../../domain/handoff/customer-reminders';
import type { HandoffState } from '../../domain/handoff/types';
import { completePackage, handoffInput } from '../helpers/handoff-fixtures';

/** The customer's portal steps reuse the staff rules; only who, from where and the agreed words differ. */
const input = handoffInput();
const calendar = workingDays(input.start.calendar.definition);
const context = (now: Date) => ({ now, calendar, pinnedCalendar: input.start.calendar });
const day = (date: string) => new Date(`${date}T09:00:00Z`);
const customer = { name: 'Li Wei', email: 'li.wei@customer.example', ip: '203.0.113.7', userAgent: 'Phone' };

function act(state: HandoffState, action: HandoffAction, now: Date): void {
  const refused = handoffActionRejection(state, { action, actor: 'pia' }, context(now));
  if (refused) throw new Error(`refused: ${refused.message}`);
  applyHandoffAction(state, { action, actor: 'pia' }, context(now));
}

const refusal = (state: HandoffState, action: CustomerAction, now = day('2026-03-20')) =>
  customerActionRejection(state, { action, customer }, context(now));

function kickedOff(): HandoffState {
  const state = createHandoffState(input, calendar, day('2026-03-05'));
  act(state, completePackage('2026-06-30'), day('2026-03-05'));
  act(state, { type: 'submit' }, day('2026-03-06'));
  act(state, { type: 'accept' }, day('2026-03-09'));
  act(state, { type: 'kickoff', kickoffDate: '2026-03-16' }, day('2026-03-16'));
  return state;
}

describe('customer steps in the portal', () => {
  it('confirms the spec milestone only after the milestone before it, as staff would', () => {
    const state = kickedOff();
    const spec: CustomerAction = { type: 'confirm-milestone', milestoneKey: 'spec-confirmed', text: 'We confirm' };
    expect(refusal(state, spec)?.message).toMatch(/waits on "requirements-confirmed"/);
    act(state, { type: 'complete-milestone', milestoneKey: 'requirements-confirmed' }, day('2026-03-19'));
    expect(refusal(state, spec)).toBeUndefined();
    applyCustomerAction(state, { action: spec, customer }, context(day('2026-03-20')));
    const milestone = state.milestones.find((each) => each.key === 'spec-confirmed')!;
    expect(milestone).toMatchObject({ status: 'done', completedBy: customer.email });
    expect(milestone.customerConfirmation).toMatchObject({ name: 'Li Wei', ip: '203.0.113.7', text: 'We confirm' });
    expect(state.timeline.at(-1)).toMatchObject({
      type: 'handoff.customer-confirmed',
      notify: { role: 'project_manager', person: 'pia' },
    });
    expect(state.timeline.at(-1)!.summary).toContain('confirmed by Li Wei (customer) via portal');
    expect(refusal(state, spec)?.message).toMatch(/already done/);
  });

  it('refuses milestones that are not the customer’s to confirm, and blank words', () => {
    const state = kickedOff();
    expect(refusal(state, { type: 'confirm-milestone', milestoneKey: 'tested', text: 'ok' })?.kind).toBe(
      'unknown-item',
    );
    expect(refusal(state, { type: 'confirm-milestone', milestoneKey: 'customer-acceptance', text: 'ok' })?.kind).toBe(
      'unknown-item',
    );
    expect(refusal(state, { type: 'accept', text: '  ' })?.kind).toBe('evidence-required');
  });

  it('signs the acceptance with who, when, from where and the text; once; then staff complete the milestone', () => {
    const state = kickedOff();
    expect(pendingCustomerSteps(state).map((step) => step.kind)).toEqual([
      'confirm-milestone',
      'confirm-milestone',
      'accept',
    ]);
    const accept: CustomerAction = { type: 'accept', text: 'We accept the delivery.', title: 'CIO' };
    expect(refusal(state, accept)).toBeUndefined();
    applyCustomerAction(state, { action: accept, customer }, context(day('2026-06-29')));
    expect(state.customerAcceptance).toMatchObject({
      signedBy: 'Li Wei',
      signedByTitle: 'CIO',
      signedOn: '2026-06-29',
      recordedBy: customer.email,
      portal: { name: 'Li Wei', ip: '203.0.113.7', userAgent: 'Phone', text: 'We accept the delivery.' },
    });
    expect(state.timeline.at(-1)!.summary).toContain('accepted by Li Wei (customer) via portal');
    expect(refusal(state, accept)?.message).toMatch(/already signed by Li Wei \(customer\)/);
    const recordedOver = handoffActionRejection(
      state,
      {
        action: {
          type: 'record-customer-acceptance',
          signedBy: 'Someone',
          signedOn: '2026-06-29',
          evidence: { note: 'x' },
        },
        actor: 'pia',
      },
      context(day('2026-06-29')),
    );
    expect(recordedOver?.message).toMatch(/signed the acceptance .* themselves in the portal/);
    expect(pendingCustomerSteps(state).map((step) => step.kind)).not.toContain('accept');
    for (const milestoneKey of ['requirements-confirmed', 'spec-confirmed', 'build-configured', 'tested'])
      act(state, { type: 'complete-milestone', milestoneKey }, day('2026-06-29'));
    act(state, { type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, day('2026-06-30'));
    expect(state.stage).toBe('accepted_by_customer');
    expect(pendingCustomerSteps(state)).toEqual([]);
  });

  it('stops waiting on the customer for the acceptance once staff recorded it on their behalf', () => {
    const state = kickedOff();
    expect(pendingCustomerSteps(state).map((step) => step.kind)).toContain('accept');
    act(
      state,
      {
        type: 'record-customer-acceptance',
        signedBy: 'Lin Hai',
        signedOn: '2026-03-20',
        evidence: { link: 'https://docs.example/acceptance.pdf' },
      },
      day('2026-03-20'),
    );
    expect(pendingCustomerSteps(state).map((step) => step.kind)).not.toContain('accept');
    expect(waitingOnHandoffCustomer(state).map((step) => step.key)).not.toContain('accept');
  });

  it('refuses a sign-off before kickoff with the staff rule’s message', () => {
    const state = createHandoffState(input, calendar, day('2026-03-05'));
    expect(refusal(state, { type: 'accept', text: 'yes' })?.kind).toBe('invalid-transition');
  });
});

describe('a short CSAT at each milestone', () => {
  const rate = (milestoneKey: string, score: number, comment?: string): CustomerAction => ({
    type: 'rate-milestone',
    milestoneKey,
    score,
    ...(comment ? { comment } : {}),
  });

  it('rates a done milestone once, 1 to 5, and tells the project manager', () => {
    const state = kickedOff();
    expect(refusal(state, rate('requirements-confirmed', 4))?.message).toMatch(/is not done yet/);
    act(state, { type: 'complete-milestone', milestoneKey: 'requirements-confirmed' }, day('2026-03-19'));
    expect(refusal(state, rate('requirements-confirmed', 6))?.message).toBe(
      'A rating is a whole number from 1 to 5, not 6',
    );
    expect(refusal(state, rate('nope', 4))?.kind).toBe('unknown-item');
    expect(refusal(state, rate('requirements-confirmed', 4))).toBeUndefined();
    applyCustomerAction(
      state,
      { action: rate('requirements-confirmed', 4, 'Quick and clear'), customer },
      context(day('2026-03-20')),
    );
    const milestone = state.milestones.find((each) => each.key === 'requirements-confirmed')!;
    expect(milestone.customerRating).toMatchObject({ score: 4, comment: 'Quick and clear', name: 'Li Wei' });
    expect(milestone.status).toBe('done');
    expect(state.timeline.at(-1)).toMatchObject({
      type: 'handoff.customer-rated',
      summary: expect.stringContaining('rated 4/5 by Li Wei (customer) via portal: Quick and clear'),
      notify: { role: 'project_manager', person: 'pia' },
    });
    expect(refusal(state, rate('requirements-confirmed', 5))?.message).toMatch(/already rated by Li Wei \(customer\)/);
    // A rating is not a step waiting on the customer.
    expect(pendingCustomerSteps(state).map((step) => step.kind)).not.toContain('rate-milestone');
  });
});
