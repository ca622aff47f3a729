import { gateShortfall } from './actions';
import { isOpen } from './transitions';
import type { LaunchState, TimelineEvent } from './types';

/** What the read model stores of a run after a change: the run row, every item, and the events it has not seen. */
export interface LaunchProjection {
  launchId: string;
  workflowId: string;
  productName: string;
  launchDate: string;
  regions: string[];
  status: LaunchState['status'];
  owners: LaunchState['owners'];
  template: { key: string; version: number };
  calendar: string;
  itemsTotal: number;
  itemsDone: number;
  itemsOverdue: number;
  nextDueDate: string | null;
  seq: number;
  startedAt: string;
  items: {
    key: string;
    templateKey: string;
    title: string;
    phase: string;
    ownerRole: string;
    assignee: string | null;
    status: string;
    required: boolean;
    dueDate: string;
    overdue: boolean;
    awaitingSignOff: boolean;
    signOffBy: string | null;
  }[];
  /**
   * Each gate's state, for the sign-off and go/no-go tasks. Absent from projections scheduled before
   * gates were projected (their activity input is in recorded histories).
   */
  gates?: {
    key: string;
    title: string;
    dueDate: string;
    signOffs: string[];
    signedOff: string[];
    /** Required items not yet done or skipped: the gate waits on them. */
    openItems: string[];
    decision: 'go' | 'no-go' | null;
  }[];
  events: TimelineEvent[];
  /**
   * Since patch lean-launch-small-payloads: `items` and `gates` hold only those that changed since the run's
   * previous projection (the read model keeps the rest). Absent: they hold every item and gate.
   */
  changesOnly?: true;
}

export function launchWorkflowId(launchId: string): string {
  return `launch:${launchId}`;
}

/** What every launch summary opens with, for runs of either checklist. */
export function launchHeadline<Status extends string>(state: {
  launchId: string;
  productName: string;
  launchDate: string;
  regions: string[];
  status: Status;
}) {
  return {
    launchId: state.launchId,
    workflowId: launchWorkflowId(state.launchId),
    productName: state.productName,
    launchDate: state.launchDate,
    regions: state.regions,
    status: state.status,
  };
}

/** How far a run's checklist is: items in all, done, and overdue. */
export function itemCounts(items: readonly { status: string; overdue: boolean }[]) {
  return {
    itemsTotal: items.length,
    itemsDone: items.filter((item) => item.status === 'done').length,
    itemsOverdue: items.filter((item) => item.overdue).length,
  };
}

export function launchProjectionOf(state: LaunchState, eventsAfter: number): LaunchProjection {
  const open = state.items.filter(isOpen);
  return {
    ...launchHeadline(state),
    owners: state.owners,
    template: { key: state.template.key, version: state.template.version },
    calendar: state.calendar,
    ...itemCounts(state.items),
    nextDueDate: open.length === 0 ? null : open.map((item) => item.dueDate).sort()[0]!,
    seq: state.seq,
    startedAt: state.startedAt,
    items: state.items.map((item) => ({
      key: item.key,
      templateKey: item.templateKey,
      title: item.title,
      phase: item.phase,
      ownerRole: item.ownerRole,
      assignee: item.assignee ?? null,
      status: item.status,
      required: item.required,
      dueDate: item.dueDate,
      overdue: item.overdue,
      awaitingSignOff: item.awaitingSignOff,
      signOffBy: item.signOffBy ?? null,
    })),
    gates: state.gates.map((gate) => ({
      key: gate.key,
      title: gate.title,
      dueDate: gate.dueDate,
      signOffs: gate.signOffs,
      signedOff: gate.signedOff.map((signature) => signature.role),
      openItems: gateShortfall(state, gate).openItems,
      decision: gate.decision?.outcome ?? null,
    })),
    events: state.timeline.filter((event) => event.n > eventsAfter),
  };
}

/**
 * Projections that carry only the items and gates that changed since the previous one, as the activity's input
 * is stored in history for every action (every item cost about 6 KB an action on a launch run). The first
 * projection of a run (and of each continued run) carries them all. Deterministic: the workflow calls it in the
 * same order on replay.
 */
export function launchChangesProjector(): (state: LaunchState, eventsAfter: number) => LaunchProjection {
  const projected = new Map<string, string>();
  const changed = <Row extends { key: string }>(kind: string, rows: Row[]) =>
    rows.filter((row) => {
      const id = `${kind}:${row.key}`;
      const json = JSON.stringify(row);
      if (projected.get(id) === json) return false;
      projected.set(id, json);
      return true;
    });
  return (state, eventsAfter) => {
    const whole = launchProjectionOf(state, eventsAfter);
    return {
      ...whole,
      items: changed('item', whole.items),
      gates: changed('gate', whole.gates ?? []),
      changesOnly: true,
    };
  };
}
