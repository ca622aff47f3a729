-- AlterTable
ALTER TABLE "launch_run" ADD COLUMN     "calendar" TEXT,
ADD COLUMN     "next_due_date" DATE,
ADD COLUMN     "owners" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "template_key" TEXT,
ADD COLUMN     "template_version" INTEGER;

-- CreateTable
CREATE TABLE "launch_item" (
    "launch_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "template_key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "owner_role" TEXT NOT NULL,
    "assignee" TEXT,
    "status" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL,
    "due_date" DATE NOT NULL,
    "overdue" BOOLEAN NOT NULL,
    "awaiting_sign_off" BOOLEAN NOT NULL DEFAULT false,
    "sign_off_by" TEXT,

    CONSTRAINT "launch_item_pkey" PRIMARY KEY ("launch_id","key")
);

-- CreateTable
CREATE TABLE "launch_event" (
    "launch_id" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "item_key" TEXT,
    "gate_key" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "cause" JSONB,

    CONSTRAINT "launch_event_pkey" PRIMARY KEY ("launch_id","n")
);

-- CreateTable
CREATE TABLE "notification_outbox" (
    "launch_id" TEXT NOT NULL,
    "event_n" INTEGER NOT NULL,
    "sink" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "person" TEXT,
    "text" TEXT NOT NULL,
    "cause" JSONB,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_outbox_pkey" PRIMARY KEY ("launch_id","event_n","sink")
);

-- CreateIndex
CREATE INDEX "launch_item_assignee_due_date_idx" ON "launch_item"("assignee", "due_date");

-- CreateIndex
CREATE INDEX "launch_item_owner_role_due_date_idx" ON "launch_item"("owner_role", "due_date");

-- CreateIndex
CREATE INDEX "notification_outbox_status_created_at_idx" ON "notification_outbox"("status", "created_at");

