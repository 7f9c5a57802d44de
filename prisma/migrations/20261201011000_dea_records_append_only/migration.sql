-- DEA records are kept at least two years and never rewritten (21 CFR 1304.04): inventories,
-- their lines, Form 41 destructions and Form 106 losses refuse UPDATE and DELETE in the
-- database itself, whatever code or tool connects. The one later fact a loss report takes is
-- the date it was reported to the DEA, recorded once. An INSERT that collides with an
-- existing row is refused too (REPLACE would otherwise delete the old row silently).
CREATE TRIGGER "DeaInventory_no_update" BEFORE UPDATE ON "DeaInventory"
BEGIN
    SELECT RAISE(ABORT, 'DeaInventory is append-only');
END;
CREATE TRIGGER "DeaInventory_no_delete" BEFORE DELETE ON "DeaInventory"
BEGIN
    SELECT RAISE(ABORT, 'DeaInventory is append-only');
END;
CREATE TRIGGER "DeaInventory_no_overwrite" BEFORE INSERT ON "DeaInventory"
WHEN EXISTS (SELECT 1 FROM "DeaInventory" WHERE "id" = NEW."id")
BEGIN
    SELECT RAISE(ABORT, 'DeaInventory is append-only');
END;

CREATE TRIGGER "DeaInventoryLine_no_update" BEFORE UPDATE ON "DeaInventoryLine"
BEGIN
    SELECT RAISE(ABORT, 'DeaInventoryLine is append-only');
END;
CREATE TRIGGER "DeaInventoryLine_no_delete" BEFORE DELETE ON "DeaInventoryLine"
BEGIN
    SELECT RAISE(ABORT, 'DeaInventoryLine is append-only');
END;
CREATE TRIGGER "DeaInventoryLine_no_overwrite" BEFORE INSERT ON "DeaInventoryLine"
WHEN EXISTS (SELECT 1 FROM "DeaInventoryLine" WHERE "id" = NEW."id")
BEGIN
    SELECT RAISE(ABORT, 'DeaInventoryLine is append-only');
END;

CREATE TRIGGER "DeaDestruction_no_update" BEFORE UPDATE ON "DeaDestruction"
BEGIN
    SELECT RAISE(ABORT, 'DeaDestruction is append-only');
END;
CREATE TRIGGER "DeaDestruction_no_delete" BEFORE DELETE ON "DeaDestruction"
BEGIN
    SELECT RAISE(ABORT, 'DeaDestruction is append-only');
END;
CREATE TRIGGER "DeaDestruction_no_overwrite" BEFORE INSERT ON "DeaDestruction"
WHEN EXISTS (SELECT 1 FROM "DeaDestruction" WHERE "id" = NEW."id")
  OR EXISTS (SELECT 1 FROM "DeaDestruction" WHERE "ledgerEntryId" = NEW."ledgerEntryId")
BEGIN
    SELECT RAISE(ABORT, 'DeaDestruction is append-only');
END;

CREATE TRIGGER "DeaLossReport_no_update" BEFORE UPDATE ON "DeaLossReport"
WHEN OLD."reportedToDeaOn" IS NOT NULL
  OR NEW."id" IS NOT OLD."id"
  OR NEW."ledgerEntryId" IS NOT OLD."ledgerEntryId"
  OR NEW."siteId" IS NOT OLD."siteId"
  OR NEW."discoveredOn" IS NOT OLD."discoveredOn"
  OR NEW."lossType" IS NOT OLD."lossType"
  OR NEW."policeNotified" IS NOT OLD."policeNotified"
  OR NEW."policeReportNumber" IS NOT OLD."policeReportNumber"
  OR NEW."description" IS NOT OLD."description"
  OR NEW."reportDueOn" IS NOT OLD."reportDueOn"
  OR NEW."createdById" IS NOT OLD."createdById"
  OR NEW."createdAt" IS NOT OLD."createdAt"
BEGIN
    SELECT RAISE(ABORT, 'DeaLossReport is append-only (only the date it was reported to the DEA is added, once)');
END;
CREATE TRIGGER "DeaLossReport_no_delete" BEFORE DELETE ON "DeaLossReport"
BEGIN
    SELECT RAISE(ABORT, 'DeaLossReport is append-only');
END;
CREATE TRIGGER "DeaLossReport_no_overwrite" BEFORE INSERT ON "DeaLossReport"
WHEN EXISTS (SELECT 1 FROM "DeaLossReport" WHERE "id" = NEW."id")
  OR EXISTS (SELECT 1 FROM "DeaLossReport" WHERE "ledgerEntryId" = NEW."ledgerEntryId")
BEGIN
    SELECT RAISE(ABORT, 'DeaLossReport is append-only');
END;
