-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "launch_run" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "launch_date" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "items_total" INTEGER NOT NULL,
    "items_done" INTEGER NOT NULL,
    "items_overdue" INTEGER NOT NULL,
    "projection_seq" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "launch_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "launch_run_workflow_id_key" ON "launch_run"("workflow_id");

-- CreateIndex
CREATE INDEX "launch_run_status_launch_date_idx" ON "launch_run"("status", "launch_date");

