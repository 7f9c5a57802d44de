-- Report row versions per cohort: every insert, update or delete of a ReportRow raises its
-- cohort's ReportCohortStamp.seq in the same transaction (a per-cohort counter that only
-- grows), so a process that keeps a cohort's decoded report rows (app/models/reportData.server.ts)
-- re-reads them only when the stamp it kept them under has moved.
-- CreateTable
CREATE TABLE "ReportCohortStamp" (
    "cohortId" TEXT NOT NULL PRIMARY KEY,
    "seq" BIGINT NOT NULL
);


CREATE TRIGGER "ReportRow_stamp_insert" AFTER INSERT ON "ReportRow"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (NEW."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "ReportRow_stamp_update" AFTER UPDATE ON "ReportRow"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (NEW."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT OLD."cohortId", 1 WHERE OLD."cohortId" IS NOT NEW."cohortId"
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

CREATE TRIGGER "ReportRow_stamp_delete" AFTER DELETE ON "ReportRow"
BEGIN
    INSERT INTO "ReportCohortStamp" ("cohortId", "seq") VALUES (OLD."cohortId", 1)
    ON CONFLICT ("cohortId") DO UPDATE SET "seq" = "seq" + 1;
END;

-- Stamps for the cohorts that have rows already.
INSERT INTO "ReportCohortStamp" ("cohortId", "seq") SELECT DISTINCT "cohortId", 1 FROM "ReportRow" WHERE true
ON CONFLICT ("cohortId") DO NOTHING;
