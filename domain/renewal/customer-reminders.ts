import { customerReminderClock, reminderFacts, CUSTOMER_REMINDER_DAYS } from '../shared/customer-reminders';
import type { CustomerReminderAlarm, WaitingCustomerStep } from '../shared/customer-reminders';
import { renewalCustomerSteps } from './customer-actions';
import { renewalSays, renewalText } from './text';
import { appendEvent, recipient, renewalNamed } from './transitions';
import type { RenewalState } from './types';

/**
 * A renewal's customer step as reminders (issue 16): a proposal waits on the customer's answer from
 * the moment it is made (a revised one asks again). The customer-success owner is told when the
 * customer is late.
 */
export function waitingOnRenewalCustomer(state: RenewalState): WaitingCustomerStep[] {
  const [answer] = renewalCustomerSteps(state);
  const proposal = state.term.proposal;
  if (!answer || !proposal) return [];
  return [
    {
      key: 'answer-proposal',
      since: proposal.at,
      step: renewalText('customer-step.answer-proposal'),
      done: renewalText('customer-step.answer-proposal.done'),
      dueDate: answer.dueDate,
    },
  ];
}

function remind(state: RenewalState, alarm: CustomerReminderAlarm, now: Date): void {
  const label = renewalNamed(state);
  const facts = reminderFacts(alarm);
  const rounds = CUSTOMER_REMINDER_DAYS.length;
  appendEvent(state, now, {
    type: 'renewal.customer-reminded',
    actor: 'baton',
    stepKey: 'proposal',
    ...renewalSays('customer-reminder.sent', {
      step: facts.step,
      label,
      since: facts.since,
      dueDate: facts.dueDate,
      round: facts.round,
      rounds,
    }),
    customerReminder: facts,
  });
  if (alarm.late)
    appendEvent(state, now, {
      type: 'renewal.customer-overdue',
      actor: 'baton',
      stepKey: 'proposal',
      ...renewalSays('customer-reminder.late', {
        done: alarm.step.done,
        label,
        since: facts.since,
        dueDate: facts.dueDate,
        rounds,
      }),
      notify: recipient(state, 'customer_success'),
    });
}

/** The renewal's customer reminders: turned on at start, their next time, firing what is due. */
export const renewalCustomerReminders = customerReminderClock(waitingOnRenewalCustomer, remind);
