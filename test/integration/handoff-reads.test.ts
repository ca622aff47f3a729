import { createHandoffProjection } from '../../activities/handoff/projection';
import { buildOpenApiDocument } from '../../api/http/openapi';
import { handoffReadRoutes } from '../../api/handoff/reads';
import { addCalendarDays, workingDays } from '../../domain/shared/business-calendar';
import {
  applyHandoffAction,
  handoffActionRejection,
  recordRenewalStart,
  type HandoffAction,
} from '../../domain/handoff/actions';
import { fireHandoffAlarms } from '../../domain/handoff/alarms';
import { createHandoffState } from '../../domain/handoff/create';
import { handoffProjectionOf, type HandoffProjection } from '../../domain/handoff/projection';
import { OPEN_HANDOFF_STAGES, type HandoffState } from '../../domain/handoff/types';
import { authorizedRequest, databaseKinds, type Identity } from '../helpers/baton-harness';
import { completePackage, FIXTURE_HANDOVER, FIXTURE_SIGN_OFF, handoffInput } from '../helpers/handoff-fixtures';
import { walkPages } from '../helpers/paging';
import { servedReadModel } from '../helpers/routes-server';

/*
 * The handoff read endpoints answer from the read model alone, so this suite needs no Temporal
 * server: it plays 24 handoffs across three regions through the real domain (createHandoffState,
 * applyHandoffAction, fireHandoffAlarms), writes every version through the real projection activity
 * as the workflow would, mixes in stale and repeated writes, and serves just these routes through
 * the app's mounting, authentication and problem handling, every response checked against its schema.
 */

const PROBLEM_JSON = /^application\/problem\+json/;
const SINKS = ['log', 'team-chat'];
const REGIONS = ['east', 'west', 'north'];
const DAY_MS = 86_400_000;
const GO_LIVE = '2027-06-30';

const OPS: Identity = { subject: 'olga', roles: ['ops_manager'] };
const EAST_OPS: Identity = { subject: 'erin', roles: ['regional_ops'], regions: ['east'] };
const EAST_WEST_SALES: Identity = { subject: 'sam', roles: ['sales'], regions: ['east', 'west'] };

/** What becomes of each kind of handoff after it starts. */
type Kind =
  | 'pending'
  | 'package-overdue'
  | 'returned'
  | 'kicked-off'
  | 'milestone-overdue'
  | 'at-risk'
  | 'handed-over'
  | 'cancelled';
const KINDS: Kind[] = [
  'pending',
  'package-overdue',
  'returned',
  'kicked-off',
  'milestone-overdue',
  'at-risk',
  'handed-over',
  'cancelled',
];

