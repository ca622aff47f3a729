import { addBusinessDays, type WorkingDays } from '../shared/business-calendar';
import { daysBetween, earliestAnchorFor, type AnchorRequirement } from '../shared/schedule';

/**
 * The one schedule model of a launch run. `/schedule`, the what-if, the template preview and the
 * board all read their projected finishes, slack, at-risk gates, critical path and earliest launch
 * date from here, so they cannot contradict each other (newcomer walk 1: the schedule said "not at
 * risk" next to an earliest launch date after the planned one).
 *
 * The rules, on the run's business calendar:
 * - An open item that waits on nothing finishes on the first working day from today (or from its
 *   slip, when someone said it will only be done later).
 * - An item with open dependencies finishes on the working day after the last of them: blocked work
 *   is never projected to finish today.
 * - An item behind an undecided gate finishes on the working day after the gate's projected ready
 *   date; it is never judged late, since its due date waits for the go.
 * - A gate is ready when its last open required item is done (today when none is open).
 * - An item's latest finish is the earliest of its due date, the due date of each undecided gate
 *   that needs it, and the working day before each open dependant's latest finish. Its slack is the
 *   calendar days from its projected finish to its latest finish; negative is late.
 * - A gate's slack is the least slack among the open work it waits on, directly or through
 *   dependencies, and never more than the days from its ready date to its due date. A gate is at
 *   risk when its slack is negative.
 * - The critical path is the dependency chain with the least slack towards the gate with the least.
 * - The earliest launch date is the first date, from today, on which no slack is negative, so the
 *   planned launch date is before it exactly when some gate is at risk.
 * Pure and deterministic: `today` is passed in.
 */

export interface ForecastItem {
  key: string;
  dependsOn: readonly string[];
  /** Not done or skipped. */
  open: boolean;
  /** The undecided gate the item's phase opens after, if any. */
  behindGate: string | null;
  /** A day the item will not be finished before (a slip); none means from today. */
  notBefore?: string;
  /** Its due date for a launch date. */
  dueOn(anchor: string): string;
}

export interface ForecastGate {
  key: string;
  requiredItems: readonly string[];
  /** Still waiting for its go (a no-go leaves it undecided). */
  undecided: boolean;
  dueOn(anchor: string): string;
}

export interface ItemForecast {
  projectedFinish: string;
  /** For open items not behind a gate: the latest day they may finish without making anything late. */
  latestFinish: string | null;
  slackDays: number | null;
}

export interface GateForecast {
  projectedReadyDate: string;
  /** Null when the gate said go or waits on no open work. */
  slackDays: number | null;
  atRisk: boolean;
}

export interface Forecast {
  /** Open items only. */
  items: Map<string, ItemForecast>;
  gates: Map<string, GateForecast>;
  /** The undecided gate with the least slack (the first of equals); null when no gate waits on open work. */
  criticalGate: string | null;
  /** Item keys of the chain with the least slack towards `criticalGate`, earliest first. */
  criticalPath: string[];
}

export interface ForecastInput {
  items: readonly ForecastItem[];
  gates: readonly ForecastGate[];
  calendar: WorkingDays;
  today: string;
}

