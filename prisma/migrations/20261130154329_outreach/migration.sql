-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN "onCallUserId" TEXT;

-- CreateTable
CREATE TABLE "OutreachSettings" (
    "programId" TEXT NOT NULL PRIMARY KEY,
    "quietStart" TEXT NOT NULL DEFAULT '21:00',
    "quietEnd" TEXT NOT NULL DEFAULT '08:00',
    "reminderDays" TEXT NOT NULL DEFAULT '[2,5]',
    "sessionReminderHours" TEXT NOT NULL DEFAULT '[48,2]',
    "preparationText" TEXT NOT NULL DEFAULT '',
    "dosingPreparationText" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "smsBody" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "purposeKey" TEXT NOT NULL,
    "participantId" TEXT,
    "userId" TEXT,
    "enrollmentId" TEXT,
    "cohortId" TEXT,
    "sessionId" TEXT,
    "timepointKey" TEXT,
    "signalId" TEXT,
    "sessionStartsAt" DATETIME,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "statusReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" DATETIME,
    "claimedBy" TEXT,
    "sentAt" DATETIME,
    "messageIdHeader" TEXT NOT NULL,
    "transport" TEXT,
    "providerId" TEXT,
    "address" TEXT,
    "subject" TEXT,
    "body" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ParticipantPageToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "participantId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "lastUsedAt" DATETIME,
    "messageId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ParticipantPageToken_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
-- Participant gains columns in place (no table rebuild): the report_rows triggers on
-- Assessment, Enrollment and others name "Participant", and SQLite refuses to rename a
-- rebuilt table under them ("error in trigger ...: no such table: main.Participant").
ALTER TABLE "Participant" ADD COLUMN "preferredChannel" TEXT NOT NULL DEFAULT 'EMAIL';
ALTER TABLE "Participant" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Participant" ADD COLUMN "timeZone" TEXT;
ALTER TABLE "Participant" ADD COLUMN "contactConsentAt" DATETIME;
ALTER TABLE "Participant" ADD COLUMN "contactConsentById" TEXT;
ALTER TABLE "Participant" ADD COLUMN "emailOptOutAt" DATETIME;
ALTER TABLE "Participant" ADD COLUMN "smsOptOutAt" DATETIME;
ALTER TABLE "Participant" ADD COLUMN "emailFailedAt" DATETIME;
ALTER TABLE "Participant" ADD COLUMN "emailFailedReason" TEXT;
ALTER TABLE "Participant" ADD COLUMN "smsFailedAt" DATETIME;
ALTER TABLE "Participant" ADD COLUMN "smsFailedReason" TEXT;
CREATE TABLE "new_Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "address" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "crisisLine" TEXT,
    "onCallUserId" TEXT,
    "medicalLeadUserId" TEXT,
    "escalateItem9Minutes" INTEGER NOT NULL DEFAULT 30,
    "escalateOtherMinutes" INTEGER NOT NULL DEFAULT 60,
    "version" INTEGER NOT NULL DEFAULT 1
);
INSERT INTO "new_Site" ("active", "address", "createdAt", "id", "name", "timeZone") SELECT "active", "address", "createdAt", "id", "name", "timeZone" FROM "Site";
DROP TABLE "Site";
ALTER TABLE "new_Site" RENAME TO "Site";
CREATE UNIQUE INDEX "Site_name_key" ON "Site"("name");
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
    "notifyBySms" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_User" ("active", "createdAt", "deactivatedAt", "email", "id", "mustChangePassword", "name", "passwordChangedAt", "passwordHash", "updatedAt", "version") SELECT "active", "createdAt", "deactivatedAt", "email", "id", "mustChangePassword", "name", "passwordChangedAt", "passwordHash", "updatedAt", "version" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "MessageTemplate_programId_kind_language_key" ON "MessageTemplate"("programId", "kind", "language");

-- CreateIndex
CREATE UNIQUE INDEX "Message_purposeKey_key" ON "Message"("purposeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Message_messageIdHeader_key" ON "Message"("messageIdHeader");

-- CreateIndex
CREATE INDEX "Message_status_dueAt_idx" ON "Message"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Message_participantId_createdAt_idx" ON "Message"("participantId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_cohortId_createdAt_idx" ON "Message"("cohortId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_userId_createdAt_idx" ON "Message"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_signalId_idx" ON "Message"("signalId");

-- CreateIndex
CREATE UNIQUE INDEX "ParticipantPageToken_tokenHash_key" ON "ParticipantPageToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ParticipantPageToken_participantId_idx" ON "ParticipantPageToken"("participantId");

