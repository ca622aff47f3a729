-- AlterTable
ALTER TABLE "poc_event" ADD COLUMN     "message" JSONB;

-- AlterTable
ALTER TABLE "deal_event" ADD COLUMN     "message" JSONB;

-- AlterTable
ALTER TABLE "handoff_event" ADD COLUMN     "message" JSONB;

-- AlterTable
ALTER TABLE "renewal_event" ADD COLUMN     "message" JSONB;

