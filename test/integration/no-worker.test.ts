import { PROBLEM_CONTENT_TYPE } from '../../api/http/problem';
import { startBatonStack, TEST_TASK_QUEUE, type ApiResponse, type BatonStack } from '../helpers/baton-harness';

/** Well under Temporal's 20 s query deadline: the API must not wait for a worker that is not there. */
const QUICKLY_MS = 3_000;

async function timed(send: () => Promise<ApiResponse>): Promise<{ response: ApiResponse; ms: number }> {
  const started = Date.now();
  const response = await send();
  return { response, ms: Date.now() - started };
}

function expectNoWorker({ response, ms }: { response: ApiResponse; ms: number }): void {
  expect({
    status: response.status,
    contentType: response.contentType,
    retryAfter: response.headers.get('retry-after'),
    title: response.body?.title,
  }).toEqual({
    status: 503,
    contentType: expect.stringContaining(PROBLEM_CONTENT_TYPE),
    retryAfter: expect.stringMatching(/^\d+$/),
    title: 'No worker',
  });
  expect(response.body.detail).toContain(TEST_TASK_QUEUE);
  expect(ms).toBeLessThan(QUICKLY_MS);
}

describe('an API whose task queue no worker polls', () => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack('pglite', { runWorker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 quickly to a start, and starts nothing', async () => {
    expectNoWorker(
      await timed(() =>
        stack.request('POST', '/api/launches', { launchId: 'nobody', productName: 'P', launchDate: '2030-03-01' }),
      ),
    );
    const handle = stack.baton.client!.workflow.getHandle('launch:nobody');
    await expect(handle.describe()).rejects.toThrow(/not found/i);
  });

  it('answers 503 quickly to a live read and to an action', async () => {
    expectNoWorker(await timed(() => stack.request('GET', '/api/launches/nobody')));
    expectNoWorker(
      await timed(() =>
        stack.request(
          'POST',
          '/api/launches/nobody/cancel',
          { reason: 'no worker' },
          {
            headers: { 'Idempotency-Key': 'no-worker-1' },
          },
        ),
      ),
    );
  });

  it('still serves the read model', async () => {
    expect((await stack.request('GET', '/api/launches')).status).toBe(200);
  });

  it('reports not ready, naming the task queue no worker polls', async () => {
    const response = await stack.request('GET', '/readyz', undefined, { as: null });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body.checks).toMatchObject({ temporal: 'ok', database: 'ok' });
    expect(response.body.checks.worker).toMatch(new RegExp(`^failed: .*${TEST_TASK_QUEUE}`));
  });
});
