import { createDealProjection } from '../../activities/deal/projection';
import { dealReadRoutes } from '../../api/deal/reads';
import { buildOpenApiDocument } from '../../api/http/openapi';
import { workingDays } from '../../domain/shared/business-calendar';
import { applyDealAction, dealActionRejection, type DealAction } from '../../domain/deal/actions';
import { fireDealAlarms } from '../../domain/deal/alarms';
import { createDealState } from '../../domain/deal/create';
import { dealProjectionOf, type DealProjection } from '../../domain/deal/projection';
import { OPEN_DEAL_STAGES, type DealState, type SupportType } from '../../domain/deal/types';
import type { Role } from '../../domain/shared/roles';
import { authorizedRequest, databaseKinds, type Identity } from '../helpers/baton-harness';
import { FIXTURE_ASSIGNEES, dealInput } from '../helpers/deal-fixtures';
import { servedReadModel } from '../helpers/routes-server';
import { walkPages } from '../helpers/paging';

/*
 * The deal-support read endpoints answer from the read model alone, so this suite needs no Temporal
 * server: it plays 24 cases across three regions through the real domain (createDealState,
 * applyDealAction, fireDealAlarms), writes every version through the real projection activity
 * (createDealProjection) as the workflow would, mixes in stale and repeated writes, and serves just
 * these routes through the app's mounting, authentication and problem handling, every response
 * checked against its declared schema.
 */

const PROBLEM_JSON = /^application\/problem\+json/;
const SINKS = ['log', 'team-chat'];
const REGIONS = ['east', 'west', 'north'];
const DAY_MS = 86_400_000;

const OPS: Identity = { subject: 'olga', roles: ['ops_manager'] };
const EAST_OPS: Identity = { subject: 'erin', roles: ['regional_ops'], regions: ['east'] };
const EAST_WEST_SALES: Identity = { subject: 'sam', roles: ['sales'], regions: ['east', 'west'] };

/** What becomes of each kind of case after it is requested. */
type Kind = 'requested' | 'overdue' | 'triaged' | 'in-progress' | 'declined' | 'won' | 'lost-price' | 'withdrawn';
const KINDS: Kind[] = ['requested', 'overdue', 'triaged', 'in-progress', 'declined', 'won', 'lost-price', 'withdrawn'];

/** Lessons, by case index: the words the search must find. */
const LESSON_WON = 'Lead with the uptime report; rival-co had no answer to it';
const LESSON_LOST = 'Bring the pricing exception earlier: the customer anchored on rival-co list prices';

