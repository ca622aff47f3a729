-- AlterTable
ALTER TABLE "idempotency_record" ADD COLUMN     "lease_until" TIMESTAMPTZ(3),
ADD COLUMN     "owner" TEXT;
