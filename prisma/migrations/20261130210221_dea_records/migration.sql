-- AlterTable
ALTER TABLE "KetamineLot" ADD COLUMN "supplierAddress" TEXT;
ALTER TABLE "KetamineLot" ADD COLUMN "supplierDeaNumber" TEXT;

-- AlterTable
ALTER TABLE "Site" ADD COLUMN "deaRegistrantAddress" TEXT;
ALTER TABLE "Site" ADD COLUMN "deaRegistrantName" TEXT;
ALTER TABLE "Site" ADD COLUMN "deaRegistrationNumber" TEXT;

-- CreateTable
CREATE TABLE "DeaInventory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "takenOn" TEXT NOT NULL,
    "timeOfDay" TEXT NOT NULL,
    "takenById" TEXT NOT NULL,
    "signedByName" TEXT NOT NULL,
    "signatureMeaning" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DeaInventoryLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inventoryId" TEXT NOT NULL,
    "lotId" TEXT NOT NULL,
    "drugName" TEXT NOT NULL,
    "strength" TEXT NOT NULL,
    "dosageForm" TEXT NOT NULL,
    "fullContainers" INTEGER NOT NULL,
    "openedContainers" INTEGER NOT NULL,
    "openedEstimateMl" TEXT,
    "countedUg" INTEGER NOT NULL,
    "ledgerBalanceUg" INTEGER NOT NULL,
    "explanation" TEXT,
    "ledgerEntryId" TEXT NOT NULL,
    CONSTRAINT "DeaInventoryLine_inventoryId_fkey" FOREIGN KEY ("inventoryId") REFERENCES "DeaInventory" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeaLossReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ledgerEntryId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "discoveredOn" TEXT NOT NULL,
    "lossType" TEXT NOT NULL,
    "policeNotified" BOOLEAN NOT NULL,
    "policeReportNumber" TEXT,
    "description" TEXT NOT NULL,
    "reportDueOn" TEXT NOT NULL,
    "reportedToDeaOn" TEXT,
    "reportedById" TEXT,
    "reportedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DeaDestruction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ledgerEntryId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "destroyedOn" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "witness1Id" TEXT NOT NULL,
    "witness2Id" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DeaInventory_siteId_takenOn_idx" ON "DeaInventory"("siteId", "takenOn");

-- CreateIndex
CREATE INDEX "DeaInventoryLine_lotId_idx" ON "DeaInventoryLine"("lotId");

-- CreateIndex
CREATE UNIQUE INDEX "DeaLossReport_ledgerEntryId_key" ON "DeaLossReport"("ledgerEntryId");

-- CreateIndex
CREATE INDEX "DeaLossReport_siteId_idx" ON "DeaLossReport"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "DeaDestruction_ledgerEntryId_key" ON "DeaDestruction"("ledgerEntryId");

-- CreateIndex
CREATE INDEX "DeaDestruction_siteId_idx" ON "DeaDestruction"("siteId");

