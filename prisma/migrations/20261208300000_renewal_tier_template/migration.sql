-- Renewal templates by customer tier (issue 20): the template each tier's new renewals run on when their start names none
-- CreateTable
CREATE TABLE "renewal_tier_template" (
    "tier" TEXT NOT NULL,
    "template_key" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "renewal_tier_template_pkey" PRIMARY KEY ("tier")
);