interface HandoffSpec {
  index: number;
  kind: Kind;
  /** Every projection the handoff's workflow sent, in order. */
  projections: HandoffProjection[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Plays one handoff through the domain, projecting after every change exactly as the workflow does. */
function playHandoff(index: number): HandoffSpec {
  const kind = KINDS[index % KINDS.length]!;
  const input = handoffInput({
    account: `account-${pad(index)}`,
    opportunity: `OPP-${pad(index)}`,
    region: REGIONS[index % 3]!,
  });
  input.start.salesOwner = ['sam', 'sue', 'sid'][Math.floor(index / 3) % 3]!;
  const calendar = workingDays(input.start.calendar.definition);
  // Two handoffs per start time (different regions), so paging must break ties by id.
  const startedAt = Date.parse('2026-11-02T09:00:00Z') + Math.floor(index / 2) * DAY_MS;
  let clock = startedAt;
  const state: HandoffState = createHandoffState(input, calendar, new Date(clock));
  const projections: HandoffProjection[] = [];
  let projected = 0;
  const project = () => {
    projections.push(handoffProjectionOf(state, projected));
    projected = state.eventCount;
  };
  const context = () => ({ now: new Date(clock), calendar, pinnedCalendar: input.start.calendar });
  const act = (action: HandoffAction, actor: string) => {
    clock += 3 * 3_600_000;
    const refused = handoffActionRejection(state, { action, actor }, context());
    if (refused) throw new Error(`handoff ${index} (${kind}): ${action.type} refused: ${refused.message}`);
    applyHandoffAction(state, { action, actor }, context());
    project();
  };
  const fireAt = (at: number) => {
    if (fireHandoffAlarms(state, calendar, new Date(at))) project();
  };
  const projectManager = index % 2 === 0 ? 'pia' : 'paul';
  const kickOff = () => {
    act(completePackage(GO_LIVE), state.salesOwner);
    act({ type: 'submit' }, state.salesOwner);
    act({ type: 'accept', projectManager }, 'pia');
    act({ type: 'kickoff' }, projectManager);
  };
  project();
  switch (kind) {
    case 'pending':
      break;
    case 'package-overdue':
      fireAt(startedAt + 7 * DAY_MS);
      break;
    case 'returned':
      act(completePackage(GO_LIVE), state.salesOwner);
      act({ type: 'submit' }, state.salesOwner);
      act({ type: 'return', missing: [{ key: 'scope', note: 'unsigned' }] }, 'pia');
      break;
    case 'kicked-off':
      kickOff();
      break;
    case 'milestone-overdue':
      kickOff();
      fireAt(clock + 21 * DAY_MS);
      break;
    case 'at-risk':
      kickOff();
      act({ type: 'flag-risk', milestoneKey: 'tested', atRisk: true, note: 'no test environment' }, projectManager);
      break;
    case 'handed-over': {
      kickOff();
      for (const milestone of state.milestones.slice(0, -1))
        act({ type: 'complete-milestone', milestoneKey: milestone.key }, projectManager);
      const day = new Date(clock).toISOString().slice(0, 10);
      act(FIXTURE_SIGN_OFF(day), projectManager);
      act({ type: 'complete-milestone', milestoneKey: 'customer-acceptance' }, projectManager);
      act(FIXTURE_HANDOVER(day, addCalendarDays(day, 364)), projectManager);
      recordRenewalStart(
        state,
        { workflowType: 'renewalFollowUp', workflowId: state.pendingNext!.workflowId, status: 'started' },
        new Date(clock),
      );
      project();
      break;
    }
    case 'cancelled':
      act({ type: 'cancel', reason: 'the customer froze the budget' }, 'olga');
      break;
  }
  return { index, kind, projections };
}

const HANDOFFS = Array.from({ length: 24 }, (_, index) => playHandoff(index));
const LATEST = HANDOFFS.map((spec) => spec.projections.at(-1)!);
const STALE_AFTER = HANDOFFS.filter((spec) => spec.projections.length > 2);
const REPEATED = HANDOFFS.filter((spec) => spec.index % 5 === 0);

const byListOrder = (a: HandoffProjection, b: HandoffProjection) =>
  b.startedAt.localeCompare(a.startedAt) || (a.handoffId < b.handoffId ? 1 : -1);
const idsOf = (handoffs: HandoffProjection[]) => [...handoffs].sort(byListOrder).map((handoff) => handoff.handoffId);
const timelinePath = (id: string, query = '') => `/api/handoffs/${encodeURIComponent(id)}/timeline${query}`;
const isOpen = (handoff: HandoffProjection) => OPEN_HANDOFF_STAGES.includes(handoff.stage);
const ofKind = (kind: Kind) => HANDOFFS.find((spec) => spec.kind === kind)!;

describe.each(databaseKinds())('delivery-handoff read model API on %s', (databaseKind) => {
  const get = (path: string, as: Identity = OPS) => authorizedRequest(api.baseUrl, 'GET', path, undefined, { as });
  async function allPages(path: string, limit: number, as: Identity = OPS): Promise<{ pages: number; ids: string[] }> {
    const { pages, rows } = await walkPages((page) => get(page, as), path, limit, 100);
    return { pages, ids: rows.map((row) => row.handoffId as string) };
  }

  const api = servedReadModel(
    databaseKind,
    async (db) => {
      const { projectHandoff } = createHandoffProjection(db, SINKS);
      for (const spec of HANDOFFS) for (const projection of spec.projections) await projectHandoff(projection);
      // A retried activity from long ago lands late; and whole repeats of the newest.
      for (const spec of STALE_AFTER) await projectHandoff(spec.projections[1]!);
      for (const spec of REPEATED) await projectHandoff(spec.projections.at(-1)!);
    },
    (db) => handoffReadRoutes(db),
  );

  describe('the projection', () => {
    it('covers every kind of handoff in three regions', () => {
      expect(new Set(LATEST.map((handoff) => handoff.stage))).toEqual(
        new Set(['package_pending', 'returned', 'kicked_off', 'handed_over', 'cancelled']),
      );
      expect(new Set(LATEST.map((handoff) => handoff.region))).toEqual(new Set(REGIONS));
      expect(LATEST.filter((handoff) => handoff.overdue).length).toBeGreaterThan(3);
      expect(LATEST.filter((handoff) => handoff.atRisk).length).toBeGreaterThan(3);
      expect(STALE_AFTER.length).toBeGreaterThan(5);
    });

    it('keeps the newest projection of each handoff, never an older one sent later', async () => {
      const rows = await api.db.handoff.findMany({
        select: {
          id: true,
          stage: true,
          projectionSeq: true,
          milestones: true,
          missingItems: true,
          atRisk: true,
          overdue: true,
          renewalWorkflowId: true,
        },
      });
      expect(rows).toHaveLength(LATEST.length);
      for (const handoff of LATEST) {
        expect(rows.find((row) => row.id === handoff.handoffId)).toEqual({
          id: handoff.handoffId,
          stage: handoff.stage,
          projectionSeq: handoff.seq,
          milestones: handoff.milestones,
          missingItems: handoff.missingItems,
          atRisk: handoff.atRisk,
          overdue: handoff.overdue,
          renewalWorkflowId: handoff.renewalWorkflowId,
        });
      }
    });

    it('stores each event once, however often it was sent, and one outbox row per notifying event and sink', async () => {
      const events = await api.db.handoffEvent.findMany({ select: { handoffId: true, n: true } });
      const expected = HANDOFFS.flatMap((spec) =>
        spec.projections.flatMap((projection) =>
          projection.events.map((event) => `${projection.handoffId}#${event.n}`),
        ),
      );
      expect(new Set(expected).size).toBe(expected.length);
      expect(events.map((event) => `${event.handoffId}#${event.n}`).sort()).toEqual([...expected].sort());
      const notifying = HANDOFFS.flatMap((spec) =>
        spec.projections.flatMap((projection) => projection.events.filter((event) => event.notify)),
      );
      expect(await api.db.notificationOutbox.count({ where: { launchId: { startsWith: 'handoff:' } } })).toBe(
        notifying.length * SINKS.length,
      );
      const returned = ofKind('returned').projections[0]!.handoffId;
      expect(
        await api.db.notificationOutbox.findMany({
          where: { launchId: returned, text: { contains: 'returned the package' } },
          select: { sink: true, role: true, person: true },
        }),
      ).toEqual(expect.arrayContaining(SINKS.map((sink) => ({ sink, role: 'sales', person: 'sam' }))));
    });
  });

  describe('GET /api/handoffs', () => {
    it('lists every handoff newest start first, paging by cursor with ties broken by id', async () => {
      const everything = await allPages('/api/handoffs', 5);
      expect(everything.ids).toEqual(idsOf(LATEST));
      expect(everything.pages).toBe(5);
      const handedOver = LATEST.find((handoff) => handoff.stage === 'handed_over')!;
      const [row] = (await get(`/api/handoffs?stage=handed_over&limit=1&salesOwner=${handedOver.salesOwner}`)).body
        .items;
      expect(row).toMatchObject({
        handoffId: handedOver.handoffId,
        source: { playbook: 'deal-support', id: handedOver.sourceId },
        renewalWorkflowId: handedOver.renewalWorkflowId,
        handover: { contractEnd: handedOver.handover!.contractEnd, annualValue: 96_000 },
        customerAcceptance: { signedBy: 'Dana Decider' },
        outcome: { stage: 'handed_over' },
        nextMilestone: null,
        sla: null,
      });
    });

    it.each([
      ['region=west', (handoff: HandoffProjection) => handoff.region === 'west'],
      [
        'stage=returned,cancelled',
        (handoff: HandoffProjection) => handoff.stage === 'returned' || handoff.stage === 'cancelled',
      ],
      ['projectManager=paul', (handoff: HandoffProjection) => handoff.projectManager === 'paul'],
      ['salesOwner=sue', (handoff: HandoffProjection) => handoff.salesOwner === 'sue'],
      ['open=true', isOpen],
      ['open=false', (handoff: HandoffProjection) => !isOpen(handoff)],
      ['atRisk=true', (handoff: HandoffProjection) => handoff.atRisk],
      ['overdue=true', (handoff: HandoffProjection) => handoff.overdue],
      [
        'overdue=false&stage=kicked_off',
        (handoff: HandoffProjection) => !handoff.overdue && handoff.stage === 'kicked_off',
      ],
      [
        'region=east&open=true&atRisk=false',
        (handoff: HandoffProjection) => handoff.region === 'east' && isOpen(handoff) && !handoff.atRisk,
      ],
    ])('filters by %s (across pages)', async (query, keep) => {
      const expected = idsOf(LATEST.filter(keep));
      expect(expected.length).toBeGreaterThan(0);
      expect((await allPages(`/api/handoffs?${query}`, 2)).ids).toEqual(expected);
    });

    it('shows region-scoped callers only their regions', async () => {
      expect((await allPages('/api/handoffs', 4, EAST_OPS)).ids).toEqual(
        idsOf(LATEST.filter((handoff) => handoff.region === 'east')),
      );
      expect((await allPages('/api/handoffs', 4, EAST_WEST_SALES)).ids).toEqual(
        idsOf(LATEST.filter((handoff) => handoff.region !== 'north')),
      );
      const north = await get('/api/handoffs?region=north', EAST_OPS);
      expect(north.status).toBe(200);
      expect(north.body.items).toEqual([]);
    });
  });

  describe('GET /api/handoffs/:id/timeline', () => {
    it('reads a timeline oldest first, paging by after, filtered by type and milestone', async () => {
      const spec = ofKind('handed-over');
      const id = spec.projections[0]!.handoffId;
      const events = spec.projections.flatMap((projection) => projection.events);
      const first = await get(timelinePath(id, '?limit=2'));
      expect(first.body.items.map((item: { n: number }) => item.n)).toEqual([1, 2]);
      expect(first.body.nextAfter).toBe(2);
      const rest = await get(timelinePath(id, '?after=2&limit=500'));
      expect([...first.body.items, ...rest.body.items].map((item: { type: string }) => item.type)).toEqual(
        events.map((event) => event.type),
      );
      expect(rest.body.nextAfter).toBeNull();
      const outcome = await get(timelinePath(id, '?type=handoff.renewal-started,handoff.handed-over'));
      expect(outcome.body.items.map((item: { type: string }) => item.type)).toEqual([
        'handoff.handed-over',
        'handoff.renewal-started',
      ]);
      const acceptance = await get(timelinePath(id, '?milestoneKey=customer-acceptance'));
      expect(acceptance.body.items.map((item: { type: string }) => item.type)).toEqual([
        'handoff.customer-sign-off',
        'handoff.milestone-completed',
      ]);
    });

    it('keeps why an escalation fired', async () => {
      const id = ofKind('milestone-overdue').projections[0]!.handoffId;
      const response = await get(timelinePath(id, '?type=handoff.milestone-escalation'));
      expect(response.body.items).toHaveLength(1);
      expect(response.body.items[0]).toMatchObject({
        actor: 'baton',
        milestoneKey: 'requirements-confirmed',
        cause: { subject: 'milestone', milestoneKey: 'requirements-confirmed', calendar: 'mon-fri' },
        after: { escalated: true },
      });
    });

    it("is a 404 for an unknown handoff and for another region's", async () => {
      const north = LATEST.find((handoff) => handoff.region === 'north')!;
      const east = LATEST.find((handoff) => handoff.region === 'east')!;
      for (const [path, as] of [
        [timelinePath('handoff:nobody:OPP-0'), OPS],
        [timelinePath(north.handoffId), EAST_OPS],
        [timelinePath(north.handoffId), EAST_WEST_SALES],
      ] as const) {
        const response = await get(path, as);
        expect(response.status).toBe(404);
        expect(response.contentType).toMatch(PROBLEM_JSON);
      }
      expect((await get(timelinePath(east.handoffId), EAST_OPS)).status).toBe(200);
    });
  });

  describe('bad input', () => {
    it.each([
      ['/api/handoffs?open=yes', ['open']],
      ['/api/handoffs?atRisk=1', ['atRisk']],
      ['/api/handoffs?overdue=TRUE', ['overdue']],
      ['/api/handoffs?stage=returned,lost', ['stage.1']],
      ['/api/handoffs?projectManager=%20', ['projectManager']],
      ['/api/handoffs?region=East%20China', ['region']],
      ['/api/handoffs?limit=0', ['limit']],
      ['/api/handoffs?limit=201', ['limit']],
      ['/api/handoffs?cursor=not-a-cursor', ['cursor']],
      [
        `/api/handoffs?cursor=${Buffer.from(JSON.stringify(['2027-01-01', 'handoff:x:y'])).toString('base64url')}`,
        ['cursor'],
      ],
      ['/api/handoffs?colour=blue', ['']],
      [timelinePath('handoff:acme:OPP-1', '?limit=501'), ['limit']],
      [timelinePath('handoff:acme:OPP-1', '?after=-1'), ['after']],
      [timelinePath('handoff:acme:OPP-1', '?type=handoff.started,handoff.exploded'), ['type.1']],
      [timelinePath('handoff:acme:OPP-1', '?milestoneKey='), ['milestoneKey']],
    ])('%s is a 400 naming %j', async (path, fields) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(PROBLEM_JSON);
      expect((response.body.errors as { path: string }[]).map((issue) => issue.path)).toEqual(fields);
    });

    it('needs a token', async () => {
      const response = await authorizedRequest(api.baseUrl, 'GET', '/api/handoffs', undefined, { as: null });
      expect(response.status).toBe(401);
    });
  });

  it('describes the routes in the OpenAPI document', () => {
    const document = buildOpenApiDocument(handoffReadRoutes(api.db)) as unknown as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(document.paths['/api/handoffs']!.get!.operationId).toBe('listHandoffs');
    expect(document.paths['/api/handoffs/{id}/timeline']!.get!.operationId).toBe('getHandoffTimeline');
  });
});
