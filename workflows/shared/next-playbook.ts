import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { condition, ParentClosePolicy, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { NextPlaybookPlanActivities } from '../../activities/shared/next-playbook-plans';
import { BATON_PLAYBOOK } from '../../domain/shared/search-attributes';
import type { NextPlaybookStarted, NextPlaybookType, PendingNextPlaybook } from '../../domain/shared/lifecycle';

export type { PendingNextPlaybook } from '../../domain/shared/lifecycle';

/** Patch id: runs recorded before it start their next playbook on its coded rules, without a pinned template plan. */
export const CHAINED_PLAN_PATCH = 'templates-chained-plans';

const { resolveNextPlaybookPlan } = proxyActivities<NextPlaybookPlanActivities>({
  startToCloseTimeout: '30 seconds',
  // A database briefly away holds the start back; it goes ahead once the template can be read.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

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
      record(await startNextPlaybook(request.workflowType, request.workflowId, await withPinnedPlan(request)));
    }
  };
}

/**
 * Templates (issue 20): the next playbook's input with the template plan it pins, resolved by an activity
 * as an API start resolves one (the tier's renewal template, else the latest), so a case started by the
 * one before runs on a template version, shows it, and keeps it. The plan's version is in the history.
 */
async function withPinnedPlan(request: PendingNextPlaybook): Promise<unknown> {
  if (!patched(CHAINED_PLAN_PATCH)) return request.input;
  const input = request.input as { start?: { tier?: string }; plan?: unknown };
  if (input.plan !== undefined) return request.input;
  const tier = input.start?.tier;
  const plan = await resolveNextPlaybookPlan({
    workflowType: request.workflowType,
    ...(typeof tier === 'string' ? { tier } : {}),
  });
  return plan ? { ...input, plan } : request.input;
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
