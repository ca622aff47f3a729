-- Issue 21: the cycle-times report and windows that start or end mid-month under 100 ms at 100k cases per playbook.
--
-- Until now the stays were counted in tenths of a day in insights_fact and insights_month, keyed by every dimension:
-- with real spreads that is about one row per stay, so finding the ranks of p50 and p90 read most of a year of rows.
-- - insights_stay gets band, a log-scaled bucket of the stay (eight per doubling of its length in seconds, so from
--   minutes to months in under 200 bands), computed from days, so it never falls for a longer stay.
-- - insights_stay_band counts the stays per UTC month of the request, region, band and stage (key), in all (dim empty)
--   and per one other dimension at a time, as insights_slice does for the facts, and the same over all regions
--   (region empty) for callers who see every region. The report finds the bands holding
--   the ranks there (and in insights_stay for the days at either end of the window) and reads only those stays, in
--   order of days from insights_stay_band_idx, stopping at the rank.
-- - The tenths of a day (cycle:to_signing, cycle:to_go_live, stage_days) leave insights_fact_live, insights_fact and
--   insights_month: nothing reads them now, and every projection wrote them.
-- - insights_slice_day: insights_slice per UTC day, for the days at either end of a window (they were read from
--   insights_fact, every fact of half a month).
-- The projections keep both new tables in the transaction that changed a case (activities/shared/insights-rollups.ts).
-- (No apostrophes or semicolons inside statements here: the migration runner splits the script on them.)

-- What an opportunity adds to the reports, as before without the tenths of a day of its stays.
CREATE OR REPLACE VIEW "insights_fact_live" AS
SELECT o.id AS opportunity_id, o.requested_at, o.region, o.channel, o.industry, o.products, o.origin,
       f.measure, f.bucket, f.n, f.value
FROM insights_chain_live o
LEFT JOIN poc_trial t ON o.origin = 'poc' AND t.id = o.id
LEFT JOIN deal_case d ON d.id = o.deal_id
LEFT JOIN handoff h ON h.id = o.handoff_id
CROSS JOIN LATERAL (
  SELECT 'requested'::text AS measure, ''::text AS bucket, 1 AS n, 0::float8 AS value
  UNION ALL SELECT 'converted', '', 1, 0 WHERE o.poc_converted
  UNION ALL SELECT 'won', '', 1, COALESCE(o.signed_value, 0) WHERE o.signed_at IS NOT NULL
  UNION ALL SELECT 'accepted', '', 1, 0 WHERE o.accepted
  UNION ALL SELECT 'live', '', 1, 0 WHERE o.live_at IS NOT NULL
  UNION ALL SELECT 'renewed', '', 1, 0 WHERE o.renewed
  UNION ALL SELECT 'project', '', 1, 0 WHERE o.handoff_id IS NOT NULL
  UNION ALL SELECT 'sla:poc:approval', '', 1, (NOT t.approval_overdue)::int WHERE t.id IS NOT NULL
  UNION ALL SELECT 'sla:deal:response', '', 1, (NOT d.response_overdue)::int WHERE d.id IS NOT NULL
  UNION ALL SELECT 'sla:handoff:milestones', '', count(*)::int,
                   count(*) FILTER (WHERE (m->>'completedAt')::timestamptz::date
                                          <= COALESCE(m->>'plannedDueDate', m->>'dueDate')::date)
    FROM jsonb_array_elements(h.milestones) m
    WHERE m->>'status' = 'done' AND m->>'completedAt' IS NOT NULL HAVING count(*) > 0
  UNION ALL SELECT 'sla:renewal:steps', '', count(*)::int,
                   count(*) FILTER (WHERE (s->>'doneAt')::timestamptz::date <= (s->>'dueDate')::date)
    FROM case_profile rp JOIN renewal r ON r.id = rp.case_id, jsonb_array_elements(r.steps) s
    WHERE rp.source_id = o.handoff_id AND rp.playbook = 'renewal' AND s->>'doneAt' IS NOT NULL HAVING count(*) > 0
  UNION ALL SELECT 'delivery:stage', h.stage, 1, 0 WHERE h.id IS NOT NULL
  UNION ALL SELECT 'delivery:open', '', 1, 0 WHERE h.stage NOT IN ('handed_over', 'cancelled')
  UNION ALL SELECT 'delivery:at_risk', '', 1, 0 WHERE h.stage NOT IN ('handed_over', 'cancelled') AND h.at_risk
  UNION ALL SELECT 'delivery:overdue', '', 1, 0 WHERE h.stage NOT IN ('handed_over', 'cancelled') AND h.overdue
  UNION ALL SELECT 'delivery:slipping', '', count(*)::int, 0 FROM jsonb_array_elements(h.milestones) m
    WHERE h.stage NOT IN ('handed_over', 'cancelled') AND m->>'status' <> 'done'
      AND (COALESCE((m->>'slips')::int, 0) > 0 OR (m->>'overdue')::boolean) HAVING count(*) > 0
  UNION ALL SELECT 'delivery:go_live', to_char(h.projected_go_live, 'YYYY-MM'), 1, 0
    WHERE h.stage NOT IN ('handed_over', 'cancelled') AND h.projected_go_live IS NOT NULL
  -- Effort: per step (playbook) and role the role-stamped timeline entries, minutes and distinct people, one row per case
  -- worked on (effort:cases), and for a won opportunity the minutes and distinct people of its chain, in all and per role.
  UNION ALL SELECT x.measure, x.bucket, x.n, x.value
    FROM (
      SELECT e.playbook, e.role, count(*)::int AS actions, COALESCE(sum(e.minutes), 0)::float8 AS minutes,
             count(DISTINCT e.actor)::int AS people, GROUPING(e.playbook, e.role) AS level
      FROM (
        SELECT 'poc' AS playbook, pe.actor, pe.actor_role AS role, pe.effort_minutes AS minutes
        FROM poc_event pe WHERE o.origin = 'poc' AND pe.trial_id = o.id AND pe.actor_role IS NOT NULL
        UNION ALL SELECT 'deal', de.actor, de.actor_role, de.effort_minutes
        FROM deal_event de WHERE de.deal_id = o.deal_id AND de.actor_role IS NOT NULL
        UNION ALL SELECT 'handoff', he.actor, he.actor_role, he.effort_minutes
        FROM handoff_event he WHERE he.handoff_id = o.handoff_id AND he.actor_role IS NOT NULL
        UNION ALL SELECT 'renewal', re.actor, re.actor_role, re.effort_minutes
        FROM case_profile rp JOIN renewal_event re ON re.renewal_id = rp.case_id
        WHERE rp.source_id = o.handoff_id AND rp.playbook = 'renewal' AND re.actor_role IS NOT NULL
      ) e
      GROUP BY GROUPING SETS ((e.playbook, e.role), (e.role), ())
    ) g
    CROSS JOIN LATERAL (VALUES
      ('effort', g.playbook || ':' || g.role, g.actions, g.minutes, g.level = 0),
      ('effort:people', g.playbook || ':' || g.role, g.people, 0::float8, g.level = 0),
      ('effort:cases', g.playbook || ':' || g.role, 1, 0::float8, g.level = 0),
      ('effort:won_role', g.role, g.people, g.minutes, g.level = 2 AND o.signed_at IS NOT NULL),
      ('effort:won', '', g.people, g.minutes, g.level = 3 AND o.signed_at IS NOT NULL)
    ) x(measure, bucket, n, value, kept)
    WHERE x.kept AND g.actions > 0
) f;;

