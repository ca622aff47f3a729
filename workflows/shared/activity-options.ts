import type { ActivityFailure, ActivityOptions } from '@temporalio/workflow';

/** How every playbook calls its side effects; one place, so they all behave alike. */

/** A projection writes one transaction: a worker that dies mid-write is detected and the write retried after this long. */
export const PROJECTION_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually, however long the database is away.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
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
