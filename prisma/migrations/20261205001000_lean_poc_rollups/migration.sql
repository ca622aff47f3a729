-- Issue 14: the POC dashboard from rollups instead of every trial and every stage visit.
--
-- Three small tables hold what the dashboard counts. The POC projection (activities/poc/rollups.ts)
-- changes them in the same transaction and statement as the rows they count, by the difference
-- between the stored rows and the new ones, so a key whose count does not change is not touched:
-- - poc_trial_month: trials requested, and trials ended (by stage, outcome and loss reason), per UTC
--   month and region,
-- - poc_trial_open: open trials per region, stage, risk and next check-in date (the snapshot figures),
-- - poc_visit_month: ended stage visits per UTC month (of leaving), region, stage and whole days
--   stayed (the bucket), with the smallest and largest stay in the bucket. A percentile lands in one
--   bucket. When the stays in the bucket are all equal its value is known, otherwise the reader sorts
--   only the visits of that bucket (poc_stage_interval_bucket_idx), so the answer is exactly what
--   percentile_cont gives. The bounds only ever widen (a removed visit leaves them), which keeps
--   "all equal" true whenever it says so.
-- A window that starts or ends inside a month reads those days from the rows themselves.
-- Rows whose count fell to 0 stay (they add nothing), readers skip them.
-- (No apostrophes or semicolons inside statements here: the migration runner splits the script on them.)

CREATE TABLE "poc_trial_month" (
  "month" DATE NOT NULL,
  "region" TEXT NOT NULL,
  -- requested (stage, outcome and reason empty) or ended (by COALESCE(outcome_at, ended_at)).
  "kind" TEXT NOT NULL,
  "stage" TEXT NOT NULL,
  "outcome_stage" TEXT,
  "loss_reason" TEXT,
  "count" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "poc_trial_month_key" ON "poc_trial_month"
  ("month", "region", "kind", "stage", "outcome_stage", "loss_reason") NULLS NOT DISTINCT;

CREATE TABLE "poc_trial_open" (
  "region" TEXT NOT NULL,
  "stage" TEXT NOT NULL,
  "at_risk" BOOLEAN NOT NULL,
  "next_check_in_due" DATE,
  "count" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "poc_trial_open_key" ON "poc_trial_open"
  ("region", "stage", "at_risk", "next_check_in_due") NULLS NOT DISTINCT;

CREATE TABLE "poc_visit_month" (
  "month" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "stage" TEXT NOT NULL,
  "bucket" INTEGER NOT NULL,
  "count" INTEGER NOT NULL,
  "min_days" DOUBLE PRECISION NOT NULL,
  "max_days" DOUBLE PRECISION NOT NULL,
  CONSTRAINT "poc_visit_month_pkey" PRIMARY KEY ("month", "region", "stage", "bucket")
);

-- The length of a stay in days and its bucket: the same expressions as the dashboard used, so values agree to the bit.
CREATE FUNCTION "poc_visit_days"(entered TIMESTAMPTZ, left_at TIMESTAMPTZ) RETURNS DOUBLE PRECISION
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (extract(epoch FROM left_at - entered) / 86400)::float8;

-- The visits of a bucket in the window, from the index alone.
CREATE INDEX "poc_stage_interval_bucket_idx" ON "poc_stage_interval"
  ("stage", (floor("poc_visit_days"("entered_at", "left_at"))::int), "left_at") INCLUDE ("entered_at", "region")
  WHERE "left_at" IS NOT NULL;
-- The edge days of a window: visits that ended then, requests and endings.
CREATE INDEX "poc_stage_interval_left_idx" ON "poc_stage_interval" ("left_at") INCLUDE ("entered_at", "stage", "region")
  WHERE "left_at" IS NOT NULL;
-- The at-risk list of the dashboard, longest in their stage first (the predicate spelled as the dashboard does).
CREATE INDEX "poc_trial_open_at_risk_idx" ON "poc_trial" ("stage_entered_at", "id") INCLUDE ("region")
  WHERE "stage" <> ALL ('{rejected,converted,lost,expired,cancelled}'::text[]) AND "at_risk";
CREATE INDEX "poc_trial_requested_idx" ON "poc_trial" ("requested_at") INCLUDE ("region");
CREATE INDEX "poc_trial_ended_idx" ON "poc_trial" ((COALESCE("outcome_at", "ended_at")))
  INCLUDE ("region", "stage", "outcome_stage", "loss_reason") WHERE COALESCE("outcome_at", "ended_at") IS NOT NULL;

-- Backfill: every row already stored, counted once.
INSERT INTO "poc_trial_month" (month, region, kind, stage, outcome_stage, loss_reason, count)
SELECT c.month, t.region, c.kind, c.stage, c.outcome_stage, c.loss_reason, count(*)::int
FROM poc_trial t
CROSS JOIN LATERAL (VALUES
  ('requested', date_trunc('month', t.requested_at AT TIME ZONE 'UTC')::date, '', NULL::text, NULL::text),
  ('ended', date_trunc('month', COALESCE(t.outcome_at, t.ended_at) AT TIME ZONE 'UTC')::date, t.stage, t.outcome_stage, t.loss_reason)
) c(kind, month, stage, outcome_stage, loss_reason)
WHERE c.month IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "poc_trial_open" (region, stage, at_risk, next_check_in_due, count)
SELECT t.region, t.stage, t.at_risk, t.next_check_in_due, count(*)::int
FROM poc_trial t
WHERE t.stage NOT IN ('rejected', 'converted', 'lost', 'expired', 'cancelled')
GROUP BY 1, 2, 3, 4;

INSERT INTO "poc_visit_month" (month, region, stage, bucket, count, min_days, max_days)
SELECT date_trunc('month', t.left_at AT TIME ZONE 'UTC')::date, t.region, t.stage, floor(d.days)::int,
       count(*)::int, min(d.days), max(d.days)
FROM poc_stage_interval t
CROSS JOIN LATERAL (SELECT poc_visit_days(t.entered_at, t.left_at) AS days) d
WHERE t.left_at IS NOT NULL
GROUP BY 1, 2, 3, 4;
