-- CreateTable
CREATE TABLE "person" (
    "email" TEXT NOT NULL,
    "name" TEXT,
    "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "regions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "manager" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "chat_ids" JSONB NOT NULL DEFAULT '{}',
    "preferences" JSONB NOT NULL DEFAULT '{}',
    "calendar_secret" TEXT,
    "digest_sent_on" TEXT,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "notice" (
    "id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "event_n" INTEGER NOT NULL,
    "person" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "playbook" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimed_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "person_calendar_secret_key" ON "person"("calendar_secret");

-- CreateIndex
CREATE INDEX "person_roles_idx" ON "person" USING GIN ("roles");

-- CreateIndex
CREATE INDEX "notice_person_channel_created_at_idx" ON "notice"("person", "channel", "created_at");

-- CreateIndex
CREATE INDEX "notice_status_channel_created_at_idx" ON "notice"("status", "channel", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notice_case_id_event_n_person_channel_key" ON "notice"("case_id", "event_n", "person", "channel");

