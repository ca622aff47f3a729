import type { ActivityFailure, ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** How every playbook calls its side effects; one place, so they all behave alike. */

/** A projection writes one transaction: a worker that dies mid-write is detected and the write retried after this long. */
export const PROJECTION_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

/**
 * The same projection run as a local activity (patch lean-local-projection): the worker writes it inside the workflow
 * task that made the change, so the read model holds an action before its Update answers, with no activity task round
 * trip nor a second workflow task, and history keeps one marker instead of three activity events. Its retries never
 * end either: backoffs up to `localRetryThreshold` wait in the worker while Core heartbeats the workflow task (a worker
 * that dies then loses nothing: the task times out and the next worker runs the projection again from its input);
 * longer ones wait on a durable timer in history. The loop awaits each write, so one writer stores in seq order.
 */
export const LOCAL_PROJECTION_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: PROJECTION_OPTIONS.startToCloseTimeout,
  retry: PROJECTION_OPTIONS.retry,
  // Past this, a database that is away costs a timer in history per attempt, not a workflow task held open.
  localRetryThreshold: '10 seconds',
};

export const DELIVERY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  // A webhook may be down for hours; the outbox keeps every message until it is back.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
};

/**
 * A call to an outside system a person can stand in for (a provisioner, a health source): the
 * activity gives the webhook 30 s and this catches a worker that died mid-call; a system briefly
 * down gets a few minutes, beyond that a person decides rather than a loop.
 */
export function outsideCallOptions(maximumAttempts: number): ActivityOptions {
  return {
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts },
  };
}

/** What a person reading the timeline needs to know about an outside call that failed. */
export function outsideCallFailure(error: ActivityFailure, maximumAttempts: number): string {
  const message = error.cause?.message || error.message || 'unknown error';
  return error.retryState === 'MAXIMUM_ATTEMPTS_REACHED'
    ? `${message} (gave up after ${maximumAttempts} attempts)`
    : message;
}
