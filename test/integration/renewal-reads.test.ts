import { createRenewalProjection } from '../../activities/renewal/projection';
import { renewalReadRoutes } from '../../api/renewal/reads';
import { addCalendarDays, workingDays } from '../../domain/shared/business-calendar';
import { applyRenewalAction, renewalActionRejection, type RenewalAction } from '../../domain/renewal/actions';
import { fireRenewalAlarms } from '../../domain/renewal/alarms';
import { createRenewalState } from '../../domain/renewal/create';
import { renewalProjectionOf, type RenewalProjection } from '../../domain/renewal/projection';
import { CHURN_REASONS, type RenewalState } from '../../domain/renewal/types';
import { authorizedRequest, databaseKinds, type ApiResponse, type Identity } from '../helpers/baton-harness';
import { walkPages } from '../helpers/paging';
import { AT_RISK_FIGURES, HEALTHY_FIGURES, MON_FRI, renewalInput } from '../helpers/renewal-fixtures';
import { servedReadModel } from '../helpers/routes-server';

/*
 * The renewal read endpoints answer from the read model alone, so this suite needs no Temporal
 * server: 30 contracts are played through the domain rules (health figures, proposals, outcomes,
 * timers), each change projected through the real projection activity as the workflow would, with
 * stale and repeated writes mixed in. Every calendar and forecast figure is computed again here, in
 * plain TypeScript, from the projections the renewals ended with.
 */

const PROBLEM_JSON = /^application\/problem\+json/;
/** The API's clock: the default window (this month and the next eleven) reads it. */
const NOW = new Date('2027-06-15T10:00:00Z');
const SINKS = ['log', 'team-chat'];
const REGIONS = ['east', 'west', 'north'];
const TIERS = ['strategic', 'key', 'standard'];
const CALENDAR = workingDays(MON_FRI.definition);

const OPS: Identity = { subject: 'olga', roles: ['ops_manager'] };
const EAST_OPS: Identity = { subject: 'erin', roles: ['regional_ops'], regions: ['east'] };
const EAST_WEST_SALES: Identity = { subject: 'sam', roles: ['sales'], regions: ['east', 'west'] };

// ---------------------------------------------------------------------------------------------
// The data set: 30 contracts played through the domain, every projection kept in order.

interface Played {
  index: number;
  kind: number;
  renewalId: string;
  /** Every projection the workflow would have written, in order. */
  projections: RenewalProjection[];
}

