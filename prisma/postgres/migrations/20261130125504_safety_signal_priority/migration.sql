-- AlterTable
ALTER TABLE "SafetySignal" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "SafetySignal_acknowledgedAt_priority_createdAt_id_idx" ON "SafetySignal"("acknowledgedAt", "priority", "createdAt", "id");


-- Backfill: the priority each existing signal's inbox card showed (describeSignal): serious
-- AEs and grade 4-5 AEs urgent, PHQ-9 item 9 answered 2 or 3 urgent, BP overrides review.
UPDATE "SafetySignal" SET "priority" = CASE
  WHEN "kind" = 'SERIOUS_AE' THEN 0
  WHEN "kind" = 'BP_OVERRIDE' THEN 2
  WHEN "kind" = 'AE_GRADE_3_PLUS' AND ("detail" LIKE '%graded 4 (%' OR "detail" LIKE '%graded 5 (%' OR "detail" LIKE '%"grade":4%' OR "detail" LIKE '%"grade":5%') THEN 0
  WHEN "kind" = 'PHQ9_ITEM9' AND ("detail" LIKE '%answered 2 (%' OR "detail" LIKE '%answered 3 (%' OR "detail" LIKE '%"itemScore":2%' OR "detail" LIKE '%"itemScore":3%') THEN 0
  ELSE 1
END;
