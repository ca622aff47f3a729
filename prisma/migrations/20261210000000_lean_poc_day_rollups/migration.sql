-- Issue 14: the POC dashboard's windows that start or end inside a month from rollups too.
--
-- poc_trial_month and poc_visit_month (20261205001000_lean_poc_rollups) answer the whole months of a window, and the
-- days around them were read from the trials and visits themselves: half a month at either end, about 23,000 visits
-- and 11,000 trials at 100k trials, grouped on every request. These two tables hold the same counts per UTC day:
-- - poc_trial_day: poc_trial_month per day (requested, and ended by stage, outcome and loss reason),
-- - poc_visit_day: poc_visit_month per day of leaving (count, smallest and largest stay per whole-day bucket), so a
--   percentile still lands in one bucket, and the reader sorts only that bucket (poc_stage_interval_bucket_idx).
-- Their size is bounded by their keys (days x regions x stages x buckets), not by the number of trials: with stays
-- spread to the second a day holds about one row per visit at 100k trials, fewer as trials grow.
-- The POC projection keeps them in the statements that keep the monthly ones (activities/poc/rollups.ts).
-- (No apostrophes or semicolons inside statements here: the migration runner splits the script on them.)

CREATE TABLE "poc_trial_day" (
  "day" DATE NOT NULL,
  "region" TEXT NOT NULL,
  -- requested (stage, outcome and reason empty) or ended (by COALESCE(outcome_at, ended_at)).
  "kind" TEXT NOT NULL,
  "stage" TEXT NOT NULL,
  "outcome_stage" TEXT,
  "loss_reason" TEXT,
  "count" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "poc_trial_day_key" ON "poc_trial_day"
  ("day", "region", "kind", "stage", "outcome_stage", "loss_reason") NULLS NOT DISTINCT;

CREATE TABLE "poc_visit_day" (
  "day" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "stage" TEXT NOT NULL,
  "bucket" INTEGER NOT NULL,
  "count" INTEGER NOT NULL,
  "min_days" DOUBLE PRECISION NOT NULL,
  "max_days" DOUBLE PRECISION NOT NULL,
  CONSTRAINT "poc_visit_day_pkey" PRIMARY KEY ("day", "region", "stage", "bucket")
);

-- The dashboard's at-risk list for one region (the predicate spelled as poc_trial_open_at_risk_idx spells it): read in
-- order and stopped at the 100 listed. Without it the planner joined the all-regions index with the region index,
-- reading every trial of the region (4.4 ms against 0.2 ms at 100k trials).
CREATE INDEX "poc_trial_open_at_risk_region_idx" ON "poc_trial" ("region", "stage_entered_at", "id")
  WHERE "stage" <> ALL ('{rejected,converted,lost,expired,cancelled}'::text[]) AND "at_risk";

-- Backfill: every row already stored, counted once.
INSERT INTO "poc_trial_day" (day, region, kind, stage, outcome_stage, loss_reason, count)
SELECT c.day, t.region, c.kind, c.stage, c.outcome_stage, c.loss_reason, count(*)::int
FROM poc_trial t
CROSS JOIN LATERAL (VALUES
  ('requested', (t.requested_at AT TIME ZONE 'UTC')::date, '', NULL::text, NULL::text),
  ('ended', (COALESCE(t.outcome_at, t.ended_at) AT TIME ZONE 'UTC')::date, t.stage, t.outcome_stage, t.loss_reason)
) c(kind, day, stage, outcome_stage, loss_reason)
WHERE c.day IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "poc_visit_day" (day, region, stage, bucket, count, min_days, max_days)
SELECT (t.left_at AT TIME ZONE 'UTC')::date, t.region, t.stage, floor(d.days)::int,
       count(*)::int, min(d.days), max(d.days)
FROM poc_stage_interval t
CROSS JOIN LATERAL (SELECT poc_visit_days(t.entered_at, t.left_at) AS days) d
WHERE t.left_at IS NOT NULL
GROUP BY 1, 2, 3, 4;
