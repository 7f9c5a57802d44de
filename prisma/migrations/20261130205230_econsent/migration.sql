-- CreateTable
CREATE TABLE "ConsentDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "versionLabel" TEXT NOT NULL,
    "effectiveDate" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "checkboxes" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    CONSTRAINT "ConsentDocument_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ParticipantConsent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "participantId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "signedName" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contentHash" TEXT NOT NULL,
    "signedVia" TEXT NOT NULL,
    "signedWithStaffId" TEXT,
    "signedPdf" BLOB NOT NULL,
    "countersignedById" TEXT,
    "countersignedName" TEXT,
    "countersignMeaning" TEXT,
    "countersignedAt" DATETIME,
    "countersignedPdf" BLOB,
    "reconsentNeededAt" DATETIME,
    "withdrawnAt" DATETIME,
    "withdrawnReason" TEXT,
    "withdrawnById" TEXT,
    CONSTRAINT "ParticipantConsent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ParticipantConsent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "ConsentDocument" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ConsentDocument_programId_createdAt_idx" ON "ConsentDocument"("programId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentDocument_programId_versionLabel_key" ON "ConsentDocument"("programId", "versionLabel");

-- CreateIndex
CREATE INDEX "ParticipantConsent_participantId_programId_idx" ON "ParticipantConsent"("participantId", "programId");

-- CreateIndex
CREATE INDEX "ParticipantConsent_documentId_idx" ON "ParticipantConsent"("documentId");

