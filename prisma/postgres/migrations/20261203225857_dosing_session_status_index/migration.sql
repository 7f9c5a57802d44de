-- The worklist's draft dosing records of recent sessions, by session then status. It leads with
-- the session: DosingRecord(status, sessionId) (dropped in the previous migration) led with the
-- status and captured the report triggers' lookup of one enrollment's signed records on SQLite.
-- Counting 277 recent sessions' drafts: 0.65 ms by the unique (sessionId, enrollmentId) index
-- (every record of each session), an index seek each with this one.
-- CreateIndex
CREATE INDEX "DosingRecord_sessionId_status_idx" ON "DosingRecord"("sessionId", "status");

