import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { alarmTimerOptions, projectWithSummary } from './history-summaries';
import { searchAttributeKeeper } from './visibility';
import { alarmTimer, keepsAlarmTimer } from './alarm-timer';
import { stampActionEffort, type ActionEffort, type StampedEvent } from '../../domain/insights/effort';

/**
 * What every playbook workflow (launch run, POC trial, deal-support case) does the same way: one
 * validated Update for all actions, and one loop that projects each change to the read model in
 * order, delivers notifications beside it, fires dated alarms on durable timers, and continues as
 * new when Temporal suggests it.
 */

/** Fails a new case at once on input the API would have refused (`what` names it, e.g. "The POC request"). */
export function refuseInvalidInput(what: string, problems: string[]): void {
  if (problems.length > 0)
    throw ApplicationFailure.create({
      type: 'invalid-request',
      message: `${what} is not valid: ${problems.join('; ')}`,
      nonRetryable: true,
    });
}

/**
 * Registers the case's live-state query and its action Update: the validator refuses (writing
 * nothing to history) with the rejection's kind, English message and catalog text.
 */
export function serveCase<State, Request, Answer = State>(
  query: QueryDefinition<State>,
  update: UpdateDefinition<Answer, [Request]>,
  state: State,
  rules: {
    rejection(request: Request): { kind: string; message: string; text?: unknown } | undefined;
    apply(request: Request): void;
    /** What the Update answers instead of the whole state (e.g. a receipt), which history stores per action. */
    answer?(): Answer;
  },
): void {
  setHandler(query, () => state);
  serveUpdate(update, state, rules);
}

/** Registers one more validated Update on a case (e.g. the customer's steps beside staff actions). */
export function serveUpdate<State, Request, Answer = State>(
  update: UpdateDefinition<Answer, [Request]>,
  state: State,
  rules: {
    rejection(request: Request): { kind: string; message: string; text?: unknown } | undefined;
    apply(request: Request): void;
    answer?(): Answer;
  },
): void {
  // Runs recorded before effort and roles (issue 21) replay without the marker and stamp nothing.
  const stampsEffort = patched('insights-action-effort');
  setHandler(
    update,
    (request) => {
      // Every playbook's state keeps its latest events in `timeline`, numbered by `eventCount`.
      const stamped = state as { timeline?: StampedEvent[]; eventCount?: number };
      const eventsBefore = stamped.eventCount ?? 0;
      rules.apply(request);
      if (stampsEffort && stamped.timeline)
        stampActionEffort({ timeline: stamped.timeline }, eventsBefore, request as ActionEffort & { actor?: string });
      return rules.answer ? rules.answer() : (state as unknown as Answer);
    },
    {
      validator: (request) => {
        const rejection = rules.rejection(request);
        // The refusal's catalog text rides along as the failure's details, so the API can word it in
        // the caller's language; a rejected update writes nothing to history, so replay is untouched.
        if (rejection)
          throw ApplicationFailure.create({
            type: rejection.kind,
            message: rejection.message,
            nonRetryable: true,
            ...(rejection.text ? { details: [rejection.text] } : {}),
          });
      },
    },
  );
}

/**
 * The handler of an integration's Update (a CRM's details or dates, issue 18): `apply` runs as before, and the
 * events it wrote carry role integration, so the effort insights count what integrations do (issue 21). Cases
 * recorded before this replay without the marker and stamp nothing. Call it where the handler is registered.
 */
export function integrationHandler<Request, Answer>(
  state: { timeline?: StampedEvent[]; eventCount?: number },
  apply: (request: Request) => Answer,
): (request: Request) => Answer {
  const stampsRole = patched('insights-integration-role');
  return (request) => {
    const eventsBefore = state.eventCount ?? 0;
    const answer = apply(request);
    if (stampsRole && state.timeline)
      stampActionEffort({ timeline: state.timeline }, eventsBefore, { actorRole: 'integration' });
    return answer;
  };
}

interface Projection {
  seq: number;
  events: { n: number; notify?: unknown }[];
}

export interface CaseLoop<P extends Projection> {
  state: { seq: number; eventCount: number };
  /** How many events earlier runs projected (projectedByEarlierRuns). */
  projectedBefore: () => number;
  /** The projection of the state with the events after `eventsAfter`. */
  project(eventsAfter: number): P;
  /** The projection activity. */
  store(projection: P): Promise<void>;
  /** Drops events from the state once they are in the read model. */
  trim(projectedThrough: number): void;
  /** The notification delivery activity. */
  deliver(): Promise<unknown>;
  /** The case needs nothing more: the loop ends once everything is projected. */
  finished(): boolean;
  /** Anything besides handlers that must settle before continuing as new (e.g. an activity in flight). */
  mayContinueAsNew?(): boolean;
  continueAsNew(): Promise<never>;
  msUntilNextAlarm(now: Date): number | undefined;
  fireAlarms(now: Date): void;
  /** Work that runs beside the loop until the case ends (e.g. provisioning); `ended` tells it when. */
  besides?(ended: () => boolean): Promise<void>[];
}

