import { WorkflowNotFoundError, type Client, type QueryDefinition, type UpdateDefinition } from '@temporalio/client';
import type { Said } from '../../domain/shared/text';
import { Problem } from './problem';
import type { RouteResult } from './route';

/** A query that no worker answers within this long becomes a 503 instead of holding the request open. */
const QUERY_DEADLINE_MS = 20_000;

/** Reading and acting on long-running playbook workflows the way every route does. */
export function workflowAccess(client: Client) {
  return {
    query<T>(workflowId: string, definition: QueryDefinition<T>): Promise<T> {
      return client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
        client.workflow.getHandle(workflowId).query(definition),
      );
    },

    /** Sends a validated Update and answers with the new state and its version as ETag; a run that has ended is 409. */
    async act<State extends { seq: number }, Request>(
      workflowId: string,
      definition: UpdateDefinition<State, [Request]>,
      request: Request,
      endedDetail: string | Said,
    ): Promise<RouteResult> {
      try {
        const after = await client.workflow.getHandle(workflowId).executeUpdate(definition, { args: [request] });
        return { status: 200, body: after, headers: { ETag: versionTag(after) } };
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new Problem(409, 'Run has ended', endedDetail);
        throw error;
      }
    },
  };
}

/** The ETag of a workflow's state: its sequence number, which grows with every change. */
export function versionTag(state: { seq: number }): string {
  return `"${state.seq}"`;
}
