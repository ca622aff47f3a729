import { createPocProjection } from '../../activities/poc/projection';
import { pocReadRoutes } from '../../api/poc/reads';
import { dashboardAnswer, endOf, startOf } from '../../api/poc/dashboard-figures';
import { Prisma } from '../../db/generated/client';
import type { Database } from '../../db/prisma';
import { FINAL_POC_STAGES, LOSS_REASONS, POC_STAGES, type PocStage } from '../../domain/poc/types';
import { day } from '../../api/http/sql';
import { NOW, REGIONS, syntheticTrial } from '../../bench/synthetic';
import { authorizedRequest, databaseKinds, type Identity } from '../helpers/baton-harness';
import { servedReadModel } from '../helpers/routes-server';

/*
 * Issue 14: the POC dashboard reads rollups the projection keeps (activities/poc/rollups.ts) instead
 * of every trial and visit. On random trials (a different draw on every run, printed with a failure),
 * projected in steps as workflows project them (a trial's early stages first, its later ones with
 * a higher sequence number, some moved to another region, some projected again unchanged), with stays
 * of random length to the millisecond, every figure must equal what the statements over the rows
 * gave before (kept below as fromTheRows), for whole-month windows, windows that start or end inside
 * a month (read from the daily rollups), one within a month, one across a year's end, and a caller
 * who sees only some regions.
 */

const seed = Number(process.env.POC_ROLLUPS_SEED ?? Date.now() % 1_000_000);
function random(): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
const next = random();
const TRIALS = 300;
const DAY_MS = 86_400_000;

type Projection = ReturnType<typeof syntheticTrial>;

/** A synthetic trial with stays of random length (to the millisecond, some of them equal) and a random risk. */
function randomTrial(index: number): Projection {
  const trial = syntheticTrial(Math.floor(next() * 100_000));
  const id = `poc:random-${index}`;
  let at = new Date(trial.requestedAt).getTime();
  const stageHistory = trial.stageHistory.map((entry, step) => {
    if (step > 0) at += next() < 0.3 ? DAY_MS * Math.ceil(next() * 3) : Math.floor(next() * 9 * DAY_MS);
    return { ...entry, enteredAt: new Date(at).toISOString() };
  });
  const last = stageHistory.at(-1)!;
  const final = FINAL_POC_STAGES.has(last.stage as PocStage);
  return {
    ...trial,
    trialId: id,
    workflowId: id,
    account: `random-${index}`,
    opportunityId: `opp-random-${index}`,
    region: REGIONS[Math.floor(next() * REGIONS.length)]!,
    stageHistory,
    stageEnteredAt: last.enteredAt,
    atRisk: !final && next() < 0.3,
    nextCheckInDue: final ? null : new Date(NOW.getTime() + (next() - 0.5) * 20 * DAY_MS).toISOString().slice(0, 10),
    outcome: final && trial.outcome ? { ...trial.outcome, at: last.enteredAt } : null,
    endedAt: final ? last.enteredAt : null,
    events: [],
  };
}

/** The same trial earlier in its life: its first stages only, open. */
function earlier(trial: Projection): Projection {
  const stageHistory = trial.stageHistory.slice(0, Math.max(1, Math.floor(next() * trial.stageHistory.length)));
  const last = stageHistory.at(-1)!;
  const final = FINAL_POC_STAGES.has(last.stage as PocStage);
  return {
    ...trial,
    stage: last.stage as PocStage,
    stageHistory,
    stageEnteredAt: last.enteredAt,
    outcome: final ? trial.outcome : null,
    endedAt: final ? trial.endedAt : null,
    seq: 1,
  };
}

async function load(db: Database): Promise<void> {
  const { projectPoc } = createPocProjection(db, []);
  for (let index = 0; index < TRIALS; index += 1) {
    const trial = { ...randomTrial(index), seq: 3 };
    const roll = next();
    if (roll < 0.4) await projectPoc(earlier(trial));
    if (roll < 0.1)
      await projectPoc({ ...earlier(trial), region: REGIONS[(REGIONS.indexOf(trial.region) + 1) % 5]!, seq: 2 });
    await projectPoc(trial);
    if (roll > 0.9) await projectPoc({ ...trial, seq: 4 });
    // A late or repeated older projection changes nothing.
    if (roll > 0.8) await projectPoc(earlier(trial));
  }
}

