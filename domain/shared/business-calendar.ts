import { z } from 'zod';

/**
 * Working days for due dates and SLAs counted in business days: which weekdays are the
 * weekend, which dates are public holidays, and which weekend dates are working days
 * (China's 调休: a Saturday worked to lengthen a holiday). Pure and deterministic, so
 * workflows, activities and the API can all use it.
 */

const isoDate = z.iso.date();
const namedDate = z.strictObject({ date: isoDate, name: z.string().trim().min(1).max(100) });
export const DAY_MS = 24 * 60 * 60 * 1000;

export const businessCalendarSchema = z
  .strictObject({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug'),
    name: z.string().trim().min(1).max(200),
    /** 0 = Sunday ... 6 = Saturday. */
    weekendDays: z.array(z.number().int().min(0).max(6)).max(6).default([0, 6]),
    holidays: z.array(namedDate).max(2000).default([]),
    /** Weekend dates that are working days. */
    workdays: z.array(namedDate).max(500).default([]),
    /** Years whose holidays are complete; business days counted in other years are only approximate. */
    coveredYears: z.array(z.number().int().min(1970).max(2200)).max(200).default([]),
  })
  .superRefine((calendar, context) => {
    const seen = new Map<string, string>();
    const check = (list: 'holidays' | 'workdays') =>
      calendar[list].forEach((entry, index) => {
        const earlier = seen.get(entry.date);
        if (earlier)
          context.addIssue({
            code: 'custom',
            path: [list, index, 'date'],
            message: `${entry.date} is listed twice (also in ${earlier})`,
          });
        seen.set(entry.date, list);
        if (list === 'workdays' && !calendar.weekendDays.includes(weekday(entry.date))) {
          context.addIssue({
            code: 'custom',
            path: [list, index, 'date'],
            message: `${entry.date} is not a weekend day, so listing it as a working day changes nothing`,
          });
        }
        if (calendar.coveredYears.length > 0 && !calendar.coveredYears.includes(Number(entry.date.slice(0, 4)))) {
          context.addIssue({
            code: 'custom',
            path: [list, index, 'date'],
            message: `${entry.date} is outside coveredYears`,
          });
        }
      });
    check('holidays');
    check('workdays');
  });

export type BusinessCalendar = z.output<typeof businessCalendarSchema>;
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

/** A calendar prepared for lookups. */
export interface WorkingDays {
  isWorkingDay(date: string): boolean;
  /** True when the date's year has no complete holiday list in a calendar that tracks holidays. */
  isApproximate(date: string): boolean;
}

export function workingDays(calendar: BusinessCalendar): WorkingDays {
  const holidays = new Set(calendar.holidays.map((entry) => entry.date));
  const workdays = new Set(calendar.workdays.map((entry) => entry.date));
  const covered = new Set(calendar.coveredYears);
  const tracksHolidays = calendar.holidays.length > 0 || calendar.coveredYears.length > 0;
  return {
    isWorkingDay: (date) =>
      workdays.has(date) || (!holidays.has(date) && !calendar.weekendDays.includes(weekday(date))),
    isApproximate: (date) => tracksHolidays && !covered.has(Number(date.slice(0, 4))),
  };
}

export interface ShiftedDate {
  date: string;
  /** The count crossed a year whose holidays the calendar does not know. */
  approximate: boolean;
}

/**
 * The date `days` working days after (or, negative, before) `from`; 0 is `from` itself.
 * "3 business days before the launch" is the third working day counting back from it.
 */
export function addBusinessDays(calendar: WorkingDays, from: string, days: number): ShiftedDate {
  let date = from;
  let approximate = false;
  const step = Math.sign(days);
  for (let remaining = Math.abs(days); remaining > 0;) {
    date = addCalendarDays(date, step);
    approximate ||= calendar.isApproximate(date);
    if (calendar.isWorkingDay(date)) remaining -= 1;
  }
  return { date, approximate };
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday, for a YYYY-MM-DD date. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** A calendar as a case embeds it at its start: later edits of the calendar never reach a case in flight. */
export interface PinnedCalendar {
  key: string;
  definition: BusinessCalendar;
}
