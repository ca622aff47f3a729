import type { Database } from '../../db/prisma';
import { Prisma } from '../../db/generated/client';
import { FINAL_POC_STAGES, LOSS_REASONS, POC_STAGES, type PocStage } from '../../domain/poc/types';
import { day } from '../http/sql';
import { windowParts } from './dashboard-window';

/*
 * The POC dashboard's figures (api/poc/reads.ts says what each means) from the rollups the POC
 * projection keeps (activities/poc/rollups.ts): the whole months of the window from their monthly
 * rows, the days around them from their daily rows, and the snapshot from the open trials' counts.
 * Measured at 100k trials (bench/engine.ts), reading every trial and sorting a window's ~270k visits
 * for the percentiles took 350-1,200 ms, and a window from mid-month to mid-month, reading its edge
 * days' visits and trials from the rows, 240-320 ms; the answers are the same to the bit
 * (test/integration/poc-dashboard-rollups.test.ts compares them with the old statements).
 */

const FINAL_STAGES = [...FINAL_POC_STAGES];
const AT_RISK_LISTED = 100;
const PERCENTILES = [0.5, 0.9];
/**
 * Open trials at risk, spelled as poc_trial_open_at_risk_idx's predicate (constants, not parameters, so the planner
 * can use that index, which lists them longest in their stage first).
 */
const OPEN_AT_RISK = Prisma.raw(`t.stage <> ALL ('{${FINAL_STAGES.join(',')}}'::text[]) AND t.at_risk`);

/** The instant a UTC calendar day starts, and the instant it ends (computed by Postgres, which has room past 9999-12-31). */
export const startOf = (date: string) => Prisma.sql`(${date}::date::timestamp AT TIME ZONE 'UTC')`;
export const endOf = (date: string) => Prisma.sql`((${date}::date + 1)::timestamp AT TIME ZONE 'UTC')`;

export interface DashboardScope {
  /** Which trials count: the caller's regions and the region asked for; `t` is the trial or one of its rows. */
  visible: Prisma.Sql;
  from: string;
  to: string;
  asOf: Date;
}

interface ConversionRow {
  converted: number;
  lost: number;
  expired: number;
  conversionRate: number | null;
}

/** converted, lost, expired and the conversion rate, summing `count` over the ended rows `e`. */
const CONVERSION = Prisma.sql`
  COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage = 'converted'), 0)::int AS converted,
  COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage = 'lost'), 0)::int AS lost,
  COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage = 'expired'), 0)::int AS expired,
  round((COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage = 'converted'), 0)::numeric
         / NULLIF(COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage IN ('converted', 'lost', 'expired')), 0), 0)), 4)::float8
    AS "conversionRate"`;

