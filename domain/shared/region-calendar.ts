import { speaker } from './text';

/** The calendar a case counts on when neither its start nor any of its regions names one. */
export const FALLBACK_CALENDAR = 'mon-fri';

/** How a new case's calendar was chosen: the start named it, its region maps to it, or nothing did. */
export type CalendarChoice =
  | { key: string; from: 'request' | 'fallback' }
  | { key: string; from: 'region'; region: string }
  /** Regions that map to different calendars: the start has to name one. */
  | { conflict: { region: string; calendar: string }[] };

/**
 * An explicit calendar always wins; otherwise the regions' mapped calendars, when they agree (a launch
 * may span regions); otherwise Mon-Fri, as every start defaulted to before regions had calendars.
 */
export function chooseCalendar(
  named: string | undefined,
  regions: readonly string[],
  mapped: ReadonlyMap<string, string>,
): CalendarChoice {
  if (named !== undefined) return { key: named, from: 'request' };
  const found = regions.flatMap((region) => {
    const calendar = mapped.get(region);
    return calendar === undefined ? [] : [{ region, calendar }];
  });
  if (found.length === 0) return { key: FALLBACK_CALENDAR, from: 'fallback' };
  if (new Set(found.map((entry) => entry.calendar)).size > 1) return { conflict: found };
  return { key: found[0]!.calendar, from: 'region', region: found[0]!.region };
}

/** The refusals of region calendars, in English and Chinese. */
export const REGION_CALENDAR_TEXT = {
  'region-calendar.unknown': {
    en: 'No calendar {calendar}; choose one of the calendars on the board',
    zh: '没有日历 {calendar}；请从看板上的日历中选择',
  },
  'region-calendar.regions-disagree': {
    en: 'The regions map to different calendars ({mapped}); name the calendar this case counts on',
    zh: '这些区域对应不同的日历（{mapped}）；请指定本案例使用的日历',
  },
} as const;

export const { say: regionCalendarSays } = speaker(REGION_CALENDAR_TEXT);
