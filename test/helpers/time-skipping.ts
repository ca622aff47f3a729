import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { LaunchSummary } from '../../domain/launch';
import { timeSkippingServerExecutable, workflowBundlePath } from './test-env';

export const WORKFLOW_TEST_QUEUE = 'baton-workflow-test';

export function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServerExecutable() } });
}

/** Activities that record what the workflow projects instead of writing to a database. */
export function recordingActivities(): { activities: Activities; projections: LaunchSummary[] } {
  const projections: LaunchSummary[] = [];
  return {
    projections,
    activities: {
      async projectLaunch(summary) {
        projections.push(summary);
      },
    },
  };
}

export function createTestWorker(env: TestWorkflowEnvironment, activities: Activities): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: WORKFLOW_TEST_QUEUE,
    workflowBundle: { codePath: workflowBundlePath() },
    activities,
  });
}

/** YYYY-MM-DD of the server's (possibly skipped) clock plus some days. */
export async function serverDatePlusDays(env: TestWorkflowEnvironment, days: number): Promise<string> {
  const now = await env.currentTimeMs();
  return new Date(now + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
