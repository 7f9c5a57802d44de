-- AlterTable
ALTER TABLE "AdverseEvent" ADD COLUMN "closedByName" TEXT;
ALTER TABLE "AdverseEvent" ADD COLUMN "closedMeaning" TEXT;

-- AlterTable
ALTER TABLE "DosingRecord" ADD COLUMN "doseOverrideAt" DATETIME;
ALTER TABLE "DosingRecord" ADD COLUMN "doseOverrideById" TEXT;
ALTER TABLE "DosingRecord" ADD COLUMN "doseOverrideReason" TEXT;
ALTER TABLE "DosingRecord" ADD COLUMN "signatureMeaning" TEXT;
ALTER TABLE "DosingRecord" ADD COLUMN "signatureName" TEXT;

-- AlterTable
ALTER TABLE "GroupNote" ADD COLUMN "signatureMeaning" TEXT;
ALTER TABLE "GroupNote" ADD COLUMN "signatureName" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" DATETIME,
    "passwordChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "phone" TEXT,
    "notifyByEmail" BOOLEAN NOT NULL DEFAULT true,
    "notifyBySms" BOOLEAN NOT NULL DEFAULT false,
    "isPrescriber" BOOLEAN NOT NULL DEFAULT false,
    "deaNumber" TEXT
);
INSERT INTO "new_User" ("active", "createdAt", "deactivatedAt", "email", "id", "mustChangePassword", "name", "notifyByEmail", "notifyBySms", "passwordChangedAt", "passwordHash", "phone", "updatedAt", "version") SELECT "active", "createdAt", "deactivatedAt", "email", "id", "mustChangePassword", "name", "notifyByEmail", "notifyBySms", "passwordChangedAt", "passwordHash", "phone", "updatedAt", "version" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

