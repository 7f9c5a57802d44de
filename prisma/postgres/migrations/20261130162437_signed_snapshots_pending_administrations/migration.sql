-- DropIndex
DROP INDEX "LedgerEntry_dosingRecordId_key";

-- AlterTable
ALTER TABLE "GroupNote" ADD COLUMN     "signedSnapshot" TEXT;

-- AlterTable
ALTER TABLE "NoteAddendum" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'TEXT';

-- CreateIndex
CREATE INDEX "LedgerEntry_dosingRecordId_idx" ON "LedgerEntry"("dosingRecordId");


-- (Written by hand: triggers are not in the Prisma schema.) A dosing record may now have
-- more than one ADMINISTER entry (a corrected dose reverses the earlier one), so the
-- no-overwrite check covers only the keys that are still unique.
CREATE OR REPLACE FUNCTION "groupkap_ledger_no_overwrite"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "id" = NEW."id")
       OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "lotId" = NEW."lotId" AND "seq" = NEW."seq")
       OR EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "reversesEntryId" = NEW."reversesEntryId") THEN
        RAISE EXCEPTION 'LedgerEntry is append-only';
    END IF;
    RETURN NEW;
END;
$$;
