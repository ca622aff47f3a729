import { get } from '../api/client';
import { useLive } from '../lib/live';
import { chooseCalendar, FALLBACK_CALENDAR } from '../../../domain/shared/region-calendar';

/** One row of GET /api/region-calendars. */
export interface RegionCalendar {
  region: string;
  calendar: string;
  updatedBy: string;
  updatedAt: string;
}

/** The regions' default calendars as the API keeps them, read once a minute. */
export function useRegionCalendars() {
  return useLive('region-calendars', (signal) => get<{ items: RegionCalendar[] }>('/api/region-calendars', signal), 60);
}

/**
 * The calendar a start form's case would pin, by the API's own rule (domain/shared/region-calendar.ts),
 * for previews; regions that disagree preview on Mon-Fri, and the start itself asks to name one.
 */
export function calendarForStart(
  named: unknown,
  regions: unknown,
  mapped: readonly RegionCalendar[] | undefined,
): string {
  const list = Array.isArray(regions) ? regions.map(String) : typeof regions === 'string' ? [regions] : [];
  const choice = chooseCalendar(
    typeof named === 'string' && named !== '' ? named : undefined,
    list,
    new Map((mapped ?? []).map((row) => [row.region, row.calendar])),
  );
  return 'key' in choice ? choice.key : FALLBACK_CALENDAR;
}
