-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
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
    "clearedAt" TIMESTAMP(3),
    "participantId" TEXT,
    "enrollmentId" TEXT,
    "createdById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralMeasure" (
    "id" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "instrumentCode" TEXT NOT NULL,
    "completedOn" TEXT NOT NULL,
    "responses" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "scoringVersion" TEXT NOT NULL,
    "enteredById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReferralMeasure_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralMeasure" ADD CONSTRAINT "ReferralMeasure_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE CASCADE ON UPDATE CASCADE;

