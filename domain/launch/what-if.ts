import { isIsoDate } from '../shared/input-checks';
import type { Role } from '../shared/roles';
import { daysBetween, earliestAnchorFor, resolveOffset } from '../shared/schedule';
import { calendarOf, itemDueDate } from './create';
import { isOpen, isSettled } from './transitions';
import type { ItemState, ItemStatus, LaunchInput, LaunchState } from './types';

/**
 * "What happens if…" for a running playbook run: move the launch date, or say an open item
 * will only be finished later, and see every due date, what turns late, which gate is at
 * risk, the chain that decides when the first gate can be ready, and the earliest launch
 * date that still works. Pure and deterministic (`today` is passed in); it never changes
 * the run, so the API can answer it from a query without touching the workflow.
 */

/** A proposed change; nothing in it is applied. */
export interface WhatIfChange {
  /** A new launch date (the anchor): every due date follows it. */
  launchDate?: string;
  /** Open items that will only be finished on `to` (YYYY-MM-DD, today or later). */
  slips?: { itemKey: string; to: string }[];
}

/** One thing wrong with a change; `path` is dotted like a request field (`slips.0.itemKey`). */
export interface WhatIfProblem {
  path: string;
  message: string;
}

/** A change that cannot be judged (unknown or settled items, dates in the past): the API answers 422. */
export class WhatIfError extends Error {
  constructor(readonly problems: WhatIfProblem[]) {
    super(`The what-if change is invalid: ${problems.map((problem) => problem.message).join('; ')}`);
    this.name = 'WhatIfError';
  }
}

export interface WhatIfItem {
  key: string;
  title: string;
  status: ItemStatus;
  ownerRole: Role;
  assignee: string | null;
  /** The due date the run has now. */
  dueDate: string;
  /** The due date under the change (the same as `dueDate` when the launch date stays). */
  newDueDate: string;
  /**
   * For an open item, the earliest day it can be done: the latest of today, its slip (if
   * any) and the projected finish of each open dependency, so a slip carries down to every
   * dependant. Null for a done or skipped item.
   */
  projectedFinish: string | null;
  /** The gate the item's phase opens after, while that gate has not said go; such items are never judged late here. */
  behindGate: string | null;
  /** Open, not behind a gate, and projected to finish after `newDueDate` (which includes a `newDueDate` before today). */
  wouldBeOverdue: boolean;
  /** Would be overdue under the change, but is not under the run's current schedule with no slips: the change makes it late. */
  becomesOverdue: boolean;
}

export interface WhatIfGate {
  key: string;
  title: string;
  dueDate: string;
  newDueDate: string;
  /** Set once the gate said go; a no-go moves the launch date and leaves the gate undecided. */
  decision: 'go' | null;
  /** Required items not done or skipped. */
  openItems: string[];
  /** Some open required item (not behind a gate) is projected to finish after the gate's new due date. */
  atRisk: boolean;
  /** When the last open required item is projected to be done: the earliest the gate can be decided; today when none is open. */
  projectedReadyDate: string;
}

/** One link of the critical path. */
export interface CriticalPathStep {
  key: string;
  title: string;
  /** The new due date. */
  dueDate: string;
  projectedFinish: string;
  /** Calendar days from the projected finish to the new due date; negative means late by that many days. */
  slackDays: number;
}

export interface WhatIfResult {
  today: string;
  /** The launch date the run has now. */
  currentLaunchDate: string;
  /** The launch date under the change. */
  launchDate: string;
  items: WhatIfItem[];
  gates: WhatIfGate[];
  /** The gate `criticalPath` leads to: the first gate that has not said go and still waits on open items; null when none does. */
  criticalPathGate: string | null;
  /**
   * The chain of open items that decides when `criticalPathGate` can be ready, earliest
   * first. It ends at the gate's open required item projected to finish last and walks back
   * through open dependencies, at each step to the one projected to finish last. Ties go
   * first to an item that another tied item does not depend on (so a dependant finishing
   * the same day as its dependency keeps both in the chain), then to the earliest new due
   * date, then to the key. Items behind a gate are left out. Empty when there is no such gate.
   */
  criticalPath: CriticalPathStep[];
  /** Keys of the items with `becomesOverdue`. */
  newlyOverdue: string[];
  /**
   * The earliest launch date, from today on, on which every open item a gate still needs
   * (not behind a gate) is due no earlier than its projected finish; `decidingItem` is the
   * item with the least room on that date (null when nothing a gate needs is open). Null
   * when no launch date within ten years works.
   */
  earliestLaunchDate: { date: string; decidingItem: string | null } | null;
}

/** How far ahead the earliest launch date is searched for. */
export const WHAT_IF_SEARCH_LIMIT_DAYS = 3650;

