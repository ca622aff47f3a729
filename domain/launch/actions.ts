import type { Role } from '../shared/roles';
import { addCalendarDays, type WorkingDays } from '../shared/business-calendar';
import { daysBetween, resolveOffset } from '../shared/schedule';
import type { Said, Text } from '../shared/text';
import { launchSays, launchText } from './text';
import { pruneFiredAlarms } from './alarms';
import { itemDueDate, newItemState } from './create';
import { appendEvent, dependantsOf, isOpen, isPastDue, isSettled, refreshStatuses } from './transitions';
import type { GateState, ItemState, LaunchInput, LaunchState } from './types';
import type { ActionEffort } from '../insights/effort';

/** What people do to a run. Each is a validated workflow Update: a rejected one changes nothing. */
export type LaunchAction =
  | { type: 'start'; itemKey: string }
  | { type: 'complete'; itemKey: string; evidence?: { link?: string; note?: string } }
  | { type: 'skip'; itemKey: string; reason: string }
  | { type: 'reopen'; itemKey: string; reason: string }
  | { type: 'assign'; itemKey: string; assignee: string }
  | { type: 'comment'; itemKey: string; text: string }
  | { type: 'sign-off-item'; itemKey: string; role: Role }
  | { type: 'sign-off-gate'; gateKey: string; role: Role }
  | { type: 'decide'; gateKey: string; outcome: 'go' | 'no-go'; reasons?: string; newLaunchDate?: string }
  | { type: 'change-launch-date'; launchDate: string; reason: string }
  | { type: 'reschedule-item'; itemKey: string; dueDate: string; reason: string }
  | { type: 'cancel'; reason: string }
  | { type: 'close'; reason?: string };

/** Besides the action: the role the actor acts in and the minutes they spent (ActionEffort, issue 21). */
export interface LaunchActionRequest extends ActionEffort {
  action: LaunchAction;
  /** The person acting, as authenticated by the API. */
  actor: string;
  /** The `seq` the caller last saw; the action is refused if the run has changed since. */
  expectedSeq?: number;
}

export type RejectionKind =
  'unknown-item' | 'invalid-transition' | 'stale-version' | 'gate-not-ready' | 'evidence-required' | 'invalid-date';

export interface Rejection {
  kind: RejectionKind;
  /** In English, as it has always been worded. */
  message: string;
  /** The same refusal as a catalog text (launch/text.ts), which the API words in the caller's language. */
  text: Text;
}

/** What an action needs from outside the state: the pinned template and calendar, and the clock. */
export interface ActionContext {
  input: Pick<LaunchInput, 'template' | 'owners'>;
  calendar: WorkingDays;
  now: Date;
}

const reject = (kind: RejectionKind, said: Said): Rejection => ({ kind, message: said.summary, text: said.message });
const today = (now: Date) => now.toISOString().slice(0, 10);

function findItem(state: LaunchState, key: string): ItemState | Rejection {
  return (
    state.items.find((item) => item.key === key) ??
    reject('unknown-item', launchSays('launch.refused.unknown-item', { launchId: state.launchId, key }))
  );
}

function findGate(state: LaunchState, key: string): GateState | Rejection {
  return (
    state.gates.find((gate) => gate.key === key) ??
    reject('unknown-item', launchSays('launch.refused.unknown-gate', { launchId: state.launchId, key }))
  );
}

const isRejection = (value: unknown): value is Rejection =>
  typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;

function describeWaiting(item: ItemState): string {
  return item.waitingOn
    .map((key) => (key.startsWith('gate:') ? `the ${key.slice(5)} decision` : `"${key}"`))
    .join(', ');
}

/** Open required items and missing sign-offs that stop a gate from passing. */
export function gateShortfall(state: LaunchState, gate: GateState): { openItems: string[]; missingSignOffs: Role[] } {
  const openItems = gate.requiredItems.filter((key) => {
    const item = state.items.find((candidate) => candidate.key === key);
    return item === undefined || !isSettled(item);
  });
  const missingSignOffs = gate.signOffs.filter((role) => !gate.signedOff.some((signature) => signature.role === role));
  return { openItems, missingSignOffs };
}