interface CaseSpec {
  index: number;
  kind: Kind;
  region: string;
  salesOwner: string;
  supportTypes: SupportType[];
  /** Every projection the case's workflow sent, in order. */
  projections: DealProjection[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Plays one case through the domain, projecting after every change exactly as the workflow does. */
function playCase(index: number): CaseSpec {
  const kind = KINDS[index % KINDS.length]!;
  const region = REGIONS[index % 3]!;
  const salesOwner = ['sam', 'sue', 'sid'][Math.floor(index / 3) % 3]!;
  const supportTypes: SupportType[] =
    index % 2 === 0 ? ['competitive-brief', 'pricing-exception'] : ['technical-exchange'];
  const input = dealInput({
    account: `account-${pad(index)}`,
    opportunityId: `OPP-${pad(index)}`,
    amount: 10_000 * (index + 1),
    supportTypes,
    dueDate: '2026-12-20',
  });
  input.request.region = region;
  input.request.salesOwner = salesOwner;
  const calendar = workingDays(input.calendar.definition);
  // Two cases per request time (different regions), so paging must break ties by id.
  const requestedAt = Date.parse('2026-11-02T09:00:00Z') + Math.floor(index / 2) * DAY_MS;
  let clock = requestedAt;
  const state: DealState = createDealState(input, calendar, new Date(clock));
  const projections: DealProjection[] = [];
  let projected = 0;
  const project = () => {
    const projection = dealProjectionOf(state, projected);
    projected = state.eventCount;
    projections.push(projection);
  };
  const act = (action: DealAction, actor: string, actorRoles: Role[] = ['presales']) => {
    clock += 3 * 3_600_000;
    const now = new Date(clock);
    const refused = dealActionRejection(state, { action, actor, actorRoles }, { now });
    if (refused) throw new Error(`case ${index} (${kind}): ${action.type} refused: ${refused.message}`);
    applyDealAction(state, { action, actor, actorRoles }, { now });
    project();
  };
  const accept = () =>
    act(
      { type: 'accept', assignees: Object.fromEntries(supportTypes.map((type) => [type, FIXTURE_ASSIGNEES[type]])) },
      'petra',
    );
  const logSupport = () =>
    act(
      {
        type: 'log-support',
        supportType: supportTypes[0]!,
        summary: 'Briefed the account team',
        outcome: 'talking points ready',
      },
      'priya',
    );
  const approvePricing = () => {
    if (supportTypes.includes('pricing-exception')) act({ type: 'approve-pricing' }, 'olga', ['ops_manager']);
  };
  project();
  switch (kind) {
    case 'requested':
      break;
    case 'overdue':
      // Nobody triaged: a week later the response SLA has passed and the escalation fired.
      if (fireDealAlarms(state, calendar, new Date(requestedAt + 7 * DAY_MS))) project();
      break;
    case 'triaged':
      accept();
      break;
    case 'in-progress':
      accept();
      logSupport();
      break;
    case 'declined':
      act({ type: 'decline', reason: 'no capacity this quarter' }, 'petra');
      break;
    case 'won':
      accept();
      logSupport();
      approvePricing();
      act({ type: 'close-won' }, salesOwner);
      act({ type: 'lesson', text: `${LESSON_WON} (case ${index})` }, salesOwner);
      break;
    case 'lost-price':
      accept();
      logSupport();
      act({ type: 'close-lost', reason: 'price' }, salesOwner);
      if (index !== 22) act({ type: 'lesson', text: `${LESSON_LOST} (case ${index})` }, salesOwner);
      break;
    case 'withdrawn':
      act({ type: 'withdraw', reason: 'the customer postponed' }, salesOwner);
      break;
  }
  return { index, kind, region, salesOwner, supportTypes, projections };
}

const CASES = Array.from({ length: 24 }, (_, index) => playCase(index));
const LATEST = CASES.map((spec) => spec.projections.at(-1)!);
/** Cases sent an older projection (with every event it carried) after their newest; and cases whose newest was sent again. */
const STALE_AFTER = CASES.filter((spec) => spec.projections.length > 2);
const REPEATED = CASES.filter((spec) => spec.index % 5 === 0);

const byListOrder = (a: DealProjection, b: DealProjection) =>
  b.requestedAt.localeCompare(a.requestedAt) || (a.dealId < b.dealId ? 1 : -1);
const idsOf = (deals: DealProjection[]) => [...deals].sort(byListOrder).map((deal) => deal.dealId);
const timelinePath = (dealId: string, query = '') => `/api/deals/${encodeURIComponent(dealId)}/timeline${query}`;
const isOpen = (deal: DealProjection) => OPEN_DEAL_STAGES.includes(deal.stage);
/** Closed cases with a lesson, newest lesson first (by lesson time, then id). */
const lessonsOf = (deals: DealProjection[]) =>
  deals
    .filter((deal) => deal.outcome !== null && deal.lesson !== null)
    .sort((a, b) => b.lesson!.at.localeCompare(a.lesson!.at) || (a.dealId < b.dealId ? 1 : -1))
    .map((deal) => deal.dealId);

describe.each(databaseKinds())('deal-support read model API on %s', (kind) => {
  const get = (path: string, as: Identity = OPS) => authorizedRequest(api.baseUrl, 'GET', path, undefined, { as });

  /** Every page of a list, following nextCursor; checks no page is empty or oversized. */
  async function allPages(path: string, limit: number, as: Identity = OPS): Promise<{ pages: number; ids: string[] }> {
    const { pages, rows } = await walkPages((page) => get(page, as), path, limit, 100);
    return { pages, ids: rows.map((row) => row.dealId as string) };
  }

  const api = servedReadModel(
    kind,
    async (db) => {
      const { projectDeal } = createDealProjection(db, SINKS);
      for (const spec of CASES) for (const projection of spec.projections) await projectDeal(projection);
      // A retried activity from long ago lands late; and whole repeats of the newest.
      for (const spec of STALE_AFTER) await projectDeal(spec.projections[1]!);
      for (const spec of REPEATED) await projectDeal(spec.projections.at(-1)!);
    },
    (db) => dealReadRoutes(db),
  );

  describe('the projection', () => {
    it('covers every kind of case in three regions', () => {
      expect(new Set(LATEST.map((deal) => deal.stage))).toEqual(
        new Set(['requested', 'triaged', 'in_progress', 'declined', 'closed_won', 'closed_lost', 'withdrawn']),
      );
      expect(new Set(LATEST.map((deal) => deal.region))).toEqual(new Set(REGIONS));
      expect(LATEST.filter((deal) => deal.responseOverdue).length).toBeGreaterThan(1);
      expect(STALE_AFTER.length).toBeGreaterThan(5);
    });

    it('keeps the newest projection of each case, never an older one sent later', async () => {
      const rows = await api.db.dealCase.findMany({
        select: {
          id: true,
          stage: true,
          projectionSeq: true,
          stageHistory: true,
          lessonText: true,
          supportItems: true,
        },
      });
      expect(rows).toHaveLength(LATEST.length);
      for (const deal of LATEST) {
        expect(rows.find((row) => row.id === deal.dealId)).toEqual({
          id: deal.dealId,
          stage: deal.stage,
          projectionSeq: deal.seq,
          stageHistory: deal.stageHistory,
          lessonText: deal.lesson?.text ?? null,
          supportItems: deal.supportItems,
        });
      }
      const won = LATEST.find((deal) => deal.stage === 'closed_won')!;
      const row = await api.db.dealCase.findUniqueOrThrow({ where: { id: won.dealId } });
      expect(row).toMatchObject({
        outcomeStage: 'closed_won',
        handoffRequested: won.outcome!.handoffRequested,
        handoffPackage: won.outcome!.handoffPackage,
        pricing: won.pricing,
      });
    });

    it('stores each event once, however often it was sent, and one outbox row per notifying event and sink', async () => {
      const events = await api.db.dealEvent.findMany({ select: { dealId: true, n: true, type: true } });
      const expected = CASES.flatMap((spec) =>
        spec.projections.flatMap((projection) =>
          projection.events.map((event) => `${spec.projections[0]!.dealId}#${event.n}`),
        ),
      );
      expect(new Set(expected).size).toBe(expected.length);
      expect(events.map((event) => `${event.dealId}#${event.n}`).sort()).toEqual([...expected].sort());
      const notifying = CASES.flatMap((spec) =>
        spec.projections.flatMap((projection) => projection.events.filter((event) => event.notify)),
      );
      expect(await api.db.notificationOutbox.count({ where: { launchId: { startsWith: 'deal:' } } })).toBe(
        notifying.length * SINKS.length,
      );
    });
  });

  describe('GET /api/deals', () => {
    it('lists every case newest request first, paging by cursor with ties broken by id', async () => {
      const everything = await allPages('/api/deals', 5);
      expect(everything.ids).toEqual(idsOf(LATEST));
      expect(everything.pages).toBe(5);
      const first = await get('/api/deals?limit=3');
      expect(first.body.items[0]).toMatchObject({
        dealId: idsOf(LATEST)[0],
        stage: LATEST.find((deal) => deal.dealId === idsOf(LATEST)[0])!.stage,
      });
    });

    it.each([
      ['region=west', (deal: DealProjection) => deal.region === 'west'],
      [
        'stage=closed_won,closed_lost',
        (deal: DealProjection) => deal.stage === 'closed_won' || deal.stage === 'closed_lost',
      ],
      ['salesOwner=sue', (deal: DealProjection) => deal.salesOwner === 'sue'],
      ['supportType=pricing-exception', (deal: DealProjection) => deal.supportTypes.includes('pricing-exception')],
      ['open=true', isOpen],
      ['open=false', (deal: DealProjection) => !isOpen(deal)],
      ['responseOverdue=true', (deal: DealProjection) => deal.responseOverdue],
      ['responseOverdue=false', (deal: DealProjection) => !deal.responseOverdue],
      [
        'region=east&open=true&supportType=competitive-brief',
        (deal: DealProjection) =>
          deal.region === 'east' && isOpen(deal) && deal.supportTypes.includes('competitive-brief'),
      ],
    ])('filters by %s (across pages)', async (query, keep) => {
      const expected = idsOf(LATEST.filter(keep));
      expect(expected.length).toBeGreaterThan(0);
      expect((await allPages(`/api/deals?${query}`, 2)).ids).toEqual(expected);
    });

    it('shows region-scoped callers only their regions', async () => {
      expect((await allPages('/api/deals', 4, EAST_OPS)).ids).toEqual(
        idsOf(LATEST.filter((deal) => deal.region === 'east')),
      );
      expect((await allPages('/api/deals', 4, EAST_WEST_SALES)).ids).toEqual(
        idsOf(LATEST.filter((deal) => deal.region !== 'north')),
      );
      const north = await get('/api/deals?region=north', EAST_OPS);
      expect(north.status).toBe(200);
      expect(north.body.items).toEqual([]);
    });
  });

  describe('GET /api/deals/:id/timeline', () => {
    it('reads a case timeline oldest first, paging by after, filtered by type and support type', async () => {
      const deal = LATEST.find((each) => each.stage === 'closed_won')!;
      const spec = CASES.find((each) => each.projections.at(-1) === deal)!;
      const events = spec.projections.flatMap((projection) => projection.events);
      const first = await get(timelinePath(deal.dealId, '?limit=2'));
      expect(first.status).toBe(200);
      expect(first.body.items.map((item: { n: number }) => item.n)).toEqual([1, 2]);
      expect(first.body.nextAfter).toBe(2);
      const rest = await get(timelinePath(deal.dealId, '?after=2'));
      expect([...first.body.items, ...rest.body.items].map((item: { type: string }) => item.type)).toEqual(
        events.map((event) => event.type),
      );
      expect(rest.body.nextAfter).toBeNull();
      const lesson = await get(timelinePath(deal.dealId, '?type=deal.lesson-recorded,deal.won'));
      expect(lesson.body.items.map((item: { type: string }) => item.type)).toEqual([
        'deal.won',
        'deal.lesson-recorded',
      ]);
      const logged = await get(timelinePath(deal.dealId, `?supportType=${spec.supportTypes[0]}`));
      expect(logged.body.items.length).toBeGreaterThan(0);
      expect(
        logged.body.items.every((item: { supportType: string }) => item.supportType === spec.supportTypes[0]),
      ).toBe(true);
    });

    it('keeps the escalation cause', async () => {
      const overdue = LATEST.find((deal) => deal.responseOverdue)!;
      const response = await get(timelinePath(overdue.dealId, '?type=deal.response-escalation'));
      expect(response.body.items).toHaveLength(1);
      expect(response.body.items[0]).toMatchObject({
        actor: 'baton',
        cause: { subject: 'response', calendar: 'mon-fri' },
        after: { responseOverdue: true },
      });
    });

    it("is a 404 for an unknown case and for another region's case", async () => {
      const north = LATEST.find((deal) => deal.region === 'north')!;
      const east = LATEST.find((deal) => deal.region === 'east')!;
      for (const [path, as] of [
        [timelinePath('deal:nobody:OPP-0'), OPS],
        [timelinePath(north.dealId), EAST_OPS],
        [timelinePath(north.dealId), EAST_WEST_SALES],
      ] as const) {
        const response = await get(path, as);
        expect(response.status).toBe(404);
        expect(response.contentType).toMatch(PROBLEM_JSON);
      }
      expect((await get(timelinePath(east.dealId), EAST_OPS)).status).toBe(200);
    });
  });

  describe('GET /api/deals/lessons', () => {
    it('lists the lessons of closed cases, newest first, paging by cursor', async () => {
      const expected = lessonsOf(LATEST);
      expect(expected.length).toBeGreaterThan(4);
      expect((await allPages('/api/deals/lessons', 2)).ids).toEqual(expected);
      const first = await get('/api/deals/lessons?limit=1');
      const deal = LATEST.find((each) => each.dealId === expected[0])!;
      expect(first.body.items[0]).toMatchObject({
        dealId: deal.dealId,
        lesson: deal.lesson,
        outcome: { stage: deal.outcome!.stage, lossReason: deal.outcome!.lossReason },
      });
    });

    it.each([
      ['q=uptime', (deal: DealProjection) => deal.lesson!.text.includes('uptime')],
      ['q=UPTIME%20report', (deal: DealProjection) => deal.lesson!.text.includes('uptime report')],
      ['q=pricing%20exception', (deal: DealProjection) => deal.lesson!.text.includes('pricing exception')],
      ['q=rival-co', () => true],
      [
        'q=uptime&region=west',
        (deal: DealProjection) => deal.lesson!.text.includes('uptime') && deal.region === 'west',
      ],
      ['lossReason=price', (deal: DealProjection) => deal.outcome!.lossReason === 'price'],
      ['supportType=technical-exchange', (deal: DealProjection) => deal.supportTypes.includes('technical-exchange')],
      [
        'q=anchored&supportType=competitive-brief',
        (deal: DealProjection) =>
          deal.lesson!.text.includes('anchored') && deal.supportTypes.includes('competitive-brief'),
      ],
    ])('finds by %s', async (query, keep) => {
      const expected = lessonsOf(LATEST).filter((id) => keep(LATEST.find((deal) => deal.dealId === id)!));
      expect(expected.length).toBeGreaterThan(0);
      expect((await allPages(`/api/deals/lessons?${query}`, 2)).ids).toEqual(expected);
    });

    it('finds nothing for a word no lesson has', async () => {
      const response = await get('/api/deals/lessons?q=blockchain');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });

    it('searches region-scoped callers only in their regions', async () => {
      const east = lessonsOf(LATEST.filter((deal) => deal.region === 'east'));
      expect(east.length).toBeGreaterThan(0);
      expect((await allPages('/api/deals/lessons?q=rival-co', 2, EAST_OPS)).ids).toEqual(east);
      const north = await get('/api/deals/lessons?region=north', EAST_OPS);
      expect(north.body.items).toEqual([]);
    });
  });

  describe('bad input', () => {
    it.each([
      ['/api/deals?open=yes', ['open']],
      ['/api/deals?open=1', ['open']],
      ['/api/deals?responseOverdue=TRUE', ['responseOverdue']],
      ['/api/deals?stage=requested,won', ['stage.1']],
      ['/api/deals?stage=', ['stage.0']],
      ['/api/deals?supportType=lunch', ['supportType']],
      ['/api/deals?salesOwner=%20', ['salesOwner']],
      ['/api/deals?region=East%20China', ['region']],
      ['/api/deals?limit=0', ['limit']],
      ['/api/deals?limit=201', ['limit']],
      ['/api/deals?cursor=not-a-cursor', ['cursor']],
      [
        `/api/deals?cursor=${Buffer.from(JSON.stringify(['2027-01-01', 'deal:x:y'])).toString('base64url')}`,
        ['cursor'],
      ],
      ['/api/deals?colour=blue', ['']],
      ['/api/deals/lessons?q=', ['q']],
      ['/api/deals/lessons?q=%20%20', ['q']],
      ['/api/deals/lessons?lossReason=weather', ['lossReason']],
      ['/api/deals/lessons?supportType=lunch', ['supportType']],
      ['/api/deals/lessons?cursor=zzz', ['cursor']],
      [timelinePath('deal:acme:OPP-1', '?limit=501'), ['limit']],
      [timelinePath('deal:acme:OPP-1', '?after=-1'), ['after']],
      [timelinePath('deal:acme:OPP-1', '?type=deal.won,deal.exploded'), ['type.1']],
      [timelinePath('deal:acme:OPP-1', '?supportType=lunch'), ['supportType']],
    ])('%s is a 400 naming %j', async (path, fields) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 400, title: 'Invalid request' });
      expect((response.body.errors as { path: string }[]).map((issue) => issue.path)).toEqual(fields);
    });

    it('needs a token', async () => {
      const response = await authorizedRequest(api.baseUrl, 'GET', '/api/deals', undefined, { as: null });
      expect(response.status).toBe(401);
      expect(response.contentType).toMatch(PROBLEM_JSON);
    });
  });

  it('describes the routes in the OpenAPI document, open as the strings true and false', () => {
    const document = buildOpenApiDocument(dealReadRoutes(api.db)) as unknown as {
      paths: Record<
        string,
        Record<
          string,
          { operationId: string; parameters: { name: string; in: string; schema: Record<string, unknown> }[] }
        >
      >;
    };
    expect(document.paths['/api/deals']!.get!.operationId).toBe('listDeals');
    expect(document.paths['/api/deals/lessons']!.get!.operationId).toBe('searchDealLessons');
    expect(document.paths['/api/deals/{id}/timeline']!.get!.operationId).toBe('getDealTimeline');
    const open = document.paths['/api/deals']!.get!.parameters.find((parameter) => parameter.name === 'open');
    expect(open).toMatchObject({ in: 'query', schema: { type: 'string', enum: ['true', 'false'] } });
  });
});
