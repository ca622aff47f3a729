import type { WorkingDays } from '../shared/business-calendar';
import { resolveOffset, type ScheduledDate } from '../shared/schedule';
import { templateItemDue } from './create';
import { earliestLaunch } from './forecast';
import type { PlaybookTemplate } from './template';

/** A launch template's dates on a given launch date: what the template preview and its earliest launch date show. */

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
    const due = templateItemDue(item, anchor, calendar);
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
 * The earliest anchor (launch date) on which nothing a gate waits on would be late, by the same
 * schedule model as a running run's (forecast.ts), counting from `today`.
 */
export function earliestAnchor(
  template: PlaybookTemplate,
  calendar: WorkingDays,
  progress: { done: ReadonlySet<string>; today: string },
  searchLimitDays = 3650,
): { anchor: string; decidingItem?: string } | undefined {
  const opensAfter = new Map(template.phases.map((phase) => [phase.key, phase.opensAfterGate ?? null]));
  return earliestLaunch(
    {
      items: template.items.map((item) => ({
        key: item.key,
        dependsOn: item.dependsOn,
        open: !progress.done.has(item.key),
        behindGate: opensAfter.get(item.phase) ?? null,
        dueOn: (anchor: string) => templateItemDue(item, anchor, calendar).date,
      })),
      gates: template.gates.map((gate) => ({
        key: gate.key,
        requiredItems: gate.requiredItems,
        undecided: true,
        dueOn: (anchor: string) => resolveOffset(anchor, gate.due, calendar).date,
      })),
      calendar,
      today: progress.today,
    },
    searchLimitDays,
  );
}