function launchDateRejection(state: LaunchState, date: string | undefined, now: Date): Rejection | undefined {
  if (date === undefined) return reject('invalid-date', launchSays('launch.refused.date-required'));
  if (date < today(now))
    return reject('invalid-date', launchSays('launch.refused.date-past', { date, today: today(now) }));
  if (date === state.launchDate) return reject('invalid-date', launchSays('launch.refused.date-same', { date }));
  return undefined;
}

/** Why an action cannot be taken now, or undefined when it can. */
export function launchActionRejection(
  state: LaunchState,
  request: LaunchActionRequest,
  context: ActionContext,
): Rejection | undefined {
  const { action } = request;
  if (request.expectedSeq !== undefined && request.expectedSeq !== state.seq) {
    const name = launchText('launch.label', { launchId: state.launchId });
    return reject(
      'stale-version',
      launchSays('refused.stale-version', { name, seq: state.seq, expected: request.expectedSeq }),
    );
  }
  if (state.status === 'cancelled' || state.status === 'closed') {
    return reject(
      'invalid-transition',
      launchSays('launch.refused.ended', { launchId: state.launchId, status: state.status }),
    );
  }
  switch (action.type) {
    case 'start':
    case 'complete':
    case 'skip':
    case 'reopen':
    case 'assign':
    case 'comment':
    case 'sign-off-item': {
      const item = findItem(state, action.itemKey);
      if (isRejection(item)) return item;
      return itemActionRejection(item, action);
    }
    case 'sign-off-gate': {
      const gate = findGate(state, action.gateKey);
      if (isRejection(gate)) return gate;
      if (gate.decision)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.gate-decided', { gate: gate.key, outcome: gate.decision.outcome }),
        );
      if (!gate.signOffs.includes(action.role)) {
        return reject(
          'invalid-transition',
          launchSays('launch.refused.gate-role', {
            gate: gate.key,
            roles: gate.signOffs.join(', ') || 'nobody',
            role: action.role,
          }),
        );
      }
      const earlier = gate.signedOff.find((signature) => signature.role === action.role);
      if (earlier)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.gate-signed', {
            role: action.role,
            gate: gate.key,
            by: earlier.by,
            at: earlier.at,
          }),
        );
      return undefined;
    }
    case 'decide': {
      const gate = findGate(state, action.gateKey);
      if (isRejection(gate)) return gate;
      if (gate.decision)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.gate-decided', { gate: gate.key, outcome: gate.decision.outcome }),
        );
      if (action.outcome === 'no-go') {
        if (!action.reasons?.trim()) return reject('invalid-transition', launchSays('launch.refused.no-go-reasons'));
        return launchDateRejection(state, action.newLaunchDate, context.now);
      }
      const { openItems, missingSignOffs } = gateShortfall(state, gate);
      if (openItems.length > 0 || missingSignOffs.length > 0) {
        const facts = { items: openItems.join(', '), roles: missingSignOffs.join(', ') };
        const shortfall =
          openItems.length === 0
            ? launchText('launch.shortfall.sign-offs', facts)
            : missingSignOffs.length === 0
              ? launchText('launch.shortfall.items', facts)
              : launchText('launch.shortfall.both', facts);
        return reject('gate-not-ready', launchSays('launch.refused.gate-not-ready', { gate: gate.key, shortfall }));
      }
      return undefined;
    }
    case 'reschedule-item': {
      const item = findItem(state, action.itemKey);
      if (isRejection(item)) return item;
      return rescheduleRejection(item, action, context.now);
    }
    case 'change-launch-date':
      if (state.status !== 'active')
        return reject('invalid-transition', launchSays('launch.refused.launched', { launchId: state.launchId }));
      return launchDateRejection(state, action.launchDate, context.now);
    case 'cancel':
      return undefined;
    case 'close':
      if (state.status !== 'launched')
        return reject(
          'invalid-transition',
          launchSays('launch.refused.close-not-launched', { launchId: state.launchId, status: state.status }),
        );
      return undefined;
  }
}

