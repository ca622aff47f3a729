-- Issue 14: the renewal calendar and forecast from a rollup instead of every term of the window.
--
-- renewal_term_month holds, per month of contract end, region, tier, currency, outcome, risk and
-- churn reason: how many terms, and the sums the figures add up (value, new value and how many terms
-- have one, the value kept as LEAST(new value, value), and the value expected from an open term as
-- COALESCE(proposed value, value)). The renewal projection (activities/renewal/rollups.ts) changes it
-- in the statement that writes the terms, by the difference between the stored terms and the new ones.
-- Rows whose count fell to 0 stay (they add nothing), readers skip them.
-- (No apostrophes or semicolons inside statements here: the migration runner splits the script on them.)

CREATE TABLE "renewal_term_month" (
  "month" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "tier" TEXT NOT NULL,
  "currency" TEXT,
  "outcome" TEXT,
  "at_risk" BOOLEAN NOT NULL,
  "churn_reason" TEXT,
  "count" INTEGER NOT NULL,
  "value" DOUBLE PRECISION NOT NULL,
  "new_value" DOUBLE PRECISION NOT NULL,
  "new_values" INTEGER NOT NULL,
  "kept" DOUBLE PRECISION NOT NULL,
  "expected" DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX "renewal_term_month_key" ON "renewal_term_month"
  ("month", "region", "tier", "currency", "outcome", "at_risk", "churn_reason") NULLS NOT DISTINCT;

-- Backfill: every term already stored, counted once.
INSERT INTO "renewal_term_month" (month, region, tier, currency, outcome, at_risk, churn_reason, count, value, new_value,
                                  new_values, kept, expected)
SELECT date_trunc('month', t.contract_end)::date, t.region, t.tier, t.currency, t.outcome, t.at_risk, t.churn_reason,
       count(*)::int, sum(t.value), COALESCE(sum(t.new_value), 0), count(t.new_value)::int,
       sum(LEAST(t.new_value, t.value)), sum(COALESCE(t.proposed_value, t.value))
FROM renewal_term t
GROUP BY 1, 2, 3, 4, 5, 6, 7;
