// Program reports kept in the database (ReportSnapshot), so that a report worked out once is
// answered again without reading and decoding its rows: after a restart (at 200,000
// participants ~2 s of reading, decoding and statistics against tens of milliseconds), by
// another instance on the same PostgreSQL, or while the report worker is still warming up.
//
// A snapshot's key is a SHA-256 of everything its report is made of: this code's version (the
// files it runs from) and V8's (the serialization), the scope with its cohorts (names, start
// dates) and measure plan, the filters and options, whether typed reasons are hidden, and the
// rows read before any report row: the cohorts' ReportCohortStamp (raised by triggers in the
// same transaction as any change to a report row), their dosing sessions, adverse events and
// the program's referrals. So a snapshot is never out of date: a change makes another key,
// and the old row is only no longer asked for. The newest few per program are kept.
//
// Only program reports seen by someone who sees every cohort are kept: the others count
// referrals of the participants they read, which a key of rows read first cannot name.
import { createHash } from "node:crypto";
import v8 from "node:v8";
import { reportCodeVersion } from "~/models/reportCodeVersion.server";
import { instantParam, readRow, writeThroughDriver } from "~/utils/db.server";

/** Kept snapshots per program (the newest): a program's default reports and a few others. */
export const KEPT_SNAPSHOTS_PER_PROGRAM = 8;

/**
 * Reports of fewer enrollments are not kept (they are read and worked out in well under a
 * second, and are not worth a row): 2,000 by default.
 */
let minEnrollments: number | null = 2_000;

/** Keeps reports of at least this many enrollments from now on (null: none). */
export function keepReportSnapshots(enrollments: number | null) {
  minEnrollments = enrollments;
}

/** The fewest enrollments of a report this thread keeps (null: none); a report worker started now keeps the same. */
export function reportSnapshotMinimum(): number | null {
  return minEnrollments;
}

/** Snapshots found, not found and written by this thread (tests and the benchmark read them). */
export const reportSnapshots = { hits: 0, misses: 0, written: 0 };

/** The key of a report made of these parts (see the top of this file for what they must be). */
export function snapshotKey(parts: readonly unknown[]): string {
  return createHash("sha256")
    .update(JSON.stringify([reportCodeVersion(), ...parts]))
    .digest("base64url");
}

/** The value kept under this key, or null. */
export async function readSnapshot<T>(key: string): Promise<T | null> {
  const row = await readRow(`SELECT "body" FROM "ReportSnapshot" WHERE "key" = ?`, [key]);
  if (!row) {
    reportSnapshots.misses++;
    return null;
  }
  reportSnapshots.hits++;
  return v8.deserialize(row[0] as Buffer) as T;
}

/**
 * Keeps a program's report under its key when it is of enough enrollments, and drops the
 * program's older snapshots beyond the newest KEPT_SNAPSHOTS_PER_PROGRAM. Another instance may
 * have written the same key meanwhile: the same report, so the first row stays.
 */
export async function writeSnapshot(key: string, programId: string, value: unknown, enrollments: number): Promise<boolean> {
  if (minEnrollments === null || enrollments < minEnrollments) return false;
  try {
    await writeThroughDriver(
      `INSERT INTO "ReportSnapshot" ("key", "programId", "createdAt", "body") VALUES (?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING`,
      [key, programId, instantParam(new Date()), v8.serialize(value)],
    );
    await writeThroughDriver(
      `DELETE FROM "ReportSnapshot" WHERE "programId" = ? AND "key" NOT IN ` +
        `(SELECT "key" FROM "ReportSnapshot" WHERE "programId" = ? ORDER BY "createdAt" DESC, "key" LIMIT ${KEPT_SNAPSHOTS_PER_PROGRAM})`,
      [programId, programId],
    );
  } catch (error) {
    // The report is answered all the same; it is worked out again next time.
    console.error(`Could not keep a program report: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  reportSnapshots.written++;
  return true;
}
