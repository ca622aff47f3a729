import { Prisma } from '../../db/generated/client';
import { FINAL_POC_STAGES } from '../../domain/poc/types';

/*
 * The POC dashboard's rollups (migration 20261205001000_lean_poc_rollups says what each holds),
 * changed by the projection in the statement that writes the rows they count. Each change is the
 * difference between the rows as stored (`old`, read in the same statement's snapshot, after the
 * projection took the trial's lock) and as written: rows that did not change cancel out, so their
 * rollup keys are not touched, and the keys that are touched are written in key order, so two
 * projections lock rollup rows in the same order.
 */

/** The monthly rollups answer a window's whole months, the daily ones the days before and after them. */
type Period = 'month' | 'day';
/** The UTC month or day `instant` falls in, as a date: a rollup row's period. */
const periodOf = (period: Period, instant: Prisma.Sql) =>
  period === 'month'
    ? Prisma.sql`date_trunc('month', ${instant} AT TIME ZONE 'UTC')::date`
    : Prisma.sql`(${instant} AT TIME ZONE 'UTC')::date`;

/** A trial's keys in poc_trial_month or _day (`t` is the trial): when it was requested, and when and how it ended. */
const trialKeys = (period: Period) => Prisma.sql`CROSS JOIN LATERAL (VALUES
  ('requested', ${periodOf(period, Prisma.sql`t.requested_at`)}, '', NULL::text, NULL::text),
  ('ended', ${periodOf(period, Prisma.sql`COALESCE(t.outcome_at, t.ended_at)`)}, t.stage, t.outcome_stage, t.loss_reason)
) c(kind, period, stage, outcome_stage, loss_reason)`;
/** Trials counted in poc_trial_open. */
const OPEN = Prisma.sql`t.stage <> ALL(${[...FINAL_POC_STAGES]}::text[])`;
/** A visit's stay in days (`d.days`, as the dashboard reads it). */
const VISIT_DAYS = Prisma.sql`CROSS JOIN LATERAL (SELECT poc_visit_days(t.entered_at, t.left_at) AS days) d`;
/** A visit's key in poc_visit_month or _day. */
const visitKey = (period: Period) =>
  Prisma.sql`${periodOf(period, Prisma.sql`t.left_at`)}, t.region, t.stage, floor(d.days)::int`;
/** A rollup's table and its period column. */
const trialTable = (period: Period) => Prisma.raw(`poc_trial_${period}`);
const visitTable = (period: Period) => Prisma.raw(`poc_visit_${period}`);
const column = (period: Period) => Prisma.raw(period);
const PERIODS: Period[] = ['month', 'day'];

/** The trial columns the rollups count, as `RETURNING` and as the stored row's select list. */
const TRIAL_COUNTED = Prisma.raw(
  'region, stage, at_risk, next_check_in_due, requested_at, outcome_at, ended_at, outcome_stage, loss_reason',
);

/**
 * One statement: `upsert` (an INSERT ... ON CONFLICT DO UPDATE ... WHERE of poc_trial, without
 * RETURNING) and the rollup changes it makes; it answers { updated } (1 when the row was written).
 */