/** Finishes, slack and risk for a run anchored (launching) on `anchor`. */
export function forecast(input: ForecastInput, anchor: string): Forecast {
  const finish = projectFinishes(input);
  const days = new WorkingDayMath(input.calendar);
  const byKey = new Map(input.items.map((item) => [item.key, item]));
  const judged = (key: string) => {
    const item = byKey.get(key);
    return item !== undefined && item.open && item.behindGate === null;
  };
  const undecided = input.gates.filter((gate) => gate.undecided);
  const gateDue = new Map(undecided.map((gate) => [gate.key, gate.dueOn(anchor)]));
  const dependants = new Map<string, string[]>();
  for (const item of input.items)
    if (judged(item.key))
      for (const dependency of item.dependsOn)
        if (judged(dependency)) dependants.set(dependency, [...(dependants.get(dependency) ?? []), item.key]);
  const gatesNeeding = new Map<string, string[]>();
  for (const gate of undecided)
    for (const key of gate.requiredItems) gatesNeeding.set(key, [...(gatesNeeding.get(key) ?? []), gate.key]);

  const latest = new Map<string, string>();
  const latestFinish = (key: string): string => {
    const known = latest.get(key);
    if (known !== undefined) return known;
    latest.set(key, byKey.get(key)!.dueOn(anchor)); // provisional: guards a corrupt (cyclic) state
    const limits = [
      byKey.get(key)!.dueOn(anchor),
      ...(gatesNeeding.get(key) ?? []).map((gate) => gateDue.get(gate)!),
      ...(dependants.get(key) ?? []).map((dependant) => days.before(latestFinish(dependant))),
    ];
    const date = limits.reduce(earlierOf);
    latest.set(key, date);
    return date;
  };

  const items = new Map<string, ItemForecast>();
  for (const item of input.items) {
    if (!item.open) continue;
    const projectedFinish = finish.get(item.key)!;
    if (!judged(item.key)) {
      items.set(item.key, { projectedFinish, latestFinish: null, slackDays: null });
      continue;
    }
    const last = latestFinish(item.key);
    items.set(item.key, { projectedFinish, latestFinish: last, slackDays: daysBetween(projectedFinish, last) });
  }

  const gates = new Map<string, GateForecast>();
  let criticalGate: string | null = null;
  let leastSlack = Infinity;
  for (const gate of input.gates) {
    const projectedReadyDate = readyDate(gate, finish, input.today);
    const waitsOn = gate.undecided ? openWork(gate, byKey, judged) : [];
    if (waitsOn.length === 0) {
      gates.set(gate.key, { projectedReadyDate, slackDays: null, atRisk: false });
      continue;
    }
    const slackDays = Math.min(
      daysBetween(projectedReadyDate, gateDue.get(gate.key)!),
      ...waitsOn.map((key) => items.get(key)!.slackDays!),
    );
    gates.set(gate.key, { projectedReadyDate, slackDays, atRisk: slackDays < 0 });
    if (slackDays < leastSlack) [criticalGate, leastSlack] = [gate.key, slackDays];
  }
  const gate = input.gates.find((candidate) => candidate.key === criticalGate);
  const criticalPath = gate ? leastSlackChain(openWork(gate, byKey, judged), byKey, items) : [];
  return { items, gates, criticalGate, criticalPath };
}

/**
 * The first launch date from today on which nothing the undecided gates wait on would be late, and
 * the item with the least room there (the gate's last item when the gate's own date decides).
 * Undefined when no date within `searchLimitDays` works.
 */
export function earliestLaunch(
  input: ForecastInput,
  searchLimitDays: number,
): { anchor: string; decidingItem?: string } | undefined {
  const finish = projectFinishes(input);
  const byKey = new Map(input.items.map((item) => [item.key, item]));
  const judged = (key: string) => {
    const item = byKey.get(key);
    return item !== undefined && item.open && item.behindGate === null;
  };
  const requirements: AnchorRequirement[] = [];
  const counted = new Set<string>();
  for (const gate of input.gates.filter((candidate) => candidate.undecided)) {
    const waitsOn = openWork(gate, byKey, judged);
    if (waitsOn.length === 0) continue;
    for (const key of waitsOn.filter((candidate) => !counted.has(candidate))) {
      counted.add(key);
      requirements.push({ key, notBefore: finish.get(key)!, dueOn: (anchor) => byKey.get(key)!.dueOn(anchor) });
    }
    // waitsOn starts from the required items, so at least one of them is judged.
    const last = gate.requiredItems.filter(judged).reduce((a, b) => (finish.get(b)! > finish.get(a)! ? b : a));
    requirements.push({ key: last, notBefore: readyDate(gate, finish, input.today), dueOn: gate.dueOn });
  }
  return earliestAnchorFor(requirements, input.today, searchLimitDays);
}

