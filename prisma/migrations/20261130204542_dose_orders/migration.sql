-- CreateTable
CREATE TABLE "DoseOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "unit" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "doseUg" INTEGER NOT NULL,
    "weightG" INTEGER,
    "route" TEXT NOT NULL,
    "repeatDoseUg" INTEGER,
    "repeatAfterMinutes" INTEGER,
    "reason" TEXT,
    "rangeOverride" TEXT,
    "orderedById" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "signatureMeaning" TEXT NOT NULL,
    "signatureName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DoseOrder_sessionId_status_idx" ON "DoseOrder"("sessionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DoseOrder_sessionId_enrollmentId_version_key" ON "DoseOrder"("sessionId", "enrollmentId", "version");

