-- AlterTable
ALTER TABLE "notice" ADD COLUMN     "audience" TEXT NOT NULL DEFAULT 'staff';
