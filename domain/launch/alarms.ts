import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import type { PlaybookTemplate } from './template';
import type { Role } from '../shared/roles';
import { resolveOffset, type Offset } from '../shared/schedule';
import { startOfDay } from '../shared/dated-alarms';
import { appendEvent, isActive } from './transitions';
import type { AlarmCause, ItemState, LaunchState } from './types';

/**
 * Reminders, the overdue flag and escalations of every open item, as dated alarms. Each alarm
 * has an id tied to the item's due date, so it fires once, and a moved due date brings new ones.
 */

export interface Alarm {
  id: string;
  /** Epoch ms, always the start of a UTC day. */
  at: number;
  kind: 'reminder' | 'overdue' | 'escalation';
  item: ItemState;
  rule: string;
  notify: Role;
}

function describe(offset: Offset, direction: 'before' | 'after'): string {
  const unit = offset.unit === 'business-days' ? 'business day' : 'calendar day';
  const days = Math.abs(offset.days);
  return `${days} ${unit}${days === 1 ? '' : 's'} ${direction} due`;
}

function alarmsOf(item: ItemState, template: PlaybookTemplate, calendar: WorkingDays): Alarm[] {
  const prefix = `${item.key}@${item.dueDate}`;
  const alarms: Alarm[] = template.reminders.map((rule, index) => {
    const before = { ...rule.before, days: -Math.abs(rule.before.days) };
    return {
      id: `${prefix}:reminder:${index}`,
      at: startOfDay(resolveOffset(item.dueDate, before, calendar).date),
      kind: 'reminder',
      item,
      rule: `reminder ${describe(before, 'before')}`,
      notify: item.ownerRole,
    };
  });
  alarms.push({
    id: `${prefix}:overdue`,
    at: startOfDay(addCalendarDays(item.dueDate, 1)),
    kind: 'overdue',
    item,
    rule: 'overdue the day after its due date',
    notify: item.ownerRole,
  });
  template.escalations.forEach((rule, index) => {
    const notify =
      rule.notify === 'owner-manager' ? (template.managerOf[item.ownerRole] ?? 'ops_manager') : rule.notify;
    const who = rule.notify === 'owner-manager' ? `the owner's manager (${notify})` : notify;
    alarms.push({
      id: `${prefix}:escalation:${index}`,
      // "1 day after due" fires once that whole day has passed with the item still open.
      at: startOfDay(addCalendarDays(resolveOffset(item.dueDate, rule.after, calendar).date, 1)),
      kind: 'escalation',
      item,
      rule: `escalation ${describe(rule.after, 'after')} to ${who}`,
      notify,
    });
  });
  return alarms;
}

/** Alarms of active open items that have not fired yet, earliest first. */
export function pendingAlarms(state: LaunchState, template: PlaybookTemplate, calendar: WorkingDays): Alarm[] {
  if (state.status !== 'active' && state.status !== 'launched') return [];
  const fired = new Set(state.firedAlarms);
  return state.items
    .filter((item) => isActive(state, template, item))
    .flatMap((item) => alarmsOf(item, template, calendar))
    .filter((alarm) => !fired.has(alarm.id))
    .sort((a, b) => a.at - b.at);
}

/** Milliseconds until the next alarm, 0 when one is due now, undefined when none is pending. */
export function msUntilNextAlarm(
  state: LaunchState,
  template: PlaybookTemplate,
  calendar: WorkingDays,
  now: Date,
): number | undefined {
  const next = pendingAlarms(state, template, calendar)[0];
  return next === undefined ? undefined : Math.max(0, next.at - now.getTime());
}

/**
 * Fires every alarm whose time has come. An alarm that was already in the past when its due
 * date was set (a run started late, a launch date pulled in) is passed over silently, except
 * that the item is still flagged overdue. Returns whether anything changed.
 */
export function fireDueAlarms(
  state: LaunchState,
  template: PlaybookTemplate,
  calendar: WorkingDays,
  now: Date,
): boolean {
  const due = pendingAlarms(state, template, calendar).filter((alarm) => alarm.at <= now.getTime());
  if (due.length === 0) return false;
  for (const alarm of due) {
    state.firedAlarms.push(alarm.id);
    const { item } = alarm;
    const timely = alarm.at >= Date.parse(item.scheduledAt);
    if (alarm.kind === 'overdue') item.overdue = true;
    if (!timely && alarm.kind !== 'overdue') continue;
    const cause: AlarmCause = {
      itemKey: item.key,
      itemTitle: item.title,
      rule: alarm.rule,
      dueDate: item.dueDate,
      calendar: state.calendar,
      scheduledFor: new Date(alarm.at).toISOString(),
    };
    const person =
      alarm.notify === item.ownerRole ? (item.assignee ?? state.owners[item.ownerRole]) : state.owners[alarm.notify];
    appendEvent(state, now, {
      type: alarm.kind === 'overdue' ? 'item.overdue' : alarm.kind === 'reminder' ? 'item.reminder' : 'item.escalation',
      actor: 'baton',
      itemKey: item.key,
      summary: alarmText(alarm, state, person),
      cause,
      ...(timely ? { notify: { role: alarm.notify, ...(person ? { person } : {}) } } : {}),
    });
  }
  state.seq += 1;
  return true;
}

function alarmText(alarm: Alarm, state: LaunchState, person: string | undefined): string {
  const { item } = alarm;
  const owner = item.assignee ?? item.ownerRole;
  const to = person ? `${person} (${alarm.notify})` : alarm.notify;
  const where = `${state.productName} launch (${state.launchDate})`;
  if (alarm.kind === 'reminder') return `Reminder to ${to}: "${item.title}" for the ${where} is due ${item.dueDate}`;
  if (alarm.kind === 'overdue')
    return `"${item.title}" for the ${where} is overdue since ${item.dueDate}; owner ${owner}`;
  return `Escalation to ${to}: "${item.title}" for the ${where}, owned by ${owner}, was due ${item.dueDate} and is still ${item.status.replace('_', ' ')}`;
}

/** Forgets alarm ids of due dates an item no longer has, so the list stays small across reschedules. */
export function pruneFiredAlarms(state: LaunchState): void {
  const current = new Set(state.items.map((item) => `${item.key}@${item.dueDate}:`));
  state.firedAlarms = state.firedAlarms.filter((id) => current.has(id.slice(0, id.indexOf(':') + 1)));
}
