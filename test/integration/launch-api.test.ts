import { launchReadiness } from '../../workflows/launch/launch-readiness';
import {
  databaseKinds,
  eventually,
  startBatonStack,
  TEST_TASK_QUEUE,
  type BatonStack,
  type Identity,
} from '../helpers/baton-harness';

const OLGA: Identity = { subject: 'olga@hq.example', roles: ['ops_manager'] };
const PAT: Identity = { subject: 'pat@hq.example', roles: ['product_manager'] };
const PRIYA: Identity = { subject: 'priya@hq.example', roles: ['presales'] };

const PROBLEM_JSON = /^application\/problem\+json/;
const LAUNCH_DATE = '2030-06-03';

interface Item {
  key: string;
  status: string;
  dueDate: string;
  assignee?: string;
  awaitingSignOff: boolean;
  overdue: boolean;
}

describe.each(databaseKinds())('launch API on a real Temporal server and %s', (kind) => {
  let stack: BatonStack;

  beforeAll(async () => {
    stack = await startBatonStack(kind);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const start = (launchId: string, extra: Record<string, unknown> = {}) =>
    stack.request(
      'POST',
      '/api/launches',
      {
        launchId,
        productName: `Product ${launchId}`,
        launchDate: LAUNCH_DATE,
        owners: { product_manager: PAT.subject, presales: PRIYA.subject },
        ...extra,
      },
      { as: OLGA },
    );
  const itemAction = (
    launchId: string,
    key: string,
    verb: string,
    body: unknown = {},
    as: Identity = OLGA,
    headers?: Record<string, string>,
  ) => stack.request('POST', `/api/launches/${launchId}/items/${key}/${verb}`, body, { as, headers });
  const live = async (launchId: string) =>
    (await stack.request('GET', `/api/launches/${launchId}`, undefined, { as: OLGA })).body;
  const item = (state: { items: Item[] }, key: string) => state.items.find((candidate) => candidate.key === key)!;
  const row = async (launchId: string) => {
    const { body } = await stack.request('GET', '/api/launches?limit=200', undefined, { as: OLGA });
    return (body.items as Array<{ launchId: string; itemsDone: number; status: string; template: unknown }>).find(
      (entry) => entry.launchId === launchId,
    );
  };

  it('reports alive and ready', async () => {
    expect((await stack.request('GET', '/healthz')).status).toBe(200);
    const ready = await stack.request('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { temporal: 'ok', database: 'ok' } } });
  });

  it('starts a run on the latest template version, once per business key, and lists it from the read model', async () => {
    const first = await start('alpha');
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/api/launches/alpha');
    expect(first.headers.get('etag')).toBe(`"${first.body.seq}"`);
    expect(first.body).toMatchObject({
      launchId: 'alpha',
      launchDate: LAUNCH_DATE,
      status: 'active',
      template: { key: 'launch-readiness', version: 1 },
      calendar: 'mon-fri',
    });
    expect(item(first.body, 'demand-research')).toMatchObject({
      status: 'ready',
      dueDate: '2030-03-25',
      assignee: PAT.subject,
    });
    expect(item(first.body, 'scenario-positioning')).toMatchObject({ status: 'blocked' });
    expect(item(first.body, 'data-review')).toMatchObject({ status: 'blocked', waitingOn: ['gate:go-no-go'] });
    expect(first.body.timeline[0]).toMatchObject({ n: 1, type: 'run.started', actor: OLGA.subject });

    const repeat = await start('alpha');
    expect(repeat.status).toBe(200);
    expect(repeat.body.startedAt).toBe(first.body.startedAt);
    expect(
      await eventually(
        () => row('alpha'),
        (value) => value !== undefined,
      ),
    ).toMatchObject({ status: 'active', itemsDone: 0, template: { key: 'launch-readiness', version: 1 } });
  });

  it('pins the template version: a new version does not reach a run in flight', async () => {
    await start('pinned');
    const current = (await stack.request('GET', '/api/templates/launch-readiness', undefined, { as: OLGA })).body
      .definition;
    const edited = {
      ...current,
      items: current.items.map((entry: { key: string; title: string }) =>
        entry.key === 'demand-research' ? { ...entry, title: 'Renamed research' } : entry,
      ),
    };
    const created = await stack.request('POST', '/api/templates/launch-readiness/versions', edited, { as: OLGA });
    expect(created.status).toBe(201);
    const run = await live('pinned');
    expect(run.template.version).toBe(1);
    expect(run.items.find((entry: { key: string }) => entry.key === 'demand-research').title).toBe(
      'Demand research evidence',
    );
    const newer = await start('pinned-v2');
    expect(newer.body.template.version).toBe(created.body.version);
    expect(item(newer.body, 'demand-research')).toMatchObject({ key: 'demand-research' });
    expect(newer.body.items.find((entry: { key: string }) => entry.key === 'demand-research').title).toBe(
      'Renamed research',
    );
  });

  it('refuses to reuse a business key for a different launch, and unknown templates or calendars', async () => {
    await start('beta');
    const clash = await start('beta', { launchDate: '2031-01-06' });
    expect(clash).toMatchObject({ status: 409, body: { detail: 'Launch beta already exists with different details' } });
    expect(clash.contentType).toMatch(PROBLEM_JSON);
    expect((await start('gamma', { template: { key: 'no-such-template' } })).body).toMatchObject({
      status: 422,
      detail: 'No template no-such-template',
    });
    expect((await start('gamma', { template: { key: 'launch-readiness', version: 999 } })).body).toMatchObject({
      status: 422,
      detail: 'No version 999 of template launch-readiness',
    });
    expect((await start('gamma', { calendar: 'atlantis' })).body).toMatchObject({
      status: 422,
      detail: 'No calendar atlantis; choose one of the calendars on the board',
    });
    expect((await stack.request('GET', '/api/launches/gamma')).status).toBe(404);
  });

  it('rejects invalid bodies with each field named, and starts nothing', async () => {
    const response = await stack.request('POST', '/api/launches', {
      launchId: 'Not A Slug',
      launchDate: '2030-02-30',
      admin: true,
    });
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(PROBLEM_JSON);
    const paths = (response.body.errors as Array<{ path: string }>).map((issue) => issue.path).sort();
    expect(paths).toEqual(['', 'launchDate', 'launchId', 'productName']);
    // Each refusal is a sentence naming the field, in the caller's language (newcomer walk 7).
    const sentences = (body: { errors: Array<{ path: string; message: string }> }) =>
      Object.fromEntries(body.errors.map((issue) => [issue.path, issue.message]));
    expect(sentences(response.body)).toEqual({
      '': 'There is no field admin',
      launchDate: 'Launch date must be a date (YYYY-MM-DD)',
      launchId: 'launch id must be 1-63 lowercase letters, digits or dashes, starting with a letter or digit',
      productName: 'Product name is required',
    });
    const inChinese = await stack.request(
      'POST',
      '/api/launches',
      { launchId: 'Not A Slug', launchDate: '2030-02-30', admin: true },
      // Someone with no person record of their own: the header decides the language.
      { as: { subject: 'wang.fang@hq.example', roles: ['ops_manager'] }, headers: { 'accept-language': 'zh-CN' } },
    );
    expect(sentences(inChinese.body)).toMatchObject({
      '': '没有字段 admin',
      launchDate: '上市日期必须是日期（YYYY-MM-DD）',
      productName: '请填写产品名称',
    });
    const malformed = await stack.request('POST', '/api/launches', '{"launchId":');
    expect(malformed).toMatchObject({ status: 400, body: { title: 'Malformed JSON' } });
    const text = await fetch(`${stack.apiUrl}/api/launches`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    expect((await stack.request('GET', '/api/launches/no-such-launch')).body).toMatchObject({
      status: 404,
      detail: 'No launch no-such-launch',
    });
    expect((await itemAction('no-such-launch', 'demand-research', 'complete')).status).toBe(404);
  });

  it('runs the checklist through every action, refusing each illegal one with a specific problem and changing nothing', async () => {
    await start('delta');
    const refusals: Array<[Promise<{ status: number; body: Record<string, unknown> }>, number, string | RegExp]> = [
      [
        itemAction('delta', 'demand-research', 'complete', { link: 'ftp://files.example/x' }),
        400,
        'The request does not match the expected schema',
      ],
      [itemAction('delta', 'no-such-item', 'complete'), 422, 'Launch delta has no checklist item "no-such-item"'],
      [itemAction('delta', 'demand-research', 'complete'), 422, 'Item "demand-research" needs a link as evidence'],
      [
        itemAction('delta', 'scenario-positioning', 'start'),
        409,
        'Item "scenario-positioning" is waiting on "demand-research"',
      ],
      [
        itemAction('delta', 'demand-research', 'skip', { reason: 'no time' }),
        409,
        'Item "demand-research" is required and cannot be skipped',
      ],
      [
        itemAction('delta', 'demand-research', 'complete', { link: 'https://wiki.example/research' }, PRIYA),
        403,
        /owned by product_manager/,
      ],
      [
        stack.request('POST', '/api/launches/delta/gates/go-no-go/decision', { outcome: 'go' }, { as: OLGA }),
        409,
        /^Gate "go-no-go" cannot pass yet; open items: demand-research, /,
      ],
      [
        stack.request('POST', '/api/launches/delta/gates/go-no-go/decision', { outcome: 'go' }, { as: PAT }),
        403,
        /launch:manage|not allowed|may not/,
      ],
      [
        stack.request('POST', '/api/launches/delta/gates/go-no-go/decision', { outcome: 'no-go' }, { as: OLGA }),
        400,
        'The request does not match the expected schema',
      ],
      [
        stack.request(
          'POST',
          '/api/launches/delta/launch-date',
          { launchDate: '2001-01-01', reason: 'oops' },
          { as: OLGA },
        ),
        422,
        /is in the past/,
      ],
      [
        itemAction('delta', 'demand-research', 'start', {}, OLGA, { 'If-Match': '"999"' }),
        412,
        /is at version \d+, not 999/,
      ],
    ];
    const before = await live('delta');
    for (const [pending, status, detail] of refusals) {
      const response = await pending;
      expect({ status: response.status, detail: response.body.detail }).toEqual({
        status,
        detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
      });
    }
    expect(await live('delta')).toEqual(before);

    let state = (await itemAction('delta', 'demand-research', 'start', {}, PAT, { 'If-Match': `"${before.seq}"` }))
      .body;
    expect(item(state, 'demand-research').status).toBe('in_progress');
    state = (await itemAction('delta', 'demand-research', 'complete', { link: 'https://wiki.example/research' }, PAT))
      .body;
    expect(item(state, 'scenario-positioning').status).toBe('ready');
    state = (
      await itemAction('delta', 'scenario-positioning', 'complete', { note: 'Mid-market CRM for field sales' }, PAT)
    ).body;
    expect(item(state, 'scenario-positioning')).toMatchObject({ status: 'in_progress', awaitingSignOff: true });
    expect((await itemAction('delta', 'scenario-positioning', 'sign-off', {}, PAT)).status).toBe(403);
    state = (await itemAction('delta', 'scenario-positioning', 'sign-off', {}, OLGA)).body;
    expect(item(state, 'scenario-positioning').status).toBe('done');
    state = (await itemAction('delta', 'sales-process', 'assign', { assignee: 'sam@hq.example' })).body;
    expect(item(state, 'sales-process').assignee).toBe('sam@hq.example');
    // Prefer: return=minimal: 204, the new version as ETag and no state, which the next action can send as If-Match.
    const comment = await itemAction('delta', 'sales-process', 'comments', { text: 'Pricing call on Tuesday' }, PRIYA, {
      Prefer: 'return=minimal',
    });
    expect({ status: comment.status, text: comment.text, etag: comment.headers.get('etag') }).toEqual({
      status: 204,
      text: '',
      etag: `"${state.seq + 1}"`,
    });
    state = (
      await itemAction('delta', 'demand-research', 'reopen', { reason: 'wrong segment' }, OLGA, {
        'If-Match': comment.headers.get('etag')!,
      })
    ).body;
    expect(item(state, 'scenario-positioning').status).toBe('done');
    expect(item(state, 'demand-research').status).toBe('ready');

    // The read model catches up with the run a moment after each action.
    const timeline = await eventually(
      () => stack.request('GET', '/api/launches/delta/timeline', undefined, { as: OLGA }),
      (response) => response.body.items?.length === state.eventCount,
    );
    const types = (timeline.body.items as Array<{ type: string }>).map((event) => event.type);
    expect(types).toEqual([
      'run.started',
      'item.started',
      'item.completed',
      'item.completed',
      'item.signed-off',
      'item.assigned',
      'item.commented',
      'item.reopened',
    ]);
    const reopened = timeline.body.items.at(-1);
    expect(reopened).toMatchObject({
      actor: OLGA.subject,
      itemKey: 'demand-research',
      before: { status: 'done', completedBy: PAT.subject },
      after: { status: 'ready', reason: 'wrong segment' },
    });

    const cancelled = await stack.request(
      'POST',
      '/api/launches/delta/cancel',
      { reason: 'product shelved' },
      { as: OLGA },
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'product shelved' });
    const late = await itemAction('delta', 'demand-research', 'start', {}, PAT);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/delta is cancelled/);
    await eventually(
      () => row('delta'),
      (value) => value?.status === 'cancelled',
    );
  });

  it('previews a launch date change and an item slip without changing anything', async () => {
    await start('what-if');
    const before = await live('what-if');
    const preview = await stack.request(
      'POST',
      '/api/launches/what-if/what-if',
      { launchDate: '2030-07-01', slips: [{ itemKey: 'demand-research', to: '2030-04-15' }] },
      { as: PRIYA },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ currentLaunchDate: LAUNCH_DATE, launchDate: '2030-07-01' });
    const research = preview.body.items.find((entry: { key: string }) => entry.key === 'demand-research');
    expect(research).toMatchObject({
      dueDate: '2030-03-25',
      newDueDate: '2030-04-22',
      projectedFinish: '2030-04-15',
      becomesOverdue: false,
    });
    const positioning = preview.body.items.find((entry: { key: string }) => entry.key === 'scenario-positioning');
    // It waits on demand research, so it is projected the working day after it, not the same day.
    expect(positioning).toMatchObject({ newDueDate: '2030-05-06', projectedFinish: '2030-04-16' });
    expect(preview.body.criticalPath.length).toBeGreaterThan(0);
    expect(preview.body.criticalPath[0].key).toBe('demand-research');
    expect(await live('what-if')).toEqual(before);

    const schedule = await stack.request('GET', '/api/launches/what-if/schedule', undefined, { as: PRIYA });
    expect(schedule.status).toBe(200);
    expect(schedule.body.launchDate).toBe(LAUNCH_DATE);
    expect(schedule.body.earliestLaunchDate.date <= LAUNCH_DATE).toBe(true);

    const bad = await stack.request(
      'POST',
      '/api/launches/what-if/what-if',
      { slips: [{ itemKey: 'nope', to: '2030-04-01' }] },
      { as: PRIYA },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ path: 'slips.0.itemKey', code: 'invalid_value' });
    expect(bad.body.detail).toMatch(/nope/);
  });

  it('calls a run whose open work cannot finish before its launch at risk in the schedule and the what-if alike', async () => {
    // Ten days out, most of the checklist was due weeks ago (newcomer walk 1: /schedule said "not at risk").
    const launchDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await start('late-run', { launchDate })).status).toBe(201);
    const schedule = await stack.request('GET', '/api/launches/late-run/schedule', undefined, { as: PRIYA });
    const unchanged = await stack.request('POST', '/api/launches/late-run/what-if', {}, { as: PRIYA });
    expect(schedule.status).toBe(200);
    // One model: the schedule is the what-if with no change, field for field.
    expect(unchanged.body).toEqual(schedule.body);
    const gate = schedule.body.gates[0];
    expect(schedule.body.atRisk).toBe(true);
    expect(gate).toMatchObject({ key: 'go-no-go', atRisk: true });
    expect(gate.slackDays).toBeLessThan(0);
    expect(schedule.body.earliestLaunchDate.date > launchDate).toBe(true);
    // The critical path is the chain with the gate's least slack, and each step's slack is its items'.
    const path = schedule.body.criticalPath as Array<{ key: string; slackDays: number; projectedFinish: string }>;
    expect(Math.min(...path.map((step) => step.slackDays))).toBe(gate.slackDays);
    for (const step of path) {
      const entry = schedule.body.items.find((candidate: { key: string }) => candidate.key === step.key);
      expect(entry).toMatchObject({ slackDays: step.slackDays, projectedFinish: step.projectedFinish });
    }
    // Moving the launch to the earliest date the model allows clears the risk; a day earlier does not.
    const earliest = schedule.body.earliestLaunchDate.date as string;
    const atEarliest = await stack.request(
      'POST',
      '/api/launches/late-run/what-if',
      { launchDate: earliest },
      { as: PRIYA },
    );
    expect(atEarliest.body).toMatchObject({ atRisk: false, earliestLaunchDate: { date: earliest } });
    const dayBefore = new Date(Date.parse(`${earliest}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const tooSoon = await stack.request(
      'POST',
      '/api/launches/late-run/what-if',
      { launchDate: dayBefore },
      { as: PRIYA },
    );
    expect(tooSoon.body.atRisk).toBe(true);
  });

  it('moves every due date when the launch date changes, and records who moved it and why', async () => {
    await start('epsilon');
    const moved = await stack.request(
      'POST',
      '/api/launches/epsilon/launch-date',
      { launchDate: '2030-07-01', reason: 'customer asked' },
      { as: OLGA },
    );
    expect(moved.status).toBe(200);
    expect(item(moved.body, 'demand-research').dueDate).toBe('2030-04-22');
    expect(moved.body.gates[0].dueDate).toBe('2030-06-28');
    const timeline = await eventually(
      () =>
        stack.request('GET', '/api/launches/epsilon/timeline?type=run.launch-date-changed', undefined, { as: OLGA }),
      (response) => response.body.items?.length === 1,
    );
    expect(timeline.body.items[0]).toMatchObject({
      actor: OLGA.subject,
      before: { launchDate: LAUNCH_DATE },
      after: { launchDate: '2030-07-01', reason: 'customer asked' },
    });
  });

  it("lets an ops manager move or snooze one item's due date with a reason, and nobody else (newcomer walk 10)", async () => {
    await start('zeta');
    const path = '/api/launches/zeta/items/demand-research/due-date';
    // Demand research is due 2030-03-25; snoozed a week.
    const moved = await stack.request(
      'POST',
      path,
      { dueDate: '2030-04-01', reason: 'interviews slipped' },
      { as: OLGA },
    );
    expect(moved.status).toBe(200);
    expect(item(moved.body, 'demand-research')).toMatchObject({ dueDate: '2030-04-01', dueShiftDays: 7 });
    const timeline = await eventually(
      () => stack.request('GET', '/api/launches/zeta/timeline?type=item.rescheduled', undefined, { as: OLGA }),
      (response) => response.body.items?.length === 1,
    );
    expect(timeline.body.items[0]).toMatchObject({
      actor: OLGA.subject,
      itemKey: 'demand-research',
      before: { dueDate: '2030-03-25' },
      after: { dueDate: '2030-04-01', reason: 'interviews slipped' },
    });
    // The schedule counts with the moved date.
    const schedule = await stack.request('GET', '/api/launches/zeta/schedule', undefined, { as: OLGA });
    expect(schedule.body.items.find((entry: { key: string }) => entry.key === 'demand-research').dueDate).toBe(
      '2030-04-01',
    );
    // Only ops managers (and admins) move due dates; a reason is required; the day must not have passed.
    expect((await stack.request('POST', path, { dueDate: '2030-04-08', reason: 'mine' }, { as: PAT })).status).toBe(
      403,
    );
    const noReason = await stack.request('POST', path, { dueDate: '2030-04-08' }, { as: OLGA });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'reason', message: 'Reason is required' })]);
    const past = await stack.request('POST', path, { dueDate: '2020-01-01', reason: 'oops' }, { as: OLGA });
    expect(past.status).toBe(422);
    expect(past.body.detail).toMatch(/^The new due date 2020-01-01 of item "demand-research" is in the past/);
  });

  it('keeps the read model equal to the workflow state after a burst of concurrent actions on one run', async () => {
    await start('burst');
    const keys = [
      'demand-research',
      'sales-process',
      'sales-red-lines',
      'competitive-battlecard',
      'sales-tools',
      'enablement-materials',
      'promotion-themes',
      'poc-experience',
    ];
    const burst = await Promise.all([
      ...keys.map((key, index) => itemAction('burst', key, 'assign', { assignee: `person-${index}@hq.example` })),
      ...keys.map((key, index) => itemAction('burst', key, 'comments', { text: `note ${index}` })),
      itemAction('burst', 'demand-research', 'start', {}, PAT),
    ]);
    expect(burst.map((response) => response.status)).toEqual(burst.map(() => 200));

    const state = await live('burst');
    expect(state.eventCount).toBe(1 + keys.length * 2 + 1);
    const db = stack.baton.db;
    const projected = await eventually(
      () => db.launchRun.findUniqueOrThrow({ where: { id: 'burst' } }),
      (runRow) => runRow.projectionSeq === state.seq,
    );
    expect(projected).toMatchObject({
      itemsTotal: state.items.length,
      itemsDone: 0,
      launchDate: new Date(`${LAUNCH_DATE}T00:00:00Z`),
    });
    const items = await db.launchItem.findMany({ where: { launchId: 'burst' }, orderBy: { key: 'asc' } });
    const expected = [...state.items].sort((a: Item, b: Item) => (a.key < b.key ? -1 : 1));
    expect(
      items.map((entry) => [entry.key, entry.status, entry.assignee, entry.dueDate.toISOString().slice(0, 10)]),
    ).toEqual(expected.map((entry: Item) => [entry.key, entry.status, entry.assignee ?? null, entry.dueDate]));
    const events = await db.launchEvent.findMany({ where: { launchId: 'burst' }, orderBy: { n: 'asc' } });
    expect(events.map((event) => event.n)).toEqual(Array.from({ length: state.eventCount }, (_, index) => index + 1));
  });

  it('says plainly that a run of the first fixed checklist is not served here', async () => {
    const legacy = {
      launchId: 'legacy',
      productName: 'Legacy',
      launchDate: LAUNCH_DATE,
      items: [{ key: 'a', title: 'A', ownerRole: 'ops_manager', dueOffsetDays: -1 }],
    };
    await stack.temporal.client.workflow.start(launchReadiness, {
      workflowId: 'launch:legacy',
      taskQueue: TEST_TASK_QUEUE,
      args: [legacy],
    });
    const response = await stack.request('GET', '/api/launches/legacy', undefined, { as: OLGA });
    expect(response.body).toMatchObject({ status: 409, title: 'Launch predates playbook templates' });
  });

  it('reports not ready when the database is gone', async () => {
    await stack.database.drop();
    const response = await stack.request('GET', '/readyz');
    expect(response.status).toBe(503);
    expect(response.body.checks.temporal).toBe('ok');
    expect(response.body.checks.database).toMatch(/^failed/);
  });
});
