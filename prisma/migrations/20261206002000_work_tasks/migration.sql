-- Issue 17 item 8: one "my tasks" query over every playbook.

-- Each launch gate as the run's projection last saw it: who must sign, who has, which required items are
-- still open, and whether it is decided. Sign-off and go/no-go tasks come from it.
CREATE TABLE "launch_gate" (
    "launch_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "sign_offs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "signed_off" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "open_items" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "decision" TEXT,

    CONSTRAINT "launch_gate_pkey" PRIMARY KEY ("launch_id", "key")
);

-- What a person can act on, derived from each playbook's read-model rows. The rules live here once:
-- each projection refreshes its case's rows of work_task from this view in the same transaction, and
-- the table below is what "my tasks" reads (this view is too slow to sort over 100k cases per read).
--   people: the named persons whose work it is (empty: anyone holding one of the roles),
--   roles: the roles that act on it. overdue_flag: the projection's own flag where it keeps one,
--   else null (the read compares due_date with today). blocked: it waits on waiting_on first.
CREATE VIEW "work_task_source" AS
SELECT 'launch'::TEXT AS "playbook", i."launch_id" AS "case_id", 'item:' || i."key" AS "task_key",
       CASE WHEN i."awaiting_sign_off" THEN 'launch-item-sign-off' ELSE 'launch-item' END AS "kind",
       i."title", r."product_name" AS "case_name", i."phase" AS "case_ref", r."regions",
       CASE WHEN i."awaiting_sign_off" OR i."assignee" IS NULL THEN ARRAY[]::TEXT[] ELSE ARRAY[i."assignee"] END AS "people",
       ARRAY[CASE WHEN i."awaiting_sign_off" THEN i."sign_off_by" ELSE i."owner_role" END] AS "roles",
       i."due_date", i."overdue" AS "overdue_flag", i."status" = 'blocked' AS "blocked", ARRAY[]::TEXT[] AS "waiting_on",
       jsonb_build_object('itemKey', i."key", 'launchDate', r."launch_date", 'phase', i."phase", 'ownerRole', i."owner_role",
                          'assignee', i."assignee", 'status', i."status", 'required', i."required",
                          'awaitingSignOff', i."awaiting_sign_off", 'signOffBy', i."sign_off_by") AS "detail"
