-- Issue 14: reads that stay fast at 100k cases.

-- Each stage visit carries its trial's region, so the dashboard's days-per-stage reads only the
-- visits that ended in the window, per stage in order, from the index alone instead of joining every trial.
ALTER TABLE "poc_stage_interval" ADD COLUMN "region" TEXT;
UPDATE "poc_stage_interval" i SET "region" = t."region" FROM "poc_trial" t WHERE t."id" = i."trial_id";
UPDATE "poc_stage_interval" SET "region" = '' WHERE "region" IS NULL;
ALTER TABLE "poc_stage_interval" ALTER COLUMN "region" SET NOT NULL;
CREATE INDEX "poc_stage_interval_window_idx" ON "poc_stage_interval" ("stage", "left_at") INCLUDE ("entered_at", "region");

-- Each term carries its renewal's region, tier and currency, so the calendar and the forecast read
-- the terms of the window from one covering index without joining every renewal.
ALTER TABLE "renewal_term" ADD COLUMN "region" TEXT, ADD COLUMN "tier" TEXT, ADD COLUMN "currency" TEXT;
UPDATE "renewal_term" rt SET "region" = r."region", "tier" = r."tier", "currency" = r."currency"
  FROM "renewal" r WHERE r."id" = rt."renewal_id";
UPDATE "renewal_term" SET "region" = '', "tier" = '' WHERE "region" IS NULL;
ALTER TABLE "renewal_term" ALTER COLUMN "region" SET NOT NULL, ALTER COLUMN "tier" SET NOT NULL;
CREATE INDEX "renewal_term_window_idx" ON "renewal_term" ("contract_end")
  INCLUDE ("region", "tier", "currency", "value", "outcome", "new_value", "at_risk", "proposed_value", "churn_reason");

-- Partial indexes Prisma's schema cannot express (they live only here): the at-risk lists, newest or
-- soonest first, and the open checklist items in "my tasks" order.
CREATE INDEX "poc_trial_at_risk_idx" ON "poc_trial" ("region", "requested_at" DESC, "id" DESC) WHERE "at_risk";
CREATE INDEX "renewal_at_risk_idx" ON "renewal" ("region", "contract_end", "id") WHERE "at_risk";
CREATE INDEX "launch_item_open_idx" ON "launch_item" ((NOT "overdue"), "due_date", "launch_id", "key")
  WHERE "status" IN ('blocked', 'ready', 'in_progress');

-- Every column the POC dashboard's counts read, so its scans over a region's trials (or all of them)
-- come from this narrow index instead of the wide rows (stage history, criteria, environment).
CREATE INDEX "poc_trial_dashboard_idx" ON "poc_trial" ("region")
  INCLUDE ("stage", "outcome_stage", "outcome_at", "ended_at", "at_risk", "next_check_in_due", "requested_at", "loss_reason");