const REGIONAL: Identity = { subject: 'sam@east.example', roles: ['sales'], regions: ['east', 'north'] };
const WINDOWS: { region?: string; from: string; to: string; as?: Identity }[] = [
  { from: '2026-07-01', to: '2027-06-30' },
  { region: REGIONS[Math.floor(next() * REGIONS.length)]!, from: '2026-07-01', to: '2027-06-30' },
  { from: '2025-07-01', to: '2027-06-30' },
  { from: '2026-03-17', to: '2027-02-09' },
  { region: REGIONS[Math.floor(next() * REGIONS.length)]!, from: '2026-06-02', to: '2027-06-29' },
  { from: '2027-02-03', to: '2027-02-25' },
  { from: '2026-11-20', to: '2027-01-10', as: REGIONAL },
  { from: '2026-07-01', to: '2027-06-30', as: REGIONAL },
  // Windows with days at one end only, and one across a year's end without a whole month.
  { from: '2026-09-01', to: '2027-03-14' },
  { from: '2026-10-18', to: '2027-04-30', as: REGIONAL },
  { from: '2026-12-09', to: '2027-01-21' },
];

describe.each(databaseKinds())(`the POC dashboard from rollups on %s (seed ${seed})`, (kind) => {
  const served = servedReadModel(kind, load, (db) => pocReadRoutes(db, () => NOW));

  it.each(WINDOWS)('equals the figures from the rows: %o', async ({ as, ...window }) => {
    const query = new URLSearchParams({
      from: window.from,
      to: window.to,
      ...(window.region ? { region: window.region } : {}),
    });
    const response = await authorizedRequest(served.baseUrl, 'GET', `/api/pocs/dashboard?${query}`, undefined, {
      ...(as ? { as } : {}),
    });
    expect(response.status).toBe(200);
    const visible = [
      ...(as?.regions ? [Prisma.sql`t.region = ANY(${as.regions}::text[])`] : []),
      ...(window.region ? [Prisma.sql`t.region = ${window.region}`] : []),
    ];
    const expected = await fromTheRows(served.db, {
      visible: visible.length === 0 ? Prisma.sql`TRUE` : Prisma.join(visible, ' AND '),
      from: window.from,
      to: window.to,
      asOf: NOW,
    });
    expect(expected.stages.some((stage) => stage.visits > 1 && stage.medianDays !== null)).toBe(true);
    expect(response.body).toEqual({
      region: window.region ?? null,
      from: window.from,
      to: window.to,
      asOf: NOW.toISOString(),
      ...expected,
    });
  });
});

const FINAL_STAGES = [...FINAL_POC_STAGES];
const AT_RISK_LISTED = 100;

interface ConversionRow {
  converted: number;
  lost: number;
  expired: number;
  conversionRate: number | null;
}