function itemActionRejection(
  item: ItemState,
  action: Extract<LaunchAction, { itemKey: string }>,
): Rejection | undefined {
  const blocked = item.status === 'blocked';
  switch (action.type) {
    case 'start':
      if (blocked)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.waiting', { item: item.key, waitingOn: describeWaiting(item) }),
        );
      if (item.status !== 'ready')
        return reject(
          'invalid-transition',
          launchSays('launch.refused.not-ready', { item: item.key, status: item.status.replace('_', ' ') }),
        );
      return undefined;
    case 'complete':
      if (blocked)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.waiting', { item: item.key, waitingOn: describeWaiting(item) }),
        );
      if (isSettled(item))
        return reject(
          'invalid-transition',
          launchSays('launch.refused.settled', {
            item: item.key,
            status: item.status,
            by: item.completedBy || undefined,
            at: item.completedBy ? String(item.completedAt) : undefined,
          }),
        );
      if (item.awaitingSignOff)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.awaiting-sign-off', { item: item.key, role: String(item.signOffBy) }),
        );
      if (item.evidenceRequired === 'link' && !action.evidence?.link)
        return reject('evidence-required', launchSays('launch.refused.needs-link', { item: item.key }));
      if (item.evidenceRequired === 'note' && !action.evidence?.note?.trim())
        return reject('evidence-required', launchSays('launch.refused.needs-note', { item: item.key }));
      return undefined;
    case 'skip':
      if (item.required) return reject('invalid-transition', launchSays('launch.refused.required', { item: item.key }));
      if (isSettled(item))
        return reject(
          'invalid-transition',
          launchSays('launch.refused.settled', { item: item.key, status: item.status }),
        );
      return undefined;
    case 'reopen':
      if (!isSettled(item) && !item.awaitingSignOff)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.not-settled', { item: item.key, status: item.status.replace('_', ' ') }),
        );
      return undefined;
    case 'assign':
      if (isSettled(item))
        return reject(
          'invalid-transition',
          launchSays('launch.refused.reopen-first', { item: item.key, status: item.status }),
        );
      if (item.assignee === action.assignee)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.already-assigned', { item: item.key, assignee: action.assignee }),
        );
      return undefined;
    case 'comment':
      return undefined;
    case 'sign-off-item':
      if (!item.signOffBy)
        return reject('invalid-transition', launchSays('launch.refused.no-sign-off', { item: item.key }));
      if (action.role !== item.signOffBy)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.sign-off-role', { item: item.key, role: item.signOffBy, actual: action.role }),
        );
      if (!item.awaitingSignOff)
        return reject(
          'invalid-transition',
          launchSays('launch.refused.sign-off-not-yet', { item: item.key, status: item.status.replace('_', ' ') }),
        );
      return undefined;
  }
}