export function trialWithRollups(trialId: string, upsert: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH old AS (SELECT ${TRIAL_COUNTED} FROM poc_trial WHERE id = ${trialId}),
    up AS (${upsert} RETURNING ${TRIAL_COUNTED}),
    changes AS (
      SELECT up.*, 1 AS sign FROM up
      UNION ALL SELECT old.*, -1 AS sign FROM old WHERE EXISTS (SELECT 1 FROM up)
    ),
    ${Prisma.join(
      PERIODS.map(
        (period) => Prisma.sql`${Prisma.raw(`${period}s`)} AS (
      INSERT INTO ${trialTable(period)} AS m (${column(period)}, region, kind, stage, outcome_stage, loss_reason, count)
      SELECT c.period, t.region, c.kind, c.stage, c.outcome_stage, c.loss_reason, sum(t.sign)::int
      FROM changes t
      ${trialKeys(period)}
      WHERE c.period IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6
      HAVING sum(t.sign) <> 0
      ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (${column(period)}, region, kind, stage, outcome_stage, loss_reason) DO UPDATE SET count = m.count + EXCLUDED.count
    ),`,
      ),
      '\n',
    )}
    opens AS (
      INSERT INTO poc_trial_open AS o (region, stage, at_risk, next_check_in_due, count)
      SELECT t.region, t.stage, t.at_risk, t.next_check_in_due, sum(t.sign)::int
      FROM changes t
      WHERE ${OPEN}
      GROUP BY 1, 2, 3, 4
      HAVING sum(t.sign) <> 0
      ORDER BY 1, 2, 3, 4
      ON CONFLICT (region, stage, at_risk, next_check_in_due) DO UPDATE SET count = o.count + EXCLUDED.count
    )
    SELECT count(*)::int AS updated FROM up`;
}

export interface StageVisit {
  stage: string;
  enteredAt: Date;
  leftAt: Date | null;
}

/**
 * One statement: a trial's stage visits become `visits` (numbered 1, 2, ...; rows past the last are
 * deleted, changed ones updated, the rest left as they are), and the visit rollup changes with them.
 */
export function visitsWithRollups(trialId: string, region: string, visits: StageVisit[]): Prisma.Sql {
  return Prisma.sql`
    WITH old AS (SELECT stage, entered_at, left_at, region FROM poc_stage_interval WHERE trial_id = ${trialId}),
    new AS (
      SELECT v.n::int AS n, v.stage, v.entered_at, v.left_at, ${region}::text AS region
      FROM unnest(${visits.map((_, index) => index + 1)}::int[], ${visits.map((visit) => visit.stage)}::text[],
                  ${visits.map((visit) => visit.enteredAt)}::timestamptz[],
                  ${visits.map((visit) => visit.leftAt)}::timestamptz[]) AS v(n, stage, entered_at, left_at)
    ),
    gone AS (DELETE FROM poc_stage_interval WHERE trial_id = ${trialId} AND n > ${visits.length}),
    put AS (
      INSERT INTO poc_stage_interval AS i (trial_id, n, stage, entered_at, left_at, region)
      SELECT ${trialId}, n, stage, entered_at, left_at, region FROM new
      ON CONFLICT (trial_id, n) DO UPDATE SET
        stage = EXCLUDED.stage, entered_at = EXCLUDED.entered_at, left_at = EXCLUDED.left_at, region = EXCLUDED.region
      WHERE (i.stage, i.entered_at, i.left_at, i.region)
            IS DISTINCT FROM (EXCLUDED.stage, EXCLUDED.entered_at, EXCLUDED.left_at, EXCLUDED.region)
    ),
    changes AS (
      SELECT stage, entered_at, left_at, region, 1 AS sign FROM new
      UNION ALL SELECT stage, entered_at, left_at, region, -1 AS sign FROM old
    ),
    ${Prisma.join(
      PERIODS.map((period) => Prisma.sql`${Prisma.raw(`${period}s`)} AS (${visitCounts(period)})`),
      ', ',
    )}
    SELECT 1`;
}

/** The changes of the visit rollup per `period`, from the visits `changes` (stage, entered_at, left_at, region, sign). */
function visitCounts(period: Period): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO ${visitTable(period)} AS v (${column(period)}, region, stage, bucket, count, min_days, max_days)
    SELECT ${visitKey(period)},
           sum(t.sign)::int, min(d.days), max(d.days)
    FROM changes t
    ${VISIT_DAYS}
    WHERE t.left_at IS NOT NULL
    GROUP BY 1, 2, 3, 4
    -- A key whose visits changed but not their number may still see a stay outside its bounds.
    HAVING sum(t.sign) <> 0
        OR array_agg(d.days ORDER BY d.days) FILTER (WHERE t.sign > 0)
           IS DISTINCT FROM array_agg(d.days ORDER BY d.days) FILTER (WHERE t.sign < 0)
    ORDER BY 1, 2, 3, 4
    -- The stays removed lie within the bounds already, so widening by every stay changed is right.
    ON CONFLICT (${column(period)}, region, stage, bucket) DO UPDATE SET
      count = v.count + EXCLUDED.count,
      min_days = LEAST(v.min_days, EXCLUDED.min_days),
      max_days = GREATEST(v.max_days, EXCLUDED.max_days)`;
}

/**
 * Recounts every rollup from the rows (for rows written around the projection: the benchmark's
 * copies). In one transaction, so readers see the old counts or the new ones.
 */
export const RECOUNT_POC_ROLLUPS: Prisma.Sql[] = [
  ...PERIODS.flatMap((period) => [
    Prisma.sql`DELETE FROM ${trialTable(period)}`,
    Prisma.sql`DELETE FROM ${visitTable(period)}`,
  ]),
  Prisma.sql`DELETE FROM poc_trial_open`,
  ...PERIODS.flatMap((period) => [
    Prisma.sql`
    INSERT INTO ${trialTable(period)} (${column(period)}, region, kind, stage, outcome_stage, loss_reason, count)
    SELECT c.period, t.region, c.kind, c.stage, c.outcome_stage, c.loss_reason, count(*)::int
    FROM poc_trial t
    ${trialKeys(period)}
    WHERE c.period IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6`,
    Prisma.sql`
    INSERT INTO ${visitTable(period)} (${column(period)}, region, stage, bucket, count, min_days, max_days)
    SELECT ${visitKey(period)},
           count(*)::int, min(d.days), max(d.days)
    FROM poc_stage_interval t
    ${VISIT_DAYS}
    WHERE t.left_at IS NOT NULL
    GROUP BY 1, 2, 3, 4`,
  ]),
  Prisma.sql`
    INSERT INTO poc_trial_open (region, stage, at_risk, next_check_in_due, count)
    SELECT t.region, t.stage, t.at_risk, t.next_check_in_due, count(*)::int
    FROM poc_trial t
    WHERE ${OPEN}
    GROUP BY 1, 2, 3, 4`,
];
