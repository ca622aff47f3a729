-- Issue 21: exact percentiles of stays, and monthly sums per one dimension at a time (insights_slice, at the end).
-- The rollups (20261206005000_insights_rollups) count each stay in tenths of a day, which is enough to find in
-- which tenth the stays at a percentile rank lie, but not their exact values.
-- insights_stay keeps every stay of an opportunity with its exact length, so the cycle-times report reads exactly
-- the stays of the buckets that hold the ranks it needs (api/insights/percentiles.ts), not every stay of the window.
--
-- - insights_stay_live (a view): per opportunity, each stay as the facts count it (key = cycle:to_signing,
--   cycle:to_go_live or playbook:stage, bucket = the same round(days * 10) as the facts), and its days: the
--   milliseconds between the two timestamps divided by 86,400,000 in float8, the very number TypeScript gets
--   from (Date.parse(to) - Date.parse(from)) / 86400000.
-- - insights_stay: its rows, stored and kept by the projections with the facts (activities/shared/insights-rollups.ts).
-- (No apostrophes or semicolons inside statements here: the migration runner splits the script on them.)

CREATE VIEW "insights_stay_live" AS
SELECT o.id AS opportunity_id, o.requested_at, o.region, o.channel, o.industry, o.products,
       s.key, round(s.ms / 8640000)::int AS bucket, s.ms::float8 / 86400000::float8 AS days
FROM insights_chain_live o
LEFT JOIN poc_trial t ON o.origin = 'poc' AND t.id = o.id
LEFT JOIN deal_case d ON d.id = o.deal_id
LEFT JOIN handoff h ON h.id = o.handoff_id
CROSS JOIN LATERAL (
  SELECT 'cycle:to_signing'::text AS key, round(extract(epoch FROM o.signed_at - o.requested_at) * 1000) AS ms
    WHERE o.signed_at IS NOT NULL
  UNION ALL SELECT 'cycle:to_go_live', round(extract(epoch FROM o.live_at - o.requested_at) * 1000)
    WHERE o.live_at IS NOT NULL
  UNION ALL SELECT v.playbook || ':' || v.stage, v.ms
    FROM (
      SELECT c.playbook, entry.value->>'stage' AS stage,
             round(extract(epoch FROM lead((entry.value->>'enteredAt')::timestamptz) OVER (PARTITION BY c.playbook ORDER BY entry.n)
                                      - (entry.value->>'enteredAt')::timestamptz) * 1000) AS ms
      FROM (VALUES ('poc', t.stage_history), ('deal', d.stage_history), ('handoff', h.stage_history)) c(playbook, history),
           jsonb_array_elements(c.history) WITH ORDINALITY AS entry(value, n)
    ) v
    WHERE v.ms IS NOT NULL
) s;

CREATE TABLE "insights_stay" (
  "opportunity_id" TEXT NOT NULL,
  "requested_at" TIMESTAMPTZ(3) NOT NULL,
  "region" TEXT NOT NULL,
  "channel" TEXT,
  "industry" TEXT,
  "products" TEXT[] NOT NULL,
  "key" TEXT NOT NULL,
  "bucket" INTEGER NOT NULL,
  "days" DOUBLE PRECISION NOT NULL
);
CREATE INDEX "insights_stay_opportunity_idx" ON "insights_stay" ("opportunity_id");
-- The stays of one bucket in a window, read from this index alone (the filters and the days ride along).
CREATE INDEX "insights_stay_bucket_idx" ON "insights_stay" ("key", "bucket", "requested_at")
  INCLUDE ("days", "region", "channel", "industry", "products");

-- Backfill: every opportunity already in the read model.
INSERT INTO insights_stay SELECT * FROM insights_stay_live;

-- insights_slice: the facts summed per UTC month of the request, region and origin, in all (dim empty) and per one
-- other dimension at a time (dim channel, industry or product, and its value, a product per product of the
-- opportunity). Real data holds so many combinations of channel, industry and products per month that
-- insights_month, keyed by all of them at once, is about as large as insights_fact. A report filtered or grouped by
-- at most one of them reads that one slice instead (api/insights/chain.ts). The histograms of stays (cycle:* and
-- stage_days) are not kept here: their buckets make as many rows as stays.
CREATE TABLE "insights_slice" (
  "month" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "origin" TEXT NOT NULL,
  "dim" TEXT NOT NULL,
  "dim_value" TEXT,
  "measure" TEXT NOT NULL,
  "bucket" TEXT NOT NULL,
  "n" BIGINT NOT NULL,
  "value" DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX "insights_slice_key" ON "insights_slice"
  ("month", "region", "origin", "dim", "dim_value", "measure", "bucket") NULLS NOT DISTINCT;
CREATE INDEX "insights_slice_read_idx" ON "insights_slice" ("dim", "measure", "month")
  INCLUDE ("region", "dim_value", "origin", "bucket", "n", "value");

-- Backfill from the facts.
INSERT INTO insights_slice (month, region, origin, dim, dim_value, measure, bucket, n, value)
SELECT date_trunc('month', f.requested_at AT TIME ZONE 'UTC')::date, f.region, f.origin, s.dim, s.dim_value, f.measure,
       f.bucket, sum(f.n), sum(f.value)
FROM insights_fact f
CROSS JOIN LATERAL (
  SELECT ''::text AS dim, NULL::text AS dim_value
  UNION ALL SELECT 'channel', f.channel
  UNION ALL SELECT 'industry', f.industry
  UNION ALL SELECT 'product', p FROM unnest(f.products) p
) s
WHERE f.measure NOT IN ('cycle:to_signing', 'cycle:to_go_live', 'stage_days')
GROUP BY 1, 2, 3, 4, 5, 6, 7;
