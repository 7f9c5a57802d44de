-- A report row holds only an enrollment's COMPLETED assessments, so deleting, moving or
-- updating an assessment that neither was nor becomes completed (an expected one marked
-- missed, say) leaves it as it was (inserts already skipped those rows): the triggers no
-- longer recompute the enrollment's row (nor raise its cohort's stamp) for them.
DROP TRIGGER "Assessment_report_update";
DROP TRIGGER "Assessment_report_move";
DROP TRIGGER "Assessment_report_delete";

CREATE TRIGGER "Assessment_report_update" AFTER UPDATE OF "enrollmentId", "status", "timepointKey", "instrumentCode", "scaleValues", "completedOn" ON "Assessment"
WHEN (OLD."status" = 'COMPLETED' OR NEW."status" = 'COMPLETED') AND (OLD."enrollmentId" IS NOT NEW."enrollmentId" OR OLD."status" IS NOT NEW."status" OR OLD."timepointKey" IS NOT NEW."timepointKey" OR OLD."instrumentCode" IS NOT NEW."instrumentCode" OR OLD."scaleValues" IS NOT NEW."scaleValues" OR OLD."completedOn" IS NOT NEW."completedOn")
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
WHEN OLD."enrollmentId" IS NOT NEW."enrollmentId" AND OLD."status" = 'COMPLETED'
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
WHEN OLD."status" = 'COMPLETED'
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
