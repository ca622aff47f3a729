/**
 * Working days for due dates and SLAs counted in business days: which weekdays are the
 * weekend, which dates are public holidays, and which weekend dates are working days
 * (China's 调休: a Saturday worked to lengthen a holiday). Pure and deterministic, so
 * workflows, activities and the API can all use it. It imports no zod: workflow code reaches it, and
 * every cached workflow would evaluate zod again in its own context; the schema is in business-calendar-schema.ts.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export type NamedDate = {
  date: string;
  name: string;
};

/**
 * A calendar as `businessCalendarSchema` (business-calendar-schema.ts) reads it, defaults filled in. A type,
 * not an interface, so the schema's output and JSON read from the database convert to it.
 */
export type BusinessCalendar = {
  key: string;
  name: string;
  /** 0 = Sunday ... 6 = Saturday. */
  weekendDays: number[];
  holidays: NamedDate[];
  /** Weekend dates that are working days. */
  workdays: NamedDate[];
  /** Years whose holidays are complete; business days counted in other years are only approximate. */
  coveredYears: number[];
};

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
