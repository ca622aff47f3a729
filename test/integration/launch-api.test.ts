import { databaseKinds, eventually, startBatonStack, type BatonStack, type Identity } from '../helpers/baton-harness';

const ALICE: Identity = { subject: 'alice@example.com', roles: ['ops_manager'] };
const BOB: Identity = { subject: 'bob@example.com', roles: ['ops_manager'] };

const PROBLEM_JSON = /^application\/problem\+json/;

describe.each(databaseKinds())('launch API on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const start = (launchId: string, extra: Record<string, unknown> = {}) =>
    stack.request('POST', '/api/launches', { launchId, productName: `Product ${launchId}`, launchDate: '2030-06-01', ...extra });
  const complete = (launchId: string, key: string, body: unknown = {}, as: Identity = ALICE) =>
    stack.request('POST', `/api/launches/${launchId}/items/${key}/complete`, body, { as });
  const listed = async (launchId: string) => {
    const { body } = await stack.request('GET', '/api/launches');
    return (body.items as Array<{ launchId: string; itemsDone: number; status: string }>).find((row) => row.launchId === launchId);
  };

  it('reports alive and ready', async () => {
    expect((await stack.request('GET', '/healthz')).status).toBe(200);
    const ready = await stack.request('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { temporal: 'ok', database: 'ok' } } });
  });

  it('starts a launch once per business key and lists it from the read model', async () => {
    const first = await start('alpha');
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/api/launches/alpha');
    expect(first.body).toMatchObject({ launchId: 'alpha', productName: 'Product alpha', launchDate: '2030-06-01', status: 'active' });
    expect(first.body.items).toHaveLength(5);
    expect(first.body.items[0]).toMatchObject({ key: 'scenario-positioning', status: 'open', overdue: false, dueAt: '2030-04-20T00:00:00.000Z' });

    const repeat = await start('alpha');
    expect(repeat.status).toBe(200);
    expect(repeat.body.startedAt).toBe(first.body.startedAt);

    const row = await eventually(() => listed('alpha'), (value) => value !== undefined);
    expect(row).toMatchObject({ launchId: 'alpha', status: 'active', itemsDone: 0 });
  });

  it('refuses to reuse a business key for a different launch', async () => {
    await start('beta');
    const clash = await start('beta', { launchDate: '2031-01-01' });
    expect(clash.status).toBe(409);
    expect(clash.contentType).toMatch(PROBLEM_JSON);
    expect(clash.body).toMatchObject({ status: 409, detail: 'Launch beta already exists with different details' });
    expect((await stack.request('GET', '/api/launches/beta')).body.launchDate).toBe('2030-06-01');
  });

  it('rejects invalid bodies with each field named, and starts nothing', async () => {
    const response = await stack.request('POST', '/api/launches', { launchId: 'Not A Slug', launchDate: '2030-02-30', admin: true });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(PROBLEM_JSON);
    const paths = (response.body.errors as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['', 'launchDate', 'launchId', 'productName']);
    expect(response.body.errors.find((issue: { path: string }) => issue.path === '').message).toMatch(/admin/);

    const duplicateKeys = await start('gamma', {
      items: [
        { key: 'a', title: 'A', ownerRole: 'ops_manager', dueOffsetDays: -1 },
        { key: 'a', title: 'A again', ownerRole: 'ops_manager', dueOffsetDays: -2 },
      ],
    });
    expect(duplicateKeys.status).toBe(400);
    expect((await stack.request('GET', '/api/launches/gamma')).status).toBe(404);
  });

  it('refuses malformed JSON, other media types and unknown routes as problems', async () => {
    const malformed = await stack.request('POST', '/api/launches', '{"launchId":');
    expect(malformed).toMatchObject({ status: 400, body: { title: 'Malformed JSON' } });
    const text = await fetch(`${stack.apiUrl}/api/launches`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toMatch(PROBLEM_JSON);
    const unknown = await stack.request('GET', '/api/nothing-here');
    expect(unknown).toMatchObject({ status: 404, body: { title: 'Not found' } });
    expect(unknown.contentType).toMatch(PROBLEM_JSON);
  });

  it('returns 404 for a launch that does not exist', async () => {
    const response = await stack.request('GET', '/api/launches/no-such-launch');
    expect(response).toMatchObject({ status: 404, body: { status: 404, detail: 'No launch no-such-launch' } });
    expect((await complete('no-such-launch', 'enablement')).status).toBe(404);
  });

  it('completes an item through a workflow update and projects it', async () => {
    await start('delta');
    const done = await complete('delta', 'enablement', { note: 'deck v3 shared' });
    expect(done.status).toBe(200);
    const item = done.body.items.find((candidate: { key: string }) => candidate.key === 'enablement');
    expect(item).toMatchObject({ status: 'done', completedBy: 'alice@example.com', note: 'deck v3 shared' });

    const live = await stack.request('GET', '/api/launches/delta');
    expect(live.body.items.find((candidate: { key: string }) => candidate.key === 'enablement').status).toBe('done');
    await eventually(() => listed('delta'), (row) => row?.itemsDone === 1);
  });

  it('rejects completing an unknown or already-completed item and changes nothing', async () => {
    await start('epsilon');
    await complete('epsilon', 'enablement');
    const before = (await stack.request('GET', '/api/launches/epsilon')).body;

    const twice = await complete('epsilon', 'enablement', {}, BOB);
    expect(twice.status).toBe(409);
    expect(twice.contentType).toMatch(PROBLEM_JSON);
    expect(twice.body.detail).toMatch(/already completed by alice@example.com/);

    const unknown = await complete('epsilon', 'no-such-item');
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(/no checklist item "no-such-item"/);

    const badBody = await complete('epsilon', 'sales-process', { note: 7, completedBy: 'mallory' });
    expect(badBody.status).toBe(400);

    expect((await stack.request('GET', '/api/launches/epsilon')).body).toEqual(before);
  });

  it('marks the launch ready when every item is done, and then takes no more actions', async () => {
    const items = [
      { key: 'one', title: 'One', ownerRole: 'ops_manager', dueOffsetDays: -10 },
      { key: 'two', title: 'Two', ownerRole: 'presales', dueOffsetDays: -5 },
    ];
    await start('zeta', { items });
    await complete('zeta', 'one');
    const last = await complete('zeta', 'two');
    expect(last.body.status).toBe('ready');
    await eventually(() => listed('zeta'), (row) => row?.status === 'ready' && row.itemsDone === 2);

    const afterwards = await complete('zeta', 'two');
    expect(afterwards.status).toBe(409);
    expect(afterwards.body.detail).toMatch(/zeta is ready/);

    const readyOnly = await stack.request('GET', '/api/launches?status=ready');
    expect(readyOnly.body.items.map((row: { launchId: string }) => row.launchId)).toEqual(['zeta']);
    expect((await stack.request('GET', '/api/launches?limit=0')).status).toBe(400);
    expect((await stack.request('GET', '/api/launches?status=bogus')).status).toBe(400);
  });

  it('flags items already past due as overdue from the start', async () => {
    const items = [
      { key: 'late', title: 'Late', ownerRole: 'ops_manager', dueOffsetDays: -30 },
      { key: 'future', title: 'Future', ownerRole: 'ops_manager', dueOffsetDays: 30 },
    ];
    const today = new Date().toISOString().slice(0, 10);
    await start('eta', { items, launchDate: today });
    const state = await eventually(
      async () => (await stack.request('GET', '/api/launches/eta')).body,
      (body) => body.items[0].overdue === true,
    );
    expect(state.items[1].overdue).toBe(false);
    await eventually(() => stack.request('GET', '/api/launches').then((r) => r.body.items.find((row: { launchId: string }) => row.launchId === 'eta')), (row) => row?.itemsOverdue === 1);
  });

  it('reports not ready when the database is gone', async () => {
    await stack.database.drop();
    const response = await stack.request('GET', '/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks.temporal).toBe('ok');
    expect(response.body.checks.database).toMatch(/^failed/);
  });
});