/**
 * How many of a case's events earlier runs projected: none for a new case, every carried one for a run continued as
 * new. Call it first thing, before serveCase: an action that reaches a continued run with its first task is applied
 * when its handler is registered, so a count taken when the loop starts would take that action as projected and never
 * project it (nor send what it notifies). Runs recorded before the patch counted at the loop's start.
 */
export function projectedByEarlierRuns(carried: { eventCount: number } | undefined): () => number {
  if (!carried) return () => 0;
  if (!patched('lean-carried-count-before-handlers')) return () => carried.eventCount;
  const count = carried.eventCount;
  return () => count;
}

export async function runCaseLoop<P extends Projection>(loop: CaseLoop<P>): Promise<void> {
  const { state } = loop;
  let projectedSeq = 0;
  let projectedEvents = loop.projectedBefore();
  let notificationsWaiting = false;
  let ended = false;
  const unprojected = () => state.seq > projectedSeq;
  const keepSearchAttributes = searchAttributeKeeper();
  // An action that leaves the next alarm where it was keeps the running timer (no cancel and restart).
  const timer = keepsAlarmTimer() ? alarmTimer() : undefined;

  // Delivery runs beside the main loop, so a webhook that is down never holds up actions or timers.
  const delivery = (async () => {
    for (;;) {
      await condition(() => notificationsWaiting || ended);
      if (!notificationsWaiting) return;
      notificationsWaiting = false;
      await loop.deliver();
    }
  })();
  const besides = loop.besides?.(() => ended) ?? [];

  /**
   * Notes a stored projection; answers whether one of its events notifies someone. Synchronous: the loop goes on in
   * the same microtask as the store's answer, as recorded histories expect.
   */
  const stored = (projection: P): boolean => {
    keepSearchAttributes(projection);
    projectedSeq = projection.seq;
    projectedEvents = Math.max(projectedEvents, ...projection.events.map((event) => event.n));
    loop.trim(projectedEvents);
    return projection.events.some((event) => event.notify);
  };

  for (;;) {
    if (unprojected()) {
      const projection = loop.project(projectedEvents);
      await projectWithSummary(loop.store, projection);
      if (stored(projection)) notificationsWaiting = true;
      continue;
    }
    if (loop.finished()) break;
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished() && (loop.mayContinueAsNew?.() ?? true)) {
      ended = true;
      await delivery;
      // An action accepted while the last delivery ran would reach the next run as projected already (it counts
      // every carried event so) and never be projected: this run projects it and sends its notifications first.
      // Runs recorded before the patch continued at once.
      if (patched('lean-project-before-continuing'))
        await settleBeforeContinuing(loop, unprojected, async () => {
          const projection = loop.project(projectedEvents);
          await projectWithSummary(loop.store, projection);
          return stored(projection);
        });
      await loop.continueAsNew();
    }
    const wait = loop.msUntilNextAlarm(new Date());
    if (wait === 0) {
      loop.fireAlarms(new Date());
    } else if (wait === undefined) {
      timer?.stop();
      await condition(unprojected);
    } else if (timer) {
      if (await timer.wait(unprojected, wait)) loop.fireAlarms(new Date());
    } else if (!(await alarmOrChange(unprojected, wait))) {
      loop.fireAlarms(new Date());
    }
  }

  timer?.stop();
  ended = true;
  await Promise.all([delivery, ...besides]);
  await condition(allHandlersFinished);
}

/** Projects and delivers until no action is unprojected or in flight; nothing awaits between its end and the caller's. */
async function settleBeforeContinuing(
  loop: Pick<CaseLoop<Projection>, 'deliver'>,
  unprojected: () => boolean,
  projectChanges: () => Promise<boolean>,
): Promise<void> {
  let notify = false;
  for (;;) {
    if (unprojected()) notify = (await projectChanges()) || notify;
    else if (!allHandlersFinished()) await condition(() => unprojected() || allHandlersFinished());
    else if (notify) {
      notify = false;
      await loop.deliver();
    } else return;
  }
}

/** condition() with the alarm's timer summarized (history-summaries.ts). */
function alarmOrChange(changed: () => boolean, waitMs: number): Promise<boolean> {
  const options = alarmTimerOptions(waitMs, new Date());
  return options ? condition(changed, waitMs, options) : condition(changed, waitMs);
}
