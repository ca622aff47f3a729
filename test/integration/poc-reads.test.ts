import { createPocProjection } from '../../activities/poc/projection';
import { buildOpenApiDocument } from '../../api/http/openapi';
import { pocReadRoutes } from '../../api/poc/reads';
import type { PocProjection } from '../../domain/poc/projection';
import {
  FINAL_POC_STAGES,
  LOSS_REASONS,
  POC_STAGES,
  type LossReason,
  type PocStage,
  type PocTimelineEvent,
  type PocTimelineEventType,
  type RiskReason,
} from '../../domain/poc/types';
import { authorizedRequest, databaseKinds, type ApiResponse, type Identity } from '../helpers/baton-harness';
import { servedReadModel } from '../helpers/routes-server';
import { walkPages } from '../helpers/paging';

/*
 * The POC read endpoints answer from the read model alone, so this suite needs no Temporal server:
 * it writes ~30 trials across three regions through the real projection activity
 * (createPocProjection), version after version as a trial's workflow would, with stale and repeated
 * writes mixed in, and serves just these routes through the app's mounting, authentication and
 * problem handling, every response checked against its declared schema. Every dashboard figure is
 * computed again here, in plain TypeScript, from the projections the trials ended with.
 */

const PROBLEM_JSON = /^application\/problem\+json/;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The API's clock: the snapshot figures (overdue check-ins, days in stage, default window) read it. */
const NOW = new Date('2027-04-01T10:00:00Z');
const TODAY = '2027-04-01';
const SINKS = ['log', 'team-chat'];
const REGIONS = ['east', 'west', 'north'];

const OPS: Identity = { subject: 'olga', roles: ['ops_manager'] };
const EAST_OPS: Identity = { subject: 'erin', roles: ['regional_ops'], regions: ['east'] };
const EAST_WEST_SALES: Identity = { subject: 'sam', roles: ['sales'], regions: ['east', 'west'] };

// ---------------------------------------------------------------------------------------------
// The data set: deterministic trials and every version of their projections.

/** A fixed pseudo-random sequence, so the data set is varied and the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The stages each kind of trial goes through after `requested`. */
const PATHS: PocStage[][] = [
  ['approved', 'provisioning', 'ready', 'active', 'converted'],
  ['approved', 'provisioning', 'ready', 'active', 'lost'],
  ['approved', 'provisioning', 'ready', 'active', 'expired'],
  ['approved', 'provisioning', 'ready', 'active'],
  ['approved', 'provisioning', 'ready', 'active'],
  [],
  ['rejected'],
  ['approved', 'provisioning', 'provisioning_failed', 'provisioning', 'ready'],
  ['approved', 'provisioning', 'ready', 'active', 'cancelled'],
  ['approved', 'provisioning', 'provisioning_failed', 'provisioning', 'ready', 'active', 'lost'],
];

interface TrialSpec {
  index: number;
  trialId: string;
  account: string;
  region: string;
  industry: string;
  product: string;
  salesOwner: string;
  presales: string[];
  ops: string[];
  entries: { stage: PocStage; enteredAt: string; by: string }[];
  riskReasons: RiskReason[];
  lossReason: LossReason | null;
  nextCheckInDue: string | null;
  events: PocTimelineEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

const EVENT_OF_STAGE: Record<PocStage, PocTimelineEventType> = {
  requested: 'poc.requested',
  approved: 'poc.approved',
  rejected: 'poc.rejected',
  provisioning: 'provisioning.started',
  provisioning_failed: 'provisioning.failed',
  ready: 'provisioning.succeeded',
  active: 'poc.kicked-off',
  converted: 'poc.converted',
  lost: 'poc.lost',
  expired: 'poc.expired',
  cancelled: 'poc.withdrawn',
};

function trialSpecs(): TrialSpec[] {
  const random = seeded(20_261_122);
  const base = Date.parse('2026-10-05T08:00:00Z');
  return Array.from({ length: 30 }, (_, index) => {
    // Two trials per request time (in different regions), so paging must break ties by id; trial 7's
    // account sorts differently by collation, so it gets a time of its own.
    const requestedAt = base + Math.floor(index / 2) * 6 * DAY_MS + (index === 7 ? 90 * 60_000 : 0);
    const account = index === 7 ? 'Acme & Co' : `account-${pad(index)}`;
    const kind = index % 10;
    const salesOwner = ['sam', 'sue', 'sid', 'sky'][Math.floor(index / 3) % 4]!;
    let at = requestedAt;
    const entries: TrialSpec['entries'] = [{ stage: 'requested', enteredAt: iso(at), by: salesOwner }];
    for (const stage of PATHS[kind]!) {
      at += Math.round(6 + random() * 24 * 12) * HOUR_MS;
      entries.push({
        stage,
        enteredAt: iso(at),
        by: stage === 'expired' || stage.startsWith('provisioning') || stage === 'ready' ? 'baton' : salesOwner,
      });
    }
    const current = entries.at(-1)!.stage;
    // Active trials: some at risk, some with a check-in overdue, one due today (not overdue yet).
    const riskReasons: RiskReason[] =
      current !== 'active'
        ? []
        : kind === 3
          ? ['missed-check-in']
          : index % 3 === 0
            ? ['red-health', 'criteria-open-near-end']
            : [];
    const nextCheckInDue =
      current !== 'active' ? null : kind === 3 ? '2027-03-25' : index === 14 ? TODAY : '2027-04-03';
    const trialId = `poc:${encodeURIComponent(account)}:OPP-${pad(index)}`;
    const spec: TrialSpec = {
      index,
      trialId,
      account,
      region: REGIONS[index % 3]!,
      industry: ['retail', 'finance', 'manufacturing', 'health'][index % 4]!,
      product: index % 2 === 0 ? 'Baton Analytics' : 'Baton CRM',
      salesOwner,
      presales: index % 3 === 2 ? ['pete'] : ['priya'],
      ops: index % 4 === 0 ? ['otto'] : [],
      entries,
      riskReasons,
      lossReason: current === 'lost' ? LOSS_REASONS[Math.floor(index / 2) % LOSS_REASONS.length]! : null,
      nextCheckInDue,
      events: [],
    };
    spec.events = eventsOf(spec);
    return spec;
  });
}

/** One event per stage entered, a criterion marked after kickoff, and a missed check-in for trials at risk for it. */
function eventsOf(spec: TrialSpec): PocTimelineEvent[] {
  const events: Omit<PocTimelineEvent, 'n'>[] = spec.entries.map((entry, index) => ({
    at: entry.enteredAt,
    type: EVENT_OF_STAGE[entry.stage],
    actor: entry.by,
    summary: `${spec.account} entered ${entry.stage}`,
    ...(index > 0 ? { before: { stage: spec.entries[index - 1]!.stage } } : {}),
    after: { stage: entry.stage },
    ...(entry.stage === 'requested' ? { notify: { role: 'regional_ops' as const, person: 'rita' } } : {}),
    ...(entry.stage === 'lost' ? { notify: { role: 'ops_manager' as const } } : {}),
  }));
  const kickoff = spec.entries.find((entry) => entry.stage === 'active');
  if (kickoff) {
    events.push({
      at: iso(Date.parse(kickoff.enteredAt) + HOUR_MS),
      type: 'poc.criterion-marked',
      actor: 'priya',
      criterionKey: 'uptime',
      summary: 'priya marked uptime met',
      before: { status: 'open' },
      after: { status: 'met' },
    });
  }
  if (spec.riskReasons.includes('missed-check-in')) {
    events.push({
      at: iso(NOW.getTime() - 2 * DAY_MS),
      type: 'poc.check-in-missed',
      actor: 'baton',
      summary: 'a check-in was missed',
      cause: {
        subject: 'check-in',
        rule: 'every 7 days, 2 days grace',
        dueDate: '2027-03-25',
        calendar: 'mon-fri',
        scheduledFor: iso(NOW.getTime() - 2 * DAY_MS),
      },
      notify: { role: 'sales', person: spec.salesOwner },
    });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at)).map((event, index) => ({ ...event, n: index + 1 }));
}

