-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "address" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Room" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "capacity" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Program" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Program_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgramVersion" (
    "id" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "ProgramVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cohort" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "programVersionId" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "roomId" TEXT,
    "capacity" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PLANNED',
    "cancelReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cohort_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortStaff" (
    "cohortId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "CohortStaff_pkey" PRIMARY KEY ("cohortId","userId","role")
);

-- CreateTable
CREATE TABLE "GroupSession" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "planIndex" INTEGER,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "roomId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "cancelReason" TEXT,
    "requiredStaff" TEXT NOT NULL DEFAULT '{}',
    "route" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionStaff" (
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "SessionStaff_pkey" PRIMARY KEY ("sessionId","userId")
);

-- CreateTable
CREATE TABLE "ConflictAcknowledgement" (
    "id" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "conflictKey" TEXT NOT NULL,
    "acknowledgedById" TEXT NOT NULL,
    "acknowledgedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,

    CONSTRAINT "ConflictAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "dateOfBirth" TEXT NOT NULL,
    "sex" TEXT NOT NULL,
    "occupation" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "emergencyContactName" TEXT,
    "emergencyContactPhone" TEXT,
    "weightKg" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REFERRED',
    "statusReason" TEXT,
    "waitlistPosition" INTEGER,
    "consentDate" TEXT,
    "withdrawnOn" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrollmentStatusChange" (
    "id" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "changedById" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnrollmentStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstrumentWording" (
    "instrumentCode" TEXT NOT NULL,
    "itemNumber" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstrumentWording_pkey" PRIMARY KEY ("instrumentCode","itemNumber")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "timepointKey" TEXT NOT NULL,
    "instrumentCode" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "windowOpens" TIMESTAMP(3) NOT NULL,
    "windowCloses" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'EXPECTED',
    "completedOn" TEXT,
    "completedAt" TIMESTAMP(3),
    "source" TEXT,
    "enteredById" TEXT,
    "responses" TEXT,
    "draftResponses" TEXT,
    "scores" TEXT,
    "scaleValues" TEXT,
    "scoringVersion" TEXT,
    "importBatchId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentRevision" (
    "id" TEXT NOT NULL,
    "assessmentId" TEXT NOT NULL,
    "responses" TEXT NOT NULL,
    "scores" TEXT,
    "scoringVersion" TEXT,
    "source" TEXT,
    "enteredById" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SelfReportLink" (
    "id" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "timepointKey" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "lastOpenedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SelfReportLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "importedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SafetySignal" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "cohortId" TEXT,
    "sourceType" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "acknowledgmentNote" TEXT,

    CONSTRAINT "SafetySignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "recordedById" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupNote" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "themes" TEXT NOT NULL DEFAULT '',
    "process" TEXT NOT NULL DEFAULT '',
    "interventions" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "signedAt" TIMESTAMP(3),
    "cosignedById" TEXT,
    "cosignedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantObservation" (
    "id" TEXT NOT NULL,
    "noteId" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ParticipantObservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoteAddendum" (
    "id" TEXT NOT NULL,
    "noteId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NoteAddendum_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DosingRecord" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "enrollmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "preDoseChecklist" TEXT,
    "preDoseSystolic" INTEGER,
    "preDoseDiastolic" INTEGER,
    "preDoseHeartRate" INTEGER,
    "preDoseSpo2" INTEGER,
    "preDoseTakenAt" TIMESTAMP(3),
    "overrideReason" TEXT,
    "overrideById" TEXT,
    "overrideAt" TIMESTAMP(3),
    "doseUg" INTEGER,
    "weightG" INTEGER,
    "route" TEXT,
    "lotId" TEXT,
    "givenAt" TIMESTAMP(3),
    "givenById" TEXT,
    "cadss6" TEXT,
    "observations" TEXT,
    "dischargeChecklist" TEXT,
    "escortName" TEXT,
    "dischargedAt" TIMESTAMP(3),
    "signedAt" TIMESTAMP(3),
    "signedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DosingRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VitalsReading" (
    "id" TEXT NOT NULL,
    "dosingRecordId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "timepoint" TEXT NOT NULL,
    "systolic" INTEGER NOT NULL,
    "diastolic" INTEGER NOT NULL,
    "heartRate" INTEGER NOT NULL,
    "spo2" INTEGER NOT NULL,
    "respiratoryRate" INTEGER,
    "temperatureC" DOUBLE PRECISION,
    "outOfRange" BOOLEAN NOT NULL DEFAULT false,
    "flags" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VitalsReading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DosingAddendum" (
    "id" TEXT NOT NULL,
    "dosingRecordId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DosingAddendum_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KetamineLot" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "lotNumber" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "concentrationMgPerMl" TEXT NOT NULL,
    "vialVolumeMl" TEXT NOT NULL,
    "vialCount" INTEGER NOT NULL,
    "totalUg" INTEGER NOT NULL,
    "supplier" TEXT NOT NULL,
    "invoiceNumber" TEXT NOT NULL,
    "expiryDate" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KetamineLot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "lotId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "amountUg" INTEGER NOT NULL,
    "balanceAfterUg" INTEGER NOT NULL,
    "participantId" TEXT,
    "dosingRecordId" TEXT,
    "witnessId" TEXT,
    "method" TEXT,
    "reason" TEXT,
    "counterparty" TEXT,
    "physicalCountUg" INTEGER,
    "expectedUg" INTEGER,
    "explanation" TEXT,
    "reversesEntryId" TEXT,
    "dea106Required" BOOLEAN NOT NULL DEFAULT false,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdverseEvent" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "cohortId" TEXT,
    "sessionId" TEXT,
    "term" TEXT NOT NULL,
    "termOther" TEXT,
    "onsetAt" TIMESTAMP(3) NOT NULL,
    "description" TEXT NOT NULL,
    "grade" INTEGER NOT NULL,
    "serious" BOOLEAN NOT NULL,
    "seriousCriteria" TEXT NOT NULL DEFAULT '[]',
    "seriousSince" TIMESTAMP(3),
    "relatednessKetamine" TEXT NOT NULL,
    "relatednessGroup" TEXT NOT NULL,
    "expected" BOOLEAN NOT NULL,
    "actionTaken" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "recordedById" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdverseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdverseEventFollowUp" (
    "id" TEXT NOT NULL,
    "adverseEventId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdverseEventFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Site_name_key" ON "Site"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Room_siteId_name_key" ON "Room"("siteId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Program_name_key" ON "Program"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ProgramVersion_programId_version_key" ON "ProgramVersion"("programId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Cohort_name_key" ON "Cohort"("name");

-- CreateIndex
CREATE INDEX "Cohort_status_idx" ON "Cohort"("status");

-- CreateIndex
CREATE INDEX "CohortStaff_userId_idx" ON "CohortStaff"("userId");

-- CreateIndex
CREATE INDEX "GroupSession_cohortId_startsAt_idx" ON "GroupSession"("cohortId", "startsAt");

-- CreateIndex
CREATE INDEX "GroupSession_startsAt_idx" ON "GroupSession"("startsAt");

-- CreateIndex
CREATE INDEX "GroupSession_roomId_startsAt_idx" ON "GroupSession"("roomId", "startsAt");

-- CreateIndex
CREATE INDEX "SessionStaff_userId_idx" ON "SessionStaff"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ConflictAcknowledgement_cohortId_conflictKey_key" ON "ConflictAcknowledgement"("cohortId", "conflictKey");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "CalendarFeed_userId_idx" ON "CalendarFeed"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_code_key" ON "Participant"("code");

-- CreateIndex
CREATE INDEX "Enrollment_cohortId_status_idx" ON "Enrollment"("cohortId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_participantId_cohortId_key" ON "Enrollment"("participantId", "cohortId");

-- CreateIndex
CREATE INDEX "EnrollmentStatusChange_enrollmentId_changedAt_idx" ON "EnrollmentStatusChange"("enrollmentId", "changedAt");

-- CreateIndex
CREATE INDEX "Assessment_instrumentCode_timepointKey_status_idx" ON "Assessment"("instrumentCode", "timepointKey", "status");

-- CreateIndex
CREATE INDEX "Assessment_status_windowCloses_idx" ON "Assessment"("status", "windowCloses");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_enrollmentId_timepointKey_instrumentCode_key" ON "Assessment"("enrollmentId", "timepointKey", "instrumentCode");

-- CreateIndex
CREATE INDEX "AssessmentRevision_assessmentId_createdAt_idx" ON "AssessmentRevision"("assessmentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SelfReportLink_tokenHash_key" ON "SelfReportLink"("tokenHash");

-- CreateIndex
CREATE INDEX "SelfReportLink_enrollmentId_timepointKey_idx" ON "SelfReportLink"("enrollmentId", "timepointKey");

-- CreateIndex
CREATE UNIQUE INDEX "ImportBatch_fileHash_key" ON "ImportBatch"("fileHash");

-- CreateIndex
CREATE INDEX "SafetySignal_acknowledgedAt_createdAt_idx" ON "SafetySignal"("acknowledgedAt", "createdAt");

-- CreateIndex
CREATE INDEX "SafetySignal_cohortId_idx" ON "SafetySignal"("cohortId");

-- CreateIndex
CREATE UNIQUE INDEX "SafetySignal_kind_sourceType_sourceId_key" ON "SafetySignal"("kind", "sourceType", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_sessionId_enrollmentId_key" ON "Attendance"("sessionId", "enrollmentId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupNote_sessionId_key" ON "GroupNote"("sessionId");

-- CreateIndex
CREATE INDEX "ParticipantObservation_enrollmentId_idx" ON "ParticipantObservation"("enrollmentId");

-- CreateIndex
CREATE UNIQUE INDEX "ParticipantObservation_noteId_enrollmentId_key" ON "ParticipantObservation"("noteId", "enrollmentId");

-- CreateIndex
CREATE INDEX "NoteAddendum_noteId_createdAt_idx" ON "NoteAddendum"("noteId", "createdAt");

-- CreateIndex
CREATE INDEX "DosingRecord_enrollmentId_idx" ON "DosingRecord"("enrollmentId");

-- CreateIndex
CREATE UNIQUE INDEX "DosingRecord_sessionId_enrollmentId_key" ON "DosingRecord"("sessionId", "enrollmentId");

-- CreateIndex
CREATE INDEX "VitalsReading_dosingRecordId_takenAt_idx" ON "VitalsReading"("dosingRecordId", "takenAt");

-- CreateIndex
CREATE UNIQUE INDEX "KetamineLot_siteId_lotNumber_key" ON "KetamineLot"("siteId", "lotNumber");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_dosingRecordId_key" ON "LedgerEntry"("dosingRecordId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reversesEntryId_key" ON "LedgerEntry"("reversesEntryId");

-- CreateIndex
CREATE INDEX "LedgerEntry_recordedAt_idx" ON "LedgerEntry"("recordedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_lotId_seq_key" ON "LedgerEntry"("lotId", "seq");

-- CreateIndex
CREATE INDEX "AdverseEvent_participantId_idx" ON "AdverseEvent"("participantId");

-- CreateIndex
CREATE INDEX "AdverseEvent_cohortId_onsetAt_idx" ON "AdverseEvent"("cohortId", "onsetAt");

-- CreateIndex
CREATE INDEX "AdverseEvent_sessionId_idx" ON "AdverseEvent"("sessionId");

-- CreateIndex
CREATE INDEX "AdverseEventFollowUp_adverseEventId_recordedAt_idx" ON "AdverseEventFollowUp"("adverseEventId", "recordedAt");

-- AddForeignKey
ALTER TABLE "Room" ADD CONSTRAINT "Room_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgramVersion" ADD CONSTRAINT "ProgramVersion_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_programVersionId_fkey" FOREIGN KEY ("programVersionId") REFERENCES "ProgramVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortStaff" ADD CONSTRAINT "CohortStaff_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortStaff" ADD CONSTRAINT "CohortStaff_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupSession" ADD CONSTRAINT "GroupSession_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupSession" ADD CONSTRAINT "GroupSession_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "GroupSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConflictAcknowledgement" ADD CONSTRAINT "ConflictAcknowledgement_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentStatusChange" ADD CONSTRAINT "EnrollmentStatusChange_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentRevision" ADD CONSTRAINT "AssessmentRevision_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SelfReportLink" ADD CONSTRAINT "SelfReportLink_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafetySignal" ADD CONSTRAINT "SafetySignal_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantObservation" ADD CONSTRAINT "ParticipantObservation_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "GroupNote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoteAddendum" ADD CONSTRAINT "NoteAddendum_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "GroupNote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalsReading" ADD CONSTRAINT "VitalsReading_dosingRecordId_fkey" FOREIGN KEY ("dosingRecordId") REFERENCES "DosingRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DosingAddendum" ADD CONSTRAINT "DosingAddendum_dosingRecordId_fkey" FOREIGN KEY ("dosingRecordId") REFERENCES "DosingRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "KetamineLot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdverseEventFollowUp" ADD CONSTRAINT "AdverseEventFollowUp_adverseEventId_fkey" FOREIGN KEY ("adverseEventId") REFERENCES "AdverseEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