const at = (date: string) => new Date(`${date}T09:00:00Z`);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function play(index: number): Played {
  const kind = index % 10;
  const termStart = addCalendarDays('2026-01-01', 23 * index);
  const input = renewalInput(
    {
      account: index === 7 ? 'Acme & Co' : `account-${String(index).padStart(2, '0')}`,
      contractId: `C-${index}`,
      region: REGIONS[index % 3]!,
      tier: TIERS[Math.floor(index / 3) % 3]!,
      currency: index % 10 === 9 ? 'USD' : 'CNY',
      customerSuccessOwner: ['ana', 'ben', 'cai'][index % 3]!,
      value: 10_000 * (index + 1) + 0.25,
      termStart,
      contractEnd: addCalendarDays(termStart, 364),
    },
    { contacts: { opsManager: 'olga' } },
  );
  const state: RenewalState = createRenewalState(input, at(termStart));
  const projections: RenewalProjection[] = [];
  let projected = 0;
  const project = () => {
    const projection = clone(renewalProjectionOf(state, projected));
    projections.push(projection);
    projected = Math.max(projected, ...projection.events.map((event) => event.n));
  };
  project();
  const end = () => state.term.contractEnd;
  /** Lets the timers run to a day, as the workflow would. */
  const advance = (daysBeforeEnd: number) => {
    if (fireRenewalAlarms(state, CALENDAR, at(addCalendarDays(end(), -daysBeforeEnd)))) project();
  };
  const act = (daysBeforeEnd: number, action: RenewalAction, actor = 'ana') => {
    advance(daysBeforeEnd);
    const refused = renewalActionRejection(state, { action, actor });
    if (refused) throw new Error(`contract ${index}: ${refused.message}`);
    applyRenewalAction(state, { action, actor }, at(addCalendarDays(end(), -daysBeforeEnd)));
    project();
  };
  const value = () => state.term.value;
  /** Money as people type it: two decimal places. */
  const times = (factor: number) => Math.round(value() * factor * 100) / 100;
  switch (kind) {
    case 0:
      act(122, { type: 'record-health', figures: HEALTHY_FIGURES });
      break;
    case 1:
      act(100, { type: 'record-health', figures: AT_RISK_FIGURES });
      break;
    case 2:
      act(121, { type: 'record-health', figures: HEALTHY_FIGURES });
      act(95, { type: 'send-proposal', value: value() });
      act(70, { type: 'note-negotiation', note: 'same terms' }, 'sam');
      act(35, { type: 'decide', outcome: 'renewed' });
      break;
    case 3:
      act(95, { type: 'send-proposal', value: times(1.2) });
      act(40, { type: 'decide', outcome: 'expanded', newValue: times(1.2) });
      act(110, { type: 'record-health', figures: AT_RISK_FIGURES });
      break;
    case 4:
      act(20, { type: 'decide', outcome: 'downgraded', newValue: times(0.5), note: 'fewer seats' });
      break;
    case 5:
      act(110, { type: 'record-health', figures: AT_RISK_FIGURES });
      act(45, {
        type: 'decide',
        outcome: 'churned',
        churnReason: CHURN_REASONS[Math.floor(index / 10) % CHURN_REASONS.length]!,
        note: 'gone',
      });
      break;
    case 6:
      act(115, { type: 'record-health', figures: HEALTHY_FIGURES });
      act(92, { type: 'send-proposal', value: times(1.1) });
      break;
    case 7:
      act(31, { type: 'decide', outcome: 'renewed' });
      act(31, { type: 'decide', outcome: 'renewed' });
      break;
    case 8:
      act(60, { type: 'decide', outcome: 'renewed' });
      act(115, { type: 'record-health', figures: AT_RISK_FIGURES });
      act(10, { type: 'decide', outcome: 'churned', churnReason: 'competitor', note: 'moved to rival-co' });
      break;
    case 9:
      advance(55);
      break;
  }
  return { index, kind, renewalId: state.renewalId, projections };
}

const PLAYED = Array.from({ length: 30 }, (_, index) => play(index));
/** What each renewal's read model must show: its last projection, whatever came after it. */
const LATEST = PLAYED.map((played) => played.projections.at(-1)!);
/** Renewals sent an older projection after their newest; and renewals whose newest was sent again whole. */
const STALE_AFTER = PLAYED.filter((played) => played.projections.length > 3 && played.index % 4 === 1);
const REPEATED = PLAYED.filter((played) => played.index % 5 === 0);

// ---------------------------------------------------------------------------------------------
// The expected figures, computed independently of the SQL.

interface TermFact {
  month: string;
  region: string;
  tier: string;
  currency: string | null;
  value: number;
  outcome: string | null;
  newValue: number | null;
  atRisk: boolean;
  proposedValue: number | null;
  churnReason: string | null;
}

const FACTS: TermFact[] = LATEST.flatMap((renewal) =>
  renewal.terms.map((term) => ({
    month: term.contractEnd.slice(0, 7),
    region: renewal.region,
    tier: renewal.tier,
    currency: renewal.currency,
    value: term.value,
    outcome: term.outcome,
    newValue: term.newValue,
    atRisk: term.atRisk,
    proposedValue: term.proposedValue,
    churnReason: term.churnReason,
  })),
);

const sum = (facts: TermFact[], of: (fact: TermFact) => number) => facts.reduce((total, fact) => total + of(fact), 0);
const RENEWED = ['renewed', 'expanded', 'downgraded'];

