-- DropIndex
DROP INDEX "LedgerEntry_dosingRecordId_key";

-- AlterTable
ALTER TABLE "GroupNote" ADD COLUMN "signedSnapshot" TEXT;

-- AlterTable
ALTER TABLE "NoteAddendum" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'TEXT';

-- CreateIndex
CREATE INDEX "LedgerEntry_dosingRecordId_idx" ON "LedgerEntry"("dosingRecordId");


-- (Written by hand: triggers are not in the Prisma schema.) A dosing record may now have
-- more than one ADMINISTER entry (a corrected dose reverses the earlier one), so the
-- no-overwrite trigger checks only the keys that are still unique.
DROP TRIGGER "LedgerEntry_no_overwrite";
CREATE TRIGGER "LedgerEntry_no_overwrite" BEFORE INSERT ON "LedgerEntry"
WHEN EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "id" = NEW."id")
  OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "lotId" = NEW."lotId" AND "seq" = NEW."seq")
  OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "reversesEntryId" = NEW."reversesEntryId")
BEGIN
    SELECT RAISE(ABORT, 'LedgerEntry is append-only');
END;
