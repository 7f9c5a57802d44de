-- The home page's worklist: its measures read the expected questionnaires whose window has
-- opened (due and overdue) from one index instead of every expected one by closing date (12,600
-- rows on the full-size benchmark database, ~30 ms of its ~40); its unsigned dosing records read
-- the drafts of recent sessions instead of all their records.
-- CreateIndex
CREATE INDEX "Assessment_status_windowOpens_windowCloses_enrollmentId_idx" ON "Assessment"("status", "windowOpens", "windowCloses", "enrollmentId");

-- CreateIndex
CREATE INDEX "DosingRecord_status_sessionId_idx" ON "DosingRecord"("status", "sessionId");

