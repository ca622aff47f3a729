import type { Database } from '../../db/prisma';
import { type BusinessCalendar } from '../../domain/shared/business-calendar';
import { businessCalendarSchema } from '../../domain/shared/business-calendar-schema';
import { Problem } from './problem';

/** A new run embeds its calendar, so later edits to the calendar never reach it; an unknown key is 422. */
export async function pinnedCalendar(
  db: Database,
  key: string,
): Promise<{ key: string; definition: BusinessCalendar }> {
  const calendarRow = await db.businessCalendar.findUnique({ where: { key } });
  if (!calendarRow) throw new Problem(422, 'Unknown calendar', `No calendar ${key}`);
  return { key: calendarRow.key, definition: businessCalendarSchema.parse(calendarRow.definition) };
}
