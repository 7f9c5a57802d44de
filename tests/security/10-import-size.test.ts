// Finding 10: a 20,000-row CSV (the documented maximum; well above the ~450 enrollments
// where SQLite's bound-parameter limit used to stop the import) imports in one transaction
// on both providers, all or nothing.
import { describe, expect, it } from "vitest";
import { commitImport, MAX_IMPORT_ROWS } from "~/models/measureImport.server";
import { dbReady } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";
import { IMPORT_PROGRAM, importCsv } from "../bench/import-data";
import { ensureTestProgram } from "../setup/factories-scheduling";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");
const meta = { ip: null, userAgent: "test" };

async function counts(prefix: string) {
  const db = await dbReady();
  return {
    cohorts: await db.cohort.count({ where: { name: { startsWith: `${prefix} cohort` } } }),
    participants: await db.participant.count({ where: { code: { startsWith: `${prefix}-` } } }),
    enrollments: await db.enrollment.count({ where: { participant: { code: { startsWith: `${prefix}-` } } } }),
    // Completed ones come from the file; an import also expects the rest of each measure plan.
    assessments: await db.assessment.count({
      where: { status: "COMPLETED", enrollment: { participant: { code: { startsWith: `${prefix}-` } } } },
    }),
    expected: await db.assessment.count({
      where: { status: { not: "COMPLETED" }, enrollment: { participant: { code: { startsWith: `${prefix}-` } } } },
    }),
    signals: await db.safetySignal.count({ where: { participant: { code: { startsWith: `${prefix}-` } } } }),
    batches: await db.importBatch.count(),
    audits: await db.auditEvent.count({ where: { action: "measure.import" } }),
  };
}

describe(`measure import at the documented maximum (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it(`imports ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows with new cohorts, participants and enrollments in one go`, async () => {
    const { program } = await ensureTestProgram(IMPORT_PROGRAM);
    const file = importCsv({ rows: MAX_IMPORT_ROWS, prefix: "BIG" });
    expect(file.participants).toBeGreaterThan(1000);
    const result = await commitImport(null, meta, {
      csvText: file.csv,
      fileName: "big.csv",
      program: { id: program.id },
      createMissing: true,
      actorLabel: "test",
    });
    expect(result.errors).toEqual([]);
    expect(result.batchId).toBeTruthy();
    const db = await dbReady();
    expect(await db.assessment.count({ where: { importBatchId: result.batchId } })).toBe(MAX_IMPORT_ROWS);
    const after = await counts("BIG");
    expect(after).toMatchObject({
      cohorts: file.cohorts,
      participants: file.participants,
      enrollments: file.participants,
      assessments: MAX_IMPORT_ROWS,
      batches: 1,
      audits: 1,
    });
    expect(after.signals).toBe(file.rows.filter((r) => r[3] === "PHQ9" && r[5 + 8] === 1).length);
    expect(await db.enrollmentStatusChange.count({ where: { enrollment: { participant: { code: { startsWith: "BIG-" } } } } })).toBe(
      file.participants,
    );
    // The bulk-written rows read back like any other (dates included).
    const one = await db.assessment.findFirstOrThrow({
      where: { importBatchId: result.batchId },
      include: { enrollment: { include: { participant: true, cohort: { include: { sessions: true } } } } },
    });
    for (const d of [
      one.windowOpens,
      one.windowCloses,
      one.completedAt!,
      one.createdAt,
      one.enrollment.createdAt,
      one.enrollment.participant.updatedAt,
      one.enrollment.cohort.sessions[0].startsAt,
    ]) {
      expect(Number.isNaN(d.getTime())).toBe(false);
    }
    expect(one).toMatchObject({ status: "COMPLETED", source: "IMPORT", completedOn: "2025-02-03", version: 1 });
    if (!postgres) {
      // Stored in the same text form as the dates Prisma writes itself.
      const [stored] = await db.$queryRawUnsafe<{ bulk: string; prisma: string }[]>(
        `SELECT CAST(a."completedAt" AS TEXT) AS bulk, CAST(b."createdAt" AS TEXT) AS prisma FROM "Assessment" a JOIN "ImportBatch" b ON b."id" = a."importBatchId" WHERE b."id" = ? LIMIT 1`,
        result.batchId,
      );
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
      expect(stored.bulk).toMatch(iso);
      expect(stored.prisma).toMatch(iso);
    }
  }, 240_000);

  it("an invalid row near the end of a 20,000-row file: its line is reported and nothing is written", async () => {
    const { program } = await ensureTestProgram(IMPORT_PROGRAM);
    const file = importCsv({ rows: MAX_IMPORT_ROWS, prefix: "BAD" });
    const lines = file.csv.split(/\r?\n/);
    const line = lines.length - 3; // 1-based line number of a row close to the end
    const fields = lines[line - 1].split(",");
    fields[4] = "2025-02-31";
    lines[line - 1] = fields.join(",");
    const before = await counts("BAD");
    const result = await commitImport(null, meta, {
      csvText: lines.join("\n"),
      fileName: "bad.csv",
      program: { id: program.id },
      createMissing: true,
      actorLabel: "test",
    });
    expect(result.errors).toEqual([{ line, message: 'completed_on "2025-02-31" is not a date between 1900 and 2100 (YYYY-MM-DD)' }]);
    expect(await counts("BAD")).toEqual(before);
  }, 240_000);

  it("a failure while writing the last table of a 20,000-row import rolls back everything before it", async () => {
    const db = await dbReady();
    const { program } = await ensureTestProgram(IMPORT_PROGRAM);
    const file = importCsv({ rows: MAX_IMPORT_ROWS, prefix: "FAIL" });
    // The safety signals are written last; a trigger makes that write fail.
    if (postgres) {
      await db.$executeRawUnsafe(
        `CREATE FUNCTION test_refuse_signal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'signal refused by the test'; END; $$`,
      );
      await db.$executeRawUnsafe(
        `CREATE TRIGGER test_refuse_signal BEFORE INSERT ON "SafetySignal" FOR EACH ROW EXECUTE FUNCTION test_refuse_signal()`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER test_refuse_signal BEFORE INSERT ON "SafetySignal" BEGIN SELECT RAISE(ABORT, 'signal refused by the test'); END`,
      );
    }
    const before = await counts("FAIL");
    try {
      await expect(
        commitImport(null, meta, {
          csvText: file.csv,
          fileName: "fail.csv",
          program: { id: program.id },
          createMissing: true,
          actorLabel: "test",
        }),
      ).rejects.toThrow(/signal refused by the test/);
    } finally {
      await db.$executeRawUnsafe(postgres ? `DROP TRIGGER test_refuse_signal ON "SafetySignal"` : `DROP TRIGGER test_refuse_signal`);
    }
    expect(await counts("FAIL")).toEqual(before);
  }, 240_000);
});
