import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestDatabase, TEST_JWT_SECRET, TEST_TASK_QUEUE, type TestDatabase } from '../helpers/baton-harness';
import { collectUntilExit, spawnEntryPoint, waitForOutput, type Finished } from '../helpers/processes';
import { postgresAdminUrl, temporalCliExecutable, workflowBundlePath } from '../helpers/test-env';

/** A process that should stop at start: its exit, or a note that it kept running (then it is killed). */
async function exitWithin(child: ChildProcessWithoutNullStreams, ms: number): Promise<Finished | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const running = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), ms);
  });
  const outcome = await Promise.race([collectUntilExit(child), running]);
  clearTimeout(timer);
  if (outcome === 'still running') child.kill('SIGKILL');
  return outcome;
}

/** At start the standalone processes check what they depend on, and stop naming the variable at fault. */
describe('standalone processes with an unusable dependency', () => {
  let temporal: TestWorkflowEnvironment;
  let database: TestDatabase;

  beforeAll(async () => {
    temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: temporalCliExecutable() } });
    database = await createTestDatabase('pglite');
  });

  afterAll(async () => {
    await database?.drop();
    await temporal?.teardown();
  });

  const worker = (env: NodeJS.ProcessEnv) =>
    spawnEntryPoint('worker.ts', {
      TEMPORAL_TASK_QUEUE: TEST_TASK_QUEUE,
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      ...env,
    });
  const api = (env: NodeJS.ProcessEnv) =>
    spawnEntryPoint('api.ts', { AUTH_JWT_SECRET: TEST_JWT_SECRET, PORT: '0', ...env });

  it.each([
    ['worker', worker],
    ['API', api],
  ])('stops the %s when nothing answers at DATABASE_URL, naming it without its password', async (_role, spawn) => {
    const result = await exitWithin(
      spawn({ TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: 'postgresql://baton:s3cret@127.0.0.1:1/baton' }),
      30_000,
    );
    expect(result).not.toBe('still running');
    const { code, stderr } = result as Finished;
    expect(code).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL: .*127\.0\.0\.1:1/);
    expect(stderr).not.toContain('s3cret');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('stops the worker when the database named in DATABASE_URL does not exist', async () => {
    const missing = new URL(postgresAdminUrl());
    missing.pathname = '/baton_no_such_database';
    const result = await exitWithin(
      worker({ TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: missing.toString() }),
      30_000,
    );
    expect(result).not.toBe('still running');
    expect((result as Finished).code).toBe(1);
    expect((result as Finished).stderr).toMatch(/DATABASE_URL: .*baton_no_such_database.*does not exist/);
  });

  it.each([
    ['worker', worker],
    ['API', api],
  ])('stops the %s when nothing answers at TEMPORAL_ADDRESS, naming it', async (_role, spawn) => {
    const result = await exitWithin(spawn({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: database.url }), 30_000);
    expect(result).not.toBe('still running');
    const { code, stderr } = result as Finished;
    expect(code).toBe(1);
    expect(stderr).toMatch(/TEMPORAL_ADDRESS: .*127\.0\.0\.1:1/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('listens on API_HOST', async () => {
    const child = api({ TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: database.url, API_HOST: '127.0.0.1' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForOutput(child, 'API listening');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
