-- Calendars on the board (issue 20): the calendar each region's new cases count on when their start names none
-- CreateTable
CREATE TABLE "region_calendar" (
    "region" TEXT NOT NULL,
    "calendar" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "region_calendar_pkey" PRIMARY KEY ("region")
);

-- CreateIndex
CREATE INDEX "region_calendar_calendar_idx" ON "region_calendar"("calendar");