/** Every dashboard figure, computed in SQL in one repeatable-read transaction, so they agree with each other. */
export async function dashboardFigures(db: Database, { visible, from, to, asOf }: DashboardScope) {
  const windowStart = startOf(from);
  const windowEnd = endOf(to);
  const today = day(asOf);
  const parts = windowParts(from, to);
  const inMonths = parts.months
    ? Prisma.sql`t.month >= ${parts.months.from}::date AND t.month < ${parts.months.before}::date AND t.count > 0`
    : Prisma.sql`FALSE`;
  /** The days before and after the whole months, which the daily rollups answer. */
  const inDays =
    parts.edges.length === 0
      ? Prisma.sql`FALSE`
      : Prisma.sql`(${Prisma.join(
          parts.edges.map((edge) => Prisma.sql`(t.day >= ${edge.from}::date AND t.day <= ${edge.to}::date)`),
          ' OR ',
        )}) AND t.count > 0`;
  /** The trials that ended in the window, counted (month, region, stage, outcome_stage, loss_reason, count). */
  const endedRows = Prisma.sql`(
    SELECT t.month, t.region, t.stage, t.outcome_stage, t.loss_reason, t.count FROM poc_trial_month t
    WHERE t.kind = 'ended' AND ${visible} AND ${inMonths}
    UNION ALL
    SELECT date_trunc('month', t.day)::date, t.region, t.stage, t.outcome_stage, t.loss_reason, t.count FROM poc_trial_day t
    WHERE t.kind = 'ended' AND ${visible} AND ${inDays}
  )`;
  const requestedRows = Prisma.sql`(
    SELECT t.month, t.count FROM poc_trial_month t WHERE t.kind = 'requested' AND ${visible} AND ${inMonths}
    UNION ALL
    SELECT date_trunc('month', t.day)::date, t.count FROM poc_trial_day t
    WHERE t.kind = 'requested' AND ${visible} AND ${inDays}
  )`;
  const openRows = Prisma.sql`(SELECT * FROM poc_trial_open t WHERE ${visible} AND t.count > 0)`;

  const [, , stages, totals, atRisk, lossReasons, trend] = await db.$transaction(
    [
      db.$executeRaw`SET LOCAL work_mem = '32MB'`,
      // JIT compiling these short plans costs more than it saves.
      db.$executeRaw`SET LOCAL jit = off`,
      db.$queryRaw<StageRow[]>`
        WITH counts AS MATERIALIZED (
          SELECT c.stage, sum(c.count) AS count FROM (
            SELECT o.stage, o.count FROM ${openRows} o
            UNION ALL
            SELECT e.stage, e.count FROM ${endedRows} e WHERE e.stage = ANY(${FINAL_STAGES}::text[])
          ) c GROUP BY c.stage
        ), visits AS (
          -- Per stage and bucket (whole days stayed): how many visits ended in the window, and bounds on their stays.
          SELECT t.stage, t.bucket, t.count::bigint AS count, t.min_days, t.max_days FROM poc_visit_month t
          WHERE ${visible} AND ${inMonths}
          UNION ALL
          SELECT t.stage, t.bucket, t.count::bigint, t.min_days, t.max_days FROM poc_visit_day t WHERE ${visible} AND ${inDays}
        ), buckets AS (
          SELECT v.stage, v.bucket, sum(v.count)::bigint AS count, min(v.min_days) AS low, max(v.max_days) AS high,
                 sum(sum(v.count)) OVER (PARTITION BY v.stage ORDER BY v.bucket)::bigint - sum(v.count)::bigint AS before,
                 sum(sum(v.count)) OVER (PARTITION BY v.stage)::bigint AS n
          FROM visits v GROUP BY v.stage, v.bucket
        ), wanted AS (
          -- percentile_cont's arithmetic: the rows at floor and ceil of p * (n - 1), and the fraction between them.
          SELECT DISTINCT b.stage, b.n, p.p, p.p * (b.n - 1)::float8 AS position
          FROM buckets b CROSS JOIN unnest(${PERCENTILES}::float8[]) AS p(p)
        ), ranked AS (
          -- Per stage, percentile and bucket: the ranks wanted there (one, or floor and ceil when both lie in it).
          SELECT w.stage, w.p, w.position, b.bucket, b.before, b.low, b.high,
                 min(r.rank) AS first, (max(r.rank) - min(r.rank) + 1)::int AS ranks
          FROM wanted w
          CROSS JOIN LATERAL (SELECT DISTINCT x FROM (VALUES (floor(w.position)::bigint), (ceil(w.position)::bigint)) v(x)) r(rank)
          JOIN buckets b ON b.stage = w.stage AND r.rank >= b.before AND r.rank < b.before + b.count
          GROUP BY w.stage, w.p, w.position, b.bucket, b.before, b.low, b.high
        ), valued AS MATERIALIZED (
          -- The ranks' values: their bucket's when every stay in the bucket is the same, else that bucket's visits in
          -- order, read once for both ranks. Materialized, so the visits are read once (inlined, they were read per use).
          SELECT r.stage, r.p, r.position, r.first + o.i - 1 AS rank, o.value
          FROM ranked r
          CROSS JOIN LATERAL (
            SELECT g.i::bigint, r.low FROM generate_series(1, r.ranks) g(i) WHERE r.low = r.high
            UNION ALL
            SELECT row_number() OVER (ORDER BY x.stay), poc_visit_days(x.entered_at, x.left_at) FROM (
              -- In order of the stay as an interval, which is the order of its days (an interval compares by its
              -- microseconds, which extract(epoch) divides), without computing days in numeric for every visit.
              SELECT t.entered_at, t.left_at, t.left_at - t.entered_at AS stay FROM poc_stage_interval t
              WHERE r.low <> r.high AND t.stage = r.stage AND floor(poc_visit_days(t.entered_at, t.left_at))::int = r.bucket
                AND t.left_at IS NOT NULL AND t.left_at >= ${windowStart} AND t.left_at < ${windowEnd} AND ${visible}
              ORDER BY stay OFFSET r.first - r.before LIMIT r.ranks
            ) x
          ) o(i, value)
        ), percentiles AS (
          SELECT v.stage, v.p,
                 CASE WHEN floor(v.position) = ceil(v.position) THEN min(v.value)
                      ELSE min(v.value) FILTER (WHERE v.rank = floor(v.position))
                           + (min(v.value) FILTER (WHERE v.rank = ceil(v.position)) - min(v.value) FILTER (WHERE v.rank = floor(v.position)))
                             * (v.position - floor(v.position))
                 END AS value
          FROM valued v GROUP BY v.stage, v.p, v.position
        ), durations AS (
          SELECT w.stage, w.n::int AS visits,
                 round(max(pc.value) FILTER (WHERE pc.p = 0.5)::numeric, 2)::float8 AS median,
                 round(max(pc.value) FILTER (WHERE pc.p = 0.9)::numeric, 2)::float8 AS p90
          FROM wanted w JOIN percentiles pc ON pc.stage = w.stage AND pc.p = w.p
          GROUP BY w.stage, w.n
        )
        SELECT s.stage, COALESCE(c.count, 0)::int AS count,
               COALESCE(d.visits, 0)::int AS visits, d.median AS "medianDays", d.p90 AS "p90Days"
        FROM unnest(${[...POC_STAGES]}::text[]) WITH ORDINALITY AS s(stage, position)
        LEFT JOIN counts c ON c.stage = s.stage
        LEFT JOIN durations d ON d.stage = s.stage
        ORDER BY s.position`,
      // One row per region that has trials, and the all-regions row (region null) from the empty grouping set.
      db.$queryRaw<RegionTotalsRow[]>`
        WITH e AS (
          SELECT o.region, o.count AS open, CASE WHEN o.at_risk THEN o.count ELSE 0 END AS at_risk,
                 CASE WHEN o.stage = 'active' AND o.next_check_in_due < ${today}::date THEN o.count ELSE 0 END AS overdue,
                 NULL::text AS outcome_stage, 0 AS count
          FROM ${openRows} o
          UNION ALL
          SELECT e.region, 0, 0, 0, e.outcome_stage, e.count FROM ${endedRows} e
          UNION ALL
          -- Every region with a trial has a row, if only of zeros.
          SELECT DISTINCT t.region, 0, 0, 0, NULL, 0 FROM poc_trial_month t
          WHERE t.kind = 'requested' AND t.count > 0 AND ${visible}
        )
        SELECT CASE WHEN GROUPING(e.region) = 1 THEN NULL ELSE e.region END AS region,
               COALESCE(sum(e.open), 0)::int AS "inFlight",
               COALESCE(sum(e.at_risk), 0)::int AS "atRisk",
               COALESCE(sum(e.overdue), 0)::int AS "overdueCheckIns",
               COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage = 'cancelled'), 0)::int AS cancelled,
               COALESCE(sum(e.count) FILTER (WHERE e.outcome_stage = 'rejected'), 0)::int AS rejected,
               ${CONVERSION}
        FROM e
        GROUP BY GROUPING SETS ((e.region), ())
        ORDER BY GROUPING(e.region), e.region`,
      db.$queryRaw<AtRiskRow[]>`
        SELECT t.id AS "trialId", t.account, t.region, t.stage, t.risk_reasons AS "riskReasons",
               round((extract(epoch FROM ${asOf}::timestamptz - t.stage_entered_at) / 86400)::numeric, 2)::float8 AS "daysInStage",
               t.sales_owner AS "salesOwner", t.end_date AS "endDate"
        FROM poc_trial t
        WHERE ${visible} AND ${OPEN_AT_RISK}
        ORDER BY t.stage_entered_at, t.id
        LIMIT ${AT_RISK_LISTED}`,
      // The taxonomy's reasons in its order (zeros included), then any other reason stored.
      db.$queryRaw<LossReasonRow[]>`
        WITH lost AS (
          SELECT COALESCE(e.loss_reason, 'other') AS reason, sum(e.count)::int AS count FROM ${endedRows} e
          WHERE e.outcome_stage = 'lost'
          GROUP BY 1
        )
        SELECT COALESCE(r.reason, l.reason) AS "lossReason", COALESCE(l.count, 0)::int AS count
        FROM unnest(${[...LOSS_REASONS]}::text[]) WITH ORDINALITY AS r(reason, position)
        FULL JOIN lost l ON l.reason = r.reason
        ORDER BY r.position NULLS LAST, l.reason`,
      db.$queryRaw<TrendRow[]>`
        WITH months AS (
          SELECT generate_series(date_trunc('month', ${from}::timestamp), date_trunc('month', ${to}::timestamp), interval '1 month')::date AS month
        ), requested AS (
          SELECT r.month, sum(r.count)::int AS requested FROM ${requestedRows} r GROUP BY 1
        ), outcomes AS (
          SELECT e.month, ${CONVERSION} FROM ${endedRows} e GROUP BY 1
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

type StageRow = { stage: PocStage; count: number; visits: number; medianDays: number | null; p90Days: number | null };
type RegionTotalsRow = ConversionRow & {
  region: string | null;
  inFlight: number;
  atRisk: number;
  overdueCheckIns: number;
  cancelled: number;
  rejected: number;
};
type AtRiskRow = {
  trialId: string;
  account: string;
  region: string;
  stage: PocStage;
  riskReasons: string[];
  daysInStage: number;
  salesOwner: string;
  endDate: Date;
};
type LossReasonRow = { lossReason: string; count: number };
type TrendRow = ConversionRow & { month: string; requested: number };

/** The dashboard's answer from its statements' rows (the all-regions totals row has region null). */
export function dashboardAnswer({
  stages,
  totals,
  atRisk,
  lossReasons,
  trend,
}: {
  stages: StageRow[];
  totals: RegionTotalsRow[];
  atRisk: AtRiskRow[];
  lossReasons: LossReasonRow[];
  trend: TrendRow[];
}) {
  const all = totals.find((row) => row.region === null);
  const conversionOf = (row: ConversionRow | undefined): ConversionRow => ({
    converted: row?.converted ?? 0,
    lost: row?.lost ?? 0,
    expired: row?.expired ?? 0,
    conversionRate: row?.conversionRate ?? null,
  });
  return {
    stages: stages.map((row) => ({ ...row, final: FINAL_POC_STAGES.has(row.stage) })),
    outcomes: { ...conversionOf(all), cancelled: all?.cancelled ?? 0, rejected: all?.rejected ?? 0 },
    overdueCheckIns: all?.overdueCheckIns ?? 0,
    atRisk: { count: all?.atRisk ?? 0, trials: atRisk.map((row) => ({ ...row, endDate: day(row.endDate) })) },
    lossReasons,
    trend,
    regions: totals
      .filter((row): row is typeof row & { region: string } => row.region !== null)
      .map((row) => ({
        region: row.region,
        inFlight: row.inFlight,
        atRisk: row.atRisk,
        overdueCheckIns: row.overdueCheckIns,
        ...conversionOf(row),
      })),
  };
}
