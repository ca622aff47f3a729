import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import { alarmEntries, alarmClock, plural, slaAlarms, startOfDay } from '../shared/dated-alarms';
import { resolveOffset } from '../shared/schedule';
import {
  addressee,
  appendEvent,
  handoffNamed,
  isFinal,
  milestoneOwner,
  packageItemList,
  missingItems,
  recipient,
} from './transitions';
import { handoffSays, handoffText } from './text';
import type { HandoffAlarmCause, HandoffState, Milestone } from './types';

/**
 * A handoff's timers as dated alarms: the running SLA (sales owe the package, first or again after
 * a return; or the project manager owes a review) with reminders and an escalation to the ops
 * manager, and each open milestone's reminders, overdue flag and escalation. Ids carry the date
 * (and the package round) they belong to, so each fires once and a moved date brings new ones.
 */

export type HandoffAlarmKind =
  'sla-reminder' | 'sla-escalation' | 'milestone-reminder' | 'milestone-overdue' | 'milestone-escalation';

export interface HandoffAlarm {
  id: string;
  /** Epoch ms, always the start of a UTC day. */
  at: number;
  kind: HandoffAlarmKind;
  subject: HandoffAlarmCause['subject'];
  milestoneKey?: string;
  dueDate: string;
  rule: string;
  /** When the date this alarm belongs to was set: an alarm already past by then never notifies. */
  scheduledAt: string;
}

function slaAlarmsOf(state: HandoffState, calendar: WorkingDays): HandoffAlarm[] {
  const { sla } = state;
  if (!sla || isFinal(state.stage)) return [];
  const review = sla.kind === 'review';
  const offset = review
    ? state.rules.reviewSla
    : sla.kind === 'package'
      ? state.rules.packageSla
      : state.rules.resubmitSla;
  const before = review ? state.rules.reviewRemindersBefore : state.rules.packageRemindersBefore;
  return slaAlarms(sla.kind, sla.dueDate, offset, before, calendar).map((alarm) => ({
    id: `${alarm.id}#${sla.round}`,
    at: alarm.at,
    kind: `sla-${alarm.stage}` as const,
    subject: sla.kind,
    dueDate: sla.dueDate,
    rule: alarm.rule,
    scheduledAt: sla.startedAt,
  }));
}

function milestoneAlarms(state: HandoffState, milestone: Milestone, calendar: WorkingDays): HandoffAlarm[] {
  if (state.stage !== 'kicked_off' || milestone.status === 'done') return [];
  const { dueDate } = milestone;
  const base = {
    subject: 'milestone' as const,
    milestoneKey: milestone.key,
    dueDate,
    scheduledAt: milestone.scheduledAt,
  };
  const prefix = `milestone:${milestone.key}@${dueDate}`;
  const escalateAfter = state.rules.milestoneEscalationAfter;
  return [
    ...[...new Set(state.rules.milestoneRemindersBefore)].map((days): HandoffAlarm => ({
      ...base,
      id: `${prefix}:reminder:${days}`,
      at: startOfDay(resolveOffset(dueDate, { days: -days, unit: 'business-days' }, calendar).date),
      kind: 'milestone-reminder',
      rule:
        days === 0
          ? 'milestone reminder on the day it is due'
          : `milestone reminder ${plural(days, 'business day')} before it is due`,
    })),
    {
      ...base,
      id: `${prefix}:overdue`,
      at: startOfDay(addCalendarDays(dueDate, 1)),
      kind: 'milestone-overdue',
      rule: `milestone not done by its due date ${dueDate}`,
    },
    {
      ...base,
      id: `${prefix}:escalation`,
      at: startOfDay(resolveOffset(dueDate, { days: escalateAfter, unit: 'business-days' }, calendar).date),
      kind: 'milestone-escalation',
      rule: `milestone ${plural(escalateAfter, 'business day')} overdue: escalation to ops_manager`,
    },
  ];
}

/** Every alarm the handoff has now, fired or not. */
function allAlarms(state: HandoffState, calendar: WorkingDays): HandoffAlarm[] {
  return [
    ...slaAlarmsOf(state, calendar),
    ...state.milestones.flatMap((milestone) => milestoneAlarms(state, milestone, calendar)),
  ];
}

const clock = alarmClock(allAlarms, fire);

/** Alarms that have not fired yet, earliest first. */
export const pendingHandoffAlarms = clock.pending;

/** Milliseconds until the next alarm, 0 when one is due now, undefined when none is pending. */
export const msUntilNextHandoffAlarm = clock.msUntilNext;

