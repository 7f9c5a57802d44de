-- DropIndex
DROP INDEX "LedgerEntry_dosingRecordId_key";

-- AlterTable
ALTER TABLE "GroupNote" ADD COLUMN "signedSnapshot" TEXT;

-- AlterTable
ALTER TABLE "NoteAddendum" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'TEXT';

-- CreateIndex
CREATE INDEX "LedgerEntry_dosingRecordId_idx" ON "LedgerEntry"("dosingRecordId");