DELETE FROM insights_fact WHERE measure IN ('cycle:to_signing', 'cycle:to_go_live', 'stage_days');
DELETE FROM insights_month WHERE measure IN ('cycle:to_signing', 'cycle:to_go_live', 'stage_days');

ALTER TABLE "insights_stay" ADD COLUMN "band" INTEGER NOT NULL
  GENERATED ALWAYS AS (floor(ln(1 + greatest("days", 0) * 86400) * 8 / ln(2))::int) STORED;
DROP INDEX "insights_stay_bucket_idx";
-- The stays of one band in order of days, the window and filters checked from the index alone.
CREATE INDEX "insights_stay_band_idx" ON "insights_stay" ("key", "band", "days")
  INCLUDE ("requested_at", "region", "channel", "industry", "products");
-- The days at either end of a window.
CREATE INDEX "insights_stay_requested_idx" ON "insights_stay" ("requested_at")
  INCLUDE ("key", "band", "region", "channel", "industry", "products");

CREATE TABLE "insights_stay_band" (
  "month" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "dim" TEXT NOT NULL,
  "dim_value" TEXT,
  "key" TEXT NOT NULL,
  "band" INTEGER NOT NULL,
  "n" BIGINT NOT NULL
);
CREATE UNIQUE INDEX "insights_stay_band_key" ON "insights_stay_band"
  ("month", "region", "dim", "dim_value", "key", "band") NULLS NOT DISTINCT;
-- dim_value is always constrained (IS NULL in all, = the value asked for), so region and month are index ranges too.
CREATE INDEX "insights_stay_band_read_idx" ON "insights_stay_band" ("dim", "dim_value", "region", "month")
  INCLUDE ("key", "band", "n");

INSERT INTO insights_stay_band (month, region, dim, dim_value, key, band, n)
SELECT date_trunc('month', c.requested_at AT TIME ZONE 'UTC')::date, r.region, s.dim, s.dim_value, c.key, c.band, count(*)
FROM insights_stay c
CROSS JOIN LATERAL (SELECT c.region AS region UNION ALL SELECT '') r
CROSS JOIN LATERAL (
  SELECT ''::text AS dim, NULL::text AS dim_value
  UNION ALL SELECT 'channel', c.channel
  UNION ALL SELECT 'industry', c.industry
  UNION ALL SELECT 'product', p FROM unnest(c.products) p
) s
GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TABLE "insights_slice_day" (
  "day" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "origin" TEXT NOT NULL,
  "dim" TEXT NOT NULL,
  "dim_value" TEXT,
  "measure" TEXT NOT NULL,
  "bucket" TEXT NOT NULL,
  "n" BIGINT NOT NULL,
  "value" DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX "insights_slice_day_key" ON "insights_slice_day"
  ("day", "region", "origin", "dim", "dim_value", "measure", "bucket") NULLS NOT DISTINCT;
CREATE INDEX "insights_slice_day_read_idx" ON "insights_slice_day" ("dim", "measure", "day")
  INCLUDE ("region", "dim_value", "origin", "bucket", "n", "value");

INSERT INTO insights_slice_day (day, region, origin, dim, dim_value, measure, bucket, n, value)
SELECT (f.requested_at AT TIME ZONE 'UTC')::date, f.region, f.origin, s.dim, s.dim_value, f.measure, f.bucket,
       sum(f.n), sum(f.value)
FROM insights_fact f
CROSS JOIN LATERAL (
  SELECT ''::text AS dim, NULL::text AS dim_value
  UNION ALL SELECT 'channel', f.channel
  UNION ALL SELECT 'industry', f.industry
  UNION ALL SELECT 'product', p FROM unnest(f.products) p
) s
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- Effort and the actor role on launch actions too (issue 21), as on the other playbooks (20261206005000_insights_rollups).
ALTER TABLE "launch_event" ADD COLUMN "actor_role" TEXT, ADD COLUMN "effort_minutes" INTEGER;
