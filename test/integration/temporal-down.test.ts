import { PROBLEM_CONTENT_TYPE } from '../../api/http/problem';
import { startBatonStack, type ApiResponse, type BatonStack } from '../helpers/baton-harness';

/** Well under the ~20 s the SDK's connection retries held a request when Temporal was gone. */
const QUICKLY_MS = 5_000;

async function timed(send: () => Promise<ApiResponse>): Promise<{ response: ApiResponse; ms: number }> {
  const started = Date.now();
  const response = await send();
  return { response, ms: Date.now() - started };
}

function expectTemporalUnavailable({ response, ms }: { response: ApiResponse; ms: number }): void {
  expect({
    status: response.status,
    contentType: response.contentType,
    retryAfter: response.headers.get('retry-after'),
  }).toEqual({
    status: 503,
    contentType: expect.stringContaining(PROBLEM_CONTENT_TYPE),
    retryAfter: expect.stringMatching(/^\d+$/),
  });
  expect(ms).toBeLessThan(QUICKLY_MS);
}

describe('an API whose Temporal server has stopped', () => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack('pglite');
    const started = await stack.request('POST', '/api/launches', {
      launchId: 'outage',
      productName: 'Outage',
      launchDate: '2030-03-01',
    });
    expect(started.status).toBe(201);
    await stack.temporal.teardown();
  });

  afterAll(async () => {
    // Temporal is torn down already; a second teardown would fail to stop a server that is gone.
    await stack?.baton.stop();
    await stack?.database.drop();
  });

  it('answers a live read with 503 and Retry-After within seconds', async () => {
    expectTemporalUnavailable(await timed(() => stack.request('GET', '/api/launches/outage')));
  });

  it('answers an action with 503 and Retry-After within seconds, also with an Idempotency-Key', async () => {
    expectTemporalUnavailable(
      await timed(() => stack.request('POST', '/api/launches/outage/cancel', { reason: 'outage' })),
    );
    expectTemporalUnavailable(
      await timed(() =>
        stack.request(
          'POST',
          '/api/launches/outage/cancel',
          { reason: 'outage' },
          { headers: { 'Idempotency-Key': 'cancel-during-outage' } },
        ),
      ),
    );
  });

  it('answers a start with 503 and Retry-After within seconds', async () => {
    expectTemporalUnavailable(
      await timed(() =>
        stack.request('POST', '/api/launches', { launchId: 'later', productName: 'L', launchDate: '2030-03-01' }),
      ),
    );
  });

  it('still serves the read model', async () => {
    expect((await stack.request('GET', '/api/launches')).status).toBe(200);
  });
});
