import { addCalendarDays, type WorkingDays } from './business-calendar';
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
export function slaAlarms(name: string, dueDate: string, sla: Offset, remindersBefore: readonly number[], calendar: WorkingDays): SlaAlarm[] {
  const unit = sla.unit === 'business-days' ? 'business day' : 'calendar day';
  const reminders = [...new Set(remindersBefore)].map(
    (days): SlaAlarm => ({
      id: `${name}@${dueDate}:reminder:${days}`,
      at: startOfDay(resolveOffset(dueDate, { days: -days, unit: sla.unit }, calendar).date),
      stage: 'reminder',
      rule: days === 0 ? `${name} reminder on the day it is due` : `${name} reminder ${plural(days, unit)} before it is due`,
    }),
  );
  return [
    ...reminders,
    {
      id: `${name}@${dueDate}:escalation`,
      at: startOfDay(addCalendarDays(dueDate, 1)),
      stage: 'escalation',
      rule: `${name} SLA of ${plural(sla.days, unit)} passed: escalation to ops_manager`,
    },
  ];
}
