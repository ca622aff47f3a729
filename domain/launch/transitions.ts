import { addCalendarDays } from '../shared/business-calendar';
import type { PlaybookTemplate } from './template';
import type { ItemState, LaunchState, TimelineEvent } from './types';

/** How many events the run keeps in its own state; the read model keeps them all. */
export const TIMELINE_KEPT_IN_STATE = 200;

export function appendEvent(state: LaunchState, now: Date, event: Omit<TimelineEvent, 'n' | 'at'>): TimelineEvent {
  state.eventCount += 1;
  const full: TimelineEvent = { n: state.eventCount, at: now.toISOString(), ...event };
  state.timeline.push(full);
  return full;
}

/** Drops the oldest events once they are safely in the read model. */
export function trimTimeline(state: LaunchState, projectedThrough: number): void {
  const excess = state.timeline.length - TIMELINE_KEPT_IN_STATE;
  if (excess <= 0) return;
  const removable = state.timeline.slice(0, excess).filter((event) => event.n <= projectedThrough).length;
  state.timeline.splice(0, removable);
}

export function isSettled(item: ItemState): boolean {
  return item.status === 'done' || item.status === 'skipped';
}

export function isOpen(item: ItemState): boolean {
  return !isSettled(item);
}

/** The gate a phase opens after, when the template says so and that gate has not said go. */
function closedGateOf(state: LaunchState, template: PlaybookTemplate, item: ItemState): string | undefined {
  const gateKey = template.phases.find((phase) => phase.key === item.phase)?.opensAfterGate;
  if (!gateKey) return undefined;
  const gate = state.gates.find((candidate) => candidate.key === gateKey);
  return gate?.decision?.outcome === 'go' ? undefined : gateKey;
}

/**
 * Blocked <-> ready/in progress from dependencies and gates. An item that was started keeps
 * its start and returns to in progress once unblocked.
 */
export function refreshStatuses(state: LaunchState, template: PlaybookTemplate): void {
  const byKey = new Map(state.items.map((item) => [item.key, item]));
  for (const item of state.items) {
    if (isSettled(item)) {
      item.waitingOn = [];
      continue;
    }
    const gate = closedGateOf(state, template, item);
    const waitingOn = [
      ...item.dependsOn.filter((key) => {
        const dependency = byKey.get(key);
        return dependency !== undefined && isOpen(dependency);
      }),
      ...(gate ? [`gate:${gate}`] : []),
    ];
    item.waitingOn = waitingOn;
    if (waitingOn.length > 0) item.status = 'blocked';
    else if (item.status === 'blocked') item.status = item.startedAt ? 'in_progress' : 'ready';
  }
}

/** Whether an open item's phase has opened: items behind an undecided gate get no alarms. */
export function isActive(state: LaunchState, template: PlaybookTemplate, item: ItemState): boolean {
  return isOpen(item) && closedGateOf(state, template, item) === undefined;
}

/** Overdue from the day after the due date (UTC). */
export function isPastDue(dueDate: string, now: Date): boolean {
  return now.getTime() >= Date.parse(`${addCalendarDays(dueDate, 1)}T00:00:00Z`);
}

/** Every item that depends on `key`, directly or not. */
export function dependantsOf(items: readonly ItemState[], key: string): Set<string> {
  const found = new Set<string>();
  const visit = (target: string) => {
    for (const item of items) {
      if (item.dependsOn.includes(target) && !found.has(item.key)) {
        found.add(item.key);
        visit(item.key);
      }
    }
  };
  visit(key);
  return found;
}
