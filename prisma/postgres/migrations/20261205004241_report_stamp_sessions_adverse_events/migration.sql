-- A cohort's ReportCohortStamp also rises with every insert, update or delete of its group
-- sessions and adverse events (in the same transaction), so the stamps name everything a
-- report reads per cohort besides the report rows: a process that keeps a program's dosing
-- sessions and adverse events (app/models/reportData.server.ts, readReportHeader) reads them
-- again only when one of its cohorts' stamps has moved. Adverse events without a cohort are
-- in no report: the stamp function skips rows without one (report rows always have one).
CREATE OR REPLACE FUNCTION "groupkap_report_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT DISTINCT "cohortId", 1 FROM new_rows WHERE "cohortId" IS NOT NULL ORDER BY 1
        ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "ReportCohortStamp"."seq" + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT DISTINCT "cohortId", 1 FROM old_rows WHERE "cohortId" IS NOT NULL ORDER BY 1
        ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "ReportCohortStamp"."seq" + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO "ReportCohortStamp" ("cohortId", "seq")
            SELECT c, 1 FROM (SELECT "cohortId" AS c FROM new_rows UNION SELECT "cohortId" FROM old_rows) x WHERE c IS NOT NULL ORDER BY 1
        ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "ReportCohortStamp"."seq" + 1;
    ELSE -- TRUNCATE: every cohort
        UPDATE "ReportCohortStamp" SET "seq" = "seq" + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "GroupSession_stamp_insert" AFTER INSERT ON "GroupSession" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "GroupSession_stamp_update" AFTER UPDATE ON "GroupSession" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "GroupSession_stamp_delete" AFTER DELETE ON "GroupSession" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "GroupSession_stamp_truncate" AFTER TRUNCATE ON "GroupSession"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();

CREATE TRIGGER "AdverseEvent_stamp_insert" AFTER INSERT ON "AdverseEvent" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "AdverseEvent_stamp_update" AFTER UPDATE ON "AdverseEvent" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "AdverseEvent_stamp_delete" AFTER DELETE ON "AdverseEvent" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
CREATE TRIGGER "AdverseEvent_stamp_truncate" AFTER TRUNCATE ON "AdverseEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "groupkap_report_stamp"();
