-- A dosing record's addenda, in the order written: the dosing board reads those of the cards it
-- shows. Without it that read scanned every addendum of the network (SQLite's plan: SCAN a).
-- CreateIndex
CREATE INDEX "DosingAddendum_dosingRecordId_createdAt_idx" ON "DosingAddendum"("dosingRecordId", "createdAt");

