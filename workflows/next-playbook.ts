import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';

/** The workflow types a case can start as the next step of the customer lifecycle. */
export type NextPlaybookType = 'dealSupport' | 'deliveryHandoff' | 'renewalFollowUp';

export type NextPlaybookStart = { status: 'started'; workflowId: string } | { status: 'already-started'; workflowId: string };

/**
 * Starts the next playbook of the customer lifecycle as a child workflow that outlives this one
 * (ABANDON), under its business-key id, so it stays a case of its own with its own history. The
 * Temporal UI shows where it came from. A case with that id already running or finished (someone
 * started it through the API first) is not an error: the lifecycle simply continues there.
 */
export async function startNextPlaybook(workflowType: NextPlaybookType, workflowId: string, input: unknown): Promise<NextPlaybookStart> {
  try {
    await startChild(workflowType, { workflowId, args: [input], parentClosePolicy: ParentClosePolicy.ABANDON });
    return { status: 'started', workflowId };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { status: 'already-started', workflowId };
    throw error;
  }
}
