import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import { recipientName } from '../shared/roles';
import { alarmCause, alarmEntries, alarmClock, plural, slaAlarms, startOfDay } from '../shared/dated-alarms';
import {
  appendEvent,
  enterStage,
  isFinal,
  pruneFiredAlarms,
  recipient,
  riskSnapshot,
  setRisk,
  trialText,
} from './transitions';
import { pocSays } from './text';
import type { PocAlarmCause, PocState } from './types';

/**
 * A trial's timers as dated alarms: the approval SLA (reminders, then an escalation), the
 * check-in cadence (a reminder, then "missed"), and the end (criteria at risk, expiry reminders,
 * expiry). Each id carries the date it belongs to, so it fires once, and a moved date (a check-in,
 * an extension) brings new ones.
 */

export type PocAlarmKind =
  | 'approval-reminder'
  | 'approval-escalation'
  | 'check-in-reminder'
  | 'check-in-missed'
  | 'criteria-at-risk'
  | 'expiry-reminder'
  | 'expiry';

export interface PocAlarm {
  id: string;
  /** Epoch ms, always the start of a UTC day. */
  at: number;
  kind: PocAlarmKind;
  subject: PocAlarmCause['subject'];
  dueDate: string;
  rule: string;
  /** When the date this alarm belongs to was set: an alarm already past by then never notifies. */
  scheduledAt: string;
}

function approvalAlarms(state: PocState, calendar: WorkingDays): PocAlarm[] {
  if (state.stage !== 'requested') return [];
  const { dueDate } = state.approval;
  return slaAlarms('approval', dueDate, state.rules.approvalSla, state.rules.approvalRemindersBefore, calendar).map(
    (alarm) => ({
      id: alarm.id,
      at: alarm.at,
      kind: `approval-${alarm.stage}` as const,
      subject: 'approval',
      dueDate,
      rule: alarm.rule,
      scheduledAt: state.requestedAt,
    }),
  );
}

function checkInAlarms(state: PocState): PocAlarm[] {
  const due = state.nextCheckInDue;
  // Check-ins stop with the trial's end date; the grace period is for deciding the outcome.
  if (state.stage !== 'active' || due === undefined || due > state.endDate) return [];
  const base = {
    subject: 'check-in' as const,
    dueDate: due,
    scheduledAt: state.checkInScheduledAt ?? state.stageEnteredAt,
  };
  const grace = state.rules.checkInGraceDays;
  return [
    {
      ...base,
      id: `check-in@${due}:reminder`,
      at: startOfDay(due),
      kind: 'check-in-reminder',
      rule: `check-in every ${plural(state.rules.checkInEveryDays, 'day')}: due today`,
    },
    {
      ...base,
      id: `check-in@${due}:missed`,
      at: startOfDay(addCalendarDays(due, grace + 1)),
      kind: 'check-in-missed',
      rule: `check-in missed: none within ${plural(grace, 'day')} of its due date`,
    },
  ];
}

function endAlarms(state: PocState): PocAlarm[] {
  if (isFinal(state.stage)) return [];
  const { endDate, expiresOn, rules } = state;
  const base = { subject: 'end' as const, scheduledAt: state.endScheduledAt };
  const alarms: PocAlarm[] = [...new Set(rules.expiryRemindersDaysBefore)].map((days) => ({
    ...base,
    dueDate: expiresOn,
    id: `end@${endDate}:expiry-reminder:${days}`,
    at: startOfDay(addCalendarDays(expiresOn, -days)),
    kind: 'expiry-reminder',
    rule: `expiry reminder ${plural(days, 'day')} before the trial expires (end date + ${plural(rules.expiryGraceDays, 'day')} grace)`,
  }));
  if (state.stage === 'active') {
    alarms.push({
      ...base,
      dueDate: endDate,
      id: `end@${endDate}:criteria-at-risk`,
      at: startOfDay(addCalendarDays(endDate, -rules.criteriaAtRiskDaysBeforeEnd)),
      kind: 'criteria-at-risk',
      rule: `success criteria not all met ${plural(rules.criteriaAtRiskDaysBeforeEnd, 'day')} before the end date`,
    });
  }
  alarms.push({
    ...base,
    dueDate: expiresOn,
    id: `end@${endDate}:expiry`,
    at: startOfDay(expiresOn),
    kind: 'expiry',
    rule: `no outcome by the end date ${endDate} + ${plural(rules.expiryGraceDays, 'day')} grace`,
  });
  return alarms;
}

