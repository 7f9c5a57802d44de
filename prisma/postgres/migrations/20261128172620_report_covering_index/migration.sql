-- CreateIndex
CREATE INDEX "Assessment_report_covering_idx" ON "Assessment"("enrollmentId", "status", "timepointKey", "instrumentCode", "completedOn", "scaleValues");