/**
 * What the trial's workflow would project after its `k`-th stage: seq grows with k, and `eventsAfter`
 * leaves out the events an earlier projection already carried.
 */
function projectionAt(spec: TrialSpec, k: number, eventsAfter: number): PocProjection {
  const full = k === spec.entries.length;
  const entries = spec.entries.slice(0, k);
  const entry = entries.at(-1)!;
  const { stage } = entry;
  const final = FINAL_POC_STAGES.has(stage);
  const reached = (candidate: PocStage) => entries.find((each) => each.stage === candidate);
  const requestedMs = Date.parse(spec.entries[0]!.enteredAt);
  const plannedStartMs = requestedMs + 7 * DAY_MS;
  const riskReasons = full && stage === 'active' ? spec.riskReasons : [];
  const until = Date.parse(entry.enteredAt);
  return {
    trialId: spec.trialId,
    workflowId: spec.trialId,
    account: spec.account,
    region: spec.region,
    industry: spec.industry,
    opportunityId: `OPP-${pad(spec.index)}`,
    amount: 10_000 * (spec.index + 1) + 0.5,
    currency: spec.index % 5 === 0 ? null : 'CNY',
    product: spec.product,
    salesOwner: spec.salesOwner,
    presales: spec.presales,
    opsSupporters: spec.ops,
    regionalOps: 'rita',
    calendar: 'mon-fri',
    stage,
    stageEnteredAt: entry.enteredAt,
    stageHistory: entries,
    atRisk: riskReasons.length > 0,
    riskReasons,
    requestedAt: spec.entries[0]!.enteredAt,
    requestedBy: spec.salesOwner,
    approvalDueDate: dateOf(requestedMs + 2 * DAY_MS),
    approvalOverdue: spec.index % 7 === 0,
    autoApproved: false,
    plannedStart: dateOf(plannedStartMs),
    endDate: dateOf(plannedStartMs + 14 * DAY_MS),
    expiresOn: dateOf(plannedStartMs + 22 * DAY_MS),
    kickoffAt: reached('active')?.enteredAt ?? null,
    nextCheckInDue: stage === 'active' ? spec.nextCheckInDue : null,
    lastCheckIn:
      full && stage === 'active'
        ? {
            at: iso(NOW.getTime() - 9 * DAY_MS),
            by: spec.salesOwner,
            health: riskReasons.includes('red-health') ? 'red' : 'green',
          }
        : null,
    missedCheckIns: riskReasons.includes('missed-check-in') ? 1 : 0,
    criteriaTotal: 2,
    criteriaMet: stage === 'converted' ? 2 : 0,
    criteriaUnmet: stage === 'lost' ? 1 : 0,
    criteria: [
      {
        key: 'uptime',
        description: 'Dashboards stay up',
        measuredBy: 'uptime report',
        status: stage === 'converted' ? 'met' : 'open',
        evidence: null,
        markedBy: null,
        markedAt: null,
      },
      {
        key: 'reports',
        description: 'Weekly report without IT',
        measuredBy: 'the customer builds it',
        status: 'open',
        evidence: null,
        markedBy: null,
        markedAt: null,
      },
    ],
    extensionsGranted: spec.index === 4 ? 1 : 0,
    extensionDaysGranted: spec.index === 4 ? 7 : 0,
    pendingExtensionDays: spec.index === 13 && full ? 5 : null,
    environment: reached('ready')
      ? { url: `https://${spec.index}.trial.example`, reference: `env-${spec.index}`, manual: false }
      : null,
    provisioningError: stage === 'provisioning_failed' ? 'provisioner down' : null,
    outcome: final
      ? {
          stage,
          at: entry.enteredAt,
          by: entry.by,
          lossReason: stage === 'lost' ? spec.lossReason : null,
          reason: stage === 'rejected' ? 'no budget this year' : null,
          note: null,
          nextStep: stage === 'converted' ? 'delivery-handoff' : null,
        }
      : null,
    endedAt: final ? entry.enteredAt : null,
    seq: 3 * k,
    events: spec.events.filter((event) => event.n > eventsAfter && (full || Date.parse(event.at) <= until)),
  };
}

