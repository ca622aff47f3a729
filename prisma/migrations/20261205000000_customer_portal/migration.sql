-- CreateTable
CREATE TABLE "portal_invitation" (
    "id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "playbook" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "invited_by" TEXT NOT NULL,
    "invited_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "last_seen_at" TIMESTAMPTZ(3),

    CONSTRAINT "portal_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portal_session" (
    "id" TEXT NOT NULL,
    "invitation_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ip" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "portal_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portal_event" (
    "id" BIGSERIAL NOT NULL,
    "invitation_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "portal_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "portal_invitation_secret_hash_key" ON "portal_invitation"("secret_hash");

-- CreateIndex
CREATE INDEX "portal_invitation_case_id_invited_at_idx" ON "portal_invitation"("case_id", "invited_at");

-- CreateIndex
CREATE UNIQUE INDEX "portal_session_token_hash_key" ON "portal_session"("token_hash");

-- CreateIndex
CREATE INDEX "portal_session_invitation_id_created_at_idx" ON "portal_session"("invitation_id", "created_at");

-- CreateIndex
CREATE INDEX "portal_event_invitation_id_id_idx" ON "portal_event"("invitation_id", "id");

-- AddForeignKey
ALTER TABLE "portal_session" ADD CONSTRAINT "portal_session_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "portal_invitation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "portal_event" ADD CONSTRAINT "portal_event_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "portal_invitation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