/** The dashboard as api/poc/reads.ts computed it before the rollups: from every trial and visit of the window. */
async function fromTheRows(
  db: Database,
  { visible, from, to, asOf }: { visible: Prisma.Sql; from: string; to: string; asOf: Date },
) {
  const windowStart = startOf(from);
  const windowEnd = endOf(to);
  const today = day(asOf);
  const open = Prisma.sql`t.stage <> ALL(${FINAL_STAGES}::text[])`;
  const ended = Prisma.sql`COALESCE(t.outcome_at, t.ended_at)`;
  const endedInWindow = Prisma.sql`${ended} >= ${windowStart} AND ${ended} < ${windowEnd}`;
  const overdue = Prisma.sql`t.stage = 'active' AND t.next_check_in_due < ${today}::date`;
  /** converted, lost, expired and the conversion rate among trials that ended in the window. */
  const conversion = Prisma.sql`
    count(*) FILTER (WHERE t.outcome_stage = 'converted' AND ${endedInWindow})::int AS converted,
    count(*) FILTER (WHERE t.outcome_stage = 'lost' AND ${endedInWindow})::int AS lost,
    count(*) FILTER (WHERE t.outcome_stage = 'expired' AND ${endedInWindow})::int AS expired,
    round((count(*) FILTER (WHERE t.outcome_stage = 'converted' AND ${endedInWindow})::numeric
           / NULLIF(count(*) FILTER (WHERE t.outcome_stage IN ('converted', 'lost', 'expired') AND ${endedInWindow}), 0)), 4)::float8
      AS "conversionRate"`;

  const [, , stages, totals, atRisk, lossReasons, trend] = await db.$transaction(
    [
      db.$executeRaw`SELECT 1`,
      db.$executeRaw`SELECT 1`,
      db.$queryRaw<
        { stage: PocStage; count: number; visits: number; medianDays: number | null; p90Days: number | null }[]
      >`
        WITH counts AS (
          SELECT t.stage, count(*)::int AS count FROM poc_trial t
          WHERE ${visible} AND (${open} OR (${endedInWindow}))
          GROUP BY t.stage
        ), durations AS (
          SELECT t.stage, count(*)::int AS visits,
                 round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d.days)::numeric, 2)::float8 AS median,
                 round(percentile_cont(0.9) WITHIN GROUP (ORDER BY d.days)::numeric, 2)::float8 AS p90
          -- A visit carries its trial's region, so the visibility conditions on t.region apply to it as t,
          -- and the window's visits come from the (stage, left_at) index without joining every trial.
          FROM poc_stage_interval t
          CROSS JOIN LATERAL (SELECT (extract(epoch FROM t.left_at - t.entered_at) / 86400)::float8 AS days) d
          WHERE ${visible} AND t.left_at >= ${windowStart} AND t.left_at < ${windowEnd}
          GROUP BY t.stage
        )
        SELECT s.stage, COALESCE(c.count, 0)::int AS count, COALESCE(d.visits, 0)::int AS visits,
               d.median AS "medianDays", d.p90 AS "p90Days"
        FROM unnest(${[...POC_STAGES]}::text[]) WITH ORDINALITY AS s(stage, position)
        LEFT JOIN counts c ON c.stage = s.stage
        LEFT JOIN durations d ON d.stage = s.stage
        ORDER BY s.position`,
      // One row per region, and the all-regions row (region null) from the empty grouping set.
      db.$queryRaw<
        (ConversionRow & {
          region: string | null;
          inFlight: number;
          atRisk: number;
          overdueCheckIns: number;
          cancelled: number;
          rejected: number;
        })[]
      >`
        SELECT CASE WHEN GROUPING(t.region) = 1 THEN NULL ELSE t.region END AS region,
               count(*) FILTER (WHERE ${open})::int AS "inFlight",
               count(*) FILTER (WHERE ${open} AND t.at_risk)::int AS "atRisk",
               count(*) FILTER (WHERE ${overdue})::int AS "overdueCheckIns",
               count(*) FILTER (WHERE t.outcome_stage = 'cancelled' AND ${endedInWindow})::int AS cancelled,
               count(*) FILTER (WHERE t.outcome_stage = 'rejected' AND ${endedInWindow})::int AS rejected,
               ${conversion}
        FROM poc_trial t
        WHERE ${visible}
        GROUP BY GROUPING SETS ((t.region), ())
        ORDER BY GROUPING(t.region), t.region`,
      db.$queryRaw<
        {
          trialId: string;
          account: string;
          region: string;
          stage: PocStage;
          riskReasons: string[];
          daysInStage: number;
          salesOwner: string;
          endDate: Date;
        }[]
      >`
        SELECT t.id AS "trialId", t.account, t.region, t.stage, t.risk_reasons AS "riskReasons",
               round((extract(epoch FROM ${asOf}::timestamptz - t.stage_entered_at) / 86400)::numeric, 2)::float8 AS "daysInStage",
               t.sales_owner AS "salesOwner", t.end_date AS "endDate"
        FROM poc_trial t
        WHERE ${visible} AND ${open} AND t.at_risk
        ORDER BY t.stage_entered_at, t.id
        LIMIT ${AT_RISK_LISTED}`,
      // The taxonomy's reasons in its order (zeros included), then any other reason stored.
      db.$queryRaw<{ lossReason: string; count: number }[]>`
        WITH lost AS (
          SELECT COALESCE(t.loss_reason, 'other') AS reason, count(*)::int AS count FROM poc_trial t
          WHERE ${visible} AND t.outcome_stage = 'lost' AND ${endedInWindow}
          GROUP BY 1
        )
        SELECT COALESCE(r.reason, l.reason) AS "lossReason", COALESCE(l.count, 0)::int AS count
        FROM unnest(${[...LOSS_REASONS]}::text[]) WITH ORDINALITY AS r(reason, position)
        FULL JOIN lost l ON l.reason = r.reason
        ORDER BY r.position NULLS LAST, l.reason`,
      db.$queryRaw<(ConversionRow & { month: string; requested: number })[]>`
        WITH months AS (
          SELECT generate_series(date_trunc('month', ${from}::timestamp), date_trunc('month', ${to}::timestamp), interval '1 month') AS month
        ), requested AS (
          SELECT date_trunc('month', t.requested_at AT TIME ZONE 'UTC') AS month, count(*)::int AS requested FROM poc_trial t
          WHERE ${visible} AND t.requested_at >= ${windowStart} AND t.requested_at < ${windowEnd}
          GROUP BY 1
        ), outcomes AS (
          SELECT date_trunc('month', ${ended} AT TIME ZONE 'UTC') AS month, ${conversion} FROM poc_trial t
          WHERE ${visible} AND ${endedInWindow}
          GROUP BY 1
        )
        SELECT to_char(m.month, 'YYYY-MM') AS month, COALESCE(r.requested, 0)::int AS requested,
               COALESCE(o.converted, 0)::int AS converted, COALESCE(o.lost, 0)::int AS lost, COALESCE(o.expired, 0)::int AS expired,
               o."conversionRate"
        FROM months m
        LEFT JOIN requested r ON r.month = m.month
        LEFT JOIN outcomes o ON o.month = m.month
        ORDER BY m.month`,
    ],
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );

  return dashboardAnswer({ stages, totals, atRisk, lossReasons, trend });
}
