-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SafetySignal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "cohortId" TEXT,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" DATETIME,
    "acknowledgedById" TEXT,
    "acknowledgmentNote" TEXT,
    CONSTRAINT "SafetySignal_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_SafetySignal" ("acknowledgedAt", "acknowledgedById", "acknowledgmentNote", "cohortId", "createdAt", "detail", "id", "kind", "participantId", "sourceId", "sourceType") SELECT "acknowledgedAt", "acknowledgedById", "acknowledgmentNote", "cohortId", "createdAt", "detail", "id", "kind", "participantId", "sourceId", "sourceType" FROM "SafetySignal";
DROP TABLE "SafetySignal";
ALTER TABLE "new_SafetySignal" RENAME TO "SafetySignal";
CREATE INDEX "SafetySignal_acknowledgedAt_createdAt_idx" ON "SafetySignal"("acknowledgedAt", "createdAt");
CREATE INDEX "SafetySignal_acknowledgedAt_priority_createdAt_id_idx" ON "SafetySignal"("acknowledgedAt", "priority", "createdAt", "id");
CREATE INDEX "SafetySignal_cohortId_idx" ON "SafetySignal"("cohortId");
CREATE UNIQUE INDEX "SafetySignal_kind_sourceType_sourceId_key" ON "SafetySignal"("kind", "sourceType", "sourceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill: the priority each existing signal's inbox card showed (describeSignal): serious
-- AEs and grade 4-5 AEs urgent, PHQ-9 item 9 answered 2 or 3 urgent, BP overrides review.
UPDATE "SafetySignal" SET "priority" = CASE
  WHEN "kind" = 'SERIOUS_AE' THEN 0
  WHEN "kind" = 'BP_OVERRIDE' THEN 2
  WHEN "kind" = 'AE_GRADE_3_PLUS' AND ("detail" LIKE '%graded 4 (%' OR "detail" LIKE '%graded 5 (%' OR "detail" LIKE '%"grade":4%' OR "detail" LIKE '%"grade":5%') THEN 0
  WHEN "kind" = 'PHQ9_ITEM9' AND ("detail" LIKE '%answered 2 (%' OR "detail" LIKE '%answered 3 (%' OR "detail" LIKE '%"itemScore":2%' OR "detail" LIKE '%"itemScore":3%') THEN 0
  ELSE 1
END;