/** Judges a change to a running run without applying it; throws `WhatIfError` when the change is invalid. */
export function whatIf(
  state: LaunchState,
  input: Pick<LaunchInput, 'template' | 'calendar'>,
  change: WhatIfChange,
  today: string,
): WhatIfResult {
  if (!isIsoDate(today)) throw new Error(`today must be a YYYY-MM-DD date, not "${today}"`);
  const slips = validate(state, change, today);
  const template = input.template.definition;
  const calendar = calendarOf(input);
  const launchDate = change.launchDate ?? state.launchDate;
  const moved = launchDate !== state.launchDate;
  const byKey = new Map(state.items.map((item) => [item.key, item]));

  const newDue = new Map(
    state.items.map((item) => [
      item.key,
      moved ? itemDueDate(template, item.templateKey, item.occurrence, launchDate, calendar).date : item.dueDate,
    ]),
  );
  const finish = projectFinishes(state.items, byKey, slips, today);
  const baselineFinish = projectFinishes(state.items, byKey, new Map(), today);
  const gateOf = (item: ItemState) =>
    item.waitingOn.find((reason) => reason.startsWith('gate:'))?.slice('gate:'.length) ?? null;
  const judged = (item: ItemState) => isOpen(item) && gateOf(item) === null;

  const items: WhatIfItem[] = state.items.map((item) => {
    const projectedFinish = finish.get(item.key) ?? null;
    const newDueDate = newDue.get(item.key)!;
    const wouldBeOverdue = judged(item) && projectedFinish !== null && projectedFinish > newDueDate;
    const wasOverdue = judged(item) && (baselineFinish.get(item.key) ?? today) > item.dueDate;
    return {
      key: item.key,
      title: item.title,
      status: item.status,
      ownerRole: item.ownerRole,
      assignee: item.assignee ?? null,
      dueDate: item.dueDate,
      newDueDate,
      projectedFinish,
      behindGate: gateOf(item),
      wouldBeOverdue,
      becomesOverdue: wouldBeOverdue && !wasOverdue,
    };
  });

  /** Open required items of a gate that this judges (not behind a gate themselves). */
  const openRequired = (requiredItems: string[]) =>
    requiredItems.map((key) => byKey.get(key)).filter((item): item is ItemState => item !== undefined && judged(item));

  const gates: WhatIfGate[] = state.gates.map((gate) => {
    const spec = template.gates.find((candidate) => candidate.key === gate.key);
    const newDueDate = moved && spec ? resolveOffset(launchDate, spec.due, calendar).date : gate.dueDate;
    const finishes = openRequired(gate.requiredItems).map((item) => finish.get(item.key)!);
    return {
      key: gate.key,
      title: gate.title,
      dueDate: gate.dueDate,
      newDueDate,
      decision: gate.decision?.outcome === 'go' ? 'go' : null,
      openItems: gate.requiredItems.filter((key) => {
        const item = byKey.get(key);
        return item === undefined || !isSettled(item);
      }),
      atRisk: finishes.some((date) => date > newDueDate),
      projectedReadyDate: finishes.reduce(laterOf, today),
    };
  });

  const pathGate = state.gates.find(
    (gate) => gate.decision?.outcome !== 'go' && openRequired(gate.requiredItems).length > 0,
  );
  const criticalPath = pathGate
    ? criticalChain(openRequired(pathGate.requiredItems), byKey, judged, finish, newDue)
    : [];

  const required = new Set(
    state.gates.filter((gate) => gate.decision?.outcome !== 'go').flatMap((gate) => gate.requiredItems),
  );
  const earliest = earliestAnchorFor(
    state.items
      .filter((item) => required.has(item.key) && judged(item))
      .map((item) => ({
        key: item.key,
        notBefore: finish.get(item.key)!,
        dueOn: (anchor: string) => itemDueDate(template, item.templateKey, item.occurrence, anchor, calendar).date,
      })),
    today,
    WHAT_IF_SEARCH_LIMIT_DAYS,
  );

  return {
    today,
    currentLaunchDate: state.launchDate,
    launchDate,
    items,
    gates,
    criticalPathGate: pathGate?.key ?? null,
    criticalPath: criticalPath.map((item) => {
      const projectedFinish = finish.get(item.key)!;
      const dueDate = newDue.get(item.key)!;
      return {
        key: item.key,
        title: item.title,
        dueDate,
        projectedFinish,
        slackDays: daysBetween(projectedFinish, dueDate),
      };
    }),
    newlyOverdue: items.filter((item) => item.becomesOverdue).map((item) => item.key),
    earliestLaunchDate: earliest ? { date: earliest.anchor, decidingItem: earliest.decidingItem ?? null } : null,
  };
}

