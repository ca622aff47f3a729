import type { BusinessCalendarInput } from './business-calendar-schema';

/** Every date in [first, last], each named `name`. */
function span(first: string, last: string, name: string): { date: string; name: string }[] {
  const dates: { date: string; name: string }[] = [];
  for (let time = Date.parse(`${first}T00:00:00Z`); time <= Date.parse(`${last}T00:00:00Z`); time += 86_400_000) {
    dates.push({ date: new Date(time).toISOString().slice(0, 10), name });
  }
  return dates;
}

export const MON_FRI_CALENDAR: BusinessCalendarInput = {
  key: 'mon-fri',
  name: 'Monday to Friday, no holidays',
  weekendDays: [0, 6],
};

/**
 * Mainland China, from the State Council General Office's notice on the 2026 holiday
 * arrangements (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025). Add later
 * years through the API as they are announced (usually each November).
 */
export const CN_MAINLAND_CALENDAR: BusinessCalendarInput = {
  key: 'cn-mainland',
  name: 'Mainland China (statutory holidays and adjusted working days)',
  weekendDays: [0, 6],
  coveredYears: [2026],
  holidays: [
    ...span('2026-01-01', '2026-01-03', '元旦 New Year'),
    ...span('2026-02-15', '2026-02-23', '春节 Spring Festival'),
    ...span('2026-04-04', '2026-04-06', '清明节 Qingming'),
    ...span('2026-05-01', '2026-05-05', '劳动节 Labour Day'),
    ...span('2026-06-19', '2026-06-21', '端午节 Dragon Boat'),
    ...span('2026-09-25', '2026-09-27', '中秋节 Mid-Autumn'),
    ...span('2026-10-01', '2026-10-07', '国庆节 National Day'),
  ],
  workdays: [
    { date: '2026-01-04', name: '元旦调休上班' },
    { date: '2026-02-14', name: '春节调休上班' },
    { date: '2026-02-28', name: '春节调休上班' },
    { date: '2026-05-09', name: '劳动节调休上班' },
    { date: '2026-09-20', name: '国庆节调休上班' },
    { date: '2026-10-10', name: '国庆节调休上班' },
  ],
};

export const SHIPPED_CALENDARS = [MON_FRI_CALENDAR, CN_MAINLAND_CALENDAR];
