-- CreateTable
CREATE TABLE "poc_trial" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "opportunity_id" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT,
    "product" TEXT NOT NULL,
    "sales_owner" TEXT NOT NULL,
    "presales" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ops_supporters" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "regional_ops" TEXT,
    "calendar" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "stage_entered_at" TIMESTAMPTZ(3) NOT NULL,
    "stage_history" JSONB NOT NULL DEFAULT '[]',
    "at_risk" BOOLEAN NOT NULL,
    "risk_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by" TEXT NOT NULL,
    "approval_due_date" DATE NOT NULL,
    "approval_overdue" BOOLEAN NOT NULL,
    "auto_approved" BOOLEAN NOT NULL,
    "planned_start" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "expires_on" DATE NOT NULL,
    "kickoff_at" TIMESTAMPTZ(3),
    "next_check_in_due" DATE,
    "last_check_in" JSONB,
    "missed_check_ins" INTEGER NOT NULL,
    "criteria_total" INTEGER NOT NULL,
    "criteria_met" INTEGER NOT NULL,
    "criteria_unmet" INTEGER NOT NULL,
    "criteria" JSONB NOT NULL DEFAULT '[]',
    "extensions_granted" INTEGER NOT NULL,
    "extension_days_granted" INTEGER NOT NULL,
    "pending_extension_days" INTEGER,
    "environment" JSONB,
    "provisioning_error" TEXT,
    "outcome_stage" TEXT,
    "outcome_at" TIMESTAMPTZ(3),
    "outcome_by" TEXT,
    "loss_reason" TEXT,
    "outcome_reason" TEXT,
    "outcome_note" TEXT,
    "next_step" TEXT,
    "ended_at" TIMESTAMPTZ(3),
    "projection_seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "poc_trial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poc_stage_interval" (
    "trial_id" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "poc_stage_interval_pkey" PRIMARY KEY ("trial_id","n")
);

-- CreateTable
CREATE TABLE "poc_event" (
    "trial_id" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "criterion_key" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "cause" JSONB,

    CONSTRAINT "poc_event_pkey" PRIMARY KEY ("trial_id","n")
);

-- CreateIndex
CREATE UNIQUE INDEX "poc_trial_workflow_id_key" ON "poc_trial"("workflow_id");

-- CreateIndex
CREATE INDEX "poc_trial_region_requested_at_id_idx" ON "poc_trial"("region", "requested_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "poc_trial_region_stage_idx" ON "poc_trial"("region", "stage");

-- CreateIndex
CREATE INDEX "poc_trial_region_end_date_idx" ON "poc_trial"("region", "end_date");

-- CreateIndex
CREATE INDEX "poc_trial_region_outcome_at_idx" ON "poc_trial"("region", "outcome_at");

-- CreateIndex
CREATE INDEX "poc_trial_stage_next_check_in_due_idx" ON "poc_trial"("stage", "next_check_in_due");

-- CreateIndex
CREATE INDEX "poc_stage_interval_stage_left_at_idx" ON "poc_stage_interval"("stage", "left_at");

