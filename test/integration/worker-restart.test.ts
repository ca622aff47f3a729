import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { runBaton, type RunningBaton } from '../../runtime/baton';
import { createLogger } from '../../runtime/logger';
import {
  TEST_TASK_QUEUE,
  authorizedRequest,
  createTestDatabase,
  eventually,
  testApiSettings,
  type TestDatabase,
} from '../helpers/baton-harness';
import { spawnEntryPoint, waitForOutput } from '../helpers/processes';
import { temporalCliExecutable, workflowBundlePath } from '../helpers/test-env';

// The worker runs as its own process here, as in production, so both it and the
// API need their own database connections: the embedded PGlite serves one, so
// this runs on Postgres (the test server, or the embedded PostgreSQL the global setup starts).
describe('a worker process killed mid-run', () => {
  let temporal: TestWorkflowEnvironment;
  let database: TestDatabase;
  let api: RunningBaton;
  const workers: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    database = await createTestDatabase('postgres');
    api = await runBaton({
      temporal: { address: temporal.address, namespace: 'default', tls: false },
      taskQueue: TEST_TASK_QUEUE,
      databaseUrl: database.url,
      logger: createLogger('silent'),
      apiPort: 0,
      api: testApiSettings(),
      runWorker: false,
    });
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await api?.stop();
    await database?.drop();
    await temporal?.teardown();
  });

  async function startWorkerProcess(): Promise<ChildProcessWithoutNullStreams> {
    const worker = spawnEntryPoint('worker.ts', {
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: database.url,
      TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
    });
    workers.push(worker);
    await waitForOutput(worker, 'worker polling');
    return worker;
  }

  const request = (method: string, path: string, body?: unknown) => authorizedRequest(api.apiUrl!, method, path, body);

  it('continues the run after a restart, including an action sent while no worker was up', async () => {
    const first = await startWorkerProcess();
    const items = ['a', 'b', 'c'].map((key, index) => ({
      key,
      title: key.toUpperCase(),
      phase: 'only',
      ownerRole: 'ops_manager',
      due: { days: index - 3 },
    }));
    const template = {
      key: 'survival',
      name: 'Survival',
      playbook: 'launch-readiness',
      anchor: 'launchDate',
      phases: [{ key: 'only', title: 'Only' }],
      items,
    };
    expect((await request('POST', '/api/templates/survival/versions', template)).status).toBe(201);
    const started = await request('POST', '/api/launches', {
      launchId: 'survivor',
      productName: 'Survivor',
      launchDate: '2030-01-01',
      template: { key: 'survival' },
    });
    expect(started.status).toBe(201);
    expect((await request('POST', '/api/launches/survivor/items/a/complete', {})).status).toBe(200);

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    let settled = false;
    const whileDown = request('POST', '/api/launches/survivor/items/b/complete', {}).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(settled).toBe(false);

    await startWorkerProcess();
    const afterRestart = await whileDown;
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body.items.map((item: { key: string; status: string }) => [item.key, item.status])).toEqual([
      ['a', 'done'],
      ['b', 'done'],
      ['c', 'ready'],
    ]);
    expect(afterRestart.body.items[0].completedBy).toBe('olivia@hq.example');

    expect((await request('POST', '/api/launches/survivor/items/c/complete', {})).status).toBe(200);
    const cancelled = await request('POST', '/api/launches/survivor/cancel', { reason: 'survived' });
    expect(cancelled.body.status).toBe('cancelled');
    const listed = await eventually(
      () =>
        request('GET', '/api/launches').then((response) =>
          response.body.items.find((row: { launchId: string }) => row.launchId === 'survivor'),
        ),
      (row) => row?.status === 'cancelled',
      // A projection lost with the killed worker is retried after its 10 s start-to-close timeout.
      30_000,
    );
    expect(listed).toMatchObject({ itemsDone: 3, itemsTotal: 3 });
  });
});
