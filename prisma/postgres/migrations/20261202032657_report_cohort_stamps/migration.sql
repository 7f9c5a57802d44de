-- Report row versions per cohort: every insert, update or delete of a ReportRow raises its
-- cohort's ReportCohortStamp.seq in the same transaction (a per-cohort counter that only
-- grows), so a process that keeps a cohort's decoded report rows (app/models/reportData.server.ts)
-- re-reads them only when the stamp it kept them under has moved.
-- CreateTable
CREATE TABLE "ReportCohortStamp" (
    "cohortId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "ReportCohortStamp_pkey" PRIMARY KEY ("cohortId")
);


-- One statement-level trigger per event (transition tables), each cohort raised once per
-- statement, in cohort order (concurrent statements lock the stamps in the same order).
CREATE FUNCTION "groupkap_report_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT DISTINCT "cohortId", 1 FROM new_rows ORDER BY 1
        ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "ReportCohortStamp"."seq" + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT DISTINCT "cohortId", 1 FROM old_rows ORDER BY 1
        ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "ReportCohortStamp"."seq" + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO "ReportCohortStamp" ("cohortId", "seq")
            SELECT c, 1 FROM (SELECT "cohortId" AS c FROM new_rows UNION SELECT "cohortId" FROM old_rows) x ORDER BY 1
        ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "ReportCohortStamp"."seq" + 1;
    ELSE -- TRUNCATE: every cohort
        UPDATE "ReportCohortStamp" SET "seq" = "seq" + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "ReportRow_stamp_insert" AFTER INSERT ON "ReportRow" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "ReportRow_stamp_update" AFTER UPDATE ON "ReportRow" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "ReportRow_stamp_delete" AFTER DELETE ON "ReportRow" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "ReportRow_stamp_truncate" AFTER TRUNCATE ON "ReportRow"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();

-- Stamps for the cohorts that have rows already.
INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT DISTINCT "cohortId", 1 FROM "ReportRow"
ON CONFLICT ("cohortId") DO NOTHING;