// ---------------------------------------------------------------------------------------------
// The expected figures, computed independently of the SQL.

/** Postgres's percentile_cont: the value at fraction p of the sorted values, interpolated linearly. */
function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

const isOpen = (trial: PocProjection) => !FINAL_POC_STAGES.has(trial.stage);
const monthOf = (at: string) => at.slice(0, 7);

function expectedConversion(trials: PocProjection[]) {
  const count = (stage: string) => trials.filter((trial) => trial.outcome?.stage === stage).length;
  const [converted, lost, expired] = [count('converted'), count('lost'), count('expired')];
  return {
    converted,
    lost,
    expired,
    conversionRate: converted + lost + expired === 0 ? null : converted / (converted + lost + expired),
  };
}

function expectedDashboard(trials: PocProjection[], from: string, to: string) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  const inWindow = (at: string) => Date.parse(at) >= start && Date.parse(at) < end;
  const ended = trials.filter((trial) => trial.outcome !== null && inWindow(trial.outcome.at));
  const overdue = (trial: PocProjection) =>
    trial.stage === 'active' && trial.nextCheckInDue !== null && trial.nextCheckInDue < TODAY;
  const atRisk = trials.filter((trial) => isOpen(trial) && trial.atRisk);

  const months: string[] = [];
  for (
    let month = new Date(`${monthOf(from)}-01T00:00:00Z`);
    month.getTime() < end;
    month.setUTCMonth(month.getUTCMonth() + 1)
  ) {
    months.push(month.toISOString().slice(0, 7));
  }
  const regions = [...new Set(trials.map((trial) => trial.region))].sort();
  return {
    stages: POC_STAGES.map((stage) => {
      const final = FINAL_POC_STAGES.has(stage);
      const durations = trials.flatMap((trial) =>
        trial.stageHistory.flatMap((entry, index) => {
          const next = trial.stageHistory[index + 1];
          return entry.stage === stage && next && inWindow(next.enteredAt)
            ? [(Date.parse(next.enteredAt) - Date.parse(entry.enteredAt)) / DAY_MS]
            : [];
        }),
      );
      return {
        stage,
        final,
        count: (final ? ended : trials).filter((trial) => trial.stage === stage).length,
        visits: durations.length,
        medianDays: percentileCont(durations, 0.5),
        p90Days: percentileCont(durations, 0.9),
      };
    }),
    outcomes: {
      ...expectedConversion(ended),
      cancelled: ended.filter((trial) => trial.outcome!.stage === 'cancelled').length,
      rejected: ended.filter((trial) => trial.outcome!.stage === 'rejected').length,
    },
    overdueCheckIns: trials.filter(overdue).length,
    atRisk: {
      count: atRisk.length,
      trials: atRisk
        .sort((a, b) => a.stageEnteredAt.localeCompare(b.stageEnteredAt) || a.trialId.localeCompare(b.trialId))
        .map((trial) => ({
          trialId: trial.trialId,
          account: trial.account,
          region: trial.region,
          stage: trial.stage,
          riskReasons: trial.riskReasons,
          daysInStage: (NOW.getTime() - Date.parse(trial.stageEnteredAt)) / DAY_MS,
          salesOwner: trial.salesOwner,
          endDate: trial.endDate,
        })),
    },
    lossReasons: LOSS_REASONS.map((reason) => ({
      lossReason: reason,
      count: ended.filter((trial) => trial.outcome!.stage === 'lost' && trial.outcome!.lossReason === reason).length,
    })),
    trend: months.map((month) => ({
      month,
      requested: trials.filter((trial) => inWindow(trial.requestedAt) && monthOf(trial.requestedAt) === month).length,
      ...expectedConversion(ended.filter((trial) => monthOf(trial.outcome!.at) === month)),
    })),
    regions: regions.map((region) => {
      const mine = trials.filter((trial) => trial.region === region);
      return {
        region,
        inFlight: mine.filter(isOpen).length,
        atRisk: mine.filter((trial) => isOpen(trial) && trial.atRisk).length,
        overdueCheckIns: mine.filter(overdue).length,
        ...expectedConversion(ended.filter((trial) => trial.region === region)),
      };
    }),
  };
}

type Expected = ReturnType<typeof expectedDashboard>;

/** The API rounds days to two places and rates to four: compare within that rounding. */
function expectClose(actual: number | null, expected: number | null, places: number, what: string) {
  if (expected === null || actual === null) {
    expect({ what, actual }).toEqual({ what, actual: expected });
    return;
  }
  const tolerance = 0.5 * 10 ** -places + 1e-9;
  if (Math.abs(actual - expected) > tolerance)
    throw new Error(`${what}: expected ${expected} (within ${tolerance}), got ${actual}`);
}