FROM "launch_item" i JOIN "launch_run" r ON r."id" = i."launch_id"
WHERE r."status" IN ('active', 'launched') AND i."status" IN ('blocked', 'ready', 'in_progress')
UNION ALL
-- A gate's sign-offs (one per role still to sign, by the run's person in that role when it names one)
-- and its go/no-go decision (the ops manager's), either waits while required items are open.
SELECT 'launch', g."launch_id", 'gate:' || g."key" || x."suffix", x."kind", g."title", r."product_name", x."role", r."regions",
       CASE WHEN r."owners" ->> x."role" IS NULL THEN ARRAY[]::TEXT[] ELSE ARRAY[r."owners" ->> x."role"] END,
       ARRAY[x."role"], g."due_date", NULL, cardinality(x."waiting_on") > 0, x."waiting_on",
       jsonb_build_object('gateKey', g."key", 'role', x."role", 'launchDate', r."launch_date")
FROM "launch_gate" g JOIN "launch_run" r ON r."id" = g."launch_id"
CROSS JOIN LATERAL (
    SELECT ':sign-off:' || s."role", 'launch-gate-sign-off', s."role", g."open_items"
    FROM unnest(g."sign_offs") AS s("role") WHERE NOT (s."role" = ANY(g."signed_off"))
    UNION ALL
    SELECT ':decision', 'launch-gate-decision', 'ops_manager',
           g."open_items" || ARRAY(SELECT 'sign-off:' || s."role" FROM unnest(g."sign_offs") AS s("role")
                                   WHERE NOT (s."role" = ANY(g."signed_off")))
) AS x("suffix", "kind", "role", "waiting_on")
WHERE r."status" IN ('active', 'launched') AND g."decision" IS NULL
UNION ALL
-- POC trials: approval and provisioning (regional ops or the ops manager), a pending extension, and
-- the kickoff and check-ins of the people on the trial.
SELECT 'poc', t."id", x."task_key", x."kind", t."product", t."account", t."opportunity_id", ARRAY[t."region"],
       x."people", x."roles", x."due_date", x."overdue_flag", FALSE, ARRAY[]::TEXT[],
       jsonb_build_object('stage', t."stage", 'amount', t."amount", 'currency', t."currency", 'salesOwner', t."sales_owner",
                          'plannedStart', t."planned_start", 'criteriaTotal', t."criteria_total",
                          'pendingExtensionDays', t."pending_extension_days")
FROM "poc_trial" t
CROSS JOIN LATERAL (SELECT ARRAY[t."sales_owner"] || t."presales" || t."ops_supporters" AS "team") AS p
CROSS JOIN LATERAL (
    SELECT 'approval', 'poc-approval', ARRAY[]::TEXT[], ARRAY['regional_ops', 'ops_manager'], t."approval_due_date", t."approval_overdue"
    WHERE t."stage" = 'requested'
    UNION ALL
    SELECT 'provisioning', 'poc-provisioning', ARRAY[]::TEXT[], ARRAY['regional_ops', 'ops_manager'], t."planned_start",
           CASE WHEN t."stage" = 'provisioning_failed' THEN TRUE END
    WHERE t."stage" IN ('provisioning', 'provisioning_failed')
    UNION ALL
    SELECT 'extension', 'poc-extension', ARRAY[]::TEXT[], ARRAY['regional_ops', 'ops_manager'], t."end_date", NULL
    WHERE t."pending_extension_days" IS NOT NULL AND t."stage" = 'active'
    UNION ALL
    SELECT 'kickoff', 'poc-kickoff', p."team", ARRAY['sales', 'presales'], t."planned_start", NULL WHERE t."stage" = 'ready'
    UNION ALL
    SELECT 'check-in', 'poc-check-in', p."team", ARRAY['sales', 'presales'], t."next_check_in_due", NULL
    WHERE t."stage" = 'active' AND t."next_check_in_due" IS NOT NULL
) AS x("task_key", "kind", "people", "roles", "due_date", "overdue_flag")
WHERE t."stage" IN ('requested', 'provisioning', 'provisioning_failed', 'ready', 'active')
UNION ALL
-- Deal support: triage, each open support item (its assignees'), a pending pricing exception, and
-- the closed case's lesson (its sales owner's).
SELECT 'deal', d."id", x."task_key", x."kind", x."title", d."account", d."opportunity_id", ARRAY[d."region"],
       x."people", x."roles", x."due_date", x."overdue_flag", FALSE, ARRAY[]::TEXT[],
       jsonb_build_object('stage', d."stage", 'supportTypes', to_jsonb(d."support_types"),
                          'openSupport', COALESCE((SELECT jsonb_agg(o ->> 'supportType') FROM jsonb_array_elements(d."support_items") o
                                                   WHERE o ->> 'status' = 'open'), '[]'::JSONB),
                          'pricingPending', COALESCE(d."pricing" ->> 'status' = 'pending', FALSE),
                          'lessonOpen', d."lesson_text" IS NULL AND NOT d."lesson_missing")
FROM "deal_case" d
CROSS JOIN LATERAL (
    SELECT 'triage', 'deal-triage', NULL::TEXT, ARRAY[]::TEXT[], ARRAY['presales', 'ops_manager'], d."response_due_date", d."response_overdue"
    WHERE d."stage" = 'requested'
    UNION ALL
    SELECT 'support:' || (s ->> 'supportType'), 'deal-support', s ->> 'supportType',
           ARRAY(SELECT jsonb_array_elements_text(s -> 'assignees')), ARRAY['presales'], d."due_date", NULL
    FROM jsonb_array_elements(d."support_items") s
    WHERE d."stage" IN ('triaged', 'in_progress') AND s ->> 'status' = 'open'
    UNION ALL
    SELECT 'pricing', 'deal-pricing', NULL, ARRAY[]::TEXT[], ARRAY['ops_manager'], d."due_date", NULL
    WHERE d."stage" IN ('triaged', 'in_progress') AND d."pricing" ->> 'status' = 'pending'
    UNION ALL
    SELECT 'lesson', 'deal-lesson', NULL, ARRAY[d."sales_owner"], ARRAY['sales'], NULL::DATE, FALSE
    WHERE d."stage" IN ('closed_won', 'closed_lost') AND d."lesson_due" AND d."lesson_text" IS NULL AND NOT d."lesson_missing"
) AS x("task_key", "kind", "title", "people", "roles", "due_date", "overdue_flag")
WHERE d."stage" IN ('requested', 'triaged', 'in_progress', 'closed_won', 'closed_lost')
UNION ALL
-- Delivery handoff: the package (sales), its review, kickoff and handover (the project manager), and each
-- open milestone (its assignee's, it waits on the one before it).
SELECT 'handoff', h."id", x."task_key", x."kind", x."title", h."account", h."opportunity", ARRAY[h."region"],
       x."people", x."roles", x."due_date", x."overdue_flag", cardinality(x."waiting_on") > 0, x."waiting_on",
       jsonb_build_object('stage', h."stage", 'amount', h."amount", 'currency', h."currency",
                          'missingItems', cardinality(h."missing_items")) || x."detail"
FROM "handoff" h
CROSS JOIN LATERAL (SELECT CASE WHEN h."project_manager" IS NULL THEN ARRAY[]::TEXT[] ELSE ARRAY[h."project_manager"] END AS "pm") AS p
CROSS JOIN LATERAL (
    SELECT 'package', 'handoff-package', NULL::TEXT, ARRAY[h."sales_owner"], ARRAY['sales'], h."sla_due_date", h."sla_overdue",
           ARRAY[]::TEXT[], '{}'::JSONB
    WHERE h."stage" IN ('package_pending', 'returned')
    UNION ALL
    SELECT 'review', 'handoff-review', NULL, p."pm", ARRAY['project_manager'], h."sla_due_date", h."sla_overdue", ARRAY[]::TEXT[], '{}'
    WHERE h."stage" = 'in_review'
    UNION ALL
    SELECT 'kickoff', 'handoff-kickoff', NULL, p."pm", ARRAY['project_manager'], NULL, FALSE, ARRAY[]::TEXT[], '{}'
    WHERE h."stage" = 'accepted'
    UNION ALL
    SELECT 'milestone:' || (m ->> 'key'), 'handoff-milestone', m ->> 'title',
           CASE WHEN COALESCE(m ->> 'assignee', h."project_manager") IS NULL THEN ARRAY[]::TEXT[]
                -- Kickoff gives every milestone the project manager unless it names someone: another role's
                -- milestone left so is that role's (presales confirm the spec), not the project manager's.
                WHEN m ->> 'ownerRole' <> 'project_manager'
                     AND COALESCE(m ->> 'assignee', h."project_manager") = h."project_manager" THEN ARRAY[]::TEXT[]
                ELSE ARRAY[COALESCE(m ->> 'assignee', h."project_manager")] END,
           ARRAY[m ->> 'ownerRole'], (m ->> 'dueDate')::DATE, (m ->> 'overdue')::BOOLEAN,
           ARRAY(SELECT b.e ->> 'key' FROM jsonb_array_elements(h."milestones") WITH ORDINALITY AS b(e, n)
                 WHERE b.n < a.n AND b.e ->> 'status' <> 'done' ORDER BY b.n),
           jsonb_build_object('milestone', jsonb_build_object('key', m -> 'key', 'title', m -> 'title', 'status', m -> 'status',
                                                              'ownerRole', m -> 'ownerRole', 'assignee', m -> 'assignee',
                                                              'atRisk', m -> 'atRisk'))
    FROM jsonb_array_elements(h."milestones") WITH ORDINALITY AS a(m, n)
    WHERE h."stage" = 'kicked_off' AND m ->> 'status' <> 'done'
    UNION ALL
    SELECT 'handover', 'handoff-handover', NULL, p."pm", ARRAY['project_manager'], NULL, FALSE, ARRAY[]::TEXT[], '{}'
    WHERE h."stage" = 'accepted_by_customer'
) AS x("task_key", "kind", "title", "people", "roles", "due_date", "overdue_flag", "waiting_on", "detail")
WHERE h."stage" IN ('package_pending', 'returned', 'in_review', 'accepted', 'kicked_off', 'accepted_by_customer')
UNION ALL
-- Renewal follow-up: the current term's next open step, its customer success owner's.
SELECT 'renewal', r."id", 'step:' || r."next_step_key", 'renewal-step', r."next_step_key", r."account", r."contract_id",
       ARRAY[r."region"],
       CASE WHEN r."customer_success_owner" IS NULL THEN ARRAY[]::TEXT[] ELSE ARRAY[r."customer_success_owner"] END,
       ARRAY[COALESCE(r."next_step_owner_role", 'customer_success')], r."next_step_due",
       (SELECT (s ->> 'overdue')::BOOLEAN FROM jsonb_array_elements(r."steps") s WHERE s ->> 'key' = r."next_step_key" LIMIT 1),
       FALSE, ARRAY[]::TEXT[], jsonb_build_object('stage', r."stage", 'atRisk', r."at_risk")
FROM "renewal" r
WHERE r."ended_at" IS NULL AND r."stage" <> 'churned' AND r."next_step_key" IS NOT NULL;

CREATE TABLE "work_task" (
    "playbook" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "task_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT,
    "case_name" TEXT NOT NULL,
    "case_ref" TEXT,
    "regions" TEXT[] NOT NULL,
    "people" TEXT[] NOT NULL,
    "roles" TEXT[] NOT NULL,
    "due_date" DATE,
    "overdue_flag" BOOLEAN,
    "blocked" BOOLEAN NOT NULL,
    "waiting_on" TEXT[] NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "work_task_pkey" PRIMARY KEY ("playbook", "case_id", "task_key")
);

-- "My tasks" order: actionable before blocked, then by due date (undated last), then by case and task.
CREATE INDEX "work_task_order_idx" ON "work_task" ("blocked", "due_date", "playbook", "case_id", "task_key");

INSERT INTO "work_task" SELECT * FROM "work_task_source";