/** Fires every alarm whose time has come; returns whether anything changed. */
export const fireHandoffAlarms = clock.fireDue;

/** Forgets the ids of alarms the handoff no longer has (an SLA that ended, a moved or done milestone), so the list stays small. */
export function pruneFiredAlarms(state: HandoffState, calendar: WorkingDays): void {
  const current = new Set(allAlarms(state, calendar).map((alarm) => alarm.id));
  state.firedAlarms = state.firedAlarms.filter((id) => current.has(id));
}

function fire(state: HandoffState, alarm: HandoffAlarm, now: Date, timely: boolean): void {
  const label = handoffNamed(state);
  const cause: HandoffAlarmCause = {
    subject: alarm.subject,
    ...(alarm.milestoneKey ? { milestoneKey: alarm.milestoneKey } : {}),
    rule: alarm.rule,
    dueDate: alarm.dueDate,
    calendar: state.calendar,
    scheduledFor: new Date(alarm.at).toISOString(),
  };
  const event = alarmEntries(
    appendEvent,
    state,
    now,
    alarm.milestoneKey ? { milestoneKey: alarm.milestoneKey } : {},
    cause,
    timely,
  );
  const milestone = state.milestones.find((candidate) => candidate.key === alarm.milestoneKey);
  const salesOwe = () => {
    const missing = missingItems(state);
    return missing.length > 0
      ? handoffText('handoff.owed.missing', { missing: packageItemList(missing) })
      : handoffText('handoff.owed.complete');
  };

  switch (alarm.kind) {
    case 'sla-reminder': {
      if (!timely) return;
      if (alarm.subject === 'review') {
        const who = recipient(state, 'project_manager');
        event(
          'handoff.review-reminder',
          handoffSays('handoff.review-reminder', {
            who: addressee(who),
            label,
            salesOwner: state.salesOwner,
            dueDate: alarm.dueDate,
          }),
          who,
        );
        return;
      }
      const who = recipient(state, 'sales');
      event(
        'handoff.package-reminder',
        handoffSays(alarm.subject === 'package' ? 'handoff.package-reminder' : 'handoff.resubmit-reminder', {
          who: addressee(who),
          label,
          dueDate: alarm.dueDate,
          owed: salesOwe(),
        }),
        who,
      );
      return;
    }
    case 'sla-escalation': {
      state.sla!.overdue = true;
      const who = recipient(state, 'ops_manager');
      if (alarm.subject === 'review') {
        event(
          'handoff.review-escalation',
          handoffSays('handoff.review-escalation', { who: addressee(who), label, dueDate: alarm.dueDate }),
          who,
          { after: { slaOverdue: true } },
        );
        return;
      }
      event(
        'handoff.package-escalation',
        handoffSays(alarm.subject === 'package' ? 'handoff.package-escalation' : 'handoff.resubmit-escalation', {
          who: addressee(who),
          salesOwner: state.salesOwner,
          label,
          dueDate: alarm.dueDate,
          owed: salesOwe(),
        }),
        who,
        {
          after: { slaOverdue: true },
        },
      );
      return;
    }
    case 'milestone-reminder': {
      if (!timely) return;
      const who = milestoneOwner(milestone!);
      event(
        'handoff.milestone-reminder',
        handoffSays('handoff.milestone-reminder', {
          who: addressee(who),
          milestone: milestone!.title,
          label,
          dueDate: alarm.dueDate,
          status: milestone!.status.replace('_', ' '),
        }),
        who,
      );
      return;
    }
    case 'milestone-overdue': {
      milestone!.overdue = true;
      const who = milestoneOwner(milestone!);
      event(
        'handoff.milestone-overdue',
        handoffSays('handoff.milestone-overdue', {
          milestone: milestone!.title,
          label,
          dueDate: alarm.dueDate,
          status: milestone!.status.replace('_', ' '),
        }),
        who,
        {
          before: { overdue: false },
          after: { overdue: true },
        },
      );
      return;
    }
    case 'milestone-escalation': {
      milestone!.escalated = true;
      const who = recipient(state, 'ops_manager');
      event(
        'handoff.milestone-escalation',
        handoffSays('handoff.milestone-escalation', {
          who: addressee(who),
          milestone: milestone!.title,
          label,
          owner: addressee(milestoneOwner(milestone!)),
          dueDate: alarm.dueDate,
        }),
        who,
        {
          after: { escalated: true },
        },
      );
      return;
    }
  }
}
