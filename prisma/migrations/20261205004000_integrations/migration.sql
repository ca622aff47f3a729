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

-- CreateIndex
CREATE INDEX "integration_dead_letter_source_received_at_idx" ON "integration_dead_letter"("source", "received_at" DESC);

