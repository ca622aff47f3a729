-- CreateTable
CREATE TABLE "handoff" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "opportunity" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT,
    "sales_owner" TEXT NOT NULL,
    "project_manager" TEXT,
    "source_playbook" TEXT NOT NULL,
    "source_id" TEXT,
    "calendar" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "stage_entered_at" TIMESTAMPTZ(3) NOT NULL,
    "stage_history" JSONB NOT NULL DEFAULT '[]',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "started_by" TEXT NOT NULL,
    "package_items" JSONB NOT NULL DEFAULT '[]',
    "missing_items" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "return_count" INTEGER NOT NULL DEFAULT 0,
    "sla_kind" TEXT,
    "sla_due_date" DATE,
    "sla_overdue" BOOLEAN NOT NULL DEFAULT false,
    "target_go_live" DATE,
    "projected_go_live" DATE,
    "kickoff_date" DATE,
    "milestones" JSONB NOT NULL DEFAULT '[]',
    "next_milestone_key" TEXT,
    "next_milestone_due" DATE,
    "at_risk" BOOLEAN NOT NULL,
    "overdue" BOOLEAN NOT NULL,
    "customer_acceptance" JSONB,
    "handover" JSONB,
    "renewal_workflow_id" TEXT,
    "outcome_stage" TEXT,
    "outcome_at" TIMESTAMPTZ(3),
    "outcome_by" TEXT,
    "outcome_reason" TEXT,
    "ended_at" TIMESTAMPTZ(3),
    "projection_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "handoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handoff_event" (
    "handoff_id" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "milestone_key" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "cause" JSONB,

    CONSTRAINT "handoff_event_pkey" PRIMARY KEY ("handoff_id","n")
);

-- CreateIndex
CREATE UNIQUE INDEX "handoff_workflow_id_key" ON "handoff"("workflow_id");

-- CreateIndex
CREATE INDEX "handoff_region_started_at_id_idx" ON "handoff"("region", "started_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "handoff_region_stage_idx" ON "handoff"("region", "stage");

-- CreateIndex
CREATE INDEX "handoff_project_manager_idx" ON "handoff"("project_manager");

