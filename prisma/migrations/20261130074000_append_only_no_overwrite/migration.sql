-- The append-only tables also refuse an INSERT that collides with an existing row. On
-- SQLite, REPLACE and INSERT OR REPLACE resolve such a collision by deleting the old row
-- without firing its DELETE trigger (unless recursive_triggers is on, a per-connection
-- setting), which would rewrite history. Checking before the insert works for every
-- connection and every conflict clause (REPLACE, IGNORE, ON CONFLICT DO UPDATE/NOTHING).
CREATE TRIGGER "AuditEvent_no_overwrite" BEFORE INSERT ON "AuditEvent"
WHEN EXISTS (SELECT 1 FROM "AuditEvent" WHERE "id" = NEW."id")
BEGIN
    SELECT RAISE(ABORT, 'AuditEvent is append-only');
END;

-- Every unique key of the ledger: REPLACE deletes a row that collides on any of them.
CREATE TRIGGER "LedgerEntry_no_overwrite" BEFORE INSERT ON "LedgerEntry"
WHEN EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "id" = NEW."id")
  OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "lotId" = NEW."lotId" AND "seq" = NEW."seq")
  OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "dosingRecordId" = NEW."dosingRecordId")
  OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "reversesEntryId" = NEW."reversesEntryId")
BEGIN
    SELECT RAISE(ABORT, 'LedgerEntry is append-only');
END;
