-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceDetail" TEXT,
    "referredOn" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "notes" TEXT,
    "status" TEXT NOT NULL DEFAULT 'REFERRED',
    "statusReason" TEXT,
    "statusOn" TEXT,
    "contraindications" TEXT,
    "medicalHistory" TEXT,
    "currentMedications" TEXT,
    "allergies" TEXT,
    "systolic" INTEGER,
    "diastolic" INTEGER,
    "heartRate" INTEGER,
    "vitalsOn" TEXT,
    "ruleStatus" TEXT,
    "ruleReason" TEXT,
    "clearance" TEXT,
    "clearanceReason" TEXT,
    "clearedById" TEXT,
    "clearedAt" DATETIME,
    "participantId" TEXT,
    "enrollmentId" TEXT,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Referral_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Referral_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReferralMeasure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "referralId" TEXT NOT NULL,
    "instrumentCode" TEXT NOT NULL,
    "completedOn" TEXT NOT NULL,
    "responses" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "scoringVersion" TEXT NOT NULL,
    "enteredById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReferralMeasure_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Referral_referredOn_id_idx" ON "Referral"("referredOn", "id");

-- CreateIndex
CREATE INDEX "Referral_lastName_firstName_id_idx" ON "Referral"("lastName", "firstName", "id");

-- CreateIndex
CREATE INDEX "Referral_programId_status_idx" ON "Referral"("programId", "status");

-- CreateIndex
CREATE INDEX "Referral_status_idx" ON "Referral"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralMeasure_referralId_instrumentCode_key" ON "ReferralMeasure"("referralId", "instrumentCode");

