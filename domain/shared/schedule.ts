import { addBusinessDays, addCalendarDays, DAY_MS, type WorkingDays } from './business-calendar';

export interface Offset {
  days: number;
  unit: 'calendar-days' | 'business-days';
}

export interface ScheduledDate {
  date: string;
  /** A business-day count ran into a year whose holidays the calendar does not list. */
  approximate: boolean;
}

/** The date an offset from the anchor lands on. */
export function resolveOffset(anchor: string, offset: Offset, calendar: WorkingDays): ScheduledDate {
  if (offset.unit === 'business-days') return addBusinessDays(calendar, anchor, offset.days);
  return { date: addCalendarDays(anchor, offset.days), approximate: false };
}

/** Something due relative to the anchor that cannot be due before `notBefore`. */
export interface AnchorRequirement {
  key: string;
  notBefore: string;
  dueOn(anchor: string): string;
}

/**
 * The earliest anchor from `from` on at which every requirement is due on or after its
 * `notBefore`, and the requirement with the least room there. A later anchor never moves a
 * due date earlier, so a binary search finds it.
 */
export function earliestAnchorFor(
  requirements: readonly AnchorRequirement[],
  from: string,
  searchLimitDays = 3650,
): { anchor: string; decidingItem?: string } | undefined {
  if (requirements.length === 0) return { anchor: from };
  const feasible = (shift: number) => {
    const anchor = addCalendarDays(from, shift);
    return requirements.every((requirement) => requirement.dueOn(anchor) >= requirement.notBefore);
  };
  if (!feasible(searchLimitDays)) return undefined;
  let [low, high] = [0, searchLimitDays];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (feasible(middle)) high = middle;
    else low = middle + 1;
  }
  const anchor = addCalendarDays(from, low);
  const room = requirements.map((requirement) => ({
    key: requirement.key,
    days: daysBetween(requirement.notBefore, requirement.dueOn(anchor)),
  }));
  const deciding = room.reduce((least, candidate) => (candidate.days < least.days ? candidate : least));
  return { anchor, decidingItem: deciding.key };
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
