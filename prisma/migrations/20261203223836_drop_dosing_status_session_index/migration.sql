-- DosingRecord(status, sessionId) (migration worklist_indexes) is dropped. Without statistics
-- SQLite chose it for the report triggers' "this enrollment's signed dosing records" lookup, so
-- every write that refreshes a report row scanned every signed dosing record of the network
-- (13.6 ms per write on the full-size benchmark database instead of ~0.01 ms). The worklist's
-- drafts of a session read the session's few records by DosingRecord(sessionId, enrollmentId).
-- DropIndex
DROP INDEX "DosingRecord_status_sessionId_idx";