/** Applies an action that `actionRejection` accepted. */
export function applyLaunchAction(state: LaunchState, request: LaunchActionRequest, context: ActionContext): void {
  const { action, actor } = request;
  const { now } = context;
  const template = context.input.template.definition;
  const at = now.toISOString();
  const event = (fields: Parameters<typeof appendEvent>[2]) => appendEvent(state, now, fields);

  switch (action.type) {
    case 'start': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      item.status = 'in_progress';
      item.startedAt = at;
      event({
        type: 'item.started',
        actor,
        itemKey: item.key,
        summary: `${actor} started "${item.title}"`,
        before: { status: 'ready' },
        after: { status: 'in_progress' },
      });
      break;
    }
    case 'complete': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      const before = { status: item.status };
      item.completedBy = actor;
      item.completedAt = at;
      item.startedAt ??= at;
      if (action.evidence) item.evidence = { ...action.evidence };
      if (item.signOffBy) {
        item.status = 'in_progress';
        item.awaitingSignOff = true;
        event({
          type: 'item.completed',
          actor,
          itemKey: item.key,
          summary: `${actor} completed "${item.title}"; it counts as done once ${item.signOffBy} signs off`,
          before,
          after: { status: item.status, awaitingSignOff: true, evidence: item.evidence },
          notify: {
            role: item.signOffBy,
            ...(state.owners[item.signOffBy] ? { person: state.owners[item.signOffBy] } : {}),
          },
        });
      } else {
        settle(state, item, 'done', context);
        event({
          type: 'item.completed',
          actor,
          itemKey: item.key,
          summary: `${actor} completed "${item.title}"`,
          before,
          after: { status: 'done', evidence: item.evidence },
        });
        addNextOccurrence(state, item, context);
      }
      break;
    }
    case 'sign-off-item': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      item.signedOff = { by: actor, role: action.role, at };
      item.awaitingSignOff = false;
      settle(state, item, 'done', context);
      event({
        type: 'item.signed-off',
        actor,
        itemKey: item.key,
        summary: `${actor} signed off "${item.title}" as ${action.role}`,
        before: { status: 'in_progress' },
        after: { status: 'done', signedOff: item.signedOff },
      });
      addNextOccurrence(state, item, context);
      break;
    }
    case 'skip': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      const before = { status: item.status };
      item.skipReason = action.reason;
      settle(state, item, 'skipped', context);
      event({
        type: 'item.skipped',
        actor,
        itemKey: item.key,
        summary: `${actor} skipped "${item.title}": ${action.reason}`,
        before,
        after: { status: 'skipped', reason: action.reason },
      });
      addNextOccurrence(state, item, context);
      break;
    }
    case 'reopen': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      const before = { status: item.status, completedBy: item.completedBy, signedOff: item.signedOff };
      item.status = 'ready';
      item.awaitingSignOff = false;
      item.reopenCount += 1;
      delete item.completedAt;
      delete item.completedBy;
      delete item.signedOff;
      delete item.skipReason;
      item.overdue = isPastDue(item.dueDate, now);
      const reblocked = [...dependantsOf(state.items, item.key)].filter((key) => {
        const dependant = state.items.find((candidate) => candidate.key === key);
        return dependant !== undefined && isOpen(dependant) && dependant.status !== 'blocked';
      });
      refreshStatuses(state, template);
      event({
        type: 'item.reopened',
        actor,
        itemKey: item.key,
        summary: `${actor} reopened "${item.title}": ${action.reason}${reblocked.length > 0 ? `; blocked again: ${reblocked.join(', ')}` : ''}`,
        before,
        after: { status: item.status, reason: action.reason, reblocked },
      });
      revokeGateSignOffs(state, item, actor, now);
      break;
    }
    case 'assign': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      const before = { assignee: item.assignee ?? null };
      item.assignee = action.assignee;
      event({
        type: 'item.assigned',
        actor,
        itemKey: item.key,
        summary: `${actor} assigned "${item.title}" to ${action.assignee}`,
        before,
        after: { assignee: action.assignee },
      });
      break;
    }
    case 'comment': {
      const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
      event({
        type: 'item.commented',
        actor,
        itemKey: item.key,
        summary: `${actor} on "${item.title}": ${action.text}`,
        after: { text: action.text },
      });
      break;
    }
    case 'sign-off-gate': {
      const gate = state.gates.find((candidate) => candidate.key === action.gateKey)!;
      gate.signedOff.push({ role: action.role, by: actor, at });
      event({
        type: 'gate.signed-off',
        actor,
        gateKey: gate.key,
        summary: `${actor} signed off "${gate.title}" as ${action.role}`,
        after: { signedOff: gate.signedOff.map((signature) => signature.role) },
      });
      break;
    }
    case 'decide': {
      const gate = state.gates.find((candidate) => candidate.key === action.gateKey)!;
      if (action.outcome === 'go') {
        gate.decision = { outcome: 'go', by: actor, at };
        state.status = 'launched';
        state.launchedAt = at;
        refreshStatuses(state, template);
        event({
          type: 'gate.go',
          actor,
          gateKey: gate.key,
          summary: `${actor} decided GO on "${gate.title}": ${state.productName} is launched`,
          before: { status: 'active' },
          after: { status: 'launched' },
        });
      } else {
        const newLaunchDate = action.newLaunchDate!;
        const previous = state.launchDate;
        event({
          type: 'gate.no-go',
          actor,
          gateKey: gate.key,
          summary: `${actor} decided NO-GO on "${gate.title}": ${action.reasons}; new launch date ${newLaunchDate}`,
          before: { launchDate: previous, signedOff: gate.signedOff.map((signature) => signature.role) },
          after: { launchDate: newLaunchDate, reasons: action.reasons },
        });
        // The next decision is a new one: it needs fresh sign-offs.
        gate.signedOff = [];
        moveLaunchDate(state, newLaunchDate, context, actor, `no-go: ${action.reasons}`);
      }
      break;
    }
    case 'change-launch-date':
      moveLaunchDate(state, action.launchDate, context, actor, action.reason);
      break;
    case 'reschedule-item':
      rescheduleItem(state, action, context, actor);
      break;
    case 'cancel':
    case 'close': {
      const before = { status: state.status };
      state.status = action.type === 'cancel' ? 'cancelled' : 'closed';
      state.endedAt = at;
      if (action.reason) state.statusReason = action.reason;
      event({
        type: action.type === 'cancel' ? 'run.cancelled' : 'run.closed',
        actor,
        summary: `${actor} ${state.status} the run${action.reason ? `: ${action.reason}` : ''}`,
        before,
        after: { status: state.status, reason: action.reason },
      });
      break;
    }
  }
  state.seq += 1;
}

