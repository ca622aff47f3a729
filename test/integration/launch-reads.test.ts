import { createLaunchProjection } from '../../activities/launch/projection';
import { buildOpenApiDocument } from '../../api/http/openapi';
import { launchReadRoutes } from '../../api/launch/reads';
import { taskReadRoutes } from '../../api/tasks/reads';
import { caseDetailCsvRoutes } from '../../api/export/case-detail-csv';
import { caseListCsvRoutes } from '../../api/export/case-lists-csv';
import { parse } from 'csv-parse/sync';
import { connectDatabase, type Database } from '../../db/prisma';
import { launchActionRejection, applyLaunchAction, type LaunchAction } from '../../domain/launch/actions';
import { fireDueAlarms } from '../../domain/launch/alarms';
import { calendarOf, createLaunchState } from '../../domain/launch/create';
import { launchProjectionOf } from '../../domain/launch/projection';
import type { LaunchInput, LaunchState } from '../../domain/launch/types';
import {
  authorizedRequest,
  createTestDatabase,
  databaseKinds,
  tokenFor,
  type ApiResponse,
  type Identity,
  type TestDatabase,
} from '../helpers/baton-harness';
import { serveRoutes } from '../helpers/routes-server';
import { launchInput } from '../helpers/launch-fixtures';
import { walkPages } from '../helpers/paging';

/*
 * The read endpoints answer from the read model alone, so this suite needs no Temporal server: it
 * writes runs through the real projection (createRunProjection) from states the run domain builds,
 * and serves just these routes through the same mounting, authentication and problem handling as
 * the app, with every response checked against its declared schema.
 */

const PROBLEM_JSON = /^application\/problem\+json/;
const CREATED = new Date('2027-01-04T09:00:00Z');

const OPS: Identity = { subject: 'olga', roles: ['ops_manager'] };
const PRIYA: Identity = { subject: 'priya', roles: ['presales'] };
const PAT: Identity = { subject: 'pat', roles: ['product_manager'] };
const EAST_OPS: Identity = { subject: 'erin', roles: ['regional_ops'], regions: ['east'] };
const EAST_SALES: Identity = { subject: 'sam', roles: ['sales'], regions: ['east'] };

/** A run built with the run domain's own rules: create it, act on it, let its alarms fire. */
function buildRun(overrides: Partial<LaunchInput> & Pick<LaunchInput, 'launchId' | 'launchDate'>) {
  const input = launchInput(overrides);
  const state: LaunchState = createLaunchState(input, CREATED);
  const calendar = calendarOf(input);
  const run = {
    state,
    act(actor: string, action: LaunchAction, now = CREATED) {
      const request = { action, actor };
      const context = { input, calendar, now };
      const rejection = launchActionRejection(state, request, context);
      if (rejection) throw new Error(`${input.launchId}: ${action.type} refused: ${rejection.message}`);
      applyLaunchAction(state, request, context);
      return run;
    },
    fireAlarms(now: Date) {
      fireDueAlarms(state, input.template.definition, calendar, now);
      return run;
    },
  };
  return run;
}

const PAGED_RUNS = Array.from({ length: 12 }, (_, index) => ({
  launchId: `page-${String(index + 1).padStart(2, '0')}`,
  // Four runs per date, so the cursor has to break ties by id.
  launchDate: `2027-07-0${1 + Math.floor(index / 4)}`,
}));

