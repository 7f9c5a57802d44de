-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN     "onCallUserId" TEXT;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "contactConsentAt" TIMESTAMP(3),
ADD COLUMN     "contactConsentById" TEXT,
ADD COLUMN     "emailFailedAt" TIMESTAMP(3),
ADD COLUMN     "emailFailedReason" TEXT,
ADD COLUMN     "emailOptOutAt" TIMESTAMP(3),
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "preferredChannel" TEXT NOT NULL DEFAULT 'EMAIL',
ADD COLUMN     "smsFailedAt" TIMESTAMP(3),
ADD COLUMN     "smsFailedReason" TEXT,
ADD COLUMN     "smsOptOutAt" TIMESTAMP(3),
ADD COLUMN     "timeZone" TEXT;

-- AlterTable
ALTER TABLE "Site" ADD COLUMN     "crisisLine" TEXT,
ADD COLUMN     "escalateItem9Minutes" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "escalateOtherMinutes" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "medicalLeadUserId" TEXT,
ADD COLUMN     "onCallUserId" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "notifyByEmail" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyBySms" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "phone" TEXT;

-- CreateTable
CREATE TABLE "OutreachSettings" (
    "programId" TEXT NOT NULL,
    "quietStart" TEXT NOT NULL DEFAULT '21:00',
    "quietEnd" TEXT NOT NULL DEFAULT '08:00',
    "reminderDays" TEXT NOT NULL DEFAULT '[2,5]',
    "sessionReminderHours" TEXT NOT NULL DEFAULT '[48,2]',
    "preparationText" TEXT NOT NULL DEFAULT '',
    "dosingPreparationText" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutreachSettings_pkey" PRIMARY KEY ("programId")
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "smsBody" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
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
    "sessionStartsAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "statusReason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "sentAt" TIMESTAMP(3),
    "messageIdHeader" TEXT NOT NULL,
    "transport" TEXT,
    "providerId" TEXT,
    "address" TEXT,
    "subject" TEXT,
    "body" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantPageToken" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "messageId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParticipantPageToken_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "ParticipantPageToken" ADD CONSTRAINT "ParticipantPageToken_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

