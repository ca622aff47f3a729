import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import { alarmCause, alarmEntries, alarmClock, plural, startOfDay } from '../shared/dated-alarms';
import { resolveOffset } from '../shared/schedule';
import { requestHealthCheck } from './assessment';
import { renewalSays } from './text';
import { addressee, appendEvent, money, recipient, renewalNamed, stepOf } from './transitions';
import type { RenewalAlarmCause, RenewalState, RenewalStep } from './types';

/**
 * A term's timers as dated alarms. Each open step: reminders to its owner (business days before
 * it is due), the overdue flag the day after, an escalation to the ops manager some business days
 * later; the health review also runs the health check on its due date. The contract end: a last
 * call to the ops manager a week before (by default) while undecided, and "lapsed" the day after it
 * passes undecided. Ids carry the term and the date, so each fires once.
 */

export type RenewalAlarmKind =
  'step-reminder' | 'step-overdue' | 'step-escalation' | 'health-check' | 'last-call' | 'lapsed';

export interface RenewalAlarm {
  id: string;
  /** Epoch ms, always the start of a UTC day. */
  at: number;
  kind: RenewalAlarmKind;
  subject: RenewalAlarmCause['subject'];
  dueDate: string;
  rule: string;
  /** When the date this alarm belongs to was set: an alarm already past by then never notifies. */
  scheduledAt: string;
}

function stepAlarms(state: RenewalState, step: RenewalStep, calendar: WorkingDays): RenewalAlarm[] {
  const { rules } = state;
  const base = { subject: step.key, dueDate: step.dueDate, scheduledAt: step.scheduledAt };
  const id = `t${state.term.number}:${step.key}@${step.dueDate}:`;
  const name = step.title.toLowerCase();
  const alarms: RenewalAlarm[] = [...new Set(rules.stepRemindersBefore)].map((days) => ({
    ...base,
    id: `${id}reminder:${days}`,
    at: startOfDay(resolveOffset(step.dueDate, { days: -days, unit: 'business-days' }, calendar).date),
    kind: 'step-reminder',
    rule:
      days === 0
        ? `${name} reminder on the day it is due`
        : `${name} reminder ${plural(days, 'business day')} before it is due`,
  }));
  if (step.key === 'health_review') {
    alarms.push({
      ...base,
      id: `${id}check`,
      at: startOfDay(step.dueDate),
      kind: 'health-check',
      rule: 'the health review asks the health source for figures on its due date',
    });
  }
  alarms.push(
    {
      ...base,
      id: `${id}overdue`,
      at: startOfDay(addCalendarDays(step.dueDate, 1)),
      kind: 'step-overdue',
      rule: `${name} not done by its due date`,
    },
    {
      ...base,
      id: `${id}escalation`,
      at: startOfDay(
        resolveOffset(step.dueDate, { days: rules.stepEscalationDaysAfter, unit: 'business-days' }, calendar).date,
      ),
      kind: 'step-escalation',
      rule: `${name} still open ${plural(rules.stepEscalationDaysAfter, 'business day')} after it was due: escalation to ops_manager`,
    },
  );
  return alarms;
}

function contractEndAlarms(state: RenewalState): RenewalAlarm[] {
  const { term, rules } = state;
  const base = { subject: 'contract-end' as const, dueDate: term.contractEnd, scheduledAt: term.plannedAt };
  const id = `t${term.number}:contract-end@${term.contractEnd}:`;
  return [
    {
      ...base,
      id: `${id}last-call`,
      at: startOfDay(addCalendarDays(term.contractEnd, -rules.lastCallDaysBefore)),
      kind: 'last-call',
      rule: `no outcome ${plural(rules.lastCallDaysBefore, 'day')} before the contract ends: last call to ops_manager`,
    },
    {
      ...base,
      id: `${id}lapsed`,
      at: startOfDay(addCalendarDays(term.contractEnd, 1)),
      kind: 'lapsed',
      rule: 'the contract ended without a recorded outcome',
    },
  ];
}