/** The slips by item key, or a `WhatIfError` naming every culprit. */
function validate(state: LaunchState, change: WhatIfChange, today: string): Map<string, string> {
  const problems: WhatIfProblem[] = [];
  if (state.status === 'cancelled' || state.status === 'closed') {
    problems.push({
      path: '',
      message: `Launch ${state.launchId} is ${state.status}; there is nothing left to schedule`,
    });
  }
  if (change.launchDate !== undefined) {
    if (!isIsoDate(change.launchDate)) {
      problems.push({ path: 'launchDate', message: `"${change.launchDate}" is not a YYYY-MM-DD date` });
    } else if (change.launchDate < today) {
      problems.push({
        path: 'launchDate',
        message: `The launch date ${change.launchDate} is in the past (today is ${today})`,
      });
    } else if (state.status === 'launched' && change.launchDate !== state.launchDate) {
      problems.push({
        path: 'launchDate',
        message: `Launch ${state.launchId} has launched; its launch date is history`,
      });
    }
  }
  const slips = new Map<string, string>();
  (change.slips ?? []).forEach((slip, index) => {
    const item = state.items.find((candidate) => candidate.key === slip.itemKey);
    if (!item) {
      problems.push({
        path: `slips.${index}.itemKey`,
        message: `Launch ${state.launchId} has no checklist item "${slip.itemKey}"`,
      });
    } else if (isSettled(item)) {
      problems.push({
        path: `slips.${index}.itemKey`,
        message: `Item "${item.key}" is already ${item.status}; only an open item can slip`,
      });
    } else if (slips.has(item.key)) {
      problems.push({ path: `slips.${index}.itemKey`, message: `Item "${item.key}" is slipped twice` });
    }
    if (!isIsoDate(slip.to)) {
      problems.push({
        path: `slips.${index}.to`,
        message: `"${slip.to}" (slip of "${slip.itemKey}") is not a YYYY-MM-DD date`,
      });
    } else if (slip.to < today) {
      problems.push({
        path: `slips.${index}.to`,
        message: `Item "${slip.itemKey}" cannot slip to ${slip.to}, which is in the past (today is ${today})`,
      });
    }
    if (item && !slips.has(item.key)) slips.set(item.key, slip.to);
  });
  if (problems.length > 0) throw new WhatIfError(problems);
  return slips;
}

/** Each open item's projected finish: the latest of today, its slip and its open dependencies' projected finishes. */
function projectFinishes(
  items: readonly ItemState[],
  byKey: ReadonlyMap<string, ItemState>,
  slips: ReadonlyMap<string, string>,
  today: string,
): Map<string, string> {
  const finish = new Map<string, string>();
  const visiting = new Set<string>();
  const visit = (item: ItemState): string => {
    const known = finish.get(item.key);
    if (known !== undefined) return known;
    if (visiting.has(item.key)) return today; // templates are acyclic; this only guards a corrupt state
    visiting.add(item.key);
    let date = laterOf(today, slips.get(item.key) ?? today);
    for (const key of item.dependsOn) {
      const dependency = byKey.get(key);
      if (dependency && isOpen(dependency)) date = laterOf(date, visit(dependency));
    }
    visiting.delete(item.key);
    finish.set(item.key, date);
    return date;
  };
  for (const item of items) if (isOpen(item)) visit(item);
  return finish;
}

/** The critical chain ending at the latest of `candidates`, earliest first (see `WhatIfResult.criticalPath`). */
function criticalChain(
  candidates: ItemState[],
  byKey: ReadonlyMap<string, ItemState>,
  judged: (item: ItemState) => boolean,
  finish: ReadonlyMap<string, string>,
  newDue: ReadonlyMap<string, string>,
): ItemState[] {
  const latest = (options: ItemState[]): ItemState => {
    const last = options.map((item) => finish.get(item.key)!).reduce(laterOf);
    const tied = options.filter((item) => finish.get(item.key) === last);
    const upstream = new Set(tied.flatMap((item) => [...openAncestors(item, byKey)]));
    const downstream = tied.filter((item) => !upstream.has(item.key));
    return (downstream.length > 0 ? downstream : tied).sort(
      (a, b) => newDue.get(a.key)!.localeCompare(newDue.get(b.key)!) || a.key.localeCompare(b.key),
    )[0]!;
  };
  const chain = [latest(candidates)];
  const seen = new Set(chain.map((item) => item.key));
  for (;;) {
    const dependencies = chain[chain.length - 1]!.dependsOn.map((key) => byKey.get(key)).filter(
      (item): item is ItemState => item !== undefined && judged(item) && !seen.has(item.key),
    );
    if (dependencies.length === 0) break;
    const next = latest(dependencies);
    chain.push(next);
    seen.add(next.key);
  }
  return chain.reverse();
}

/** Keys of the open items `item` depends on, directly or not. */
function openAncestors(item: ItemState, byKey: ReadonlyMap<string, ItemState>): Set<string> {
  const found = new Set<string>();
  const visit = (current: ItemState) => {
    for (const key of current.dependsOn) {
      const dependency = byKey.get(key);
      if (dependency && isOpen(dependency) && !found.has(key)) {
        found.add(key);
        visit(dependency);
      }
    }
  };
  visit(item);
  return found;
}

function laterOf(a: string, b: string): string {
  return a >= b ? a : b;
}
