-- Renewal templates by customer tier (issue 20): the template each tier's new renewals run on when their start names none
-- CreateTable
CREATE TABLE "renewal_tier_template" (
    "tier" TEXT NOT NULL,
    "template_key" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "renewal_tier_template_pkey" PRIMARY KEY ("tier")
);

-- Versioned mappings (issue 20): every change of a region's calendar or a tier's renewal template, who made it and why
-- CreateTable
CREATE TABLE "mapping_change" (
    "id" SERIAL NOT NULL,
    "mapping" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "reason" TEXT,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mapping_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mapping_change_mapping_subject_version_key" ON "mapping_change"("mapping", "subject", "version");