function figures(facts: TermFact[]) {
  const open = facts.filter((fact) => fact.outcome === null);
  const atRisk = open.filter((fact) => fact.atRisk);
  const renewed = facts.filter((fact) => RENEWED.includes(fact.outcome ?? ''));
  const churned = facts.filter((fact) => fact.outcome === 'churned');
  return {
    contracts: facts.length,
    value: sum(facts, (fact) => fact.value),
    open: open.length,
    openValue: sum(open, (fact) => fact.value),
    atRisk: atRisk.length,
    valueAtRisk: sum(atRisk, (fact) => fact.value),
    renewed: renewed.length,
    renewedValue: sum(renewed, (fact) => fact.newValue!),
    churned: churned.length,
    churnedValue: sum(churned, (fact) => fact.value),
  };
}

function forecastFigures(facts: TermFact[]) {
  const decided = facts.filter((fact) => fact.outcome !== null);
  const decidedValue = sum(decided, (fact) => fact.value);
  const safeOpen = facts.filter((fact) => fact.outcome === null && !fact.atRisk);
  return {
    ...figures(facts),
    expectedRenewalValue:
      sum(decided, (fact) => fact.newValue!) + sum(safeOpen, (fact) => fact.proposedValue ?? fact.value),
    grossRevenueRetention:
      decided.length === 0 || decidedValue === 0
        ? null
        : sum(decided, (fact) => Math.min(fact.newValue!, fact.value)) / decidedValue,
    netRevenueRetention:
      decided.length === 0 || decidedValue === 0 ? null : sum(decided, (fact) => fact.newValue!) / decidedValue,
  };
}

function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (
    let month = new Date(`${from}-01T00:00:00Z`);
    month.toISOString().slice(0, 7) <= to;
    month.setUTCMonth(month.getUTCMonth() + 1)
  )
    months.push(month.toISOString().slice(0, 7));
  return months;
}

const distinct = (values: string[]) => [...new Set(values)].sort();

function expectedCalendar(facts: TermFact[], from: string, to: string) {
  const months = monthsOf(from, to);
  const inWindow = facts.filter((fact) => fact.month >= from && fact.month <= to);
  return {
    months: months.map((month) => {
      const own = inWindow.filter((fact) => fact.month === month);
      return {
        month,
        ...figures(own),
        byRegion: distinct(own.map((fact) => fact.region)).map((region) => ({
          region,
          ...figures(own.filter((fact) => fact.region === region)),
        })),
        byTier: distinct(own.map((fact) => fact.tier)).map((tier) => ({
          tier,
          ...figures(own.filter((fact) => fact.tier === tier)),
        })),
      };
    }),
    totals: figures(inWindow),
  };
}

function expectedForecast(facts: TermFact[], from: string, to: string) {
  const inWindow = facts.filter((fact) => fact.month >= from && fact.month <= to);
  return {
    ...forecastFigures(inWindow),
    byRegion: distinct(inWindow.map((fact) => fact.region)).map((region) => ({
      region,
      ...forecastFigures(inWindow.filter((fact) => fact.region === region)),
    })),
    byTier: distinct(inWindow.map((fact) => fact.tier)).map((tier) => ({
      tier,
      ...forecastFigures(inWindow.filter((fact) => fact.tier === tier)),
    })),
    churnReasons: CHURN_REASONS.map((churnReason) => {
      const churned = inWindow.filter((fact) => fact.outcome === 'churned' && fact.churnReason === churnReason);
      return { churnReason, count: churned.length, value: sum(churned, (fact) => fact.value) };
    }),
  };
}

/**
 * Compares an API body with the expected figures: money within the API's rounding to 2 places,
 * ratios within 4, everything else exactly.
 */
