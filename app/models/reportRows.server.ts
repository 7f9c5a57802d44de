// The report read model's full recomputation. Database triggers (migration report_rows) keep
// ReportRow up to date in the same transaction as every write that changes it; this module
// recomputes every row from the source tables with the same SQL, counts the rows that differ
// from the maintained ones (0 expected) and replaces them (`npm run cli -- rebuild-report-rows`).
import type { Db, Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isPostgresUrl } from "../../prisma/adapters";

export const REPORT_ROW_COLUMNS = [
  "enrollmentId",
  "cohortId",
  "participantId",
  "code",
  "sex",
  "occupation",
  "dateOfBirth",
  "status",
  "statusReason",
  "statuses",
  "dosings",
  "heads",
  "completedOn",
] as const;

const HEAD = `a."timepointKey" || '|' || a."instrumentCode" || '|' || COALESCE(a."scaleValues", '')`;

/** Every enrollment's report row computed from the source tables (the triggers' SELECT). */
export function reportRowSelect(postgres: boolean): string {
  const agg = postgres ? "string_agg" : "group_concat";
  // Each provider's triggers list items in this order: SQLite by insertion (rowid), PostgreSQL by id.
  const [byH, byD, byA] = postgres ? [`h."changedAt", h."id"`, `d."id"`, `a."id"`] : ["h.rowid", "d.rowid", "a.rowid"];
  const headId = postgres ? `r."id"::TEXT` : `r."id"`;
  return (
    `SELECT e."id" AS "enrollmentId", e."cohortId", e."participantId", p."code", p."sex", p."occupation", p."dateOfBirth", e."status", e."statusReason", ` +
    `(SELECT ${agg}(h."toStatus", ',' ORDER BY ${byH}) FROM "EnrollmentStatusChange" h WHERE h."enrollmentId" = e."id") AS "statuses", ` +
    `(SELECT ${agg}(d."sessionId" || '|' || COALESCE(d."route", ''), ';' ORDER BY ${byD}) FROM "DosingRecord" d WHERE d."enrollmentId" = e."id" AND d."status" = 'SIGNED') AS "dosings", ` +
    `(SELECT ${agg}(${headId}, ',' ORDER BY ${byA}) FROM "Assessment" a JOIN "ReportHead" r ON r."text" = ${HEAD} WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED') AS "heads", ` +
    `(SELECT ${agg}(COALESCE(a."completedOn", ''), ',' ORDER BY ${byA}) FROM "Assessment" a WHERE a."enrollmentId" = e."id" AND a."status" = 'COMPLETED') AS "completedOn" ` +
    `FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId"`
  );
}

export interface RebuildResult {
  /** Enrollments (rows after the rebuild). */
  rows: number;
  /** Rows that were missing, extra or different from the recomputation. */
  differed: number;
}

/**
 * Recomputes every report row and counts how many of the maintained rows differ. Unless
 * `checkOnly`, the recomputed rows replace them. Writers wait meanwhile (SQLite's write
 * lock; on PostgreSQL an exclusive lock on ReportRow, which every trigger writes).
 */
export async function rebuildReportRows(db: Db, { checkOnly = false } = {}): Promise<RebuildResult> {
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  const cols = REPORT_ROW_COLUMNS.map((c) => `"${c}"`).join(", ");
  const same = REPORT_ROW_COLUMNS.map((c) => `f."${c}" IS NOT DISTINCT FROM r."${c}"`).join(" AND ");
  const sameSqlite = REPORT_ROW_COLUMNS.map((c) => `f."${c}" IS r."${c}"`).join(" AND ");
  const run = async (tx: Tx) => {
    if (postgres) await tx.$executeRawUnsafe(`LOCK TABLE "ReportRow" IN EXCLUSIVE MODE`);
    else await tx.$executeRawUnsafe(`DELETE FROM "ReportHead" WHERE 0`); // takes the write lock first
    await tx.$executeRawUnsafe(
      `INSERT INTO "ReportHead" ("text") SELECT DISTINCT ${HEAD} FROM "Assessment" a WHERE a."status" = 'COMPLETED' ORDER BY 1 ` +
        (postgres ? `ON CONFLICT ("text") DO NOTHING` : `ON CONFLICT DO NOTHING`),
    );
    await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS "report_row_fresh"`);
    await tx.$executeRawUnsafe(`CREATE TEMP TABLE "report_row_fresh" AS ${reportRowSelect(postgres)}`);
    const [{ n, differed }] = await tx.$queryRawUnsafe<{ n: number | bigint; differed: number | bigint }[]>(
      `SELECT (SELECT COUNT(*) FROM "report_row_fresh") AS n, ` +
        `(SELECT COUNT(*) FROM "report_row_fresh" f WHERE NOT EXISTS (SELECT 1 FROM "ReportRow" r WHERE r."enrollmentId" = f."enrollmentId" AND ${postgres ? same : sameSqlite})) + ` +
        `(SELECT COUNT(*) FROM "ReportRow" r WHERE NOT EXISTS (SELECT 1 FROM "report_row_fresh" f WHERE f."enrollmentId" = r."enrollmentId")) AS differed`,
    );
    if (!checkOnly && Number(differed) > 0) {
      await tx.$executeRawUnsafe(`DELETE FROM "ReportRow"`);
      await tx.$executeRawUnsafe(`INSERT INTO "ReportRow" (${cols}) SELECT ${cols} FROM "report_row_fresh"`);
    }
    await tx.$executeRawUnsafe(`DROP TABLE "report_row_fresh"`);
    return { rows: Number(n), differed: Number(differed) };
  };
  return db.$transaction(run, { timeout: 60 * 60_000, maxWait: 60_000 });
}
