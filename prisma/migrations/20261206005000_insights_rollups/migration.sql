-- Issue 21: the insights reports from rollups the projections keep, instead of following every chain per report.
--
-- - insights_chain_live (a view): the customer chain computed from the case rows, one row per opportunity (a POC
--   trial, or a deal that did not come from a trial) with how far it got. It is the single definition: the
--   projections copy its rows, the backfill below copies all of them, and the tests compare the copies with it.
-- - insights_opportunity: that row, stored. The drill-down lists the cases behind a figure from it.
-- - insights_fact_live (a view) and insights_fact: what each opportunity adds to the reports, as (measure, bucket,
--   n, value) with the opportunity filters beside it: a funnel step reached (won carries the signed value), a project,
--   SLA items measured and met, the handoff delivery status, and each stay in days counted in tenths of a day: from
--   request to signing and to go-live (cycle:to_signing, cycle:to_go_live, bucket = round(days * 10)) and in each
--   stage of the trial, deal and handoff (stage_days, bucket = playbook:stage:round(days * 10)).
-- - insights_month: the facts summed per UTC month of the opportunity request, region, channel, industry, products
--   and origin. A report reads whole months here and the days at either end of its window from insights_fact.
-- The projections (activities/shared/insights-rollups.ts) rewrite an opportunity and its facts in the transaction
-- that changed one of its cases, and change insights_month by the difference, in key order, in one statement.
-- Rows whose count fell to 0 stay (they add nothing).
-- (No apostrophes or semicolons inside statements here: the migration runner splits the script on them.)

-- Effort and the actor role on each timeline event (issue 21): the role the actor acted in and the minutes
-- they said an action took, stamped by the workflow on what the action wrote. Null on system events and older ones.
ALTER TABLE "poc_event" ADD COLUMN "actor_role" TEXT, ADD COLUMN "effort_minutes" INTEGER;
ALTER TABLE "deal_event" ADD COLUMN "actor_role" TEXT, ADD COLUMN "effort_minutes" INTEGER;
ALTER TABLE "handoff_event" ADD COLUMN "actor_role" TEXT, ADD COLUMN "effort_minutes" INTEGER;
ALTER TABLE "renewal_event" ADD COLUMN "actor_role" TEXT, ADD COLUMN "effort_minutes" INTEGER;

CREATE VIEW "insights_chain_live" AS
WITH opportunity AS (
  SELECT t.id, 'poc'::text AS origin, t.account, t.region, cp.channel,
         COALESCE(cp.industry, t.industry) AS industry,
         COALESCE(NULLIF(cp.products, '{}'), ARRAY[t.product]) AS products,
         t.requested_at, t.amount, t.outcome_stage, t.outcome_at
  FROM poc_trial t LEFT JOIN case_profile cp ON cp.case_id = t.id
  UNION ALL
  SELECT d.id, 'deal'::text, d.account, d.region, cp.channel, cp.industry, COALESCE(cp.products, '{}'),
         d.requested_at, d.amount, d.outcome_stage, d.outcome_at
  FROM deal_case d LEFT JOIN case_profile cp ON cp.case_id = d.id
  WHERE cp.source_id IS NULL
)
SELECT o.id, o.origin, o.account, o.region, o.channel, o.industry, o.products, o.requested_at,
       COALESCE(o.origin = 'poc' AND o.outcome_stage = 'converted', false) AS poc_converted,
       deal.id AS deal_id,
       CASE WHEN deal.outcome_stage = 'closed_won' THEN deal.outcome_at
            WHEN o.origin = 'poc' AND o.outcome_stage = 'converted' AND deal.id IS NULL AND h.id IS NOT NULL
              THEN o.outcome_at END AS signed_at,
       CASE WHEN deal.outcome_stage = 'closed_won' THEN deal.amount
            WHEN o.origin = 'poc' AND o.outcome_stage = 'converted' AND deal.id IS NULL AND h.id IS NOT NULL
              THEN o.amount END AS signed_value,
       h.id AS handoff_id,
       COALESCE(h.stage_history @> '[{"stage":"accepted"}]', false) AS accepted,
       (SELECT (entry->>'enteredAt')::timestamptz FROM jsonb_array_elements(h.stage_history) entry
         WHERE entry->>'stage' = 'accepted_by_customer' LIMIT 1) AS live_at,
       EXISTS (SELECT 1 FROM case_profile rp JOIN renewal_term rt ON rt.renewal_id = rp.case_id
                WHERE rp.source_id = h.id AND rp.playbook = 'renewal'
                  AND rt.outcome IN ('renewed', 'expanded', 'downgraded')) AS renewed
