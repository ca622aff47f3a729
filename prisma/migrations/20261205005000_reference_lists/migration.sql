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
