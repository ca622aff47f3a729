import { context, type Context } from '@opentelemetry/api';
import { workflowInfo } from '@temporalio/workflow';

/**
 * With tracing on, the activity an Update causes belongs to the Update's trace. Baton's Update handlers
 * only change state; the case loop schedules the projection activity afterwards (in the same activation,
 * or once a projection still in flight has finished) under the workflow's own context (the trace of the
 * run's start). These interceptors remember the context of the last Update (or signal) handled and
 * schedule the activities that follow under it until a timer fires, so one trace runs HTTP request ->
 * client call -> HandleUpdate -> RunActivity.
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
