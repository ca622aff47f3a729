import { customerReminderClock, reminderFacts, CUSTOMER_REMINDER_DAYS } from '../shared/customer-reminders';
import type { CustomerReminderAlarm, WaitingCustomerStep } from '../shared/customer-reminders';
import { pocCustomerSteps } from './customer-actions';
import { pocSays, pocText } from './text';
import { appendEvent, recipient, trialText } from './transitions';
import type { PocState } from './types';

/**
 * A trial's customer step as reminders (issue 16): the agreed success criteria wait on the customer
 * from the approval until they confirm them (feedback and extensions are theirs to give, not owed).
 * The sales owner is told when the customer is late.
 */
export function waitingOnPocCustomer(state: PocState): WaitingCustomerStep[] {
  const criteria = pocCustomerSteps(state).find((step) => step.kind === 'confirm-criteria');
  if (!criteria) return [];
  return [
    {
      key: 'confirm-criteria',
      since: state.approval.decidedAt ?? state.stageEnteredAt,
      step: pocText('customer-step.confirm-criteria'),
      done: pocText('customer-step.confirm-criteria.done'),
      ...(criteria.dueDate ? { dueDate: criteria.dueDate } : {}),
    },
  ];
}

function remind(state: PocState, alarm: CustomerReminderAlarm, now: Date): void {
  const label = trialText(state);
  const facts = reminderFacts(alarm);
  const rounds = CUSTOMER_REMINDER_DAYS.length;
  appendEvent(state, now, {
    type: 'poc.customer-reminded',
    actor: 'baton',
    ...pocSays('customer-reminder.sent', {
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
      type: 'poc.customer-overdue',
      actor: 'baton',
      ...pocSays('customer-reminder.late', {
        done: alarm.step.done,
        label,
        since: facts.since,
        dueDate: facts.dueDate,
        rounds,
      }),
      notify: recipient(state, 'sales'),
    });
}

/** The trial's customer reminders: turned on at start, their next time, firing what is due. */
export const pocCustomerReminders = customerReminderClock(waitingOnPocCustomer, remind);