FROM opportunity o
LEFT JOIN LATERAL (
  SELECT d.id, d.outcome_stage, d.outcome_at, d.amount FROM deal_case d
  WHERE o.origin = 'deal' AND d.id = o.id
  UNION ALL
  SELECT d.id, d.outcome_stage, d.outcome_at, d.amount
  FROM case_profile dp JOIN deal_case d ON d.id = dp.case_id
  WHERE o.origin = 'poc' AND dp.source_id = o.id AND dp.playbook = 'deal'
  LIMIT 1
) deal ON true
LEFT JOIN LATERAL (
  SELECT hh.id, hh.stage_history FROM case_profile hp JOIN handoff hh ON hh.id = hp.case_id
  WHERE hp.source_id = ANY(ARRAY[o.id, deal.id]) AND hp.playbook = 'handoff'
  LIMIT 1
) h ON true;

CREATE TABLE "insights_opportunity" (
  "id" TEXT NOT NULL,
  "origin" TEXT NOT NULL,
  "account" TEXT NOT NULL,
  "region" TEXT NOT NULL,
  "channel" TEXT,
  "industry" TEXT,
  "products" TEXT[] NOT NULL,
  "requested_at" TIMESTAMPTZ(3) NOT NULL,
  "poc_converted" BOOLEAN NOT NULL,
  "deal_id" TEXT,
  "signed_at" TIMESTAMPTZ(3),
  "signed_value" DOUBLE PRECISION,
  "handoff_id" TEXT,
  "accepted" BOOLEAN NOT NULL,
  "live_at" TIMESTAMPTZ(3),
  "renewed" BOOLEAN NOT NULL,
  CONSTRAINT "insights_opportunity_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "insights_opportunity_requested_idx" ON "insights_opportunity" ("requested_at" DESC, "id");

-- What an opportunity adds to each report (the header above lists the measures).
CREATE VIEW "insights_fact_live" AS
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
  UNION ALL SELECT 'cycle:to_signing', round(extract(epoch FROM o.signed_at - o.requested_at) / 8640)::bigint::text, 1, 0
    WHERE o.signed_at IS NOT NULL
  UNION ALL SELECT 'cycle:to_go_live', round(extract(epoch FROM o.live_at - o.requested_at) / 8640)::bigint::text, 1, 0
    WHERE o.live_at IS NOT NULL
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
  UNION ALL SELECT 'stage_days', v.playbook || ':' || v.stage || ':' || v.bucket, count(*)::int, 0
    FROM (
      SELECT c.playbook, entry.value->>'stage' AS stage,
             round(extract(epoch FROM lead((entry.value->>'enteredAt')::timestamptz) OVER (PARTITION BY c.playbook ORDER BY entry.n)
                                      - (entry.value->>'enteredAt')::timestamptz) / 8640)::bigint AS bucket
      FROM (VALUES ('poc', t.stage_history), ('deal', d.stage_history), ('handoff', h.stage_history)) c(playbook, history),
           jsonb_array_elements(c.history) WITH ORDINALITY AS entry(value, n)
    ) v
    WHERE v.bucket IS NOT NULL GROUP BY v.playbook, v.stage, v.bucket
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
) f;

CREATE TABLE "insights_fact" (
  "opportunity_id" TEXT NOT NULL,
  "requested_at" TIMESTAMPTZ(3) NOT NULL,
  "region" TEXT NOT NULL,
  "channel" TEXT,
  "industry" TEXT,
  "products" TEXT[] NOT NULL,
  "origin" TEXT NOT NULL,
  "measure" TEXT NOT NULL,
  "bucket" TEXT NOT NULL,
  "n" INTEGER NOT NULL,
  "value" DOUBLE PRECISION NOT NULL
);
CREATE INDEX "insights_fact_opportunity_idx" ON "insights_fact" ("opportunity_id");
-- The days at either end of a window, read from this index alone (the filters and figures ride along).
CREATE INDEX "insights_fact_measure_requested_idx" ON "insights_fact" ("measure", "requested_at")
  INCLUDE ("region", "channel", "industry", "products", "origin", "bucket", "n", "value");

CREATE TABLE "insights_month" (
  "month" DATE NOT NULL,
  "region" TEXT NOT NULL,
  "channel" TEXT,
  "industry" TEXT,
  "products" TEXT[] NOT NULL,
  "origin" TEXT NOT NULL,
  "measure" TEXT NOT NULL,
  "bucket" TEXT NOT NULL,
  "n" BIGINT NOT NULL,
  "value" DOUBLE PRECISION NOT NULL
);
CREATE UNIQUE INDEX "insights_month_key" ON "insights_month"
  ("month", "region", "channel", "industry", "products", "origin", "measure", "bucket") NULLS NOT DISTINCT;
CREATE INDEX "insights_month_measure_idx" ON "insights_month" ("measure", "month");

-- Backfill: every opportunity already in the read model, its facts and their months.
INSERT INTO insights_opportunity SELECT * FROM insights_chain_live;

INSERT INTO insights_fact (opportunity_id, requested_at, region, channel, industry, products, origin, measure, bucket, n, value)
SELECT * FROM insights_fact_live;

INSERT INTO insights_month (month, region, channel, industry, products, origin, measure, bucket, n, value)
SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date, region, channel, industry, products, origin, measure,
       bucket, sum(n), sum(value)
FROM insights_fact
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
