import { patched, type ActivityFunctionWithOptions, type TimerOptions } from '@temporalio/workflow';
import { PROJECTION_OPTIONS } from './activity-options';

/** Patch id: runs recorded before it replay without summaries on their timers and projections. */
export const HISTORY_SUMMARIES_PATCH = 'topology-history-summaries';

interface SummarizedProjection {
  seq: number;
  events: object[];
}

/**
 * Summaries Temporal's UI and `temporal workflow show` print beside a case loop's timers and projection
 * activities, so the history says what each one is for: the projection names the kinds of what it writes
 * (`item.completed by priya`), the timer the moment of the next alarm. Summaries are metadata, not part of
 * a command's identity; they are still behind a patch, as every change to shipped workflow code is.
 */
export function projectWithSummary<P extends SummarizedProjection>(
  store: (projection: P) => Promise<void>,
  projection: P,
): Promise<void> {
  const withOptions = store as ActivityFunctionWithOptions<(projection: P) => Promise<void>>;
  if (typeof withOptions.executeWithOptions !== 'function' || !patched(HISTORY_SUMMARIES_PATCH))
    return store(projection);
  return withOptions.executeWithOptions({ ...PROJECTION_OPTIONS, summary: projectionSummary(projection) }, [
    projection,
  ]);
}

export function projectionSummary(projection: SummarizedProjection): string {
  const kinds = (projection.events as { type?: string; actor?: string }[]).map((event) =>
    [event.type, event.actor && `by ${event.actor}`].filter(Boolean).join(' '),
  );
  const unique = [...new Set(kinds.filter(Boolean))];
  const shown = unique.slice(0, 4).join(', ') + (unique.length > 4 ? `, +${unique.length - 4} more` : '');
  return `project seq ${projection.seq}${shown ? `: ${shown}` : ' (state)'}`;
}

/** The alarm timer's options: its summary names when it fires; none for runs recorded before the patch. */
export function alarmTimerOptions(waitMs: number, now: Date): TimerOptions | undefined {
  if (!patched(HISTORY_SUMMARIES_PATCH)) return undefined;
  return { summary: `next alarm at ${new Date(now.getTime() + waitMs).toISOString()}` };
}
