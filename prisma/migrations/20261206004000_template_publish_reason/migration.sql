-- Templates on the board (issue 20): why a version was published, and the version its draft was copied from
ALTER TABLE "playbook_template_version" ADD COLUMN "reason" TEXT;
ALTER TABLE "playbook_template_version" ADD COLUMN "based_on" INTEGER;