// Dashboard bodies are compared field by field; the number of trials per region keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectDashboard(body: any, expected: Expected) {
  const rate = (row: { conversionRate: number | null }) => row.conversionRate;
  expect(
    body.stages.map(({ stage, final, count, visits }: Expected['stages'][number]) => ({ stage, final, count, visits })),
  ).toEqual(expected.stages.map(({ stage, final, count, visits }) => ({ stage, final, count, visits })));
  expected.stages.forEach((stage, index) => {
    expectClose(body.stages[index].medianDays, stage.medianDays, 2, `median days in ${stage.stage}`);
    expectClose(body.stages[index].p90Days, stage.p90Days, 2, `p90 days in ${stage.stage}`);
  });
  const { conversionRate, ...outcomes } = expected.outcomes;
  expect(body.outcomes).toMatchObject(outcomes);
  expectClose(body.outcomes.conversionRate, conversionRate, 4, 'conversion rate');
  expect(body.overdueCheckIns).toBe(expected.overdueCheckIns);
  expect(body.atRisk.count).toBe(expected.atRisk.count);
  expect(body.atRisk.trials.map(({ daysInStage: _days, ...rest }: { daysInStage: number }) => rest)).toEqual(
    expected.atRisk.trials.map(({ daysInStage: _days, ...rest }) => rest),
  );
  expected.atRisk.trials.forEach((trial, index) =>
    expectClose(body.atRisk.trials[index].daysInStage, trial.daysInStage, 2, `days in stage of ${trial.trialId}`),
  );
  expect(body.lossReasons).toEqual(expected.lossReasons);
  expect(body.trend.map(({ conversionRate: _rate, ...rest }: { conversionRate: number | null }) => rest)).toEqual(
    expected.trend.map(({ conversionRate: _rate, ...rest }) => rest),
  );
  expected.trend.forEach((month, index) =>
    expectClose(rate(body.trend[index]), rate(month), 4, `conversion in ${month.month}`),
  );
  expect(body.regions.map(({ conversionRate: _rate, ...rest }: { conversionRate: number | null }) => rest)).toEqual(
    expected.regions.map(({ conversionRate: _rate, ...rest }) => rest),
  );
  expected.regions.forEach((region, index) =>
    expectClose(rate(body.regions[index]), rate(region), 4, `conversion in ${region.region}`),
  );
}

// ---------------------------------------------------------------------------------------------

const SPECS = trialSpecs();
/** What each trial's read model must show: its last projection, whatever came after it. */
const LATEST = SPECS.map((spec) => projectionAt(spec, spec.entries.length, 0));
const latestOf = (index: number) => LATEST[index]!;
/** Trials sent an older projection after their newest; and trials whose newest was sent again whole. */
const STALE_AFTER = SPECS.filter((spec) => spec.index % 4 === 1 && spec.entries.length > 2);
const REPEATED = SPECS.filter((spec) => spec.index % 5 === 0);

const byListOrder = (a: PocProjection, b: PocProjection) =>
  b.requestedAt.localeCompare(a.requestedAt) || (a.trialId < b.trialId ? 1 : -1);
const idsOf = (trials: PocProjection[]) => [...trials].sort(byListOrder).map((trial) => trial.trialId);
const ids = (response: ApiResponse): string[] => {
  expect(response.status).toBe(200);
  return response.body.items.map((row: { trialId: string }) => row.trialId);
};
const timelinePath = (trialId: string, query = '') => `/api/pocs/${encodeURIComponent(trialId)}/timeline${query}`;

