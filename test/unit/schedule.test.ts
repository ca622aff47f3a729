import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR, MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import { playbookTemplateSchema } from '../../domain/launch/template';
import { earliestAnchor, planSchedule } from '../../domain/launch/schedule';
import { resolveOffset } from '../../domain/shared/schedule';
import { LAUNCH_READINESS_TEMPLATE } from '../../domain/launch/shipped-template';

const cn = workingDays(businessCalendarSchema.parse(CN_MAINLAND_CALENDAR));
const monFri = workingDays(businessCalendarSchema.parse(MON_FRI_CALENDAR));
const launch = playbookTemplateSchema.parse(LAUNCH_READINESS_TEMPLATE);

describe('resolveOffset', () => {
  it('counts calendar days straight, business days on the calendar', () => {
    expect(resolveOffset('2026-02-27', { days: -5, unit: 'calendar-days' }, cn)).toEqual({
      date: '2026-02-22',
      approximate: false,
    });
    expect(resolveOffset('2026-02-27', { days: -5, unit: 'business-days' }, cn)).toEqual({
      date: '2026-02-13',
      approximate: false,
    });
    expect(resolveOffset('2026-02-27', { days: -5, unit: 'business-days' }, monFri)).toEqual({
      date: '2026-02-20',
      approximate: false,
    });
  });
});

describe('planSchedule', () => {
  const schedule = planSchedule(launch, '2026-11-30', monFri, {
    done: new Set(['demand-research']),
    today: '2026-10-20',
  });

  it('puts every item at its offset from the launch date', () => {
    const due = Object.fromEntries(schedule.items.map((item) => [item.key, item.date]));
    expect(due['demand-research']).toBe('2026-09-21');
    expect(due['scenario-positioning']).toBe('2026-10-05');
    expect(due['launch-event']).toBe('2026-11-23');
    expect(due['case-studies']).toBe('2027-02-28');
  });

  it('flags open items already past due, never done ones', () => {
    const overdue = schedule.items.filter((item) => item.overdue).map((item) => item.key);
    // 30 November less 56 and 42 days: 5 and 19 October, both before 20 October.
    expect(overdue).toEqual(['scenario-positioning', 'sales-process']);
    expect(schedule.items.find((item) => item.key === 'demand-research')).toMatchObject({ done: true, overdue: false });
  });

  it('dates the gate and lists what it still needs', () => {
    expect(schedule.gates).toEqual([
      expect.objectContaining({
        key: 'go-no-go',
        date: '2026-11-27',
        openItems: expect.not.arrayContaining(['demand-research']),
      }),
    ]);
    expect(schedule.gates[0]!.openItems).toHaveLength(10);
  });
});

describe('earliestAnchor', () => {
  it('is decided by the open gate item due furthest ahead of the launch', () => {
    expect(earliestAnchor(launch, monFri, { done: new Set(), today: '2026-10-20' })).toEqual({
      anchor: '2026-12-29',
      decidingItem: 'demand-research',
    });
    const later = earliestAnchor(launch, monFri, {
      done: new Set(['demand-research', 'scenario-positioning']),
      today: '2026-10-20',
    });
    expect(later).toEqual({ anchor: '2026-12-01', decidingItem: 'sales-process' });
  });

  it('is today when nothing the gates need is open', () => {
    const allGated = new Set(launch.gates.flatMap((gate) => gate.requiredItems));
    expect(earliestAnchor(launch, monFri, { done: allGated, today: '2026-10-20' })).toEqual({ anchor: '2026-10-20' });
  });

  it('honours business days and holidays', () => {
    const template = playbookTemplateSchema.parse({
      key: 'tight',
      name: 'Tight',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'p', title: 'P' }],
      items: [
        {
          key: 'brief',
          title: 'Brief',
          phase: 'p',
          ownerRole: 'ops_manager',
          due: { days: -5, unit: 'business-days' },
        },
      ],
      gates: [{ key: 'go', title: 'Go', due: { days: 0 }, requiredItems: ['brief'] }],
    });
    // Five working days after Friday 13 February 2026: Saturday the 14th (worked), then 24-27 February.
    expect(earliestAnchor(template, cn, { done: new Set(), today: '2026-02-13' })).toEqual({
      anchor: '2026-02-27',
      decidingItem: 'brief',
    });
    expect(earliestAnchor(template, monFri, { done: new Set(), today: '2026-02-13' })).toEqual({
      anchor: '2026-02-20',
      decidingItem: 'brief',
    });
  });
});
