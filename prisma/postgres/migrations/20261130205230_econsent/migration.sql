-- CreateTable
CREATE TABLE "ConsentDocument" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "versionLabel" TEXT NOT NULL,
    "effectiveDate" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "checkboxes" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "ConsentDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantConsent" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "signedName" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contentHash" TEXT NOT NULL,
    "signedVia" TEXT NOT NULL,
    "signedWithStaffId" TEXT,
    "signedPdf" BYTEA NOT NULL,
    "countersignedById" TEXT,
    "countersignedName" TEXT,
    "countersignMeaning" TEXT,
    "countersignedAt" TIMESTAMP(3),
    "countersignedPdf" BYTEA,
    "reconsentNeededAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnReason" TEXT,
    "withdrawnById" TEXT,

    CONSTRAINT "ParticipantConsent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentDocument_programId_createdAt_idx" ON "ConsentDocument"("programId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentDocument_programId_versionLabel_key" ON "ConsentDocument"("programId", "versionLabel");

-- CreateIndex
CREATE INDEX "ParticipantConsent_participantId_programId_idx" ON "ParticipantConsent"("participantId", "programId");

-- CreateIndex
CREATE INDEX "ParticipantConsent_documentId_idx" ON "ParticipantConsent"("documentId");

-- AddForeignKey
ALTER TABLE "ConsentDocument" ADD CONSTRAINT "ConsentDocument_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantConsent" ADD CONSTRAINT "ParticipantConsent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantConsent" ADD CONSTRAINT "ParticipantConsent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "ConsentDocument"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

