import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import { recipientName } from '../shared/roles';
import { alarmCause, alarmEntries, alarmClock, plural, slaAlarms, startOfDay } from '../shared/dated-alarms';
import { dealSays } from './text';
import { appendEvent, dealNamed, recipient, settleLesson } from './transitions';
import type { DealAlarmCause, DealState } from './types';

/**
 * A case's timers as dated alarms: the response SLA (reminders, then an escalation to the ops
 * manager) while it waits for triage, and the lesson (reminders, then "missing") once it closed.
 * Each id carries the date it belongs to, so it fires once.
 */

export type DealAlarmKind = 'response-reminder' | 'response-escalation' | 'lesson-reminder' | 'lesson-missing';

export interface DealAlarm {
  id: string;
  /** Epoch ms, always the start of a UTC day. */
  at: number;
  kind: DealAlarmKind;
  subject: DealAlarmCause['subject'];
  dueDate: string;
  rule: string;
  /** When the date this alarm belongs to was set: an alarm already past by then never notifies. */
  scheduledAt: string;
}

function responseAlarms(state: DealState, calendar: WorkingDays): DealAlarm[] {
  if (state.stage !== 'requested') return [];
  const { dueDate } = state.response;
  const { responseSla, responseRemindersBefore, escalationRole } = state.rules;
  return slaAlarms('response', dueDate, responseSla, responseRemindersBefore, calendar, escalationRole).map(
    (alarm) => ({
      id: alarm.id,
      at: alarm.at,
      kind: `response-${alarm.stage}` as const,
      subject: 'response',
      dueDate,
      rule: alarm.rule,
      scheduledAt: state.requestedAt,
    }),
  );
}

function lessonAlarms(state: DealState): DealAlarm[] {
  const closedOn = state.closedOn;
  if (!state.lessonDue || closedOn === undefined) return [];
  const { lessonRemindersDaysAfterClose, lessonDeadlineDays } = state.rules;
  const deadline = addCalendarDays(closedOn, lessonDeadlineDays);
  const base = {
    subject: 'lesson' as const,
    dueDate: deadline,
    scheduledAt: state.outcome?.at ?? state.stageEnteredAt,
  };
  return [
    ...[...new Set(lessonRemindersDaysAfterClose)].map((days): DealAlarm => ({
      ...base,
      id: `lesson@${closedOn}:reminder:${days}`,
      at: startOfDay(addCalendarDays(closedOn, days)),
      kind: 'lesson-reminder',
      rule: `lesson reminder ${plural(days, 'day')} after the case closed on ${closedOn}`,
    })),
    {
      ...base,
      id: `lesson@${closedOn}:missing`,
      at: startOfDay(deadline),
      kind: 'lesson-missing',
      rule: `no lesson within ${plural(lessonDeadlineDays, 'day')} of closing on ${closedOn}`,
    },
  ];
}

/** Every alarm the case has now, fired or not. */
function allAlarms(state: DealState, calendar: WorkingDays): DealAlarm[] {
  return [...responseAlarms(state, calendar), ...lessonAlarms(state)];
}

const clock = alarmClock(allAlarms, fire);

/** Alarms that have not fired yet, earliest first. */
export const pendingDealAlarms = clock.pending;

/** Milliseconds until the next alarm, 0 when one is due now, undefined when none is pending. */
export const msUntilNextDealAlarm = clock.msUntilNext;

/** Fires every alarm whose time has come; returns whether anything changed. */
export const fireDealAlarms = clock.fireDue;

function fire(state: DealState, alarm: DealAlarm, now: Date, timely: boolean): void {
  const label = dealNamed(state);
  const cause = alarmCause(alarm, state.calendar);
  const event = alarmEntries(appendEvent, state, now, {}, cause, timely);

  switch (alarm.kind) {
    case 'response-reminder': {
      if (!timely) return;
      const who = recipient(state, state.rules.triageRole);
      event(
        'deal.response-reminder',
        dealSays('deal.response-reminder', {
          who: recipientName(who),
          label,
          requestedBy: state.requestedBy,
          dueDate: state.response.dueDate,
        }),
        who,
      );
      return;
    }
    case 'response-escalation': {
      state.response.overdue = true;
      // A template's service level may name another role (issue 20); cases before it escalate to the ops manager.
      const who = recipient(state, state.rules.escalationRole ?? 'ops_manager');
      event(
        'deal.response-escalation',
        dealSays('deal.response-escalation', {
          who: recipientName(who),
          label,
          requestedBy: state.requestedBy,
          dueDate: state.response.dueDate,
        }),
        who,
        {
          after: { responseOverdue: true },
        },
      );
      return;
    }
    case 'lesson-reminder': {
      if (!timely) return;
      const who = recipient(state, 'sales');
      event(
        'deal.lesson-reminder',
        dealSays('deal.lesson-reminder', {
          who: recipientName(who),
          label,
          stage: state.stage.replace('_', ' '),
          dueDate: alarm.dueDate,
        }),
        who,
      );
      return;
    }
    case 'lesson-missing': {
      state.lessonMissing = true;
      settleLesson(state, now);
      event(
        'deal.lesson-missing',
        dealSays('deal.lesson-missing', { label, rule: alarm.rule }),
        recipient(state, state.rules.triageRole),
        { before: { lessonDue: true }, after: { lessonDue: false, lessonMissing: true } },
      );
      return;
    }
  }
}
