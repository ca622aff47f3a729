-- CreateTable
CREATE TABLE "integration_source" (
    "name" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "integration_source_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "integration_mapping" (
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_mapping_pkey" PRIMARY KEY ("source","version")
);

-- CreateTable
CREATE TABLE "integration_event" (
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mapping_version" INTEGER NOT NULL,
    "outcome" JSONB NOT NULL,

    CONSTRAINT "integration_event_pkey" PRIMARY KEY ("source","event_id")
);

-- CreateTable
CREATE TABLE "integration_dead_letter" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "event_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL,
    "replayed_at" TIMESTAMPTZ(3),
    "replayed_by" TEXT,
    "replay_outcome" TEXT,

    CONSTRAINT "integration_dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_subscription" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "kinds" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "failure_streak" INTEGER NOT NULL DEFAULT 0,
    "disabled_at" TIMESTAMPTZ(3),
    "disabled_why" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_delivery" (
    "subscription_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "event_n" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("subscription_id","message_id")
);

-- CreateIndex
CREATE INDEX "integration_dead_letter_source_received_at_idx" ON "integration_dead_letter"("source", "received_at" DESC);

-- CreateIndex
CREATE INDEX "webhook_delivery_status_claimed_until_idx" ON "webhook_delivery"("status", "claimed_until");

