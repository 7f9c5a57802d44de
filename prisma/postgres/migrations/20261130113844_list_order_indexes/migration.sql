-- CreateIndex
CREATE INDEX "AdverseEvent_onsetAt_id_idx" ON "AdverseEvent"("onsetAt", "id");

-- CreateIndex
CREATE INDEX "Participant_lastName_firstName_id_idx" ON "Participant"("lastName", "firstName", "id");

