-- CreateTable
CREATE TABLE "deal_case" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "opportunity_id" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT,
    "deal_stage" TEXT NOT NULL,
    "competitors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "support_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "due_date" DATE NOT NULL,
    "sales_owner" TEXT NOT NULL,
    "calendar" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "stage_entered_at" TIMESTAMPTZ(3) NOT NULL,
    "stage_history" JSONB NOT NULL DEFAULT '[]',
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by" TEXT NOT NULL,
    "response_due_date" DATE NOT NULL,
    "response_overdue" BOOLEAN NOT NULL,
    "triaged_at" TIMESTAMPTZ(3),
    "triaged_by" TEXT,
    "support_items" JSONB NOT NULL DEFAULT '[]',
    "pricing" JSONB,
    "outcome_stage" TEXT,
    "outcome_at" TIMESTAMPTZ(3),
    "outcome_by" TEXT,
    "loss_reason" TEXT,
    "outcome_reason" TEXT,
    "outcome_note" TEXT,
    "handoff_requested" BOOLEAN NOT NULL DEFAULT false,
    "handoff_package" JSONB,
    "lesson_due" BOOLEAN NOT NULL,
    "lesson_text" TEXT,
    "lesson_by" TEXT,
    "lesson_at" TIMESTAMPTZ(3),
    "lesson_missing" BOOLEAN NOT NULL,
    -- Hand-written: Prisma cannot declare a generated column (schema.prisma marks it Unsupported("tsvector")).
    "lesson_search" tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce("lesson_text", ''))) STORED,
    "ended_at" TIMESTAMPTZ(3),
    "projection_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deal_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deal_event" (
    "deal_id" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "support_type" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "cause" JSONB,

    CONSTRAINT "deal_event_pkey" PRIMARY KEY ("deal_id","n")
);

-- CreateIndex
CREATE UNIQUE INDEX "deal_case_workflow_id_key" ON "deal_case"("workflow_id");

-- CreateIndex
CREATE INDEX "deal_case_region_requested_at_id_idx" ON "deal_case"("region", "requested_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deal_case_region_stage_idx" ON "deal_case"("region", "stage");

-- CreateIndex
CREATE INDEX "deal_case_region_lesson_at_id_idx" ON "deal_case"("region", "lesson_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "deal_case_support_types_idx" ON "deal_case" USING GIN ("support_types");

-- CreateIndex
CREATE INDEX "deal_case_lesson_search_idx" ON "deal_case" USING GIN ("lesson_search");

