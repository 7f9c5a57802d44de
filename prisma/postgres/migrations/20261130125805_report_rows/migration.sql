-- CreateTable
CREATE TABLE "ReportRow" (
    "enrollmentId" TEXT NOT NULL,
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
    "completedOn" TEXT,

    CONSTRAINT "ReportRow_pkey" PRIMARY KEY ("enrollmentId")
);

-- CreateTable
CREATE TABLE "ReportHead" (
    "id" SERIAL NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "ReportHead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportRow_cohortId_idx" ON "ReportRow"("cohortId");

-- CreateIndex
CREATE INDEX "ReportRow_participantId_idx" ON "ReportRow"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportHead_text_key" ON "ReportHead"("text");


-- The report read model (ReportRow, ReportHead) is kept by these triggers, in the same
-- transaction as the write: each statement that changes enrollments' participants, status
-- histories, dosing records or assessments recomputes those enrollments' rows from the
-- source tables, once per statement (transition tables), so bulk writes stay linear.
-- app/cli/reportRows.ts (rebuild-report-rows) recomputes every row and counts differences.
-- Custom plans (a generic plan of "= ANY (ids)" may scan whole tables) and no JIT (compiling
-- the refresh of a bulk insert took longer than running it).
CREATE FUNCTION "groupkap_report_refresh"(ids TEXT[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan SET jit = off AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO "ReportHead" ("text")
        SELECT DISTINCT a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '') FROM "Assessment" a WHERE a."enrollmentId" = ANY (ids) AND a."status" = 'COMPLETED'
        ORDER BY 1
        ON CONFLICT ("text") DO NOTHING;
    DELETE FROM "ReportRow" WHERE "enrollmentId" = ANY (ids);
    -- One pass over each enrollment's assessments; each head number is an index lookup.
    INSERT INTO "ReportRow" ("enrollmentId", "cohortId", "participantId", "code", "sex", "occupation", "dateOfBirth", "status", "statusReason", "statuses", "dosings", "heads", "completedOn")
    SELECT e."id", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason",
        (SELECT string_agg(h."toStatus", ',' ORDER BY h."changedAt", h."id") FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id"),
        (SELECT string_agg(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY d."id") FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED'),
        x."heads", x."completedOn"
    FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId"
    LEFT JOIN LATERAL (
        SELECT string_agg((SELECT r."id" FROM "ReportHead" r WHERE r."text" = a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", ''))::TEXT, ',' ORDER BY a."id") AS "heads",
            string_agg(COALESCE(a."completedOn", ''), ',' ORDER BY a."id") AS "completedOn"
        FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED'
    ) x ON TRUE
    WHERE e."id" = ANY (ids);
END;
$$;

CREATE FUNCTION "groupkap_report_assessment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM new_rows ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM old_rows ORDER BY 1));
    ELSE
        PERFORM "groupkap_report_refresh"(ARRAY(
            SELECT x FROM new_rows n JOIN old_rows o ON o."id" = n."id", LATERAL (VALUES (n."enrollmentId"), (o."enrollmentId")) v(x)
            WHERE n."enrollmentId" IS DISTINCT FROM o."enrollmentId" OR n."status" IS DISTINCT FROM o."status" OR n."timepointKey" IS DISTINCT FROM o."timepointKey" OR n."instrumentCode" IS DISTINCT FROM o."instrumentCode" OR n."scaleValues" IS DISTINCT FROM o."scaleValues" OR n."completedOn" IS DISTINCT FROM o."completedOn"
            UNION SELECT "enrollmentId" FROM new_rows WHERE "id" NOT IN (SELECT "id" FROM old_rows)
            UNION SELECT "enrollmentId" FROM old_rows WHERE "id" NOT IN (SELECT "id" FROM new_rows)
            ORDER BY 1));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Assessment_report_insert" AFTER INSERT ON "Assessment" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_assessment"();
CREATE TRIGGER "Assessment_report_update" AFTER UPDATE ON "Assessment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_assessment"();
CREATE TRIGGER "Assessment_report_delete" AFTER DELETE ON "Assessment" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_assessment"();

CREATE FUNCTION "groupkap_report_dosingrecord"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM new_rows ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM old_rows ORDER BY 1));
    ELSE
        PERFORM "groupkap_report_refresh"(ARRAY(
            SELECT x FROM new_rows n JOIN old_rows o ON o."id" = n."id", LATERAL (VALUES (n."enrollmentId"), (o."enrollmentId")) v(x)
            WHERE n."enrollmentId" IS DISTINCT FROM o."enrollmentId" OR n."status" IS DISTINCT FROM o."status" OR n."sessionId" IS DISTINCT FROM o."sessionId" OR n."route" IS DISTINCT FROM o."route"
            UNION SELECT "enrollmentId" FROM new_rows WHERE "id" NOT IN (SELECT "id" FROM old_rows)
            UNION SELECT "enrollmentId" FROM old_rows WHERE "id" NOT IN (SELECT "id" FROM new_rows)
            ORDER BY 1));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "DosingRecord_report_insert" AFTER INSERT ON "DosingRecord" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_dosingrecord"();
CREATE TRIGGER "DosingRecord_report_update" AFTER UPDATE ON "DosingRecord" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_dosingrecord"();
CREATE TRIGGER "DosingRecord_report_delete" AFTER DELETE ON "DosingRecord" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_dosingrecord"();

CREATE FUNCTION "groupkap_report_enrollmentstatuschange"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM new_rows ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "enrollmentId" FROM old_rows ORDER BY 1));
    ELSE
        PERFORM "groupkap_report_refresh"(ARRAY(
            SELECT x FROM new_rows n JOIN old_rows o ON o."id" = n."id", LATERAL (VALUES (n."enrollmentId"), (o."enrollmentId")) v(x)
            WHERE n."enrollmentId" IS DISTINCT FROM o."enrollmentId" OR n."toStatus" IS DISTINCT FROM o."toStatus"
            UNION SELECT "enrollmentId" FROM new_rows WHERE "id" NOT IN (SELECT "id" FROM old_rows)
            UNION SELECT "enrollmentId" FROM old_rows WHERE "id" NOT IN (SELECT "id" FROM new_rows)
            ORDER BY 1));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "EnrollmentStatusChange_report_insert" AFTER INSERT ON "EnrollmentStatusChange" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_enrollmentstatuschange"();
CREATE TRIGGER "EnrollmentStatusChange_report_update" AFTER UPDATE ON "EnrollmentStatusChange" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_enrollmentstatuschange"();
CREATE TRIGGER "EnrollmentStatusChange_report_delete" AFTER DELETE ON "EnrollmentStatusChange" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_enrollmentstatuschange"();

CREATE FUNCTION "groupkap_report_enrollment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "id" FROM new_rows ORDER BY 1));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "groupkap_report_refresh"(ARRAY(SELECT DISTINCT "id" FROM old_rows ORDER BY 1));
    ELSE
        PERFORM "groupkap_report_refresh"(ARRAY(
            SELECT x FROM new_rows n JOIN old_rows o ON o."id" = n."id", LATERAL (VALUES (n."id"), (o."id")) v(x)
            WHERE n."id" IS DISTINCT FROM o."id" OR n."cohortId" IS DISTINCT FROM o."cohortId" OR n."participantId" IS DISTINCT FROM o."participantId" OR n."status" IS DISTINCT FROM o."status" OR n."statusReason" IS DISTINCT FROM o."statusReason"
            UNION SELECT "id" FROM new_rows WHERE "id" NOT IN (SELECT "id" FROM old_rows)
            UNION SELECT "id" FROM old_rows WHERE "id" NOT IN (SELECT "id" FROM new_rows)
            ORDER BY 1));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Enrollment_report_insert" AFTER INSERT ON "Enrollment" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_enrollment"();
CREATE TRIGGER "Enrollment_report_update" AFTER UPDATE ON "Enrollment" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_enrollment"();
CREATE TRIGGER "Enrollment_report_delete" AFTER DELETE ON "Enrollment" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_enrollment"();

CREATE FUNCTION "groupkap_report_participant"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "ReportRow" r SET "code" = n."code", "sex" = n."sex", "occupation" = n."occupation", "dateOfBirth" = n."dateOfBirth"
    FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE r."participantId" = n."id"
      AND (n."code", n."sex", n."occupation", n."dateOfBirth") IS DISTINCT FROM (o."code", o."sex", o."occupation", o."dateOfBirth");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Participant_report_update" AFTER UPDATE ON "Participant" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_participant"();

-- TRUNCATE fires no row triggers: after one, every row is recomputed.
CREATE FUNCTION "groupkap_report_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "ReportRow";
    PERFORM "groupkap_report_refresh"(ARRAY(SELECT "id" FROM "Enrollment" ORDER BY 1));
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Assessment_report_truncate" AFTER TRUNCATE ON "Assessment" FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_truncate"();
CREATE TRIGGER "DosingRecord_report_truncate" AFTER TRUNCATE ON "DosingRecord" FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_truncate"();
CREATE TRIGGER "EnrollmentStatusChange_report_truncate" AFTER TRUNCATE ON "EnrollmentStatusChange" FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_truncate"();
CREATE TRIGGER "Enrollment_report_truncate" AFTER TRUNCATE ON "Enrollment" FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_truncate"();

-- Rows for the enrollments that exist already.
SELECT "groupkap_report_refresh"(ARRAY(SELECT "id" FROM "Enrollment" ORDER BY 1));
