-- A cohort's ReportCohortStamp also rises with every insert, update or delete of its group
-- sessions and adverse events (in the same transaction), so the stamps name everything a
-- report reads per cohort besides the report rows: a process that keeps a program's dosing
-- sessions and adverse events (app/models/reportData.server.ts, readReportHeader) reads them
-- again only when one of its cohorts' stamps has moved. Adverse events without a cohort are
-- in no report.
CREATE TRIGGER "GroupSession_stamp_insert" AFTER INSERT ON "GroupSession"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (NEW."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "GroupSession_stamp_update" AFTER UPDATE ON "GroupSession"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (NEW."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT OLD."cohortId", 1 WHERE OLD."cohortId" IS NOT NEW."cohortId"
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "GroupSession_stamp_delete" AFTER DELETE ON "GroupSession"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (OLD."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "AdverseEvent_stamp_insert" AFTER INSERT ON "AdverseEvent" WHEN NEW."cohortId" IS NOT NULL
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (NEW."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "AdverseEvent_stamp_update" AFTER UPDATE ON "AdverseEvent"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT NEW."cohortId", 1 WHERE NEW."cohortId" IS NOT NULL
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT OLD."cohortId", 1 WHERE OLD."cohortId" IS NOT NULL AND OLD."cohortId" IS NOT NEW."cohortId"
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "AdverseEvent_stamp_delete" AFTER DELETE ON "AdverseEvent" WHEN OLD."cohortId" IS NOT NULL
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (OLD."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;