function fixtureRuns(): LaunchState[] {
  const alpha = buildRun({ launchId: 'alpha', launchDate: '2027-03-01' })
    // Pat's part is done; it waits for the ops manager's sign-off.
    .act('pat', { type: 'complete', itemKey: 'positioning' });
  const bravo = buildRun({
    launchId: 'bravo',
    launchDate: '2027-02-01',
    regions: ['east'],
    owners: { product_manager: 'pat', ops_manager: 'olga' },
  })
    .act('olga', { type: 'assign', itemKey: 'research', assignee: 'ivan' })
    .fireAlarms(new Date('2027-01-31T12:00:00Z'));
  const charlie = buildRun({
    launchId: 'charlie',
    launchDate: '2027-04-01',
    regions: ['west'],
    owners: { product_manager: 'pat', presales: 'priya', ops_manager: 'olga', customer_success: 'casey' },
  })
    .act('pat', { type: 'complete', itemKey: 'research' })
    .act('priya', { type: 'complete', itemKey: 'battlecard', evidence: { link: 'https://wiki.example/battlecard' } })
    .act('pat', { type: 'complete', itemKey: 'positioning' })
    .act('olga', { type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' })
    .act('olga', { type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' })
    .act('olga', { type: 'decide', gateKey: 'go', outcome: 'go' });
  const delta = buildRun({ launchId: 'delta', launchDate: '2027-05-01', regions: ['east', 'west'] }).act('olga', {
    type: 'cancel',
    reason: 'market exit',
  });
  const echo = buildRun({ launchId: 'echo', launchDate: '2027-06-01', regions: ['north'] })
    .act('pat', { type: 'complete', itemKey: 'research' })
    .act('priya', { type: 'complete', itemKey: 'battlecard', evidence: { link: 'https://wiki.example/echo' } })
    .act('pat', { type: 'complete', itemKey: 'positioning' })
    .act('olga', { type: 'sign-off-item', itemKey: 'positioning', role: 'ops_manager' })
    .act('olga', { type: 'sign-off-gate', gateKey: 'go', role: 'ops_manager' })
    .act('olga', { type: 'decide', gateKey: 'go', outcome: 'go' })
    .act('olga', { type: 'close' });
  const paged = PAGED_RUNS.map((run) => buildRun({ ...run, regions: ['south'] }));
  // kilo's positioning (-7 days) and juliet's research (-10 days) fall due on the same day: tasks tie on due date
  // across runs, and juliet sorts before kilo while research sorts after positioning.
  const tied = [
    buildRun({ launchId: 'kilo', launchDate: '2027-08-10', regions: ['tie'], owners: { product_manager: 'pat' } }),
    buildRun({ launchId: 'juliet', launchDate: '2027-08-13', regions: ['tie'], owners: { product_manager: 'pat' } }),
  ];
  return [alpha, bravo, charlie, delta, echo, ...paged, ...tied].map((run) => run.state);
}

/** A cursor as the API encodes them, for hand-made ones. */
const cursorOf = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** The launch ids of a list response, in order. */
const ids = (response: ApiResponse): string[] => response.body.items.map((row: { launchId: string }) => row.launchId);

describe.each(databaseKinds())('run read model API on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let served: Awaited<ReturnType<typeof serveRoutes>> | undefined;
  let baseUrl: string;
  const states = new Map<string, LaunchState>();

  const get = (path: string, as: Identity = OPS) => authorizedRequest(baseUrl, 'GET', path, undefined, { as });

  /** Every page of a list, following nextCursor; checks no page is empty or oversized. */
  const allPages = (path: string, limit: number, as: Identity = OPS) =>
    walkPages((page) => get(page, as), path, limit, 200);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = connectDatabase(database.url, { maxConnections: database.maxConnections });
    const projection = createLaunchProjection(db, []);
    for (const state of fixtureRuns()) {
      states.set(state.launchId, state);
      await projection.projectRun(launchProjectionOf(state, 0));
    }
    // A run of the first, fixed checklist, as the legacy projection left it: no template, no items, no owners.
    await db.launchRun.create({
      data: {
        id: 'old',
        workflowId: 'launch:old',
        productName: 'Old checklist',
        regions: [],
        launchDate: new Date('2026-12-01T00:00:00Z'),
        status: 'ready',
        itemsTotal: 5,
        itemsDone: 5,
        itemsOverdue: 0,
        projectionSeq: 9,
        startedAt: new Date('2026-10-01T08:00:00Z'),
        updatedAt: new Date('2026-11-30T08:00:00Z'),
      },
    });

    served = await serveRoutes(db, [
      ...launchReadRoutes(db),
      ...taskReadRoutes(db),
      ...caseDetailCsvRoutes(db),
      ...caseListCsvRoutes(db),
    ]);
    baseUrl = served.baseUrl;
  });

  afterAll(async () => {
    await served?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  describe('GET /api/launches', () => {
    it('lists every run by launch date, then id, with its template, owners and next due date', async () => {
      const response = await get('/api/launches?limit=200');
      expect(response.status).toBe(200);
      expect(ids(response)).toEqual([
        'old',
        'bravo',
        'alpha',
        'charlie',
        'delta',
        'echo',
        ...PAGED_RUNS.map((run) => run.launchId),
        'kilo',
        'juliet',
      ]);
      expect(response.body.nextCursor).toBeNull();

      const alpha = states.get('alpha')!;
      const row = response.body.items.find((item: { launchId: string }) => item.launchId === 'alpha');
      const projected = launchProjectionOf(alpha, 0);
      expect(row).toEqual({
        launchId: 'alpha',
        workflowId: 'launch:alpha',
        productName: 'Product alpha',
        launchDate: '2027-03-01',
        regions: [],
        status: 'active',
        itemsTotal: projected.itemsTotal,
        itemsDone: 0,
        itemsOverdue: 0,
        nextDueDate: projected.nextDueDate,
        template: { key: 'small-launch', version: 1 },
        owners: { product_manager: 'pat', presales: 'priya', ops_manager: 'olga' },
        startedAt: CREATED.toISOString(),
        updatedAt: expect.any(String),
      });
      expect(response.body.items[0]).toMatchObject({
        launchId: 'old',
        status: 'ready',
        template: null,
        owners: {},
        nextDueDate: null,
      });
    });

    it.each([
      ['active', ['bravo', 'alpha', ...PAGED_RUNS.map((run) => run.launchId), 'kilo', 'juliet']],
      ['launched', ['charlie']],
      ['cancelled', ['delta']],
      ['closed', ['echo']],
      ['ready', ['old']],
    ])('filters by status=%s', async (status, expected) => {
      expect(ids(await get(`/api/launches?status=${status}&limit=200`))).toEqual(expected);
    });

    it('filters by overdue items, reading only true and false', async () => {
      expect(states.get('bravo')!.items.some((item) => item.overdue)).toBe(true);
      expect(ids(await get('/api/launches?overdue=true'))).toEqual(['bravo']);
      const notOverdue = ids(await get('/api/launches?overdue=false&limit=200'));
      expect(notOverdue).not.toContain('bravo');
      expect(notOverdue).toHaveLength(5 + PAGED_RUNS.length + 2);
    });

    it('filters by owner: a person named as a role owner or assigned an item', async () => {
      // casey owns a role on charlie but no item; ivan was assigned an item on bravo but owns no role.
      expect(ids(await get('/api/launches?owner=casey'))).toEqual(['charlie']);
      expect(ids(await get('/api/launches?owner=ivan'))).toEqual(['bravo']);
      expect(ids(await get('/api/launches?owner=priya&limit=200'))).toEqual([
        'alpha',
        'charlie',
        'delta',
        'echo',
        ...PAGED_RUNS.map((run) => run.launchId),
      ]);
      expect(ids(await get('/api/launches?owner=nobody'))).toEqual([]);
    });

    it('filters by region; company-wide runs belong to none', async () => {
      expect(ids(await get('/api/launches?region=east'))).toEqual(['bravo', 'delta']);
      expect(ids(await get('/api/launches?region=west'))).toEqual(['charlie', 'delta']);
      expect(ids(await get('/api/launches?region=atlantis'))).toEqual([]);
    });

    it('filters by an inclusive launch date range', async () => {
      expect(ids(await get('/api/launches?launchDateFrom=2027-02-01&launchDateTo=2027-04-01'))).toEqual([
        'bravo',
        'alpha',
        'charlie',
      ]);
      expect(ids(await get('/api/launches?launchDateFrom=2027-07-03&launchDateTo=2027-07-31&limit=200'))).toEqual(
        PAGED_RUNS.slice(8).map((run) => run.launchId),
      );
      expect(ids(await get('/api/launches?launchDateTo=2026-12-01'))).toEqual(['old']);
      expect(ids(await get('/api/launches?launchDateFrom=2027-03-01&launchDateTo=2027-03-01'))).toEqual(['alpha']);
    });

    it('combines filters', async () => {
      expect(
        ids(await get('/api/launches?status=active&region=south&launchDateFrom=2027-07-02&launchDateTo=2027-07-02')),
      ).toEqual(PAGED_RUNS.slice(4, 8).map((run) => run.launchId));
      expect(ids(await get('/api/launches?owner=priya&region=west&status=launched'))).toEqual(['charlie']);
    });

    it.each([1, 2, 3, 5, 7])(
      'pages with limit=%i without duplicates or gaps, across runs sharing a launch date',
      async (limit) => {
        const everything = ids(await get('/api/launches?limit=200'));
        const { pages, rows } = await allPages('/api/launches', limit);
        expect(rows.map((row) => row.launchId)).toEqual(everything);
        expect(pages).toBe(Math.ceil(everything.length / limit));
      },
    );

    it('pages within a filter', async () => {
      const { rows } = await allPages('/api/launches?region=south', 5);
      expect(rows.map((row) => row.launchId)).toEqual(PAGED_RUNS.map((run) => run.launchId));
    });

    it('shows a region-scoped caller only company-wide runs and runs in its regions', async () => {
      expect(ids(await get('/api/launches?limit=200', EAST_OPS))).toEqual(['old', 'bravo', 'alpha', 'delta']);
      expect(ids(await get('/api/launches?region=west', EAST_OPS))).toEqual(['delta']);
      expect(ids(await get('/api/launches?owner=casey', EAST_OPS))).toEqual([]);
      const { rows } = await allPages('/api/launches', 1, EAST_OPS);
      expect(rows.map((row) => row.launchId)).toEqual(['old', 'bravo', 'alpha', 'delta']);
    });
  });

  describe('GET /api/launches/:id/timeline', () => {
    it('returns the run events in order, with who, what, when and before/after', async () => {
      const bravo = states.get('bravo')!;
      const response = await get('/api/launches/bravo/timeline?limit=500', EAST_OPS);
      expect(response.status).toBe(200);
      expect(response.body.nextAfter).toBeNull();
      expect(response.body.items.map((event: { n: number }) => event.n)).toEqual(
        bravo.timeline.map((event) => event.n),
      );
      expect(response.body.items[0]).toMatchObject({
        n: 1,
        type: 'run.started',
        actor: 'olga',
        itemKey: null,
        gateKey: null,
        cause: null,
        before: null,
      });
      expect(response.body.items[1]).toEqual({
        n: 2,
        at: CREATED.toISOString(),
        type: 'item.assigned',
        actor: 'olga',
        itemKey: 'research',
        gateKey: null,
        summary: 'olga assigned "Research" to ivan',
        before: { assignee: 'pat' },
        after: { assignee: 'ivan' },
        cause: null,
      });
    });

    it('pages by the last n seen', async () => {
      const bravo = states.get('bravo')!;
      expect(bravo.timeline.length).toBeGreaterThan(5);
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = await get(`/api/launches/bravo/timeline?limit=2&after=${after}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((event: { n: number }) => event.n));
        if (page.body.nextAfter === null) break;
        expect(page.body.items).toHaveLength(2);
        after = page.body.nextAfter;
      }
      expect(seen).toEqual(bravo.timeline.map((event) => event.n));
      const tail = await get(`/api/launches/bravo/timeline?after=${bravo.eventCount}`);
      expect(tail.body).toEqual({ items: [], nextAfter: null });
    });

    it('filters by event types, saying why each alarm fired', async () => {
      const bravo = states.get('bravo')!;
      const overdue = await get('/api/launches/bravo/timeline?type=item.overdue');
      const expected = bravo.timeline.filter((event) => event.type === 'item.overdue');
      expect(expected.length).toBeGreaterThan(0);
      expect(overdue.body.items.map((event: { n: number }) => event.n)).toEqual(expected.map((event) => event.n));
      expect(overdue.body.items[0]).toMatchObject({
        actor: 'baton',
        itemKey: expected[0]!.itemKey,
        cause: { ...expected[0]!.cause },
      });
      expect(overdue.body.items[0].cause).toEqual(
        expect.objectContaining({
          itemKey: expect.any(String),
          rule: expect.any(String),
          dueDate: expect.any(String),
          calendar: 'mon-fri',
        }),
      );

      const alarms = await get('/api/launches/bravo/timeline?type=item.reminder,item.escalation&limit=500');
      const alarmEvents = bravo.timeline.filter(
        (event) => event.type === 'item.reminder' || event.type === 'item.escalation',
      );
      expect(alarmEvents.length).toBeGreaterThan(0);
      expect(alarms.body.items.map((event: { n: number }) => event.n)).toEqual(alarmEvents.map((event) => event.n));
    });

    it('filters by item', async () => {
      const bravo = states.get('bravo')!;
      const research = await get('/api/launches/bravo/timeline?itemKey=research&limit=500');
      expect(research.body.items.map((event: { n: number }) => event.n)).toEqual(
        bravo.timeline.filter((event) => event.itemKey === 'research').map((event) => event.n),
      );
      const gate = await get('/api/launches/charlie/timeline?type=gate.go');
      expect(gate.body.items).toEqual([
        expect.objectContaining({
          type: 'gate.go',
          gateKey: 'go',
          actor: 'olga',
          before: { status: 'active' },
          after: { status: 'launched' },
        }),
      ]);
    });

    it('answers 404 alike for an unknown run and a run outside the caller regions', async () => {
      const hidden = await get('/api/launches/charlie/timeline', EAST_OPS);
      const missing = await get('/api/launches/ghost/timeline', EAST_OPS);
      for (const [response, id] of [
        [hidden, 'charlie'],
        [missing, 'ghost'],
      ] as const) {
        expect(response.status).toBe(404);
        expect(response.contentType).toMatch(PROBLEM_JSON);
        expect(response.body).toMatchObject({ status: 404, title: 'Not found', detail: `No launch ${id}` });
      }
      expect((await get('/api/launches/delta/timeline', EAST_OPS)).status).toBe(200);
      expect((await get('/api/launches/old/timeline', EAST_OPS)).body).toEqual({ items: [], nextAfter: null });
    });
  });

  describe('GET /api/tasks', () => {
    type Task = {
      kind: string;
      blocked: boolean;
      launchId: string;
      itemKey: string;
      overdue: boolean;
      dueDate: string;
      why: string;
      status: string;
      required: boolean;
      awaitingSignOff: boolean;
    };
    const key = (task: Task) => `${task.launchId}/${task.itemKey}`;
    /** The checklist items among the tasks (gate sign-offs and decisions are test/integration/work-tasks.test.ts's). */
    const items = (tasks: Task[]) =>
      tasks.filter((task) => task.kind === 'launch-item' || task.kind === 'launch-item-sign-off');

    /** The open items of active and launched runs, straight from the run states. */
    function expectedTasks(accept: (item: LaunchState['items'][number], run: LaunchState) => boolean): string[] {
      return [...states.values()]
        .filter((run) => run.status === 'active' || run.status === 'launched')
        .flatMap((run) =>
          run.items
            .filter((item) => item.status !== 'done' && item.status !== 'skipped' && accept(item, run))
            .map((item) => `${run.launchId}/${item.key}`),
        )
        .sort();
    }

    /** Actionable before blocked, then by due date. */
    function expectTaskOrder(tasks: Task[]) {
      for (let index = 1; index < tasks.length; index += 1) {
        const [previous, current] = [tasks[index - 1]!, tasks[index]!];
        if (previous.blocked !== current.blocked) expect(current.blocked).toBe(true);
        else expect(previous.dueDate <= current.dueDate).toBe(true);
      }
    }

    it("lists a presales person's tasks: assigned to them, and unassigned presales items, blocked last", async () => {
      const response = await get('/api/tasks?limit=200', PRIYA);
      expect(response.status).toBe(200);
      const tasks: Task[] = items(response.body.items);
      expect(tasks.map(key).sort()).toEqual(
        expectedTasks(
          (item) =>
            !item.awaitingSignOff &&
            (item.assignee === 'priya' || (item.assignee === undefined && item.ownerRole === 'presales')),
        ),
      );
      // bravo names no presales owner: its battlecard is the role's, and it is overdue (blocked, so among the last).
      expect(tasks.find((task) => key(task) === 'bravo/battlecard')).toMatchObject({
        launchId: 'bravo',
        itemKey: 'battlecard',
        why: 'role',
        overdue: true,
        assignee: null,
        status: 'blocked',
      });
      expect(tasks.filter((task) => task.why === 'assigned').map((task) => task.launchId)).toEqual([
        'alpha',
        ...PAGED_RUNS.map((run) => run.launchId),
      ]);
      expect(tasks.some((task) => ['charlie', 'delta', 'echo'].includes(task.launchId))).toBe(false);
      expectTaskOrder(tasks);
      expect(tasks.find((task) => key(task) === 'alpha/battlecard')).toEqual({
        playbook: 'launch',
        caseId: 'alpha',
        taskKey: 'item:battlecard',
        kind: 'launch-item',
        caseName: 'Product alpha',
        caseRef: 'build',
        regions: states.get('alpha')!.regions,
        people: ['priya'],
        roles: ['presales'],
        blocked: true,
        waitingOn: [],
        launchId: 'alpha',
        productName: 'Product alpha',
        launchDate: '2027-03-01',
        itemKey: 'battlecard',
        title: 'Battlecard',
        phase: 'build',
        ownerRole: 'presales',
        assignee: 'priya',
        status: 'blocked',
        required: states.get('alpha')!.items.find((item) => item.key === 'battlecard')!.required,
        dueDate: states.get('alpha')!.items.find((item) => item.key === 'battlecard')!.dueDate,
        overdue: false,
        awaitingSignOff: false,
        signOffBy: null,
        why: 'assigned',
      });
    });

    it('gives the signer items awaiting sign-off, and takes them off the owner list', async () => {
      const mine: Task[] = items((await get('/api/tasks?limit=200', OPS)).body.items);
      expect(mine.find((task) => task.launchId === 'alpha' && task.itemKey === 'positioning')).toMatchObject({
        why: 'sign-off',
        awaitingSignOff: true,
        status: 'in_progress',
        ownerRole: 'product_manager',
      });
      expect(mine.filter((task) => task.why === 'sign-off').map(key)).toEqual(['alpha/positioning']);
      // Whether each task may be skipped comes from its item (the ops list holds the optional swag too).
      expect(new Set(mine.map((task) => task.required))).toEqual(new Set([true, false]));
      for (const task of mine)
        expect(task.required).toBe(
          states.get(task.launchId)!.items.find((item) => item.key === task.itemKey)!.required,
        );
      expect(mine.map(key).sort()).toEqual(
        expectedTasks(
          (item) =>
            (item.awaitingSignOff && item.signOffBy === 'ops_manager') ||
            (!item.awaitingSignOff &&
              (item.assignee === 'olga' || (item.assignee === undefined && item.ownerRole === 'ops_manager'))),
        ),
      );
      // Launched runs keep their open work: charlie's post-launch data review is the ops manager's now.
      expect(mine.find((task) => task.launchId === 'charlie' && task.itemKey === 'data-review')).toMatchObject({
        why: 'assigned',
        status: 'ready',
      });
      expectTaskOrder(mine);

      const pat: Task[] = items((await get('/api/tasks?limit=200', PAT)).body.items);
      expect(pat.map(key)).not.toContain('alpha/positioning');
      expect(pat.map(key)).toContain('alpha/research');
      // ivan took over bravo's research from pat.
      expect(pat.map(key)).not.toContain('bravo/research');
    });

    it("lists a role's items, assigned or not, and the sign-offs it owes", async () => {
      const role: Task[] = items((await get('/api/tasks?role=product_manager&limit=200', PRIYA)).body.items);
      expect(role.map(key).sort()).toEqual(
        expectedTasks((item) => !item.awaitingSignOff && item.ownerRole === 'product_manager'),
      );
      expect(role.every((task) => task.why === 'role')).toBe(true);
      expect(role.map(key)).toContain('bravo/research');

      const signer: Task[] = items((await get('/api/tasks?role=ops_manager&limit=200')).body.items);
      expect(signer.filter((task) => task.why === 'sign-off').map(key)).toEqual(['alpha/positioning']);
      expectTaskOrder(signer);
    });

    it('lists a person by assignee, and a person with their role as they would see it', async () => {
      const ivan: Task[] = (await get('/api/tasks?assignee=ivan')).body.items;
      expect(ivan).toEqual([
        expect.objectContaining({ launchId: 'bravo', itemKey: 'research', why: 'assigned', overdue: true }),
      ]);

      const asPriya: Task[] = (await get('/api/tasks?assignee=priya&role=presales&limit=200', OPS)).body.items;
      const priyaOwn: Task[] = (await get('/api/tasks?limit=200', PRIYA)).body.items;
      expect(asPriya).toEqual(priyaOwn);
    });

    it('pages in the same order without duplicates or gaps', async () => {
      const everything: Task[] = (await get('/api/tasks?role=ops_manager&limit=200')).body.items;
      expect(everything.length).toBeGreaterThan(10);
      for (const limit of [1, 4, 7]) {
        const { rows } = await allPages('/api/tasks?role=ops_manager', limit);
        expect((rows as Task[]).map(key)).toEqual(everything.map(key));
      }
      const { rows, pages } = await allPages('/api/tasks', 5, PRIYA);
      expect(items(rows as Task[])).toHaveLength(16);
      expect(pages).toBe(Math.ceil(rows.length / 5));
      expectTaskOrder(rows as Task[]);
    });

    it('breaks due-date ties by run, then item, in pages too', async () => {
      const everything: Task[] = (await get('/api/tasks?role=product_manager&limit=200')).body.items;
      const tied = everything.filter((task) => task.launchId === 'juliet' || task.launchId === 'kilo');
      const juliet = tied.find((task) => task.launchId === 'juliet' && task.itemKey === 'research')!;
      const kilo = tied.find((task) => task.launchId === 'kilo' && task.itemKey === 'positioning')!;
      expect(juliet.dueDate).toBe(kilo.dueDate);
      expect(everything.indexOf(juliet)).toBe(everything.indexOf(kilo) - 1);
      for (const limit of [1, 2, 3]) {
        const { rows } = await allPages('/api/tasks?role=product_manager', limit);
        expect((rows as Task[]).map(key)).toEqual(everything.map(key));
      }
    });

    it('keeps region-scoped callers to company-wide runs and their regions', async () => {
      const priyaForEast: Task[] = items((await get('/api/tasks?assignee=priya&limit=200', EAST_SALES)).body.items);
      expect(priyaForEast.map(key)).toEqual(['alpha/battlecard']);
      const presalesForEast: Task[] = items((await get('/api/tasks?role=presales&limit=200', EAST_SALES)).body.items);
      expect(presalesForEast.map(key)).toEqual(['bravo/battlecard', 'alpha/battlecard']);
    });
  });

  describe('bad input', () => {
    it.each([
      [
        '/api/launches?launchDateFrom=2027-05-01&launchDateTo=2027-04-01',
        ['launchDateFrom', 'launchDateTo'],
        'launchDateFrom (2027-05-01) is after launchDateTo (2027-04-01)',
      ],
      ['/api/launches?overdue=maybe', ['overdue'], undefined],
      ['/api/launches?overdue=1', ['overdue'], undefined],
      ['/api/launches?limit=0', ['limit'], undefined],
      ['/api/launches?limit=201', ['limit'], undefined],
      ['/api/launches?limit=ten', ['limit'], undefined],
      ['/api/launches?cursor=not-a-cursor', ['cursor'], undefined],
      ['/api/launches?status=ongoing', ['status'], undefined],
      ['/api/launches?region=East%20China', ['region'], undefined],
      ['/api/launches?launchDateFrom=2027-02-30', ['launchDateFrom'], undefined],
      ['/api/launches?launchDateTo=0000-12-31', ['launchDateTo'], undefined],
      ['/api/launches?colour=blue', [''], undefined],
      ['/api/launches/bravo/timeline?limit=501', ['limit'], undefined],
      ['/api/launches/bravo/timeline?after=-1', ['after'], undefined],
      ['/api/launches/bravo/timeline?type=item.overdue,item.exploded', ['type.1'], undefined],
      ['/api/launches/bravo/timeline?itemKey=Not%20A%20Key', ['itemKey'], undefined],
      ['/api/launches/Bad%20Id/timeline', ['id'], undefined],
      ['/api/tasks?limit=0', ['limit'], undefined],
      ['/api/tasks?cursor=WyJ4Il0', ['cursor'], undefined],
      ['/api/tasks?role=wizard', ['role'], undefined],
      [`/api/tasks?cursor=${cursorOf([0, '2027-01-01', 'alpha', 'nul\u0000'])}`, ['cursor'], undefined],
      [`/api/launches?cursor=${cursorOf(['0000-01-01', 'alpha'])}`, ['cursor'], undefined],
    ])('%s is a 400 naming %j', async (path, fields, message) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 400, title: 'Invalid request' });
      const issues: { path: string; message: string }[] = response.body.errors;
      expect(issues.map((issue) => issue.path)).toEqual(fields);
      if (message) expect(issues.every((issue) => issue.message === message)).toBe(true);
    });

    it('refuses a launches cursor on the tasks list', async () => {
      const first = await get('/api/launches?limit=1');
      const response = await get(`/api/tasks?cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    });

    it('needs a token', async () => {
      const response = await authorizedRequest(baseUrl, 'GET', '/api/tasks', undefined, { as: null });
      expect(response.status).toBe(401);
      expect(response.contentType).toMatch(PROBLEM_JSON);
    });
  });

  describe('CSV exports of items, tasks and timelines (issue 18)', () => {
    const WEST_OPS: Identity = { subject: 'wes', roles: ['regional_ops'], regions: ['west'] };

    /** A CSV export as the caller reads it: status, the header and the records (the BOM checked and dropped). */
    async function csv(path: string, as: Identity = OPS, language = 'en') {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${await tokenFor(as)}`, 'accept-language': language },
      });
      // Read as bytes: fetch's text() would drop the byte order mark this checks.
      const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
      if (response.status !== 200)
        return { status: response.status, contentType: response.headers.get('content-type') };
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...records] = parse(text.slice(1), { relax_column_count: false }) as string[][];
      return { status: 200, contentType: response.headers.get('content-type'), header: header!, records };
    }

    it('exports the launch list in its order and the caller regions, as the JSON list has it', async () => {
      const { rows } = await allPages('/api/launches', 200, EAST_OPS);
      const exported = await csv('/api/launches.csv', EAST_OPS);
      expect(exported.records!.map((record) => record[0])).toEqual(rows.map((row) => row.launchId));
      const july = await csv('/api/launches.csv?launchDateFrom=2027-07-02', OPS);
      expect(july.records!.map((record) => record[0])).toEqual([
        ...PAGED_RUNS.filter((run) => run.launchDate >= '2027-07-02').map((run) => run.launchId),
        'kilo',
        'juliet',
      ]);
    });

    it("exports a launch's items by due date in the reader's language; 404 outside the caller's regions", async () => {
      const bravo = states.get('bravo')!;
      const exported = await csv('/api/launches/bravo/items.csv', EAST_OPS);
      expect(exported.header).toEqual([
        'Item',
        'Title',
        'Phase',
        'Owner role',
        'Assignee',
        'Status',
        'Required',
        'Due date',
        'Overdue',
        'Awaiting sign-off',
        'Sign-off by',
      ]);
      const byDue = Object.values(bravo.items).sort(
        (a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key),
      );
      expect(exported.records!.map((record) => [record[0], record[7]])).toEqual(
        byDue.map((item) => [item.key, item.dueDate]),
      );
      expect(exported.records!.find((record) => record[0] === 'research')).toEqual(
        expect.arrayContaining(['Research', 'ivan', 'true']),
      );
      expect((await csv('/api/launches/bravo/items.csv', EAST_OPS, 'zh')).header!.slice(0, 3)).toEqual([
        '事项',
        '标题',
        '阶段',
      ]);
      // A run in another region reads as one that does not exist.
      expect(await csv('/api/launches/bravo/items.csv', WEST_OPS)).toMatchObject({ status: 404 });
      expect(await csv('/api/launches/nope/items.csv', OPS)).toMatchObject({ status: 404 });
      expect((await csv('/api/launches/charlie/items.csv', WEST_OPS)).records!.length).toBe(
        Object.keys(states.get('charlie')!.items).length,
      );
    });

    it('exports a run timeline oldest first, as the JSON timeline has it', async () => {
      const json = await get('/api/launches/bravo/timeline?limit=500', EAST_OPS);
      const exported = await csv('/api/launches/bravo/timeline.csv', EAST_OPS);
      expect(exported.header!.slice(0, 4)).toEqual(['No.', 'At', 'Event', 'Actor']);
      expect(
        exported.records!.map((record) => [Number(record[0]), record[1], record[2], record[3], record[6]]),
      ).toEqual(
        json.body.items.map((event: { n: number; at: string; type: string; actor: string; summary: string }) => [
          event.n,
          event.at,
          event.type,
          event.actor,
          event.summary,
        ]),
      );
      expect(exported.records![1]![8]).toBe('{"assignee":"ivan"}');
      expect(await csv('/api/launches/bravo/timeline.csv', WEST_OPS)).toMatchObject({ status: 404 });
    });

    it("words a POC timeline's catalog texts in the reader's language, neutralises formula-like text, keeps to the caller's regions", async () => {
      await db.$executeRaw`
        INSERT INTO poc_trial (id, workflow_id, account, region, industry, opportunity_id, amount, product, sales_owner, calendar,
                               stage, stage_entered_at, at_risk, requested_at, requested_by, approval_due_date, approval_overdue,
                               auto_approved, planned_start, end_date, expires_on, missed_check_ins, criteria_total, criteria_met,
                               criteria_unmet, extensions_granted, extension_days_granted, projection_seq, updated_at)
        VALUES ('poc:csv:OPP-1', 'poc:csv:OPP-1', 'Csv Co', 'west', 'Retail', 'OPP-1', 1000, 'Baton Analytics', 'sam', 'cn-mainland',
                'rejected', now(), false, now(), 'sam', '2027-01-01', false, false, '2027-01-01', '2027-02-01', '2027-02-01',
                0, 1, 0, 0, 0, 0, 1, now())`;
      await db.pocEvent.createMany({
        data: [
          { trialId: 'poc:csv:OPP-1', n: 1, at: CREATED, type: 'poc.requested', actor: 'sam', summary: '=cmd|calc' },
          {
            trialId: 'poc:csv:OPP-1',
            n: 2,
            at: CREATED,
            type: 'poc.rejected',
            actor: 'wes',
            actorRole: 'regional_ops',
            effortMinutes: 15,
            summary: 'wes rejected the POC: no budget',
            message: { key: 'poc.rejected', params: { actor: 'wes', label: 'POC', reason: 'no budget' } },
            after: { stage: 'rejected' },
          },
        ],
      });
      const en = await csv('/api/pocs/poc%3Acsv%3AOPP-1/timeline.csv', WEST_OPS);
      expect(en.records).toEqual([
        ['1', CREATED.toISOString(), 'poc.requested', 'sam', '', '', "'=cmd|calc", '', '', ''],
        [
          '2',
          CREATED.toISOString(),
          'poc.rejected',
          'wes',
          'regional_ops',
          '15',
          'wes rejected the POC: no budget',
          '',
          '{"stage":"rejected"}',
          '',
        ],
      ]);
      const zh = await csv('/api/pocs/poc%3Acsv%3AOPP-1/timeline.csv', WEST_OPS, 'zh');
      expect(zh.header!.slice(0, 4)).toEqual(['序号', '时间', '事件', '操作人']);
      expect(zh.records![1]![6]).toBe('wes 驳回了POC：no budget');
      expect(await csv('/api/pocs/poc%3Acsv%3AOPP-1/timeline.csv', EAST_OPS)).toMatchObject({ status: 404 });
      expect(await csv('/api/deals/deal%3Anone%3AOPP-1/timeline.csv', OPS)).toMatchObject({ status: 404 });
    });

    it("exports the caller's tasks in the list's order across batches, with its filters and only their regions", async () => {
      // 1,200 deal-support tasks for presales, half in each region, some blocked, a third without a due date:
      // more than two batches for an unscoped reader, and the order's NULLs-last due dates inside each.
      const tasks = Array.from({ length: 1200 }, (_, index) => ({
        playbook: 'deal',
        caseId: `deal:csv-${String(index).padStart(4, '0')}`,
        taskKey: 'respond',
        kind: 'deal-support',
        title: index === 7 ? '@SUM(A1:A9)' : `Respond ${index}`,
        caseName: `Deal ${index}`,
        regions: [index % 2 === 0 ? 'east' : 'west'],
        people: [],
        roles: ['presales'],
        dueDate: index % 3 === 0 ? null : new Date(Date.UTC(2027, 0, 1 + (index % 28))),
        blocked: index % 5 === 0,
        waitingOn: [],
        detail: {},
      }));
      await db.workTask.createMany({ data: tasks });
      const order = (rows: typeof tasks) =>
        [...rows]
          .sort(
            (a, b) =>
              Number(a.blocked) - Number(b.blocked) ||
              (a.dueDate?.getTime() ?? Infinity) - (b.dueDate?.getTime() ?? Infinity) ||
              a.caseId.localeCompare(b.caseId),
          )
          .map((task) => task.caseId);

      const all = await csv('/api/tasks.csv?role=presales&playbook=deal', OPS);
      expect(all.header!.slice(0, 3)).toEqual(['Playbook', 'Case', 'Case name']);
      expect(all.records!.map((record) => record[1])).toEqual(order(tasks));
      expect(all.records!.find((record) => record[1] === 'deal:csv-0007')![6]).toBe("'@SUM(A1:A9)");

      const east = await csv('/api/tasks.csv?role=presales&playbook=deal&state=actionable', EAST_SALES, 'zh');
      expect(east.header!.slice(0, 3)).toEqual(['流程', '案例', '案例名称']);
      expect(east.records!.map((record) => record[1])).toEqual(
        order(tasks.filter((task) => task.regions[0] === 'east' && !task.blocked)),
      );
      // The same rows the JSON list gives the same reader for the launch tasks.
      const jsonLaunch = await get('/api/tasks?role=presales&playbook=launch&limit=200', EAST_SALES);
      const csvLaunch = await csv('/api/tasks.csv?role=presales&playbook=launch', EAST_SALES);
      expect(csvLaunch.records!.map((record) => `${record[1]}/${record[4]}`)).toEqual(
        jsonLaunch.body.items.map((task: { caseId: string; taskKey: string }) => `${task.caseId}/${task.taskKey}`),
      );
    });
  });

  it('describes the routes in the OpenAPI document, query booleans as the strings true and false', () => {
    const document = buildOpenApiDocument([...launchReadRoutes(db), ...taskReadRoutes(db)]) as unknown as {
      paths: Record<
        string,
        Record<
          string,
          { operationId: string; parameters: { name: string; in: string; schema: Record<string, unknown> }[] }
        >
      >;
    };
    expect(document.paths['/api/launches']!.get!.operationId).toBe('listLaunches');
    expect(document.paths['/api/launches/{id}/timeline']!.get!.operationId).toBe('getLaunchTimeline');
    expect(document.paths['/api/tasks']!.get!.operationId).toBe('listTasks');
    const overdue = document.paths['/api/launches']!.get!.parameters.find((parameter) => parameter.name === 'overdue');
    expect(overdue).toMatchObject({ in: 'query', schema: { type: 'string', enum: ['true', 'false'] } });
  });
});
