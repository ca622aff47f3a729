import { PROBLEM_CONTENT_TYPE } from '../../api/http/problem';
import { startBatonStack, type ApiResponse, type BatonStack } from '../helpers/baton-harness';

/** What every route answers while the database is down: a 503 problem that says when to retry. */
function expectDatabaseUnavailable(response: ApiResponse): void {
  expect({
    status: response.status,
    contentType: response.contentType,
    retryAfter: response.headers.get('retry-after'),
    title: response.body?.title,
  }).toEqual({
    status: 503,
    contentType: expect.stringContaining(PROBLEM_CONTENT_TYPE),
    retryAfter: expect.stringMatching(/^\d+$/),
    title: 'Database unavailable',
  });
  expect(response.body.detail).toBe('The database cannot be reached right now; try again shortly');
}

describe('the database stops while the API runs', () => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack('pglite');
    const started = await stack.request('POST', '/api/launches', {
      launchId: 'outage-launch',
      productName: 'Outage',
      launchDate: '2030-03-01',
    });
    expect(started.status).toBe(201);
    await stack.database.drop();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ['a launch list', '/api/launches'],
    ['a POC list', '/api/pocs'],
    ['my tasks', '/api/tasks'],
    ['a timeline', '/api/launches/outage-launch/timeline'],
    ['the templates', '/api/templates'],
  ])('answers 503 with Retry-After on %s', async (_what, path) => {
    expectDatabaseUnavailable(await stack.request('GET', path));
  });

  it('answers 503 with Retry-After to an action sent with an Idempotency-Key', async () => {
    const response = await stack.request(
      'POST',
      '/api/launches/outage-launch/launch-date',
      { launchDate: '2030-04-01', reason: 'the database is down' },
      { headers: { 'Idempotency-Key': 'outage-1' } },
    );
    expectDatabaseUnavailable(response);
  });

  it('reports the database as not ready', async () => {
    const response = await stack.request('GET', '/readyz', undefined, { as: null });
    expect(response.status).toBe(503);
    expect(response.body.checks.database).toMatch(/^failed/);
  });
});