/** Every alarm the current term has now, fired or not; none once it is decided. */
function allAlarms(state: RenewalState, calendar: WorkingDays): RenewalAlarm[] {
  if (state.term.decision) return [];
  const open = state.term.steps.filter((step) => step.status === 'open');
  return [...open.flatMap((step) => stepAlarms(state, step, calendar)), ...contractEndAlarms(state)];
}

const clock = alarmClock(allAlarms, fire);

/** Alarms that have not fired yet, earliest first; none once the term is decided. */
export const pendingRenewalAlarms = clock.pending;

/** Milliseconds until the next alarm, 0 when one is due now, undefined when none is pending. */
export const msUntilNextRenewalAlarm = clock.msUntilNext;

/**
 * Fires every alarm whose time has come; returns whether anything changed. An
 * untimely alarm (already past when its date was set) changes the state but tells nobody; the
 * health check runs either way.
 */
export const fireRenewalAlarms = clock.fireDue;

function fire(state: RenewalState, alarm: RenewalAlarm, now: Date, timely: boolean): void {
  const label = renewalNamed(state);
  const { term } = state;
  const cause = alarmCause(alarm, state.calendar);
  const stepKey = alarm.subject === 'contract-end' ? undefined : alarm.subject;
  const event = alarmEntries(appendEvent, state, now, stepKey ? { stepKey } : {}, cause, timely);

  switch (alarm.kind) {
    case 'step-reminder': {
      if (!timely) return;
      const step = stepOf(term, stepKey!);
      const who = recipient(state, step.ownerRole);
      event(
        'renewal.step-reminder',
        renewalSays('renewal.step-reminder', {
          who: addressee(who),
          step: step.title.toLowerCase(),
          label,
          dueDate: step.dueDate,
          contractEnd: term.contractEnd,
        }),
        who,
      );
      return;
    }
    case 'health-check':
      if (state.healthCheck.status !== 'requested')
        requestHealthCheck(state, 'baton', now, `the health review is due ${alarm.dueDate}`);
      return;
    case 'step-overdue': {
      const step = stepOf(term, stepKey!);
      step.overdue = true;
      const who = recipient(state, step.ownerRole);
      event(
        'renewal.step-overdue',
        renewalSays('renewal.step-overdue', {
          step: step.title.toLowerCase(),
          label,
          dueDate: step.dueDate,
          who: addressee(who),
        }),
        who,
        { before: { overdue: false }, after: { overdue: true } },
      );
      return;
    }
    case 'step-escalation': {
      const step = stepOf(term, stepKey!);
      step.escalated = true;
      const who = recipient(state, 'ops_manager');
      const owner = recipient(state, step.ownerRole);
      event(
        'renewal.step-escalation',
        renewalSays('renewal.step-escalation', {
          who: addressee(who),
          step: step.title.toLowerCase(),
          label,
          owner: addressee(owner),
          dueDate: step.dueDate,
          contractEnd: term.contractEnd,
        }),
        who,
        {
          after: { escalated: true },
        },
      );
      return;
    }
    case 'last-call': {
      term.lastCall = true;
      const who = recipient(state, 'ops_manager');
      event(
        'renewal.last-call',
        renewalSays(term.atRisk ? 'renewal.last-call.at-risk' : 'renewal.last-call', {
          who: addressee(who),
          label,
          value: money(state, term.value),
          contractEnd: term.contractEnd,
          stage: state.stage.replace('_', ' '),
        }),
        who,
        { after: { lastCall: true } },
      );
      return;
    }
    case 'lapsed': {
      term.lapsed = true;
      const who = recipient(state, 'ops_manager');
      event('renewal.lapsed', renewalSays('renewal.lapsed', { label, contractEnd: term.contractEnd }), who, {
        before: { lapsed: false },
        after: { lapsed: true },
      });
      return;
    }
  }
}
