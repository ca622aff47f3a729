import { DAY_MS } from '../shared/business-calendar';
import { itemCounts, launchHeadline, launchWorkflowId } from './projection';

/**
 * The first launch workflow's fixed checklist: kept, unchanged in behaviour, for runs that
 * started before playbook templates and replay through workflows/launch/legacy-checklist.ts.
 */

export { DAY_MS, launchWorkflowId };

export interface ChecklistItemSpec {
  key: string;
  title: string;
  ownerRole: string;
  /** Days relative to the launch date; negative is before launch. */
  dueOffsetDays: number;
}

export interface LegacyLaunchInput {
  /** Business key; the workflow id is derived from it so a repeated start finds the same run. */
  launchId: string;
  productName: string;
  /** Calendar date, YYYY-MM-DD; items fall due at 00:00 UTC of their day. */
  launchDate: string;
  items: ChecklistItemSpec[];
  /** Regions the launch belongs to; none means company-wide. Absent in runs started before regions existed. */
  regions?: string[];
}

export type LegacyLaunchStatus = 'active' | 'ready';
export type LegacyItemStatus = 'open' | 'done';

export interface ChecklistItemState extends ChecklistItemSpec {
  dueAt: string;
  status: LegacyItemStatus;
  overdue: boolean;
  completedBy?: string;
  completedAt?: string;
  note?: string;
}

export interface LegacyLaunchState {
  launchId: string;
  productName: string;
  launchDate: string;
  regions: string[];
  status: LegacyLaunchStatus;
  startedAt: string;
  items: ChecklistItemState[];
  /** Grows with every change; orders projection writes. */
  seq: number;
}

export interface CompleteItemInput {
  itemKey: string;
  completedBy: string;
  note?: string;
  /** The `seq` the caller last saw; the action is refused if the run has changed since. */
  expectedSeq?: number;
}

/** A starter checklist from the early stage of DOMAIN.md §1; the full template arrives with the playbook engine. */
export const STARTER_CHECKLIST: readonly ChecklistItemSpec[] = [
  {
    key: 'scenario-positioning',
    title: 'Scenario positioning statement',
    ownerRole: 'product_manager',
    dueOffsetDays: -42,
  },
  {
    key: 'sales-process',
    title: 'Sales process initialised (pricing, licensing, POC process)',
    ownerRole: 'ops_manager',
    dueOffsetDays: -35,
  },
  {
    key: 'enablement',
    title: 'Enablement materials: training deck and pitch deck',
    ownerRole: 'presales',
    dueOffsetDays: -21,
  },
  { key: 'sales-red-lines', title: 'Sales red lines agreed', ownerRole: 'product_manager', dueOffsetDays: -21 },
  {
    key: 'service-readiness',
    title: 'Customer-service training and FAQ',
    ownerRole: 'customer_service',
    dueOffsetDays: -14,
  },
];

export function itemDueAt(launchDate: string, dueOffsetDays: number): Date {
  return new Date(Date.parse(`${launchDate}T00:00:00Z`) + dueOffsetDays * DAY_MS);
}

export function initialLaunchState(input: LegacyLaunchInput, now: Date): LegacyLaunchState {
  return {
    launchId: input.launchId,
    productName: input.productName,
    launchDate: input.launchDate,
    regions: input.regions ?? [],
    status: 'active',
    startedAt: now.toISOString(),
    items: input.items.map((spec) => ({
      ...spec,
      dueAt: itemDueAt(input.launchDate, spec.dueOffsetDays).toISOString(),
      status: 'open',
      overdue: false,
    })),
    seq: 1,
  };
}

/** Why an item cannot be completed, or undefined when it can. */
export function completeItemRejection(state: LegacyLaunchState, input: CompleteItemInput): RejectedAction | undefined {
  if (input.expectedSeq !== undefined && input.expectedSeq !== state.seq) {
    return {
      kind: 'stale-version',
      message: `Launch ${state.launchId} is at version ${state.seq}, not ${input.expectedSeq}; reload and retry`,
    };
  }
  const item = state.items.find((candidate) => candidate.key === input.itemKey);
  if (!item)
    return { kind: 'unknown-item', message: `Launch ${state.launchId} has no checklist item "${input.itemKey}"` };
  if (item.status === 'done') {
    return {
      kind: 'invalid-transition',
      message: `Item "${item.key}" was already completed by ${item.completedBy} at ${item.completedAt}`,
    };
  }
  return undefined;
}

export interface RejectedAction {
  /**
   * unknown-item: the action names something the run does not have; invalid-transition: not allowed
   * in the current state; stale-version: the run changed since the caller last read it.
   */
  kind: 'unknown-item' | 'invalid-transition' | 'stale-version';
  message: string;
}

export function completeItem(state: LegacyLaunchState, input: CompleteItemInput, now: Date): void {
  const item = state.items.find((candidate) => candidate.key === input.itemKey);
  if (!item) throw new Error(`unknown item ${input.itemKey}`);
  item.status = 'done';
  item.overdue = false;
  item.completedBy = input.completedBy;
  item.completedAt = now.toISOString();
  if (input.note !== undefined) item.note = input.note;
  if (state.items.every((candidate) => candidate.status === 'done')) state.status = 'ready';
  state.seq += 1;
}

/** Flags open items whose due time has passed; returns whether anything changed. */
export function flagOverdueItems(state: LegacyLaunchState, now: Date): boolean {
  let changed = false;
  for (const item of state.items) {
    if (item.status === 'open' && !item.overdue && Date.parse(item.dueAt) <= now.getTime()) {
      item.overdue = true;
      changed = true;
    }
  }
  if (changed) state.seq += 1;
  return changed;
}

/** Milliseconds until the next open item falls due, or undefined when none is pending. */
export function msUntilNextDue(state: LegacyLaunchState, now: Date): number | undefined {
  const pending = state.items
    .filter((item) => item.status === 'open' && !item.overdue)
    .map((item) => Date.parse(item.dueAt) - now.getTime());
  return pending.length === 0 ? undefined : Math.max(0, Math.min(...pending));
}

export interface LegacyLaunchSummary {
  launchId: string;
  workflowId: string;
  productName: string;
  launchDate: string;
  regions: string[];
  status: LegacyLaunchStatus;
  itemsTotal: number;
  itemsDone: number;
  itemsOverdue: number;
  seq: number;
  startedAt: string;
}

export function summarizeLaunch(state: LegacyLaunchState): LegacyLaunchSummary {
  return {
    ...launchHeadline(state),
    ...itemCounts(state.items),
    seq: state.seq,
    startedAt: state.startedAt,
  };
}
