-- CreateTable
CREATE TABLE "renewal" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "currency" TEXT,
    "customer_success_owner" TEXT,
    "source_playbook" TEXT NOT NULL,
    "source_id" TEXT,
    "calendar" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "stage_entered_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "term_number" INTEGER NOT NULL,
    "term_start" DATE NOT NULL,
    "contract_end" DATE NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "compressed" BOOLEAN NOT NULL,
    "last_call" BOOLEAN NOT NULL,
    "lapsed" BOOLEAN NOT NULL,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "health_score" INTEGER,
    "health_band" TEXT,
    "health_source" TEXT,
    "health_at" TIMESTAMPTZ(3),
    "at_risk" BOOLEAN NOT NULL,
    "health_check_status" TEXT NOT NULL,
    "health_check_error" TEXT,
    "next_step_key" TEXT,
    "next_step_due" DATE,
    "next_step_owner_role" TEXT,
    "overdue_steps" INTEGER NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "projection_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "renewal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "renewal_term" (
    "renewal_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "term_start" DATE NOT NULL,
    "contract_end" DATE NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "outcome" TEXT,
    "new_value" DOUBLE PRECISION,
    "churn_reason" TEXT,
    "note" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "health_score" INTEGER,
    "health_band" TEXT,
    "at_risk" BOOLEAN NOT NULL,
    "proposed_value" DOUBLE PRECISION,
    "projection_seq" INTEGER NOT NULL,

    CONSTRAINT "renewal_term_pkey" PRIMARY KEY ("renewal_id","number")
);

-- CreateTable
CREATE TABLE "renewal_event" (
    "renewal_id" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "term" INTEGER NOT NULL,
    "step_key" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "cause" JSONB,

    CONSTRAINT "renewal_event_pkey" PRIMARY KEY ("renewal_id","n")
);

-- CreateIndex
CREATE UNIQUE INDEX "renewal_workflow_id_key" ON "renewal"("workflow_id");

-- CreateIndex
CREATE INDEX "renewal_contract_end_id_idx" ON "renewal"("contract_end", "id");

-- CreateIndex
CREATE INDEX "renewal_region_contract_end_idx" ON "renewal"("region", "contract_end");

-- CreateIndex
CREATE INDEX "renewal_term_contract_end_idx" ON "renewal_term"("contract_end");