/** Every open item's projected finish (see the module comment). */
function projectFinishes({ items, gates, calendar, today }: ForecastInput): Map<string, string> {
  const days = new WorkingDayMath(calendar);
  const byKey = new Map(items.map((item) => [item.key, item]));
  const gateByKey = new Map(gates.map((gate) => [gate.key, gate]));
  const finish = new Map<string, string>();
  const visiting = new Set<string>();
  const visit = (item: ForecastItem): string => {
    const known = finish.get(item.key);
    if (known !== undefined) return known;
    if (visiting.has(item.key)) return days.onOrAfter(today); // templates are acyclic; this guards a corrupt state
    visiting.add(item.key);
    let date = days.onOrAfter(laterOf(today, item.notBefore ?? today));
    for (const key of item.dependsOn) {
      const dependency = byKey.get(key);
      if (dependency?.open) date = laterOf(date, days.after(visit(dependency)));
    }
    const gate = item.behindGate === null ? undefined : gateByKey.get(item.behindGate);
    if (gate) {
      const ready = gate.requiredItems
        .map((key) => byKey.get(key))
        .filter((required): required is ForecastItem => required?.open === true)
        .map(visit)
        .reduce(laterOf, today);
      date = laterOf(date, days.after(ready));
    }
    visiting.delete(item.key);
    finish.set(item.key, date);
    return date;
  };
  for (const item of items) if (item.open) visit(item);
  return finish;
}

function readyDate(gate: ForecastGate, finish: ReadonlyMap<string, string>, today: string): string {
  return gate.requiredItems.map((key) => finish.get(key) ?? today).reduce(laterOf, today);
}

/** The judged open items a gate waits on: its open required items and their open dependencies, transitively. */
function openWork(
  gate: ForecastGate,
  byKey: ReadonlyMap<string, ForecastItem>,
  judged: (key: string) => boolean,
): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !judged(key)) return;
    seen.add(key);
    for (const dependency of byKey.get(key)!.dependsOn) visit(dependency);
    found.push(key);
  };
  for (const key of gate.requiredItems) visit(key);
  return found;
}

interface Chain {
  keys: string[];
  least: number;
  total: number;
  lastFinish: string;
}

/**
 * The dependency chain through `work` whose least slack is least. Among equals the longest wins
 * (so the chain runs from the first open item to the last), then the tighter over all its links
 * (least total slack), then the one ending latest, then by keys.
 */
function leastSlackChain(
  work: readonly string[],
  byKey: ReadonlyMap<string, ForecastItem>,
  items: ReadonlyMap<string, ItemForecast>,
): string[] {
  const inWork = new Set(work);
  const best = new Map<string, Chain>();
  const better = (a: Chain, b: Chain) =>
    a.least !== b.least
      ? a.least < b.least
      : a.keys.length !== b.keys.length
        ? a.keys.length > b.keys.length
        : a.total !== b.total
          ? a.total < b.total
          : a.lastFinish !== b.lastFinish
            ? a.lastFinish > b.lastFinish
            : a.keys.join(' ') < b.keys.join(' ');
  const chainTo = (key: string): Chain => {
    const known = best.get(key);
    if (known) return known;
    const own = items.get(key)!;
    let chain: Chain = { keys: [key], least: own.slackDays!, total: own.slackDays!, lastFinish: own.projectedFinish };
    best.set(key, chain); // provisional: guards a corrupt (cyclic) state
    for (const dependency of byKey.get(key)!.dependsOn.filter((candidate) => inWork.has(candidate))) {
      const before = chainTo(dependency);
      const candidate = {
        keys: [...before.keys, key],
        least: Math.min(before.least, own.slackDays!),
        total: before.total + own.slackDays!,
        lastFinish: own.projectedFinish,
      };
      if (better(candidate, chain)) chain = candidate;
    }
    best.set(key, chain);
    return chain;
  };
  return work.map(chainTo).reduce((a, b) => (better(b, a) ? b : a)).keys;
}

/** Working-day steps on the run's calendar. */
class WorkingDayMath {
  constructor(private readonly calendar: WorkingDays) {}
  onOrAfter(date: string): string {
    return this.calendar.isWorkingDay(date) ? date : this.after(date);
  }
  after(date: string): string {
    return addBusinessDays(this.calendar, date, 1).date;
  }
  before(date: string): string {
    return addBusinessDays(this.calendar, date, -1).date;
  }
}

function laterOf(a: string, b: string): string {
  return a >= b ? a : b;
}

function earlierOf(a: string, b: string): string {
  return a <= b ? a : b;
}
