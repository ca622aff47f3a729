/**
 * Wall-clock time in a person's time zone, from the runtime's own time-zone database (Intl), so it
 * serves workflows and activities alike. An unknown zone counts as UTC: a typo in someone's profile
 * must not stop their mail.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function wallParts(at: number, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(at);
  } catch {
    return wallParts(at, 'UTC');
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** The wall clock at an instant, read as if it were UTC (so two wall clocks subtract like instants). */
function wallAsUtc(at: number, timeZone: string): number {
  const wall = wallParts(at, timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/** How far the zone's clock is ahead of UTC at an instant (minutes are enough for every zone). */
const offsetAt = (at: number, timeZone: string) => wallAsUtc(at, timeZone) - Math.floor(at / 60_000) * 60_000;

/** The local hour (0-23) of an instant. */
export const localHour = (at: Date, timeZone: string): number => wallParts(at.getTime(), timeZone).hour;

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, timeZone: string): string {
  const wall = wallParts(at.getTime(), timeZone);
  return `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/**
 * The instant a local date's clock reads `hour`:00. On the day clocks spring forward past that hour
 * it is the first instant after the gap; on the day they fall back through it, the first of the two.
 */
export function localInstant(date: string, hour: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + hour * HOUR;
  // The offsets a day either side cover any change of the clocks on that day.
  const candidates = [offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone)].map((offset) => wall - offset);
  const exact = candidates.filter((at) => wallAsUtc(at, timeZone) === wall).sort((a, b) => a - b);
  return exact[0] ?? Math.max(...candidates);
}

/** The calendar date after a YYYY-MM-DD date. */
export const nextDate = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
