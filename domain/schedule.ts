import { addBusinessDays, addCalendarDays, type WorkingDays } from './business-calendar';
import type { PlaybookTemplate } from './playbook-template';

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

export interface ScheduledItem extends ScheduledDate {
  key: string;
  title: string;
  phase: string;
  ownerRole: string;
  required: boolean;
  done: boolean;
  /** Open and due before `today`. */
  overdue: boolean;
}

export interface Schedule {
  anchor: string;
  items: ScheduledItem[];
  gates: (ScheduledDate & { key: string; title: string; openItems: string[] })[];
}

/** Every item's and gate's due date for a run anchored on `anchor`, given what is done as of `today`. */
export function planSchedule(
  template: PlaybookTemplate,
  anchor: string,
  calendar: WorkingDays,
  progress: { done: ReadonlySet<string>; today: string },
): Schedule {
  const items = template.items.map((item) => {
    const due = resolveOffset(anchor, item.due, calendar);
    const done = progress.done.has(item.key);
    return {
      key: item.key,
      title: item.title,
      phase: item.phase,
      ownerRole: item.ownerRole,
      required: item.required,
      done,
      overdue: !done && due.date < progress.today,
      ...due,
    };
  });
  const gates = template.gates.map((gate) => ({
    key: gate.key,
    title: gate.title,
    openItems: gate.requiredItems.filter((key) => !progress.done.has(key)),
    ...resolveOffset(anchor, gate.due, calendar),
  }));
  return { anchor, items, gates };
}

/**
 * The earliest anchor (launch date) on which no open item a gate needs would already be
 * overdue, counting from `today`: the item due furthest ahead of the launch decides it.
 * A later anchor only moves due dates later, so the answer is found by binary search,
 * with business days and holidays honoured at every probe.
 */
export function earliestAnchor(
  template: PlaybookTemplate,
  calendar: WorkingDays,
  progress: { done: ReadonlySet<string>; today: string },
  searchLimitDays = 3650,
): { anchor: string; decidingItem?: string } | undefined {
  const gated = new Set(template.gates.flatMap((gate) => gate.requiredItems));
  const open = template.items.filter((item) => gated.has(item.key) && !progress.done.has(item.key));
  if (open.length === 0) return { anchor: progress.today };
  const feasible = (shift: number) => {
    const anchor = addCalendarDays(progress.today, shift);
    return open.every((item) => resolveOffset(anchor, item.due, calendar).date >= progress.today);
  };
  if (!feasible(searchLimitDays)) return undefined;
  let [low, high] = [0, searchLimitDays];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (feasible(middle)) high = middle;
    else low = middle + 1;
  }
  const anchor = addCalendarDays(progress.today, low);
  const dueDates = open.map((item) => ({ key: item.key, date: resolveOffset(anchor, item.due, calendar).date }));
  const deciding = dueDates.reduce((earliest, candidate) => (candidate.date < earliest.date ? candidate : earliest));
  return { anchor, decidingItem: deciding.key };
}
