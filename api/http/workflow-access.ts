import {
  QueryNotRegisteredError,
  ServiceError,
  WorkflowNotFoundError,
  type Client,
  type QueryDefinition,
  type UpdateDefinition,
} from '@temporalio/client';
import type { Said } from '../../domain/shared/text';
import { isUpdateReceipt, type UpdateReceipt } from '../../domain/shared/update-receipt';
import { Problem } from './problem';
import type { RouteResult } from './route';

/** A query that no worker answers within this long becomes a 503 instead of holding the request open. */
const QUERY_DEADLINE_MS = 20_000;
// grpc status RESOURCE_EXHAUSTED (@grpc/grpc-js is not a direct dependency).
const GRPC_RESOURCE_EXHAUSTED = 8;

/** Waits between asks while a run's query buffer is full: 50 ms doubling, about 3 s in all, then 503. */
const BUFFER_FULL_WAITS_MS = [50, 100, 200, 400, 800, 1_600];

/** Reading and acting on long-running playbook workflows the way every route does. */
export function workflowAccess(client: Client) {
  const query = async <T>(workflowId: string, definition: QueryDefinition<T>): Promise<T> => {
    const ask = () =>
      client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        client.workflow.getHandle(workflowId).query(definition),
      );
    // Under load a run's workflow task can be in flight when an action's read of its state comes: Temporal
    // then buffers one query and refuses the next until the task ends, so the read asks again shortly.
    for (const wait of BUFFER_FULL_WAITS_MS) {
      try {
        return await ask();
      } catch (error) {
        if (!isQueryBufferFull(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    return ask();
  };
  return {
    query,

    /**
     * Sends a validated Update and answers with the new state and its version as ETag; a run that has
     * ended is 409. With an updateId, a resend of an Update Temporal already ran answers its first outcome.
     * A caller that asked for the minimal answer (Prefer: return=minimal) gets 204 with the new version as
     * ETag, and no read of the state after the Update.
     */
    async act<State extends { seq: number }, Request>(
      workflowId: string,
      definition: UpdateDefinition<State | UpdateReceipt, [Request]>,
      request: Request,
      /** What a 409 for an ended run says; a function is asked only then (it may read what ended it). */
      endedDetail: string | Said | (() => Promise<string | Said>),
      options: { updateId?: string; stateQuery?: QueryDefinition<State>; minimal?: boolean } = {},
    ): Promise<RouteResult> {
      const { updateId, stateQuery, minimal } = options;
      try {
        const handle = client.workflow.getHandle(workflowId);
        const answer = await handle.executeUpdate(definition, { args: [request], ...(updateId ? { updateId } : {}) });
        if (minimal)
          return { status: 204, headers: { ETag: versionTag(answer), 'Preference-Applied': 'return=minimal' } };
        // A run that answers a receipt keeps the state out of its history; the answer reads it (as of now, at
        // the receipt's version or a later one).
        const after = isUpdateReceipt(answer) && stateQuery ? await query(workflowId, stateQuery) : answer;
        return { status: 200, body: after, headers: { ETag: versionTag(after) } };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new Problem(
            409,
            'Run has ended',
            typeof endedDetail === 'function' ? await endedDetail() : endedDetail,
          );
        throw error;
      }
    },
  };
}

/**
 * Whether a query failed because the run's code has no handler for it (a run of older code), as the
 * worker words it. The client reports every failed query (a handler that threw, a run that cannot
 * be replayed) as a QueryNotRegisteredError, so the type alone does not say this.
 */
export function isQueryWithoutHandler(error: unknown): boolean {
  return error instanceof QueryNotRegisteredError && /did not register a handler for/i.test(error.message);
}

/**
 * Temporal holds only a few queries per run while one of its workflow tasks is in flight and refuses
 * the next ones (RESOURCE_EXHAUSTED, "consistent query buffer is full"); the task's end clears it.
 */
export function isQueryBufferFull(error: unknown): boolean {
  const cause =
    error instanceof ServiceError ? (error.cause as { code?: unknown; details?: unknown } | undefined) : undefined;
  return cause?.code === GRPC_RESOURCE_EXHAUSTED && /query buffer is full/i.test(String(cause.details ?? error));
}

/** The ETag of a workflow's state: its sequence number, which grows with every change. */
export function versionTag(state: { seq: number }): string {
  return `"${state.seq}"`;
}
