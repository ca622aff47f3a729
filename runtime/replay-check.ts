import type { Client } from '@temporalio/client';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';

export interface ReplayFailure {
  workflowId: string;
  runId: string;
  message: string;
}

export interface ReplayReport {
  replayed: number;
  failures: ReplayFailure[];
}

/** The workflows `replay-check` looks at by default: those still running on Baton's task queue. */
export function openWorkflowsOn(taskQueue: string): string {
  return `ExecutionStatus = "Running" AND TaskQueue = "${taskQueue}"`;
}

/**
 * Replays the history of every workflow the visibility query finds against the given workflow code.
 * A run whose history the code cannot replay is stuck as soon as a worker has to rebuild it (after a
 * restart, or when it leaves the cache): found here, it can be reset before anyone acts on it.
 */
export async function replayWorkflows(
  client: Client,
  code: Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath'>,
  query: string,
): Promise<ReplayReport> {
  const histories = client.workflow.list({ query }).intoHistories({ concurrency: 4 });
  const report: ReplayReport = { replayed: 0, failures: [] };
  for await (const result of Worker.runReplayHistories({ ...code, replayName: 'baton-replay-check' }, histories)) {
    report.replayed += 1;
    if (result.error) {
      report.failures.push({ workflowId: result.workflowId, runId: result.runId, message: result.error.message });
    }
  }
  return report;
}
