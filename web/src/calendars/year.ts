/** A business calendar as the API stores it (domain/shared/business-calendar.ts, defaults filled in). */
export interface CalendarDefinition {
  key: string;
  name: string;
  /** 0 = Sunday ... 6 = Saturday. */
  weekendDays: number[];
  holidays: { date: string; name: string }[];
  workdays: { date: string; name: string }[];
  coveredYears: number[];
}

export type DayKind =
  { kind: 'working' } | { kind: 'weekend' } | { kind: 'holiday'; name: string } | { kind: 'workday'; name: string };

/** What a date is on the calendar, by the same rules as the server's `workingDays`. */
export function dayKind(calendar: CalendarDefinition, date: string): DayKind {
  const workday = calendar.workdays.find((entry) => entry.date === date);
  if (workday) return { kind: 'workday', name: workday.name };
  const holiday = calendar.holidays.find((entry) => entry.date === date);
  if (holiday) return { kind: 'holiday', name: holiday.name };
  return calendar.weekendDays.includes(weekday(date)) ? { kind: 'weekend' } : { kind: 'working' };
}

/** A month as weeks from Monday to Sunday; days outside the month are null. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(year, month, 1)).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: days }, (_, index) => isoDate(year, month, index + 1)),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