describe.each(databaseKinds())('POC read model API on %s', (kind) => {
  const get = (path: string, as: Identity = OPS) => authorizedRequest(api.baseUrl, 'GET', path, undefined, { as });

  /** Every page of a list, following nextCursor; checks no page is empty or oversized. */
  async function allPages(path: string, limit: number, as: Identity = OPS): Promise<{ pages: number; ids: string[] }> {
    const { pages, rows } = await walkPages((page) => get(page, as), path, limit, 100);
    return { pages, ids: rows.map((row) => row.trialId as string) };
  }

  const api = servedReadModel(
    kind,
    async (db) => {
      const { projectPoc } = createPocProjection(db, SINKS);
      for (const spec of SPECS) {
        // As the workflow does: one projection per change, each carrying the events not yet projected.
        let projected = 0;
        for (let k = 1; k <= spec.entries.length; k += 1) {
          const projection = projectionAt(spec, k, projected);
          await projectPoc(projection);
          projected = Math.max(projected, ...projection.events.map((event) => event.n));
        }
      }
      // A retried activity from long ago lands late, with every event it carried; and whole repeats of the newest.
      for (const spec of STALE_AFTER) await projectPoc(projectionAt(spec, 2, 0));
      for (const spec of REPEATED) await projectPoc(projectionAt(spec, spec.entries.length, 0));
    },
    (db) => pocReadRoutes(db, () => NOW),
  );

  describe('the projection', () => {
    it('covers every stage and three regions', () => {
      expect(LATEST).toHaveLength(30);
      const now: PocStage[] = ['requested', 'rejected', 'ready', 'active', 'converted', 'lost', 'expired', 'cancelled'];
      expect(new Set(LATEST.map((trial) => trial.stage))).toEqual(new Set(now));
      expect(new Set(LATEST.flatMap((trial) => trial.stageHistory.map((entry) => entry.stage)))).toEqual(
        new Set(POC_STAGES),
      );
      expect(new Set(LATEST.map((trial) => trial.region))).toEqual(new Set(REGIONS));
      expect(STALE_AFTER.length).toBeGreaterThan(3);
      // The reference percentile agrees with Postgres's percentile_cont on a known case.
      expect(percentileCont([10, 1, 3, 2, 4], 0.5)).toBe(3);
      expect(percentileCont([10, 1, 3, 2, 4], 0.9)).toBeCloseTo(7.6, 12);
      expect(percentileCont([5], 0.9)).toBe(5);
    });

    it('keeps the newest projection of each trial, never an older one sent later', async () => {
      const rows = await api.db.pocTrial.findMany({
        select: { id: true, stage: true, projectionSeq: true, stageHistory: true, atRisk: true },
      });
      expect(rows).toHaveLength(LATEST.length);
      for (const trial of LATEST) {
        expect(rows.find((row) => row.id === trial.trialId)).toEqual({
          id: trial.trialId,
          stage: trial.stage,
          projectionSeq: trial.seq,
          stageHistory: trial.stageHistory,
          atRisk: trial.atRisk,
        });
      }
      const stale = latestOf(STALE_AFTER[0]!.index);
      expect(stale.stageHistory.length).toBeGreaterThan(2);
      const row = await api.db.pocTrial.findUniqueOrThrow({ where: { id: stale.trialId } });
      expect(row).toMatchObject({ stage: stale.stage, projectionSeq: stale.seq, environment: stale.environment });
    });

    it('stores one interval per stage visit, each ending when the next stage was entered, in its trial’s region', async () => {
      const intervals = await api.db.pocStageInterval.findMany({ orderBy: [{ trialId: 'asc' }, { n: 'asc' }] });
      const expected = LATEST.flatMap((trial) =>
        trial.stageHistory.map((entry, index) => ({
          trialId: trial.trialId,
          n: index + 1,
          stage: entry.stage,
          enteredAt: new Date(entry.enteredAt),
          leftAt: trial.stageHistory[index + 1] ? new Date(trial.stageHistory[index + 1]!.enteredAt) : null,
          region: trial.region,
        })),
      );
      const key = (row: { trialId: string; n: number }) => `${row.trialId}#${row.n}`;
      expect([...intervals].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...expected].sort((a, b) => key(a).localeCompare(key(b))),
      );
    });

    it('stores each event once, however often it was sent, and one outbox row per notifying event and sink', async () => {
      const events = await api.db.pocEvent.findMany({ select: { trialId: true, n: true, type: true } });
      expect(events).toHaveLength(SPECS.reduce((sum, spec) => sum + spec.events.length, 0));
      for (const spec of [...STALE_AFTER, ...REPEATED]) {
        expect(
          events
            .filter((event) => event.trialId === spec.trialId)
            .map((event) => event.n)
            .sort((a, b) => a - b),
        ).toEqual(spec.events.map((event) => event.n));
      }
      const outbox = await api.db.notificationOutbox.findMany({
        orderBy: [{ launchId: 'asc' }, { eventN: 'asc' }, { sink: 'asc' }],
      });
      const notifying = SPECS.flatMap((spec) =>
        spec.events.filter((event) => event.notify).map((event) => ({ spec, event })),
      );
      expect(outbox).toHaveLength(notifying.length * SINKS.length);
      const missed = notifying.find(({ event }) => event.type === 'poc.check-in-missed')!;
      expect(outbox.filter((row) => row.launchId === missed.spec.trialId && row.eventN === missed.event.n)).toEqual(
        SINKS.map((sink) =>
          expect.objectContaining({
            sink,
            role: 'sales',
            person: missed.spec.salesOwner,
            text: 'a check-in was missed',
            cause: missed.event.cause,
            status: 'pending',
          }),
        ),
      );
    });
  });

  describe('GET /api/pocs', () => {
    it('lists every trial, newest request first, then by id', async () => {
      const response = await get('/api/pocs?limit=200');
      expect(ids(response)).toEqual(idsOf(LATEST));
      expect(response.body.nextCursor).toBeNull();
    });

    it('shows what the read model holds of a trial', async () => {
      const trial = LATEST.find((candidate) => candidate.stage === 'lost')!;
      const row = (await get('/api/pocs?limit=200')).body.items.find(
        (item: { trialId: string }) => item.trialId === trial.trialId,
      );
      expect(row).toEqual({
        trialId: trial.trialId,
        workflowId: trial.workflowId,
        account: trial.account,
        region: trial.region,
        industry: trial.industry,
        product: trial.product,
        opportunityId: trial.opportunityId,
        amount: trial.amount,
        currency: trial.currency,
        salesOwner: trial.salesOwner,
        presales: trial.presales,
        opsSupporters: trial.opsSupporters,
        stage: 'lost',
        stageEnteredAt: trial.stageEnteredAt,
        atRisk: false,
        riskReasons: [],
        requestedAt: trial.requestedAt,
        approvalDueDate: trial.approvalDueDate,
        approvalOverdue: trial.approvalOverdue,
        plannedStart: trial.plannedStart,
        endDate: trial.endDate,
        expiresOn: trial.expiresOn,
        kickoffAt: trial.kickoffAt,
        nextCheckInDue: null,
        missedCheckIns: 0,
        criteria: { total: 2, met: 0, unmet: 1 },
        extensionsGranted: 0,
        pendingExtensionDays: null,
        outcome: { stage: 'lost', at: trial.outcome!.at, lossReason: trial.outcome!.lossReason },
        updatedAt: expect.any(String),
      });
      const active = latestOf(3);
      const activeRow = (await get(`/api/pocs?owner=${active.salesOwner}&stage=active&limit=200`)).body.items.find(
        (item: { trialId: string }) => item.trialId === active.trialId,
      );
      expect(activeRow).toMatchObject({
        stage: 'active',
        atRisk: true,
        riskReasons: ['missed-check-in'],
        nextCheckInDue: '2027-03-25',
        missedCheckIns: 1,
        outcome: null,
      });
    });

    it.each([
      ['region=west', (trial: PocProjection) => trial.region === 'west'],
      ['stage=active', (trial: PocProjection) => trial.stage === 'active'],
      [
        'stage=lost,expired,%20converted',
        (trial: PocProjection) => ['lost', 'expired', 'converted'].includes(trial.stage),
      ],
      ['owner=sam', (trial: PocProjection) => trial.salesOwner === 'sam'],
      ['owner=pete', (trial: PocProjection) => trial.presales.includes('pete')],
      ['owner=otto', (trial: PocProjection) => trial.opsSupporters.includes('otto')],
      ['owner=nobody', () => false],
      ['product=Baton%20CRM', (trial: PocProjection) => trial.product === 'Baton CRM'],
      ['industry=finance', (trial: PocProjection) => trial.industry === 'finance'],
      ['atRisk=true', (trial: PocProjection) => trial.atRisk],
      ['atRisk=false', (trial: PocProjection) => !trial.atRisk],
      // Inclusive UTC days: trials requested at 08:00 on both boundary days are in.
      [
        'requestedFrom=2026-10-11&requestedTo=2026-11-04',
        (trial: PocProjection) => trial.requestedAt >= '2026-10-11' && trial.requestedAt < '2026-11-05',
      ],
      [
        'requestedFrom=2026-10-11&requestedTo=2026-10-11',
        (trial: PocProjection) => trial.requestedAt.startsWith('2026-10-11'),
      ],
      ['requestedTo=2026-10-04', () => false],
      [
        'endFrom=2026-12-01&endTo=2026-12-31',
        (trial: PocProjection) => trial.endDate >= '2026-12-01' && trial.endDate <= '2026-12-31',
      ],
      [
        `endFrom=${latestOf(9).endDate}&endTo=${latestOf(9).endDate}`,
        (trial: PocProjection) => trial.endDate === latestOf(9).endDate,
      ],
      [
        'region=east&stage=active,ready&product=Baton%20Analytics',
        (trial: PocProjection) =>
          trial.region === 'east' && ['active', 'ready'].includes(trial.stage) && trial.product === 'Baton Analytics',
      ],
      [
        'owner=priya&atRisk=false&endFrom=2026-11-15',
        (trial: PocProjection) => trial.presales.includes('priya') && !trial.atRisk && trial.endDate >= '2026-11-15',
      ],
    ])('filters by %s', async (query, keep) => {
      const expected = idsOf(LATEST.filter(keep));
      expect(ids(await get(`/api/pocs?${query}&limit=200`))).toEqual(expected);
      if (query === 'requestedFrom=2026-10-11&requestedTo=2026-10-11') expect(expected).toHaveLength(2);
    });

    it.each([1, 2, 4, 7])(
      'pages with limit=%i without duplicates or gaps, across trials requested at the same moment',
      async (limit) => {
        const { pages, ids: seen } = await allPages('/api/pocs', limit);
        expect(seen).toEqual(idsOf(LATEST));
        expect(new Set(seen).size).toBe(seen.length);
        expect(pages).toBe(Math.ceil(LATEST.length / limit));
      },
    );

    it('pages within a filter', async () => {
      const { ids: seen } = await allPages('/api/pocs?stage=active,lost&owner=priya', 3);
      expect(seen).toEqual(
        idsOf(LATEST.filter((trial) => ['active', 'lost'].includes(trial.stage) && trial.presales.includes('priya'))),
      );
    });

    it('shows a region-scoped caller only the trials in its regions', async () => {
      expect(ids(await get('/api/pocs?limit=200', EAST_OPS))).toEqual(
        idsOf(LATEST.filter((trial) => trial.region === 'east')),
      );
      expect(ids(await get('/api/pocs?region=west', EAST_OPS))).toEqual([]);
      expect(ids(await get('/api/pocs?limit=200', EAST_WEST_SALES))).toEqual(
        idsOf(LATEST.filter((trial) => trial.region !== 'north')),
      );
      const { ids: paged } = await allPages('/api/pocs', 4, EAST_OPS);
      expect(paged).toEqual(idsOf(LATEST.filter((trial) => trial.region === 'east')));
    });
  });

  describe('GET /api/pocs/:id/timeline', () => {
    it('returns the events in order, with who, what, when, before/after and why', async () => {
      const spec = SPECS[3]!;
      const response = await get(timelinePath(spec.trialId), EAST_WEST_SALES);
      expect(response.status).toBe(200);
      expect(response.body.nextAfter).toBeNull();
      expect(response.body.items).toEqual(
        spec.events.map((event) => ({
          n: event.n,
          at: event.at,
          type: event.type,
          actor: event.actor,
          criterionKey: event.criterionKey ?? null,
          summary: event.summary,
          before: event.before ?? null,
          after: event.after ?? null,
          cause: event.cause ?? null,
        })),
      );
      expect(response.body.items.at(-1)).toMatchObject({
        type: 'poc.check-in-missed',
        cause: { subject: 'check-in', dueDate: '2027-03-25' },
      });
    });

    it('finds a trial whose id needed encoding', async () => {
      const spec = SPECS[7]!;
      expect(spec.trialId).toBe('poc:Acme%20%26%20Co:OPP-07');
      const response = await get(timelinePath(spec.trialId));
      expect(response.status).toBe(200);
      expect(response.body.items.map((event: { n: number }) => event.n)).toEqual(spec.events.map((event) => event.n));
    });

    it('pages by the last n seen, and filters by type and criterion', async () => {
      const spec = SPECS[9]!;
      expect(spec.events.length).toBeGreaterThan(5);
      const seen: number[] = [];
      let after = 0;
      for (;;) {
        const page = await get(timelinePath(spec.trialId, `?limit=2&after=${after}`));
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((event: { n: number }) => event.n));
        if (page.body.nextAfter === null) break;
        after = page.body.nextAfter;
      }
      expect(seen).toEqual(spec.events.map((event) => event.n));
      const typed = await get(timelinePath(spec.trialId, '?type=provisioning.started,poc.lost'));
      expect(typed.body.items.map((event: { type: string }) => event.type)).toEqual([
        'provisioning.started',
        'provisioning.started',
        'poc.lost',
      ]);
      const criterion = await get(timelinePath(spec.trialId, '?criterionKey=uptime'));
      expect(criterion.body.items).toEqual([
        expect.objectContaining({ type: 'poc.criterion-marked', criterionKey: 'uptime', actor: 'priya' }),
      ]);
    });

    it('answers 404 alike for an unknown trial and for one in another region', async () => {
      const west = LATEST.find((trial) => trial.region === 'west')!;
      const hidden = await get(timelinePath(west.trialId), EAST_OPS);
      const unknown = await get(timelinePath('poc:nobody:OPP-0'), EAST_OPS);
      for (const [response, id] of [
        [hidden, west.trialId],
        [unknown, 'poc:nobody:OPP-0'],
      ] as const) {
        expect(response.status).toBe(404);
        expect(response.contentType).toMatch(PROBLEM_JSON);
        expect(response.body).toMatchObject({ status: 404, title: 'Not found', detail: `No POC trial ${id}` });
      }
      expect((await get(timelinePath(west.trialId), EAST_WEST_SALES)).status).toBe(200);
    });
  });

  describe('GET /api/pocs/dashboard', () => {
    it.each([
      ['2026-11-01', '2027-02-28'],
      ['2026-10-01', '2027-04-30'],
      ['2026-12-15', '2026-12-15'],
      ['2025-01-01', '2025-03-31'],
    ])('computes every figure over all regions for %s to %s', async (from, to) => {
      const response = await get(`/api/pocs/dashboard?from=${from}&to=${to}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ region: null, from, to, asOf: NOW.toISOString() });
      expectDashboard(response.body, expectedDashboard(LATEST, from, to));
    });

    it('the window decides outcomes and stage durations, not the open trials now', async () => {
      const wide = (await get('/api/pocs/dashboard?from=2026-10-01&to=2027-04-30')).body;
      const empty = (await get('/api/pocs/dashboard?from=2025-01-01&to=2025-03-31')).body;
      expect(wide.outcomes.converted).toBeGreaterThan(0);
      expect(wide.outcomes.lost).toBeGreaterThan(0);
      expect(wide.stages.find((stage: { stage: string }) => stage.stage === 'provisioning').visits).toBeGreaterThan(10);
      expect(empty.outcomes).toEqual({
        converted: 0,
        lost: 0,
        expired: 0,
        conversionRate: null,
        cancelled: 0,
        rejected: 0,
      });
      expect(
        empty.stages.every(
          (stage: { visits: number; medianDays: number | null }) => stage.visits === 0 && stage.medianDays === null,
        ),
      ).toBe(true);
      // Open trials are counted whatever the window: they are the work in flight now.
      expect(empty.stages.find((stage: { stage: string }) => stage.stage === 'active').count).toBe(
        LATEST.filter((trial) => trial.stage === 'active').length,
      );
      expect(empty.overdueCheckIns).toBe(wide.overdueCheckIns);
      expect(wide.overdueCheckIns).toBe(LATEST.filter((trial) => trial.nextCheckInDue === '2027-03-25').length);
      expect(empty.trend).toEqual([
        { month: '2025-01', requested: 0, converted: 0, lost: 0, expired: 0, conversionRate: null },
        { month: '2025-02', requested: 0, converted: 0, lost: 0, expired: 0, conversionRate: null },
        { month: '2025-03', requested: 0, converted: 0, lost: 0, expired: 0, conversionRate: null },
      ]);
    });

    it('computes one region alone', async () => {
      const response = await get('/api/pocs/dashboard?region=north&from=2026-10-01&to=2027-03-31');
      expect(response.status).toBe(200);
      expect(response.body.region).toBe('north');
      expectDashboard(
        response.body,
        expectedDashboard(
          LATEST.filter((trial) => trial.region === 'north'),
          '2026-10-01',
          '2027-03-31',
        ),
      );
      expect(response.body.regions.map((row: { region: string }) => row.region)).toEqual(['north']);
    });

    it('defaults to the twelve months up to today', async () => {
      const response = await get('/api/pocs/dashboard');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ from: '2026-05-01', to: TODAY });
      expect(response.body.trend).toHaveLength(12);
      expectDashboard(response.body, expectedDashboard(LATEST, '2026-05-01', TODAY));
      expect((await get('/api/pocs/dashboard?to=2027-02-10')).body).toMatchObject({
        from: '2026-03-01',
        to: '2027-02-10',
      });
    });

    it("keeps a region-scoped caller to its own regions, and answers 404 for another region's", async () => {
      const east = await get('/api/pocs/dashboard?from=2026-10-01&to=2027-03-31', EAST_OPS);
      expect(east.status).toBe(200);
      expectDashboard(
        east.body,
        expectedDashboard(
          LATEST.filter((trial) => trial.region === 'east'),
          '2026-10-01',
          '2027-03-31',
        ),
      );
      expect(east.body.regions.map((row: { region: string }) => row.region)).toEqual(['east']);

      const two = await get('/api/pocs/dashboard?from=2026-10-01&to=2027-03-31', EAST_WEST_SALES);
      expectDashboard(
        two.body,
        expectedDashboard(
          LATEST.filter((trial) => trial.region !== 'north'),
          '2026-10-01',
          '2027-03-31',
        ),
      );
      expect(two.body.regions.map((row: { region: string }) => row.region)).toEqual(['east', 'west']);
      expect(
        (await get('/api/pocs/dashboard?region=west&from=2026-10-01&to=2027-03-31', EAST_WEST_SALES)).body.regions,
      ).toHaveLength(1);

      for (const region of ['west', 'atlantis']) {
        const hidden = await get(`/api/pocs/dashboard?region=${region}`, EAST_OPS);
        expect(hidden.status).toBe(404);
        expect(hidden.contentType).toMatch(PROBLEM_JSON);
        expect(hidden.body).toMatchObject({ status: 404, detail: `No POC dashboard for region ${region}` });
      }
      // A company-wide role asking for a region without trials gets zeros, not a 404.
      const nowhere = await get('/api/pocs/dashboard?region=atlantis');
      expect(nowhere.status).toBe(200);
      expect(nowhere.body).toMatchObject({ overdueCheckIns: 0, atRisk: { count: 0, trials: [] }, regions: [] });
    });

    it('lists the trials at risk, longest in their stage first', async () => {
      const { atRisk } = (await get('/api/pocs/dashboard')).body;
      expect(atRisk.count).toBe(LATEST.filter((trial) => trial.atRisk).length);
      expect(atRisk.count).toBeGreaterThan(2);
      const days: number[] = atRisk.trials.map((trial: { daysInStage: number }) => trial.daysInStage);
      expect([...days].sort((a, b) => b - a)).toEqual(days);
    });
  });

  describe('bad input', () => {
    it.each([
      [
        '/api/pocs?requestedFrom=2027-05-01&requestedTo=2027-04-01',
        ['requestedFrom', 'requestedTo'],
        'requestedFrom (2027-05-01) is after requestedTo (2027-04-01)',
      ],
      [
        '/api/pocs?endFrom=2027-05-01&endTo=2027-04-30',
        ['endFrom', 'endTo'],
        'endFrom (2027-05-01) is after endTo (2027-04-30)',
      ],
      ['/api/pocs?atRisk=yes', ['atRisk'], undefined],
      ['/api/pocs?atRisk=1', ['atRisk'], undefined],
      ['/api/pocs?stage=active,pondering', ['stage.1'], undefined],
      ['/api/pocs?stage=', ['stage.0'], undefined],
      ['/api/pocs?limit=0', ['limit'], undefined],
      ['/api/pocs?limit=201', ['limit'], undefined],
      ['/api/pocs?cursor=not-a-cursor', ['cursor'], undefined],
      [
        `/api/pocs?cursor=${Buffer.from(JSON.stringify(['2027-01-01', 'poc:x:y'])).toString('base64url')}`,
        ['cursor'],
        undefined,
      ],
      ['/api/pocs?region=East%20China', ['region'], undefined],
      ['/api/pocs?requestedFrom=2027-02-30', ['requestedFrom'], undefined],
      ['/api/pocs?endTo=0000-12-31', ['endTo'], undefined],
      ['/api/pocs?owner=%20', ['owner'], undefined],
      ['/api/pocs?colour=blue', [''], undefined],
      [
        '/api/pocs/dashboard?from=2027-03-01&to=2027-02-01',
        ['from', 'to'],
        'from (2027-03-01) is after to (2027-02-01)',
      ],
      ['/api/pocs/dashboard?from=2027-05-01', ['from', 'to'], `from (2027-05-01) is after to (${TODAY}, today)`],
      [
        '/api/pocs/dashboard?from=2010-01-01&to=2027-01-01',
        ['from', 'to'],
        'the window from 2010-01-01 to 2027-01-01 spans more than 120 months',
      ],
      ['/api/pocs/dashboard?to=2027-13-01', ['to'], undefined],
      ['/api/pocs/dashboard?region=North', ['region'], undefined],
      [timelinePath('poc:acme:OPP-1', '?limit=501'), ['limit'], undefined],
      [timelinePath('poc:acme:OPP-1', '?after=-1'), ['after'], undefined],
      [timelinePath('poc:acme:OPP-1', '?type=poc.lost,poc.exploded'), ['type.1'], undefined],
    ])('%s is a 400 naming %j', async (path, fields, message) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 400, title: 'Invalid request' });
      const issues: { path: string; message: string }[] = response.body.errors;
      expect(issues.map((issue) => issue.path)).toEqual(fields);
      if (message) expect(issues.every((issue) => issue.message === message)).toBe(true);
    });

    it.each([
      '/api/pocs?requestedFrom=0001-01-01&requestedTo=9999-12-31&endFrom=0001-01-01&endTo=9999-12-31',
      `/api/pocs?cursor=${Buffer.from(JSON.stringify(['0001-01-01T00:00:00.000Z', 'poc:a:b'])).toString('base64url')}`,
      `/api/pocs?cursor=${Buffer.from(JSON.stringify(['9999-12-31T23:59:59.999Z', 'poc:a:b'])).toString('base64url')}`,
      '/api/pocs/dashboard?from=9999-01-01&to=9999-12-31',
      '/api/pocs/dashboard?to=9999-12-31',
      '/api/pocs/dashboard?from=0001-01-01&to=0001-02-01',
      '/api/pocs/dashboard?to=0001-05-01',
    ])('answers the ends of the calendar: %s', async (path) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      if (path === '/api/pocs/dashboard?to=0001-05-01')
        expect(response.body).toMatchObject({ from: '0001-01-01', to: '0001-05-01' });
      if (path === '/api/pocs/dashboard?to=9999-12-31') expect(response.body).toMatchObject({ from: '9999-01-01' });
    });

    it('needs a token', async () => {
      const response = await authorizedRequest(api.baseUrl, 'GET', '/api/pocs/dashboard', undefined, { as: null });
      expect(response.status).toBe(401);
      expect(response.contentType).toMatch(PROBLEM_JSON);
    });
  });

  it('describes the routes in the OpenAPI document, atRisk as the strings true and false', () => {
    const document = buildOpenApiDocument(pocReadRoutes(api.db)) as unknown as {
      paths: Record<
        string,
        Record<
          string,
          { operationId: string; parameters: { name: string; in: string; schema: Record<string, unknown> }[] }
        >
      >;
    };
    expect(document.paths['/api/pocs']!.get!.operationId).toBe('listPocs');
    expect(document.paths['/api/pocs/dashboard']!.get!.operationId).toBe('getPocDashboard');
    expect(document.paths['/api/pocs/{id}/timeline']!.get!.operationId).toBe('getPocTimeline');
    const atRisk = document.paths['/api/pocs']!.get!.parameters.find((parameter) => parameter.name === 'atRisk');
    expect(atRisk).toMatchObject({ in: 'query', schema: { type: 'string', enum: ['true', 'false'] } });
  });
});
