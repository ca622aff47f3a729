import { customerReminderClock, reminderFacts, CUSTOMER_REMINDER_DAYS } from '../shared/customer-reminders';
import type { CustomerReminderAlarm, WaitingCustomerStep } from '../shared/customer-reminders';
import { CUSTOMER_CONFIRMED_MILESTONES } from './customer-actions';
import { handoffSays, handoffText } from './text';
import { appendEvent, handoffNamed, recipient } from './transitions';
import type { HandoffState } from './types';

/**
 * A kicked-off handoff's customer steps as reminders (issue 16): a milestone the customer confirms
 * waits on them once every milestone before it is done, and the acceptance once everything before
 * the acceptance milestone is. The project manager is told when the customer is late.
 */
export function waitingOnHandoffCustomer(state: HandoffState): WaitingCustomerStep[] {
  if (state.stage !== 'kicked_off') return [];
  const steps: WaitingCustomerStep[] = [];
  let since = state.stageEnteredAt;
  for (const milestone of state.milestones) {
    const customers = CUSTOMER_CONFIRMED_MILESTONES.includes(milestone.key);
    if (milestone.status !== 'done' && customers)
      steps.push({
        key: `confirm-milestone:${milestone.key}`,
        since,
        step: handoffText('customer-step.confirm-milestone', { title: milestone.title }),
        done: handoffText('customer-step.confirm-milestone.done', { title: milestone.title }),
        dueDate: milestone.dueDate,
      });
    if (milestone.customerSignOff && !state.customerAcceptance)
      steps.push({
        key: 'accept',
        since,
        step: handoffText('customer-step.accept'),
        done: handoffText('customer-step.accept.done'),
        dueDate: milestone.dueDate,
      });
    // Later milestones wait on this one: nothing after an open milestone is the customer's turn yet.
    if (milestone.status !== 'done') break;
    if (milestone.completedAt && Date.parse(milestone.completedAt) > Date.parse(since)) since = milestone.completedAt;
  }
  return steps;
}

function remind(state: HandoffState, alarm: CustomerReminderAlarm, now: Date): void {
  const label = handoffNamed(state);
  const facts = reminderFacts(alarm);
  const milestoneKey = alarm.step.key.startsWith('confirm-milestone:')
    ? alarm.step.key.slice('confirm-milestone:'.length)
    : state.milestones.find((milestone) => milestone.customerSignOff)?.key;
  const about = milestoneKey ? { milestoneKey } : {};
  const rounds = CUSTOMER_REMINDER_DAYS.length;
  appendEvent(state, now, {
    type: 'handoff.customer-reminded',
    actor: 'baton',
    ...about,
    ...handoffSays('customer-reminder.sent', {
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
      type: 'handoff.customer-overdue',
      actor: 'baton',
      ...about,
      ...handoffSays('customer-reminder.late', {
        done: alarm.step.done,
        label,
        since: facts.since,
        dueDate: facts.dueDate,
        rounds,
      }),
      notify: recipient(state, 'project_manager'),
    });
}

/** The handoff's customer reminders: turned on at start, their next time, firing what is due. */
export const handoffCustomerReminders = customerReminderClock(waitingOnHandoffCustomer, remind);
