import type { Database } from '../../db/prisma';
import { type BusinessCalendar } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { chooseCalendar, regionCalendarSays } from '../../domain/shared/region-calendar';
import { Problem } from './problem';

type PinnedCalendar = { key: string; definition: BusinessCalendar };

/** A new run embeds its calendar, so later edits to the calendar never reach it; an unknown key is 422. */
export async function pinnedCalendar(db: Database, key: string): Promise<PinnedCalendar> {
  const calendarRow = await db.businessCalendar.findUnique({ where: { key } });
  if (!calendarRow) {
    const said = regionCalendarSays('region-calendar.unknown', { calendar: key });
    throw new Problem(422, 'Unknown calendar', said, {
      errors: [{ path: 'calendar', message: said.summary, code: 'invalid_value' }],
    });
  }
  return { key: calendarRow.key, definition: businessCalendarSchema.parse(calendarRow.definition) };
}

/**
 * The calendar a case started from the API pins: the one the start names, else its regions' default
 * (region_calendar), else Mon-Fri. Applied here, before the workflow starts, so no workflow changes.
 */
export async function startCalendar(
  db: Database,
  named: string | undefined,
  regions: readonly string[],
): Promise<PinnedCalendar> {
  const rows =
    named === undefined && regions.length > 0
      ? await db.regionCalendar.findMany({ where: { region: { in: [...regions] } } })
      : [];
  const choice = chooseCalendar(named, regions, new Map(rows.map((row) => [row.region, row.calendar])));
  if ('conflict' in choice) {
    const mapped = choice.conflict.map((entry) => `${entry.region}: ${entry.calendar}`);
    const said = regionCalendarSays('region-calendar.regions-disagree', { mapped: { list: mapped, separator: ', ' } });
    throw new Problem(422, 'Name a calendar', said, {
      errors: [{ path: 'calendar', message: said.summary, code: 'invalid_value' }],
    });
  }
  return pinnedCalendar(db, choice.key);
}
