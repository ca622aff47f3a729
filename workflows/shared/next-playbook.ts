import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { condition, ParentClosePolicy, patched, startChild, workflowInfo } from '@temporalio/workflow';
import { BATON_PLAYBOOK } from '../../domain/shared/search-attributes';
import type { NextPlaybookStarted, NextPlaybookType, PendingNextPlaybook } from '../../domain/shared/lifecycle';

export type { PendingNextPlaybook } from '../../domain/shared/lifecycle';

/**
 * Starts the next playbook of the customer lifecycle as a child workflow that outlives this one
 * (ABANDON), under its business-key id, so it stays a case of its own with its own history. The
 * Temporal UI shows where it came from. Business ids are for life (one handoff per opportunity, one
 * renewal per contract), so a case with that id already running or ended (someone started it
 * through the API first) is not started again and is not an error: the lifecycle continues there.
 */
export async function startNextPlaybook(
  workflowType: NextPlaybookType,
  workflowId: string,
  input: unknown,
): Promise<NextPlaybookStarted> {
  try {
    await startChild(workflowType, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...childVisibility(workflowType, workflowId),
    });
    return { workflowType, workflowId, status: 'started' };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      return { workflowType, workflowId, status: 'already-started' };
    throw error;
  }
}

/**
 * Work for `runCaseLoop`'s `besides`: waits until the case asks for its next playbook, starts it,
 * and hands the outcome to `record` (which clears the request and adds a timeline event). The
 * case's `finished()` must stay false while a request is pending, so the start is projected.
 */
export function nextPlaybookStarter(
  pending: () => PendingNextPlaybook | undefined,
  record: (result: NextPlaybookStarted) => void,
): (ended: () => boolean) => Promise<void> {
  return async (ended) => {
    for (;;) {
      await condition(() => pending() !== undefined || ended());
      const request = pending();
      if (!request) return;
      record(await startNextPlaybook(request.workflowType, request.workflowId, request.input));
    }
  };
}

/** Patch id: runs recorded before it start their next playbook without a summary or BatonPlaybook. */
export const CHILD_VISIBILITY_PATCH = 'topology-child-visibility';

/**
 * A next playbook started by a workflow is found in Temporal's UI and CLI as one the API starts is
 * (runtime/visibility-interceptor.ts): a static summary, and BatonPlaybook where the namespace has Baton's
 * search attributes, which this run knows by carrying BatonPlaybook itself.
 */
function childVisibility(workflowType: NextPlaybookType, workflowId: string) {
  if (!patched(CHILD_VISIBILITY_PATCH)) return {};
  const registered = workflowInfo().typedSearchAttributes.get(BATON_PLAYBOOK) !== undefined;
  return {
    staticSummary: `Baton ${workflowType} ${workflowId}`,
    ...(registered ? { typedSearchAttributes: [{ key: BATON_PLAYBOOK, value: workflowType }] } : {}),
  };
}
