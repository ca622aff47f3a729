import { addBusinessDays, weekday, workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR, MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';

const cn = workingDays(businessCalendarSchema.parse(CN_MAINLAND_CALENDAR));
const monFri = workingDays(businessCalendarSchema.parse(MON_FRI_CALENDAR));

describe('the mainland China 2026 calendar', () => {
  it('agrees with the weekdays the State Council notice names', () => {
    // 元旦 1月1日(周四); 春节 2月15日(周日)至23日(周一); 国庆 10月1日(周四)至7日(周三); 调休 9月20日(周日), 10月10日(周六)
    expect([
      weekday('2026-01-01'),
      weekday('2026-02-15'),
      weekday('2026-02-23'),
      weekday('2026-10-01'),
      weekday('2026-10-07'),
    ]).toEqual([4, 0, 1, 4, 3]);
    expect([
      weekday('2026-09-20'),
      weekday('2026-10-10'),
      weekday('2026-02-14'),
      weekday('2026-02-28'),
      weekday('2026-05-09'),
      weekday('2026-01-04'),
    ]).toEqual([0, 6, 6, 6, 6, 0]);
  });

  it.each([
    ['2026-02-14', true, 'a Saturday worked for the Spring Festival'],
    ['2026-02-16', false, 'a Monday inside the Spring Festival'],
    ['2026-02-24', true, 'the first day back'],
    ['2026-05-05', false, 'a Tuesday of the Labour Day holiday'],
    ['2026-10-08', true, 'the Thursday after National Day'],
    ['2026-11-21', false, 'an ordinary Saturday'],
    ['2026-11-23', true, 'an ordinary Monday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(cn.isWorkingDay(date)).toBe(expected);
  });

  it('counts business days across the Spring Festival and its adjusted Saturday', () => {
    expect(addBusinessDays(cn, '2026-02-13', 1)).toEqual({ date: '2026-02-14', approximate: false });
    expect(addBusinessDays(cn, '2026-02-13', 2)).toEqual({ date: '2026-02-24', approximate: false });
    expect(addBusinessDays(monFri, '2026-02-13', 2)).toEqual({ date: '2026-02-17', approximate: false });
  });

  it('counts backwards too: three business days before 12 October is 8 October', () => {
    expect(addBusinessDays(cn, '2026-10-12', -3)).toEqual({ date: '2026-10-08', approximate: false });
    expect(addBusinessDays(cn, '2026-10-12', 0)).toEqual({ date: '2026-10-12', approximate: false });
  });

  it('says when a count runs into a year whose holidays it does not know', () => {
    expect(addBusinessDays(cn, '2026-12-30', 5)).toEqual({ date: '2027-01-06', approximate: true });
    expect(addBusinessDays(monFri, '2026-12-30', 5).approximate).toBe(false);
  });
});

describe('businessCalendarSchema', () => {
  const base = { key: 'acme', name: 'Acme', coveredYears: [2026] };

  it('refuses a "working day" that is not on a weekend', () => {
    const result = businessCalendarSchema.safeParse({ ...base, workdays: [{ date: '2026-03-03', name: 'Tuesday' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      '2026-03-03 is not a weekend day, so listing it as a working day changes nothing',
    );
  });

  it('refuses a date listed twice, and dates outside coveredYears', () => {
    const result = businessCalendarSchema.safeParse({
      ...base,
      holidays: [
        { date: '2026-03-02', name: 'A' },
        { date: '2027-03-02', name: 'B' },
      ],
      workdays: [
        { date: '2026-03-07', name: 'Sat' },
        { date: '2026-03-07', name: 'again' },
      ],
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      '2027-03-02 is outside coveredYears',
      '2026-03-07 is listed twice (also in workdays)',
    ]);
  });

  it('refuses impossible dates and weekdays', () => {
    expect(businessCalendarSchema.safeParse({ ...base, holidays: [{ date: '2026-02-30', name: 'x' }] }).success).toBe(
      false,
    );
    expect(businessCalendarSchema.safeParse({ ...base, weekendDays: [7] }).success).toBe(false);
  });
});