/** Done or skipped: the item stops counting as open and its dependants may unblock. */
function settle(state: LaunchState, item: ItemState, status: 'done' | 'skipped', context: ActionContext): void {
  item.status = status;
  item.overdue = false;
  if (status === 'skipped') item.completedAt = context.now.toISOString();
  refreshStatuses(state, context.input.template.definition);
}

/** Sign-offs on a gate vouched for a state that has changed: an item it needs was reopened. */
function revokeGateSignOffs(state: LaunchState, item: ItemState, actor: string, now: Date): void {
  for (const gate of state.gates) {
    if (gate.decision || gate.signedOff.length === 0 || !gate.requiredItems.includes(item.key)) continue;
    const revoked = gate.signedOff.map((signature) => signature.role);
    gate.signedOff = [];
    appendEvent(state, now, {
      type: 'gate.sign-offs-revoked',
      actor,
      gateKey: gate.key,
      summary: `Sign-offs on "${gate.title}" (${revoked.join(', ')}) were withdrawn because "${item.title}" was reopened`,
      before: { signedOff: revoked },
      after: { signedOff: [] },
    });
  }
}

/** A recurring item's next occurrence appears as soon as this one is settled. */
function addNextOccurrence(state: LaunchState, item: ItemState, context: ActionContext): void {
  const template = context.input.template.definition;
  const spec = template.items.find((candidate) => candidate.key === item.templateKey);
  if (!spec?.repeatEveryDays) return;
  const occurrence = item.occurrence + 1;
  if (
    state.items.some((candidate) => candidate.templateKey === item.templateKey && candidate.occurrence === occurrence)
  )
    return;
  const next = newItemState(
    context.input,
    item.templateKey,
    occurrence,
    state.launchDate,
    context.calendar,
    context.now,
  );
  state.items.push(next);
  refreshStatuses(state, template);
  appendEvent(state, context.now, {
    type: 'item.occurrence-added',
    actor: 'baton',
    itemKey: next.key,
    summary: `"${next.title}" is next, due ${next.dueDate}`,
    after: { dueDate: next.dueDate },
  });
}

