import { isIsoDate } from '../shared/input-checks';
import type { Role } from '../shared/roles';
import { addCalendarDays } from '../shared/business-calendar';
import { daysBetween, resolveOffset } from '../shared/schedule';
import { calendarOf, itemDueDate } from './create';
import { earliestLaunch, forecast, type ForecastGate, type ForecastInput, type ForecastItem } from './forecast';
import { isOpen, isSettled } from './transitions';
import type { ItemStatus, LaunchInput, LaunchState } from './types';

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
  /** For an open item, the day the schedule model projects it done (see forecast.ts); null once settled. */
  projectedFinish: string | null;
  /** For an open item not behind a gate: the latest day it may finish without making anything late. */
  latestFinish: string | null;
  /** Calendar days from `projectedFinish` to `latestFinish`; negative is late. Null where `latestFinish` is. */
  slackDays: number | null;
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
  /** Its slack is negative: some open work it waits on is projected to finish after its latest finish. */
  atRisk: boolean;
  /** When the last open required item is projected to be done: the earliest the gate can be decided; today when none is open. */
  projectedReadyDate: string;
  /** The least slack of the open work it waits on (and of its own date); null once it said go or waits on nothing. */
  slackDays: number | null;
}

/** One link of the critical path. */
export interface CriticalPathStep {
  key: string;
  title: string;
  /** The new due date. */
  dueDate: string;
  projectedFinish: string;
  latestFinish: string;
  /** Calendar days from the projected finish to the latest finish; negative means late by that many days. */
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
  /** Some gate is at risk; for a launch date from today on, exactly when `earliestLaunchDate` is after it. */
  atRisk: boolean;
  /** The undecided gate with the least slack, which `criticalPath` leads to; null when no gate waits on open work. */
  criticalPathGate: string | null;
  /** The dependency chain of open items with the least slack towards `criticalPathGate`, earliest first. */
  criticalPath: CriticalPathStep[];
  /** Keys of the items with `becomesOverdue`. */
  newlyOverdue: string[];
  /**
   * The earliest launch date, from today on, on which no slack is negative; `decidingItem` is the
   * item with the least room on that date (null when nothing a gate needs is open). Null when no
   * launch date within ten years works.
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
  const launchDate = change.launchDate ?? state.launchDate;
  const model = forecastInput(state, input, today, slips);
  const baseline = forecast(forecastInput(state, input, today, new Map()), state.launchDate);
  const projected = forecast(model, launchDate);
  const byKey = new Map(model.items.map((item) => [item.key, item]));
  const judged = (key: string) => projected.items.get(key)?.slackDays != null;

  const items: WhatIfItem[] = state.items.map((item) => {
    const plan = projected.items.get(item.key);
    const newDueDate = byKey.get(item.key)!.dueOn(launchDate);
    const wouldBeOverdue = judged(item.key) && plan!.projectedFinish > newDueDate;
    const wasOverdue = judged(item.key) && baseline.items.get(item.key)!.projectedFinish > item.dueDate;
    return {
      key: item.key,
      title: item.title,
      status: item.status,
      ownerRole: item.ownerRole,
      assignee: item.assignee ?? null,
      dueDate: item.dueDate,
      newDueDate,
      projectedFinish: plan?.projectedFinish ?? null,
      latestFinish: plan?.latestFinish ?? null,
      slackDays: plan?.slackDays ?? null,
      behindGate: byKey.get(item.key)!.behindGate,
      wouldBeOverdue,
      becomesOverdue: wouldBeOverdue && !wasOverdue,
    };
  });

  const gates: WhatIfGate[] = state.gates.map((gate, index) => {
    const plan = projected.gates.get(gate.key)!;
    return {
      key: gate.key,
      title: gate.title,
      dueDate: gate.dueDate,
      newDueDate: model.gates[index]!.dueOn(launchDate),
      decision: gate.decision?.outcome === 'go' ? 'go' : null,
      openItems: gate.requiredItems.filter((key) => {
        const item = state.items.find((candidate) => candidate.key === key);
        return item === undefined || !isSettled(item);
      }),
      atRisk: plan.atRisk,
      projectedReadyDate: plan.projectedReadyDate,
      slackDays: plan.slackDays,
    };
  });

  const earliest = earliestLaunch(model, WHAT_IF_SEARCH_LIMIT_DAYS);
  return {
    today,
    currentLaunchDate: state.launchDate,
    launchDate,
    atRisk: gates.some((gate) => gate.atRisk),
    items,
    gates,
    criticalPathGate: projected.criticalGate,
    criticalPath: projected.criticalPath.map((key) => {
      const item = items.find((candidate) => candidate.key === key)!;
      return {
        key,
        title: item.title,
        dueDate: item.newDueDate,
        projectedFinish: item.projectedFinish!,
        latestFinish: item.latestFinish!,
        slackDays: item.slackDays!,
      };
    }),
    newlyOverdue: items.filter((item) => item.becomesOverdue).map((item) => item.key),
    earliestLaunchDate: earliest ? { date: earliest.anchor, decidingItem: earliest.decidingItem ?? null } : null,
  };
}

/**
 * The run as the schedule model sees it. Due dates for another launch date follow the template;
 * whatever the run has moved by hand keeps its distance from the template's date, so the due date
 * never moves earlier when the launch date moves later.
 */
function forecastInput(
  state: LaunchState,
  input: Pick<LaunchInput, 'template' | 'calendar'>,
  today: string,
  slips: ReadonlyMap<string, string>,
): ForecastInput {
  const template = input.template.definition;
  const calendar = calendarOf(input);
  const shifted = (current: string, fromTemplate: (anchor: string) => string) => {
    const drift = daysBetween(fromTemplate(state.launchDate), current);
    return (anchor: string) => (anchor === state.launchDate ? current : addCalendarDays(fromTemplate(anchor), drift));
  };
  const items: ForecastItem[] = state.items.map((item) => ({
    key: item.key,
    dependsOn: item.dependsOn,
    open: isOpen(item),
    behindGate: item.waitingOn.find((reason) => reason.startsWith('gate:'))?.slice('gate:'.length) ?? null,
    ...(slips.has(item.key) ? { notBefore: slips.get(item.key)! } : {}),
    dueOn: shifted(
      item.dueDate,
      (anchor) => itemDueDate(template, item.templateKey, item.occurrence, anchor, calendar).date,
    ),
  }));
  const gates: ForecastGate[] = state.gates.map((gate) => {
    const spec = template.gates.find((candidate) => candidate.key === gate.key);
    return {
      key: gate.key,
      requiredItems: gate.requiredItems,
      undecided: gate.decision?.outcome !== 'go',
      dueOn: spec
        ? shifted(gate.dueDate, (anchor) => resolveOffset(anchor, spec.due, calendar).date)
        : () => gate.dueDate,
    };
  });
  return { items, gates, calendar, today };
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
