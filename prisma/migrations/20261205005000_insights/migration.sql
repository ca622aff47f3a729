-- CreateTable
CREATE TABLE "reference_value" (
    "list" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "label_en" TEXT NOT NULL,
    "label_zh" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reference_value_pkey" PRIMARY KEY ("list","value")
);

-- CreateTable
CREATE TABLE "case_profile" (
    "case_id" TEXT NOT NULL,
    "playbook" TEXT NOT NULL,
    "source_id" TEXT,
    "channel" TEXT,
    "industry" TEXT,
    "products" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "projection_seq" INTEGER NOT NULL,

    CONSTRAINT "case_profile_pkey" PRIMARY KEY ("case_id")
);

-- CreateIndex
CREATE INDEX "case_profile_playbook_industry_idx" ON "case_profile"("playbook", "industry");

-- CreateIndex
CREATE INDEX "case_profile_playbook_channel_idx" ON "case_profile"("playbook", "channel");

-- CreateIndex
CREATE INDEX "case_profile_products_idx" ON "case_profile" USING GIN ("products");

-- CreateIndex
CREATE INDEX "case_profile_source_id_idx" ON "case_profile"("source_id");