function expectFigures(actual: unknown, expected: unknown, where = 'body'): void {
  if (typeof expected === 'number' && !Number.isInteger(expected)) {
    const places = /Retention$/.test(where) ? 4 : 2;
    if (typeof actual !== 'number' || Math.abs(actual - expected) > 0.5 * 10 ** -places + 1e-9)
      throw new Error(`${where}: expected ${expected}, got ${String(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    expect({ where, length: (actual as unknown[]).length }).toEqual({ where, length: expected.length });
    expected.forEach((item, index) => expectFigures((actual as unknown[])[index], item, `${where}[${index}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected))
      expectFigures((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    return;
  }
  expect({ where, value: actual }).toEqual({ where, value: expected });
}

// ---------------------------------------------------------------------------------------------

const byListOrder = (a: RenewalProjection, b: RenewalProjection) =>
  a.term.contractEnd.localeCompare(b.term.contractEnd) ||
  (a.renewalId < b.renewalId ? -1 : a.renewalId > b.renewalId ? 1 : 0);
const idsOf = (renewals: RenewalProjection[]) => [...renewals].sort(byListOrder).map((renewal) => renewal.renewalId);
const ids = (response: ApiResponse): string[] => {
  expect(response.status).toBe(200);
  return response.body.items.map((row: { renewalId: string }) => row.renewalId);
};
const timelinePath = (renewalId: string, query = '') =>
  `/api/renewals/${encodeURIComponent(renewalId)}/timeline${query}`;
const eventsOf = (played: Played) => played.projections.flatMap((projection) => projection.events);

describe.each(databaseKinds())('renewal read model API on %s', (kind) => {
  const get = (path: string, as: Identity = OPS) => authorizedRequest(api.baseUrl, 'GET', path, undefined, { as });

  const api = servedReadModel(
    kind,
    async (db) => {
      const { projectRenewal } = createRenewalProjection(db, SINKS);
      for (const played of PLAYED) for (const projection of played.projections) await projectRenewal(projection);
      // A retried activity from long ago lands late, with every event it carried; and whole repeats of the newest.
      for (const played of STALE_AFTER)
        await projectRenewal({ ...played.projections[1]!, events: eventsOf(played).filter((event) => event.n <= 3) });
      for (const played of REPEATED) await projectRenewal({ ...played.projections.at(-1)!, events: eventsOf(played) });
    },
    (db) => renewalReadRoutes(db, () => NOW),
  );

  describe('the projection', () => {
    it('covers every stage, outcome, region and tier', () => {
      expect(new Set(LATEST.map((renewal) => renewal.stage))).toEqual(
        new Set(['health_review', 'proposal', 'negotiation', 'churned']),
      );
      expect(new Set(FACTS.map((fact) => fact.outcome))).toEqual(
        new Set([null, 'renewed', 'expanded', 'downgraded', 'churned']),
      );
      expect(new Set(LATEST.map((renewal) => renewal.region))).toEqual(new Set(REGIONS));
      expect(new Set(LATEST.map((renewal) => renewal.tier))).toEqual(new Set(TIERS));
      expect(LATEST.filter((renewal) => renewal.atRisk).length).toBeGreaterThan(3);
      expect(LATEST.filter((renewal) => renewal.overdueSteps > 0).length).toBeGreaterThan(2);
      expect(STALE_AFTER.length).toBeGreaterThan(2);
    });

    it('keeps the newest projection of each renewal and of each term, never an older one sent later', async () => {
      const rows = await api.db.renewal.findMany({
        select: { id: true, stage: true, termNumber: true, projectionSeq: true, atRisk: true, endedAt: true },
      });
      expect(rows).toHaveLength(LATEST.length);
      for (const renewal of LATEST) {
        expect(rows.find((row) => row.id === renewal.renewalId)).toEqual({
          id: renewal.renewalId,
          stage: renewal.stage,
          termNumber: renewal.term.number,
          projectionSeq: renewal.seq,
          atRisk: renewal.atRisk,
          endedAt: renewal.endedAt ? new Date(renewal.endedAt) : null,
        });
      }
      const terms = await api.db.renewalTerm.findMany({ orderBy: [{ renewalId: 'asc' }, { number: 'asc' }] });
      expect(terms).toHaveLength(FACTS.length);
      for (const renewal of LATEST) {
        const mine = terms.filter((row) => row.renewalId === renewal.renewalId);
        expect(
          mine.map((row) => [row.number, row.outcome, row.value, row.newValue, row.atRisk, row.projectionSeq]),
        ).toEqual(
          renewal.terms.map((term) => [term.number, term.outcome, term.value, term.newValue, term.atRisk, renewal.seq]),
        );
      }
    });

    it('stores each event once, however often it was sent, and one outbox row per notifying event and sink', async () => {
      const events = await api.db.renewalEvent.findMany({ select: { renewalId: true, n: true, term: true } });
      const all = PLAYED.flatMap((played) =>
        eventsOf(played).map((event) => ({ renewalId: played.renewalId, n: event.n, term: event.term })),
      );
      expect(events).toHaveLength(all.length);
      const outbox = await api.db.notificationOutbox.findMany({ where: { launchId: { startsWith: 'renewal:' } } });
      const notifying = PLAYED.flatMap((played) => eventsOf(played).filter((event) => event.notify));
      expect(outbox).toHaveLength(notifying.length * SINKS.length);
      const escalation = PLAYED[1]!;
      const [event] = eventsOf(escalation).filter((candidate) => candidate.type === 'renewal.at-risk-escalation');
      expect(outbox.filter((row) => row.launchId === escalation.renewalId && row.eventN === event!.n)).toEqual(
        SINKS.map((sink) =>
          expect.objectContaining({
            sink,
            role: 'ops_manager',
            person: 'olga',
            text: event!.summary,
            status: 'pending',
          }),
        ),
      );
    });
  });

  describe('GET /api/renewals', () => {
    it('lists every renewal, soonest contract end first, then by id', async () => {
      const response = await get('/api/renewals?limit=200');
      expect(ids(response)).toEqual(idsOf(LATEST));
      expect(response.body.nextCursor).toBeNull();
    });

    it('shows what the read model holds of a renewal', async () => {
      const renewal = LATEST[3]!;
      const row = (await get('/api/renewals?limit=200')).body.items.find(
        (item: { renewalId: string }) => item.renewalId === renewal.renewalId,
      );
      expect(row).toEqual({
        renewalId: renewal.renewalId,
        workflowId: renewal.workflowId,
        account: renewal.account,
        region: renewal.region,
        contractId: renewal.contractId,
        tier: renewal.tier,
        currency: 'CNY',
        customerSuccessOwner: renewal.customerSuccessOwner,
        source: { playbook: 'api', id: null },
        stage: renewal.stage,
        stageEnteredAt: renewal.stageEnteredAt,
        term: {
          number: 2,
          termStart: renewal.term.termStart,
          contractEnd: renewal.term.contractEnd,
          value: renewal.term.value,
          compressed: false,
          lastCall: false,
          lapsed: false,
        },
        steps: renewal.term.steps,
        health: { score: 21, band: 'at-risk', source: 'posted', at: renewal.health!.at },
        atRisk: true,
        healthCheck: renewal.healthCheck,
        nextStep: renewal.nextStep,
        overdueSteps: renewal.overdueSteps,
        startedAt: renewal.startedAt,
        endedAt: null,
        updatedAt: expect.any(String),
      });
    });

    it.each<[string, (renewal: RenewalProjection) => boolean]>([
      ['region=west', (renewal) => renewal.region === 'west'],
      ['tier=strategic', (renewal) => renewal.tier === 'strategic'],
      ['stage=churned', (renewal) => renewal.stage === 'churned'],
      ['stage=proposal,%20outcome', (renewal) => ['proposal', 'outcome'].includes(renewal.stage)],
      ['customerSuccessOwner=ben', (renewal) => renewal.customerSuccessOwner === 'ben'],
      ['atRisk=true', (renewal) => renewal.atRisk],
      ['atRisk=false', (renewal) => !renewal.atRisk],
      ['overdue=true', (renewal) => renewal.overdueSteps > 0],
      ['overdue=false', (renewal) => renewal.overdueSteps === 0],
      [
        'contractEndFrom=2027-06-01&contractEndTo=2027-12-31',
        (renewal) => renewal.term.contractEnd >= '2027-06-01' && renewal.term.contractEnd <= '2027-12-31',
      ],
      [
        `contractEndFrom=${LATEST[4]!.term.contractEnd}&contractEndTo=${LATEST[4]!.term.contractEnd}`,
        (renewal) => renewal.term.contractEnd === LATEST[4]!.term.contractEnd,
      ],
      [
        'region=east&tier=key&atRisk=false',
        (renewal) => renewal.region === 'east' && renewal.tier === 'key' && !renewal.atRisk,
      ],
    ])('filters by %s', async (query, keep) => {
      const expected = idsOf(LATEST.filter(keep));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(await get(`/api/renewals?${query}&limit=200`))).toEqual(expected);
    });

    it.each([1, 4, 7])('pages with limit=%i without duplicates or gaps', async (limit) => {
      const { pages, rows } = await walkPages((path) => get(path), '/api/renewals', limit, 100);
      expect(rows.map((row) => row.renewalId)).toEqual(idsOf(LATEST));
      expect(pages).toBe(Math.ceil(LATEST.length / limit));
    });

    it('shows a region-scoped caller only the renewals in its regions, page after page', async () => {
      expect(ids(await get('/api/renewals?limit=200', EAST_OPS))).toEqual(
        idsOf(LATEST.filter((renewal) => renewal.region === 'east')),
      );
      expect(ids(await get('/api/renewals?region=west', EAST_OPS))).toEqual([]);
      const { rows } = await walkPages((path) => get(path, EAST_WEST_SALES), '/api/renewals', 3, 100);
      expect(rows.map((row) => row.renewalId)).toEqual(idsOf(LATEST.filter((renewal) => renewal.region !== 'north')));
    });

    it.each([
      ['contractEndFrom=2028-01-01&contractEndTo=2027-01-01', ['contractEndFrom', 'contractEndTo']],
      ['stage=renewed', ['stage.0']],
      ['atRisk=yes', ['atRisk']],
      ['tier=Key%20Accounts', ['tier']],
      ['cursor=not-ours', ['cursor']],
      ['limit=0', ['limit']],
      ['colour=red', ['']],
    ])('answers 400 naming each bad parameter (%s)', async (query, paths) => {
      const response = await get(`/api/renewals?${query}`);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(PROBLEM_JSON);
      expect((response.body.errors as { path: string }[]).map((issue) => issue.path).sort()).toEqual(paths);
    });
  });

  describe('GET /api/renewals/:id/timeline and /terms', () => {
    it('returns the events across terms in order, with why each alarm fired', async () => {
      const played = PLAYED[8]!;
      const response = await get(timelinePath(played.renewalId, '?limit=500'));
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual(
        eventsOf(played).map((event) => ({
          n: event.n,
          at: event.at,
          type: event.type,
          actor: event.actor,
          term: event.term,
          stepKey: event.stepKey ?? null,
          summary: event.summary,
          // The summary's catalog text comes back as the workflow wrote it, for the board to word.
          ...(event.message ? { message: event.message } : {}),
          before: event.before ?? null,
          after: event.after ?? null,
          cause: event.cause ?? null,
        })),
      );
      expect(new Set(response.body.items.map((event: { term: number }) => event.term))).toEqual(new Set([1, 2]));
    });

    it('pages by the last n seen, and filters by type, term and step', async () => {
      const played = PLAYED[9]!;
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = await get(timelinePath(played.renewalId, `?limit=2&after=${after}`));
        seen.push(...page.body.items.map((event: { n: number }) => event.n));
        if (page.body.nextAfter === null) break;
        after = page.body.nextAfter;
      }
      expect(seen).toEqual(eventsOf(played).map((event) => event.n));
      const escalations = await get(timelinePath(played.renewalId, '?type=renewal.step-escalation'));
      const escalated = eventsOf(played)
        .filter((event) => event.type === 'renewal.step-escalation')
        .map((event) => event.stepKey);
      expect(escalated.slice(0, 2)).toEqual(['health_review', 'proposal']);
      expect(escalations.body.items.map((event: { stepKey: string }) => event.stepKey)).toEqual(escalated);
      expect(escalations.body.items[0].cause).toMatchObject({ subject: 'health_review', calendar: 'mon-fri' });
      const proposal = await get(timelinePath(played.renewalId, '?stepKey=proposal&type=renewal.step-overdue'));
      expect(proposal.body.items).toEqual([
        expect.objectContaining({ type: 'renewal.step-overdue', stepKey: 'proposal' }),
      ]);
      const second = await get(timelinePath(PLAYED[7]!.renewalId, '?term=2'));
      const termTwo = eventsOf(PLAYED[7]!).filter((event) => event.term === 2);
      expect(termTwo.map((event) => event.type)).toEqual(
        expect.arrayContaining(['renewal.term-planned', 'renewal.step-escalation', 'renewal.renewed']),
      );
      expect(second.body.items.map((event: { n: number }) => event.n)).toEqual(termTwo.map((event) => event.n));
    });

    it('lists every term of a renewal, oldest first', async () => {
      const renewal = LATEST[7]!;
      const response = await get(`/api/renewals/${encodeURIComponent(renewal.renewalId)}/terms`);
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual(renewal.terms.map((term) => ({ ...term })));
      expect(response.body.items.map((term: { outcome: string | null }) => term.outcome)).toEqual([
        'renewed',
        'renewed',
        null,
      ]);
    });

    it('answers 404 alike for an unknown renewal and for one in another region', async () => {
      const west = LATEST.find((renewal) => renewal.region === 'west')!;
      for (const [path, id] of [
        [timelinePath(west.renewalId), west.renewalId],
        [timelinePath('renewal:nobody:C-0'), 'renewal:nobody:C-0'],
        [`/api/renewals/${encodeURIComponent(west.renewalId)}/terms`, west.renewalId],
      ] as const) {
        const response = await get(path, EAST_OPS);
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ status: 404, title: 'Not found', detail: `No renewal ${id}` });
      }
      expect((await get(timelinePath(west.renewalId), EAST_WEST_SALES)).status).toBe(200);
    });
  });

  describe('GET /api/renewals/calendar and /forecast', () => {
    it.each([
      ['2027-01', '2028-12'],
      ['2027-06', '2027-08'],
      ['2029-01', '2029-12'],
      ['2025-01', '2025-03'],
    ])('computes every figure per month, region and tier for %s to %s', async (from, to) => {
      const calendar = await get(`/api/renewals/calendar?from=${from}&to=${to}`);
      expect(calendar.status).toBe(200);
      expect(calendar.body).toMatchObject({ from, to, region: null, tier: null, currency: null });
      expectFigures(calendar.body, expectedCalendar(FACTS, from, to));
      const forecast = await get(`/api/renewals/forecast?from=${from}&to=${to}`);
      expect(forecast.status).toBe(200);
      expectFigures(forecast.body, expectedForecast(FACTS, from, to));
    });

    it('the wide window has something of everything to count', async () => {
      const forecast = (await get('/api/renewals/forecast?from=2027-01&to=2028-12')).body;
      expect(forecast.open).toBeGreaterThan(0);
      expect(forecast.atRisk).toBeGreaterThan(0);
      expect(forecast.renewed).toBeGreaterThan(0);
      expect(forecast.churned).toBeGreaterThan(1);
      expect(forecast.grossRevenueRetention).toBeLessThan(1);
      expect(forecast.netRevenueRetention).toBeGreaterThan(forecast.grossRevenueRetention);
      expect(forecast.churnReasons.filter((reason: { count: number }) => reason.count > 0).length).toBeGreaterThan(1);
      const empty = (await get('/api/renewals/forecast?from=2025-01&to=2025-03')).body;
      expect(empty).toMatchObject({
        contracts: 0,
        value: 0,
        expectedRenewalValue: 0,
        grossRevenueRetention: null,
        netRevenueRetention: null,
        byRegion: [],
        byTier: [],
      });
    });

    it.each([
      ['region=north', (fact: TermFact) => fact.region === 'north'],
      ['tier=standard', (fact: TermFact) => fact.tier === 'standard'],
      ['currency=USD', (fact: TermFact) => fact.currency === 'USD'],
      [
        'region=east&tier=key&currency=CNY',
        (fact: TermFact) => fact.region === 'east' && fact.tier === 'key' && fact.currency === 'CNY',
      ],
    ])('computes one slice alone (%s)', async (query, keep) => {
      const facts = FACTS.filter(keep);
      expect(facts.length).toBeGreaterThan(0);
      expectFigures(
        (await get(`/api/renewals/calendar?from=2027-01&to=2028-12&${query}`)).body,
        expectedCalendar(facts, '2027-01', '2028-12'),
      );
      expectFigures(
        (await get(`/api/renewals/forecast?from=2027-01&to=2028-12&${query}`)).body,
        expectedForecast(facts, '2027-01', '2028-12'),
      );
    });

    it('defaults to this month and the twelve after it, so a one-year contract signed today is inside', async () => {
      const calendar = await get('/api/renewals/calendar');
      expect(calendar.body).toMatchObject({ from: '2027-06', to: '2028-06' });
      expect(calendar.body.months).toHaveLength(13);
      expectFigures(calendar.body, expectedCalendar(FACTS, '2027-06', '2028-06'));
      expect((await get('/api/renewals/forecast?to=2027-03')).body).toMatchObject({ from: '2026-03', to: '2027-03' });
      expect((await get('/api/renewals/forecast?from=2027-03')).body).toMatchObject({ from: '2027-03', to: '2028-03' });
    });

    it("keeps a region-scoped caller to its own regions, and answers 404 for another region's", async () => {
      const east = await get('/api/renewals/calendar?from=2027-01&to=2028-12', EAST_OPS);
      expectFigures(
        east.body,
        expectedCalendar(
          FACTS.filter((fact) => fact.region === 'east'),
          '2027-01',
          '2028-12',
        ),
      );
      const two = await get('/api/renewals/forecast?from=2027-01&to=2028-12', EAST_WEST_SALES);
      expectFigures(
        two.body,
        expectedForecast(
          FACTS.filter((fact) => fact.region !== 'north'),
          '2027-01',
          '2028-12',
        ),
      );
      expect(two.body.byRegion.map((row: { region: string }) => row.region)).toEqual(['east', 'west']);
      for (const path of ['/api/renewals/calendar?region=west', '/api/renewals/forecast?region=atlantis']) {
        const hidden = await get(path, EAST_OPS);
        expect(hidden.status).toBe(404);
        expect(hidden.contentType).toMatch(PROBLEM_JSON);
      }
      // A company-wide role asking for a region without renewals gets zeros, not a 404.
      expect((await get('/api/renewals/forecast?region=atlantis')).body).toMatchObject({ contracts: 0, byRegion: [] });
    });

    it.each([
      ['from=2028-01&to=2027-01', ['from', 'to']],
      ['from=2027-01&to=2030-01', ['from', 'to']],
      ['from=2027-13', ['from']],
      ['from=27-01', ['from']],
      ['to=2027-01-15', ['to']],
      ['currency=yen', ['currency']],
      ['quarter=2', ['']],
    ])('answers 400 naming each bad parameter (%s)', async (query, paths) => {
      for (const endpoint of ['calendar', 'forecast']) {
        const response = await get(`/api/renewals/${endpoint}?${query}`);
        expect(response.status).toBe(400);
        expect((response.body.errors as { path: string }[]).map((issue) => issue.path).sort()).toEqual(paths);
      }
    });
  });
});