/** Every due date follows the new anchor; alarms re-arm from now, so nothing already past fires late. */
function moveLaunchDate(
  state: LaunchState,
  launchDate: string,
  context: ActionContext,
  actor: string,
  reason: string,
): void {
  const template = context.input.template.definition;
  const previous = state.launchDate;
  state.launchDate = launchDate;
  const moved: Record<string, { from: string; to: string }> = {};
  for (const item of state.items) {
    const due = itemDueDate(template, item.templateKey, item.occurrence, launchDate, context.calendar);
    // An item an ops manager moved keeps its distance from the template's date (none on older runs).
    if (item.dueShiftDays !== undefined) due.date = addCalendarDays(due.date, item.dueShiftDays);
    if (due.date !== item.dueDate) moved[item.key] = { from: item.dueDate, to: due.date };
    item.dueDate = due.date;
    item.dueApproximate = due.approximate;
    if (isOpen(item)) {
      item.scheduledAt = context.now.toISOString();
      item.overdue = isPastDue(item.dueDate, context.now);
    }
  }
  for (const gate of state.gates) {
    const spec = template.gates.find((candidate) => candidate.key === gate.key);
    if (spec) gate.dueDate = resolveOffset(launchDate, spec.due, context.calendar).date;
  }
  pruneFiredAlarms(state);
  appendEvent(state, context.now, {
    type: 'run.launch-date-changed',
    actor,
    summary: `${actor} moved the launch date from ${previous} to ${launchDate}: ${reason}`,
    before: { launchDate: previous },
    after: { launchDate, reason, moved },
  });
}

type Reschedule = Extract<LaunchAction, { type: 'reschedule-item' }>;

/** An open item may get a new due date from today on, with a reason. */
function rescheduleRejection(item: ItemState, action: Reschedule, now: Date): Rejection | undefined {
  if (!isOpen(item))
    return reject(
      'invalid-transition',
      launchSays('launch.refused.due-settled', { item: item.key, status: item.status }),
    );
  if (!action.reason.trim())
    return reject('invalid-transition', launchSays('launch.refused.due-reason', { item: item.key }));
  if (action.dueDate < today(now))
    return reject(
      'invalid-date',
      launchSays('launch.refused.due-past', { item: item.key, date: action.dueDate, today: today(now) }),
    );
  if (action.dueDate === item.dueDate)
    return reject('invalid-date', launchSays('launch.refused.due-same', { item: item.key, date: item.dueDate }));
  return undefined;
}

/**
 * One item's new due date (a change, or a snooze to a later day): its alarms re-arm from now for
 * the new date, and the shift from the template's date is kept for later launch-date moves.
 */
function rescheduleItem(state: LaunchState, action: Reschedule, context: ActionContext, actor: string): void {
  const item = state.items.find((candidate) => candidate.key === action.itemKey)!;
  const template = context.input.template.definition;
  const planned = itemDueDate(template, item.templateKey, item.occurrence, state.launchDate, context.calendar);
  const previous = item.dueDate;
  item.dueDate = action.dueDate;
  item.dueApproximate = planned.approximate;
  item.dueShiftDays = daysBetween(planned.date, action.dueDate);
  item.scheduledAt = context.now.toISOString();
  item.overdue = isPastDue(item.dueDate, context.now);
  pruneFiredAlarms(state);
  appendEvent(state, context.now, {
    type: 'item.rescheduled',
    actor,
    itemKey: item.key,
    summary: `${actor} moved the due date of "${item.title}" from ${previous} to ${action.dueDate}: ${action.reason}`,
    before: { dueDate: previous },
    after: { dueDate: action.dueDate, reason: action.reason },
  });
}
