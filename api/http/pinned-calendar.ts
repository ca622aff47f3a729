import type { Database } from '../../db/prisma';
import { type BusinessCalendar } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { chooseCalendar, FALLBACK_CALENDAR, regionCalendarSays } from '../../domain/shared/region-calendar';
import { Problem } from './problem';

type PinnedCalendar = { key: string; definition: BusinessCalendar };

/** A new run embeds its calendar, so later edits to the calendar never reach it; an unknown key is 422. */
export async function pinnedCalendar(db: Database, key: string): Promise<PinnedCalendar> {
  const calendarRow = await db.businessCalendar.findUnique({ where: { key } });
  if (!calendarRow) throw unknownCalendar(key);
  return { key: calendarRow.key, definition: businessCalendarSchema.parse(calendarRow.definition) };
}

function unknownCalendar(key: string): Problem {
  const said = regionCalendarSays('region-calendar.unknown', { calendar: key });
  return new Problem(422, 'Unknown calendar', said, {
    errors: [{ path: 'calendar', message: said.summary, code: 'invalid_value' }],
  });
}

/**
 * The calendar a case started from the API pins: the one the start names, else its regions' default
 * (region_calendar), else Mon-Fri. Applied here, before the workflow starts, so no workflow changes.
 * One statement reads the regions' defaults and every calendar the choice can fall on: a start waits
 * for one database round trip here, not two.
 */
export async function startCalendar(
  db: Database,
  named: string | undefined,
  regions: readonly string[],
): Promise<PinnedCalendar> {
  const rows = await db.$queryRaw<{ region: string | null; key: string; definition: unknown }[]>`
    WITH mapped AS (
      SELECT region, calendar FROM region_calendar
      WHERE ${named === undefined}::boolean AND region = ANY(${[...regions]}::text[]))
    SELECT region, calendar AS key, NULL::jsonb AS definition FROM mapped
    UNION ALL
    SELECT NULL, key, definition FROM business_calendar
    WHERE key = ${named ?? FALLBACK_CALENDAR} OR key IN (SELECT calendar FROM mapped)`;
  const mapped = new Map(rows.flatMap((row) => (row.region === null ? [] : [[row.region, row.key] as const])));
  const choice = chooseCalendar(named, regions, mapped);
  if ('conflict' in choice) {
    const list = choice.conflict.map((entry) => `${entry.region}: ${entry.calendar}`);
    const said = regionCalendarSays('region-calendar.regions-disagree', { mapped: { list, separator: ', ' } });
    throw new Problem(422, 'Name a calendar', said, {
      errors: [{ path: 'calendar', message: said.summary, code: 'invalid_value' }],
    });
  }
  const calendar = rows.find((row) => row.region === null && row.key === choice.key);
  if (!calendar) throw unknownCalendar(choice.key);
  return { key: calendar.key, definition: businessCalendarSchema.parse(calendar.definition) };
}
