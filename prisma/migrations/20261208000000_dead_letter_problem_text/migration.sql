-- A dead letter's problem as a catalog text too (key and facts), so an admin reads it in Chinese or English.
-- Letters kept before this migration have none and are read in the English they were stored in.
ALTER TABLE "integration_dead_letter" ADD COLUMN "problem_text" JSONB;
