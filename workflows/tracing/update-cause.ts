import { context, type Context } from '@opentelemetry/api';
import { workflowInfo } from '@temporalio/workflow';

/**
 * With tracing on, the activity an Update causes belongs to the Update's trace. Baton's Update handlers
 * only change state; the case loop schedules the projection activity afterwards, in the same activation,
 * under the workflow's own context (the trace of the run's start). These interceptors remember the
 * context of the Update (or signal) being handled and schedule the activities of that activation under
 * it, so one trace runs HTTP request -> client call -> HandleUpdate -> RunActivity.
 *
 * Only in the traced bundle (`npm run build`), beside Temporal's OpenTelemetry workflow interceptors.
 * They change no command, only the trace headers an activity carries, so replay is untouched.
 */
const causes = new Map<string, Context>();

export function rememberCause(): void {
  causes.set(workflowInfo().runId, context.active());
}

export function underCause<T>(schedule: () => T): T {
  const cause = causes.get(workflowInfo().runId);
  return cause ? context.with(cause, schedule) : schedule();
}

export function forgetCause(): void {
  causes.delete(workflowInfo().runId);
}
