-- DropIndex
DROP INDEX "Message_cohortId_createdAt_idx";

-- DropIndex
DROP INDEX "Message_participantId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Message_dueAt_id_idx" ON "Message"("dueAt", "id");

-- CreateIndex
CREATE INDEX "Message_participantId_dueAt_idx" ON "Message"("participantId", "dueAt");

-- CreateIndex
CREATE INDEX "Message_cohortId_dueAt_idx" ON "Message"("cohortId", "dueAt");