/** Every alarm the trial has now, fired or not. */
function allAlarms(state: PocState, calendar: WorkingDays): PocAlarm[] {
  return [...approvalAlarms(state, calendar), ...checkInAlarms(state), ...endAlarms(state)];
}

const clock = alarmClock(allAlarms, fire);

/** Alarms that have not fired yet, earliest first. */
export const pendingPocAlarms = clock.pending;

/** Milliseconds until the next alarm, 0 when one is due now, undefined when none is pending. */
export const msUntilNextPocAlarm = clock.msUntilNext;

/** Fires every alarm whose time has come; returns whether anything changed. An untimely alarm tells nobody, except the expiry, which always does. */
export const firePocAlarms = clock.fireDue;

function fire(state: PocState, alarm: PocAlarm, now: Date, timely: boolean): void {
  const label = trialText(state);
  const cause = alarmCause(alarm, state.calendar);
  const event = alarmEntries(appendEvent, state, now, {}, cause, timely || alarm.kind === 'expiry');

  switch (alarm.kind) {
    case 'approval-reminder': {
      if (!timely) return;
      const who = recipient(state, 'regional_ops');
      event(
        'poc.approval-reminder',
        pocSays('poc.approval-reminder', {
          who: recipientName(who),
          label,
          requestedBy: state.requestedBy,
          dueDate: state.approval.dueDate,
        }),
        who,
      );
      return;
    }
    case 'approval-escalation': {
      state.approval.overdue = true;
      const who = recipient(state, 'ops_manager');
      event(
        'poc.approval-escalation',
        pocSays('poc.approval-escalation', {
          who: recipientName(who),
          label,
          requestedBy: state.requestedBy,
          dueDate: state.approval.dueDate,
        }),
        who,
        {
          after: { approvalOverdue: true },
        },
      );
      return;
    }
    case 'check-in-reminder': {
      if (!timely) return;
      const who = recipient(state, 'sales');
      event(
        'poc.check-in-reminder',
        pocSays('poc.check-in-reminder', { who: recipientName(who), label, dueDate: alarm.dueDate }),
        who,
      );
      return;
    }
    case 'check-in-missed': {
      const before = { nextCheckInDue: state.nextCheckInDue, ...riskSnapshot(state) };
      state.missedCheckIns += 1;
      setRisk(state, 'missed-check-in', true);
      // The cadence goes on, so a trial that stays silent is flagged again next time.
      state.nextCheckInDue = addCalendarDays(alarm.dueDate, state.rules.checkInEveryDays);
      state.checkInScheduledAt = now.toISOString();
      pruneFiredAlarms(state);
      const who = recipient(state, 'regional_ops');
      event(
        'poc.check-in-missed',
        pocSays('poc.check-in-missed', {
          label,
          dueDate: alarm.dueDate,
          missed: state.missedCheckIns,
          salesOwner: state.salesOwner,
        }),
        who,
        {
          before,
          after: { nextCheckInDue: state.nextCheckInDue, missedCheckIns: state.missedCheckIns, ...riskSnapshot(state) },
        },
      );
      return;
    }
    case 'criteria-at-risk': {
      const open = state.criteria.filter((criterion) => criterion.status !== 'met');
      if (open.length === 0) return;
      const before = riskSnapshot(state);
      setRisk(state, 'criteria-open-near-end', true);
      const who = recipient(state, 'sales');
      event(
        'poc.criteria-at-risk',
        pocSays('poc.criteria-at-risk', {
          label,
          endDate: state.endDate,
          open: open.map((criterion) => `"${criterion.key}" is ${criterion.status}`).join(', '),
        }),
        who,
        {
          before,
          after: { openCriteria: open.map((criterion) => criterion.key), ...riskSnapshot(state) },
        },
      );
      return;
    }
    case 'expiry-reminder': {
      if (!timely) return;
      const who = recipient(state, 'sales');
      event(
        'poc.expiry-reminder',
        pocSays('poc.expiry-reminder', {
          who: recipientName(who),
          label,
          stage: state.stage.replace('_', ' '),
          endDate: state.endDate,
          expiresOn: state.expiresOn,
        }),
        who,
      );
      return;
    }
    case 'expiry': {
      const before = { stage: state.stage };
      state.outcome = { stage: 'expired', at: now.toISOString(), by: 'baton', reason: alarm.rule };
      enterStage(state, 'expired', 'baton', now);
      event('poc.expired', pocSays('poc.expired', { label, rule: alarm.rule }), recipient(state, 'sales'), {
        before,
        after: { stage: 'expired' },
      });
      return;
    }
  }
}
