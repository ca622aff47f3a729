import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runBaton, type RunningBaton } from '../../runtime/baton';
import { createLogger } from '../../runtime/logger';
import { TEST_TASK_QUEUE, createTestDatabase, testApiSettings, type TestDatabase } from './baton-harness';
import { spawnEntryPoint, waitForOutput } from './processes';
import { temporalCliExecutable, workflowBundlePath } from './test-env';

export interface ApiWithWorkerProcesses {
  temporal: TestWorkflowEnvironment;
  database: TestDatabase;
  api: RunningBaton;
  /** Starts a worker as its own process, as in production, and resolves once it polls. */
  startWorker(): Promise<ChildProcessWithoutNullStreams>;
}

/**
 * For the suite: a Temporal dev server, a Postgres database and Baton's API in this process, with
 * workers in processes of their own that a test may SIGKILL. Every worker is killed at the end;
 * `beforeStop` runs first (e.g. to release what the workers wait on).
 */
export function apiWithWorkerProcesses(beforeStop?: () => Promise<void>): ApiWithWorkerProcesses {
  const workers: ChildProcessWithoutNullStreams[] = [];
  const stack = {
    async startWorker() {
      const worker = spawnEntryPoint('worker.ts', {
        TEMPORAL_ADDRESS: stack.temporal.address,
        DATABASE_URL: stack.database.url,
        TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
        WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      });
      workers.push(worker);
      await waitForOutput(worker, 'worker polling');
      return worker;
    },
  } as ApiWithWorkerProcesses;

  // The worker process and the API each hold their own connections: PGlite serves one, so this is Postgres.
  beforeAll(async () => {
    stack.temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    stack.database = await createTestDatabase('postgres');
    stack.api = await runBaton({
      temporal: { address: stack.temporal.address, namespace: 'default', tls: false },
      taskQueue: TEST_TASK_QUEUE,
      databaseUrl: stack.database.url,
      logger: createLogger('silent'),
      apiPort: 0,
      api: testApiSettings(),
      runWorker: false,
    });
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await beforeStop?.();
    await stack.api?.stop();
    await stack.database?.drop();
    await stack.temporal?.teardown();
  });

  return stack;
}
