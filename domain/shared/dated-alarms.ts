import { addCalendarDays, type WorkingDays } from './business-calendar';
import type { Recipient } from './roles';
import type { Said, Text } from './text';
import { resolveOffset, type Offset } from './schedule';

/** Epoch ms of 00:00 UTC on a YYYY-MM-DD date: every dated alarm fires at the start of its day. */
export const startOfDay = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

export interface SlaAlarm {
  id: string;
  at: number;
  stage: 'reminder' | 'escalation';
  rule: string;
}

/**
 * A response SLA's alarms (a POC's approval, a deal's triage): reminders a number of SLA units
 * before the due date (0 is the due day itself), then an escalation to the ops manager once the due
 * day has passed. Ids carry the due date, so a new due date brings new alarms and each fires once.
 */
export function slaAlarms(
  name: string,
  dueDate: string,
  sla: Offset,
  remindersBefore: readonly number[],
  calendar: WorkingDays,
  /** Whom the escalation reaches, as its rule names it (a deal-support template's service level may name another). */
  escalateTo = 'ops_manager',
): SlaAlarm[] {
  const unit = sla.unit === 'business-days' ? 'business day' : 'calendar day';
  const reminders = [...new Set(remindersBefore)].map((days): SlaAlarm => ({
    id: `${name}@${dueDate}:reminder:${days}`,
    at: startOfDay(resolveOffset(dueDate, { days: -days, unit: sla.unit }, calendar).date),
    stage: 'reminder',
    rule:
      days === 0 ? `${name} reminder on the day it is due` : `${name} reminder ${plural(days, unit)} before it is due`,
  }));
  return [
    ...reminders,
    {
      id: `${name}@${dueDate}:escalation`,
      at: startOfDay(addCalendarDays(dueDate, 1)),
      stage: 'escalation',
      rule: `${name} SLA of ${plural(sla.days, unit)} passed: escalation to ${escalateTo}`,
    },
  ];
}

/** An alarm on a case's timeline: fires once (by id) at `at`, and notifies only if it was still ahead when scheduled. */
export interface DatedAlarm {
  id: string;
  at: number;
  scheduledAt: string;
}

/** The alarms that have not fired yet, earliest first. */
function unfiredAlarms<A extends DatedAlarm>(alarms: readonly A[], firedAlarms: readonly string[]): A[] {
  const fired = new Set(firedAlarms);
  return alarms.filter((alarm) => !fired.has(alarm.id)).sort((a, b) => a.at - b.at);
}

/** Milliseconds until the first of `pending`, 0 when it is due now, undefined when none is pending. */
function msUntilFirst(pending: readonly DatedAlarm[], now: Date): number | undefined {
  const next = pending[0];
  return next === undefined ? undefined : Math.max(0, next.at - now.getTime());
}

/**
 * Fires every alarm whose time has come, one at a time, since each may change what is pending
 * next (an expiry ends a trial; a missed check-in sets the next one). `timely` is false for an
 * alarm that was already past when its date was set: it may change the state but should tell
 * nobody. Bumps `seq` once when anything fired, and returns whether anything did.
 */
function fireDueAlarms<State extends { firedAlarms: string[]; seq: number }, A extends DatedAlarm>(
  state: State,
  calendar: WorkingDays,
  now: Date,
  pending: (state: State, calendar: WorkingDays) => A[],
  fire: (state: State, alarm: A, now: Date, timely: boolean) => void,
): boolean {
  let changed = false;
  for (;;) {
    const alarm = pending(state, calendar).find((candidate) => candidate.at <= now.getTime());
    if (!alarm) break;
    changed = true;
    state.firedAlarms.push(alarm.id);
    fire(state, alarm, now, alarm.at >= Date.parse(alarm.scheduledAt));
  }
  if (changed) state.seq += 1;
  return changed;
}

/** Why a reminder or escalation fired, in full, so nobody has to guess. */
export interface AlarmCause<Subject extends string> {
  subject: Subject;
  rule: string;
  dueDate: string;
  calendar: string;
  /** The instant the alarm was scheduled for. */
  scheduledFor: string;
}

export function alarmCause<Subject extends string>(
  alarm: { subject: Subject; rule: string; dueDate: string; at: number },
  calendar: string,
): AlarmCause<Subject> {
  return {
    subject: alarm.subject,
    rule: alarm.rule,
    dueDate: alarm.dueDate,
    calendar,
    scheduledFor: new Date(alarm.at).toISOString(),
  };
}

/** The change an alarm's timeline entry records, if it made one. */
interface EntryChange {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** The part of a playbook's timeline entry a fired alarm writes. */
interface AlarmEntry {
  type: string;
  actor: string;
  summary: string;
  message?: Text;
  cause?: unknown;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  notify?: Recipient;
}

/**
 * How one fired alarm writes its timeline entries: by baton, with its cause and any change it made;
 * `about` names what it concerns where the playbook's events say so (a milestone, a step). Each
 * entry tells its recipient only when `tell`: an alarm already past when its date was set tells nobody.
 */
export function alarmEntries<State, Entry extends AlarmEntry>(
  appendEvent: (state: State, now: Date, entry: Entry) => unknown,
  state: State,
  now: Date,
  about: Partial<Entry>,
  cause: Entry['cause'],
  tell: boolean,
) {
  return (type: Entry['type'], said: string | Said, notify: Recipient, change: EntryChange = {}): void => {
    const words = typeof said === 'string' ? { summary: said } : said;
    const entry = { type, actor: 'baton', ...about, ...words, cause, ...change, ...(tell ? { notify } : {}) };
    appendEvent(state, now, entry as Entry);
  };
}

/**
 * A playbook's alarm entry points from all the alarms its case has now (`all`) and what firing
 * one does (`fire`): the pending ones, earliest first; the time until the next; firing what is due.
 */
export function alarmClock<State extends { firedAlarms: string[]; seq: number }, A extends DatedAlarm>(
  all: (state: State, calendar: WorkingDays) => A[],
  fire: (state: State, alarm: A, now: Date, timely: boolean) => void,
) {
  const pending = (state: State, calendar: WorkingDays): A[] => unfiredAlarms(all(state, calendar), state.firedAlarms);
  return {
    pending,
    msUntilNext: (state: State, calendar: WorkingDays, now: Date): number | undefined =>
      msUntilFirst(pending(state, calendar), now),
    fireDue: (state: State, calendar: WorkingDays, now: Date): boolean =>
      fireDueAlarms(state, calendar, now, pending, fire),
  };
}
