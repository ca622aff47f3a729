import { workingDays } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { CN_MAINLAND_CALENDAR, MON_FRI_CALENDAR } from '../../domain/shared/shipped-calendars';
import { playbookTemplateSchema, type PlaybookTemplateInput } from '../../domain/launch/template';
import { createLaunchState } from '../../domain/launch/create';
import { planSchedule } from '../../domain/launch/schedule';
import { whatIf } from '../../domain/launch/what-if';
import { launchInput } from '../helpers/launch-fixtures';

const MON_FRI = { key: 'mon-fri', definition: businessCalendarSchema.parse(MON_FRI_CALENDAR) };
const CN_MAINLAND = { key: 'cn-mainland', definition: businessCalendarSchema.parse(CN_MAINLAND_CALENDAR) };

/** Two items due on the same calendar day before the launch, one of them rolling to a working day. */
function template(rolls: Partial<PlaybookTemplateInput['items'][number]> = {}) {
  return {
    key: 'rolling',
    name: 'Rolling',
    playbook: 'launch-readiness' as const,
    anchor: 'launchDate',
    phases: [{ key: 'prep', title: 'Preparation' }],
    items: [
      { key: 'stays', title: 'Stays', phase: 'prep', ownerRole: 'ops_manager' as const, due: { days: -2 } },
      {
        ...{ key: 'rolls', title: 'Rolls', phase: 'prep', ownerRole: 'ops_manager' as const, due: { days: -2 } },
        rollToBusinessDay: true,
        ...rolls,
      },
    ],
    gates: [{ key: 'go', title: 'Go', due: { days: 0 }, requiredItems: ['stays', 'rolls'] }],
  };
}

// Newcomer walk 10: calendar-day offsets landed on holidays (an item due 2027-01-01).
describe('a template item that rolls its due date to the next business day', () => {
  const definition = playbookTemplateSchema.parse(template());

  it('moves a date on a weekend or holiday to the next working day, and leaves the others', () => {
    // Two days before Monday 2 March 2026 is Saturday 28 February.
    const run = createLaunchState(
      launchInput({
        launchId: 'L-1',
        launchDate: '2026-03-02',
        template: { version: 1, definition },
        calendar: MON_FRI,
      }),
      new Date('2026-02-02T09:00:00Z'),
    );
    const due = Object.fromEntries(run.items.map((item) => [item.key, item.dueDate]));
    expect(due).toEqual({ stays: '2026-02-28', rolls: '2026-03-02' });
    // Two days before 3 October 2026 is 1 October, National Day: the holiday runs to the 7th.
    const national = createLaunchState(
      launchInput({
        launchId: 'L-1',
        launchDate: '2026-10-03',
        template: { version: 1, definition },
        calendar: CN_MAINLAND,
      }),
      new Date('2026-09-01T09:00:00Z'),
    );
    expect(national.items.find((item) => item.key === 'rolls')!.dueDate).toBe('2026-10-08');
  });

  it('rolls the same way in the template preview and when the launch date moves', () => {
    const preview = planSchedule(definition, '2026-03-02', workingDays(MON_FRI.definition), {
      done: new Set(),
      today: '2026-02-02',
    });
    expect(preview.items.map((item) => [item.key, item.date])).toEqual([
      ['stays', '2026-02-28'],
      ['rolls', '2026-03-02'],
    ]);
    const input = launchInput({
      launchId: 'L-1',
      launchDate: '2026-03-04',
      template: { version: 1, definition },
      calendar: MON_FRI,
    });
    const moved = whatIf(
      createLaunchState(input, new Date('2026-02-02T09:00:00Z')),
      input,
      { launchDate: '2026-03-09' },
      '2026-02-02',
    );
    // Two days before Monday 9 March is Saturday 7 March.
    expect(moved.items.map((item) => [item.key, item.newDueDate])).toEqual([
      ['stays', '2026-03-07'],
      ['rolls', '2026-03-09'],
    ]);
  });

  it('is refused on an item whose offset counts business days already', () => {
    const result = playbookTemplateSchema.safeParse(template({ due: { days: -2, unit: 'business-days' } }));
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({
        path: ['items', 1, 'rollToBusinessDay'],
        message:
          'item "rolls" counts its due date in business days already; only a calendar-day offset can roll to one',
      }),
    ]);
  });
});
