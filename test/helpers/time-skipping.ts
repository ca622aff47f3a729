import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { LegacyLaunchSummary } from '../../domain/launch/legacy-checklist';
import type { LaunchProjection } from '../../domain/launch/projection';
import { timeSkippingServerExecutable, workflowBundlePath } from './test-env';

export const WORKFLOW_TEST_QUEUE = 'baton-workflow-test';

/**
 * The SDK gives the test server a fixed 5 s to accept connections and kills it after that; the Java
 * server's JVM takes longer on a busy machine, so a start that timed out is tried again.
 */
export async function startTimeSkippingEnvironment(attempts = 8): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: timeSkippingServerExecutable() },
      });
    } catch (error) {
      if (attempt >= attempts || !/did not start within/.test(String(error))) throw error;
      console.warn(
        `[time-skipping] the test server was not up within the SDK's 5 s (try ${attempt} of ${attempts}); starting it again`,
      );
    }
  }
}

export interface Recorded {
  /** The launch activities; POC trials record their own (test/helpers/poc-fixtures.ts). */
  activities: Partial<Activities>;
  /** What the first (legacy) checklist projected. */
  projections: LegacyLaunchSummary[];
  runProjections: LaunchProjection[];
  deliveries: string[];
}

/** Activities that record what the workflow projects and delivers instead of writing to a database. */
export function recordingActivities(): Recorded {
  const recorded: Omit<Recorded, 'activities'> = { projections: [], runProjections: [], deliveries: [] };
  return {
    ...recorded,
    activities: {
      async projectLaunch(summary) {
        recorded.projections.push(summary);
      },
      async projectRun(projection) {
        recorded.runProjections.push(projection);
      },
      async deliverNotifications({ launchId }) {
        recorded.deliveries.push(launchId);
        return { delivered: 0, pending: 0 };
      },
    },
  };
}

export function createTestWorker(env: TestWorkflowEnvironment, activities: Partial<Activities>): Promise<Worker> {
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

/**
 * The next playbook a case started as a child workflow: its type, and the input it was started
 * with (the test worker runs `test/workflow/stand-ins/next-playbook.ts` in its place, which returns it).
 */
export async function startedChild(
  env: TestWorkflowEnvironment,
  workflowId: string,
): Promise<{ workflowType: string; input: unknown }> {
  const handle = env.client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  return { workflowType: description.type, input: await handle.result() };
}

/**
 * The time-skipping test server keeps a time-skipping lock when a child workflow completes after
 * its parent has closed (a case started by a case that has already ended, as in the customer
 * lifecycle), and every later `env.sleep` then waits in real time (temporalio/sdk-typescript#1101,
 * temporalio/sdk-java#1618). Called once after such a child's result, it hands that lock back.
 */
export async function releaseLockLeftByOrphanedChild(env: TestWorkflowEnvironment): Promise<void> {
  await env.connection.testService!.unlockTimeSkipping({});
}

/**
 * For the describe block it is called in: a time-skipping environment and a worker running
 * `activities`, on the worker's shared workflow bundle and WORKFLOW_TEST_QUEUE, or on the workflows
 * of `workflowsPath` (bundled on the fly) and `taskQueue`. `env` is live from beforeAll on; both
 * are shut down after the block.
 */
export function timeSkippingWorker(
  activities: Partial<Activities>,
  own?: { workflowsPath: string; taskQueue: string },
): { readonly env: TestWorkflowEnvironment } {
  const context = {} as { env: TestWorkflowEnvironment };
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    context.env = await startTimeSkippingEnvironment();
    worker = own
      ? await Worker.create({
          connection: context.env.nativeConnection,
          taskQueue: own.taskQueue,
          workflowsPath: own.workflowsPath,
          activities,
        })
      : await createTestWorker(context.env, activities);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await context.env?.teardown();
  });
  return context;
}
