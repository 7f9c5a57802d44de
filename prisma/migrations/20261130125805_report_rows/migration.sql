-- CreateTable
CREATE TABLE "ReportRow" (
    "enrollmentId" TEXT NOT NULL PRIMARY KEY,
    "cohortId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "sex" TEXT NOT NULL,
    "occupation" TEXT NOT NULL,
    "dateOfBirth" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "statuses" TEXT,
    "dosings" TEXT,
    "heads" TEXT,
    "completedOn" TEXT
);

-- CreateTable
CREATE TABLE "ReportHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "ReportRow_cohortId_idx" ON "ReportRow"("cohortId");

-- CreateIndex
CREATE INDEX "ReportRow_participantId_idx" ON "ReportRow"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportHead_text_key" ON "ReportHead"("text");


-- The report read model (ReportRow, ReportHead) is kept by these triggers, in the same
-- transaction as the write: each change to an enrollment's participant, status history,
-- dosing records or assessments recomputes that enrollment's row from the source tables.
-- app/cli/reportRows.ts (rebuild-report-rows) recomputes every row and counts differences.

-- An insert appends to the row (new rows have the largest rowid, the order the row keeps).
CREATE TRIGGER "Assessment_report_insert" AFTER INSERT ON "Assessment"
WHEN NEW."status" = 'COMPLETED'
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text") VALUES (NEW."timepointKey" || '|' || NEW."instrumentCode" || '|' || COALESCE(NEW."scaleValues", ''));
    UPDATE "ReportRow" SET
        "heads" = COALESCE("heads" || ',', '') || (SELECT "id" FROM "ReportHead" WHERE "text" = NEW."timepointKey" || '|' || NEW."instrumentCode" || '|' || COALESCE(NEW."scaleValues", '')),
        "completedOn" = CASE WHEN "heads" IS NULL THEN '' ELSE "completedOn" || ',' END || COALESCE(NEW."completedOn", '')
    WHERE "enrollmentId" = NEW."enrollmentId";
END;

CREATE TRIGGER "Assessment_report_update" AFTER UPDATE OF "enrollmentId", "status", "timepointKey", "instrumentCode", "scaleValues", "completedOn" ON "Assessment"
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId" OR OLD."status" IS NOT NEW."status" OR OLD."timepointKey" IS NOT NEW."timepointKey" OR OLD."instrumentCode" IS NOT NEW."instrumentCode" OR OLD."scaleValues" IS NOT NEW."scaleValues" OR OLD."completedOn" IS NOT NEW."completedOn"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = NEW."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = NEW."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = NEW."enrollmentId";
END;

CREATE TRIGGER "Assessment_report_move" AFTER UPDATE OF "enrollmentId" ON "Assessment"
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = OLD."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = OLD."enrollmentId";
END;

CREATE TRIGGER "Assessment_report_delete" AFTER DELETE ON "Assessment"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = OLD."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = OLD."enrollmentId";
END;

-- An insert appends to the row (new rows have the largest rowid, the order the row keeps).
CREATE TRIGGER "DosingRecord_report_insert" AFTER INSERT ON "DosingRecord"
WHEN NEW."status" = 'SIGNED'
BEGIN
    UPDATE "ReportRow" SET "dosings" = COALESCE("dosings" || ';', '') || NEW."sessionId" || '|' || COALESCE(NEW."route", '')
    WHERE "enrollmentId" = NEW."enrollmentId";
END;

CREATE TRIGGER "DosingRecord_report_update" AFTER UPDATE OF "enrollmentId", "status", "sessionId", "route" ON "DosingRecord"
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId" OR OLD."status" IS NOT NEW."status" OR OLD."sessionId" IS NOT NEW."sessionId" OR OLD."route" IS NOT NEW."route"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = NEW."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = NEW."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = NEW."enrollmentId";
END;

CREATE TRIGGER "DosingRecord_report_move" AFTER UPDATE OF "enrollmentId" ON "DosingRecord"
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = OLD."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = OLD."enrollmentId";
END;

CREATE TRIGGER "DosingRecord_report_delete" AFTER DELETE ON "DosingRecord"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = OLD."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = OLD."enrollmentId";
END;

-- An insert appends to the row (new rows have the largest rowid, the order the row keeps).
CREATE TRIGGER "EnrollmentStatusChange_report_insert" AFTER INSERT ON "EnrollmentStatusChange"
BEGIN
    UPDATE "ReportRow" SET "statuses" = COALESCE("statuses" || ',', '') || NEW."toStatus"
    WHERE "enrollmentId" = NEW."enrollmentId";
END;

CREATE TRIGGER "EnrollmentStatusChange_report_update" AFTER UPDATE OF "enrollmentId", "toStatus" ON "EnrollmentStatusChange"
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId" OR OLD."toStatus" IS NOT NEW."toStatus"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = NEW."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = NEW."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = NEW."enrollmentId";
END;

CREATE TRIGGER "EnrollmentStatusChange_report_move" AFTER UPDATE OF "enrollmentId" ON "EnrollmentStatusChange"
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = OLD."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = OLD."enrollmentId";
END;

CREATE TRIGGER "EnrollmentStatusChange_report_delete" AFTER DELETE ON "EnrollmentStatusChange"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = OLD."enrollmentId" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."enrollmentId";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = OLD."enrollmentId";
END;

CREATE TRIGGER "Enrollment_report_insert" AFTER INSERT ON "Enrollment"
BEGIN
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = NEW."id" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = NEW."id";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = NEW."id";
END;

CREATE TRIGGER "Enrollment_report_update" AFTER UPDATE OF "id", "cohortId", "participantId", "status", "statusReason" ON "Enrollment"
WHEN OLD."id" IS NOT NEW."id" OR OLD."cohortId" IS NOT NEW."cohortId" OR OLD."participantId" IS NOT NEW."participantId" OR OLD."status" IS NOT NEW."status" OR OLD."statusReason" IS NOT NEW."statusReason"
BEGIN
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."id" AND OLD."id" IS NOT NEW."id";
    INSERT OR IGNORE INTO "ReportHead" ("text")
        SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = NEW."id" AND a."status" = 'COMPLETED';
    DELETE FROM "ReportRow" WHERE "enrollmentId" = NEW."id";
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE e."id" = NEW."id";
END;

CREATE TRIGGER "Enrollment_report_delete" AFTER DELETE ON "Enrollment"
BEGIN
    DELETE FROM "ReportRow" WHERE "enrollmentId" = OLD."id";
END;

CREATE TRIGGER "Participant_report_update" AFTER UPDATE OF "code", "sex", "occupation", "dateOfBirth" ON "Participant"
WHEN OLD."code" IS NOT NEW."code" OR OLD."sex" IS NOT NEW."sex" OR OLD."occupation" IS NOT NEW."occupation" OR OLD."dateOfBirth" IS NOT NEW."dateOfBirth"
BEGIN
    UPDATE "ReportRow" SET "code" = NEW."code", "sex" = NEW."sex", "occupation" = NEW."occupation", "dateOfBirth" = NEW."dateOfBirth"
    WHERE "participantId" = NEW."id";
END;

-- Rows for the enrollments that exist already.
INSERT OR IGNORE INTO "ReportHead" ("text")
    SELECT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."status" = 'COMPLETED' ORDER BY 1;
INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT group_concat(h."toStatus", ',' ORDER BY h.rowid) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT group_concat(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d.rowid) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        (SELECT group_concat(r."id", ',' ORDER BY a.rowid) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'),
        (SELECT group_concat(COALESCE(a."completedOn", ''), ',' ORDER BY a.rowid) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED')
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" WHERE 1 = 1;
