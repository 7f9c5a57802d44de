// Rate limits counted in the database, so every app instance on the database shares them.
//
// An attempt is recorded, and committed, BEFORE the guarded work (checking a password,
// serving a questionnaire link), in one atomic step that counts the window's attempts on
// the same keys and records the new one as allowed or REFUSED. Steps on the same key run
// one after another (PostgreSQL: an advisory lock per key; SQLite: the database's single
// writer), so of N concurrent attempts exactly `max` are allowed, in one process or in
// many. Counting first and recording the failure after the password check (as sign-in
// once did) let every concurrent attempt pass the count before any was recorded.
//
// Outcomes: PENDING while the work runs; FAILED (a wrong password) and COUNTED (a request
// that counts whatever it did) keep counting; OK (a right password) and REFUSED (turned
// away by the limit itself) stop counting, so an account locked by failures unlocks one
// window after its last real failure however often it is retried meanwhile. An attempt
// whose process died before settling stays PENDING and counts for its window.
import { randomUUID } from "node:crypto";
import { dbReady } from "./db.server";
import type { Db } from "./db.server";
import { getEnv } from "./env.server";
import { isPostgresUrl } from "../../prisma/adapters";

export type ThrottleScope =
  | "login.account"
  | "login.ip"
  | "signature.account"
  | "self_report.token"
  | "self_report.ip"
  | "participant_page.token"
  | "participant_page.ip"
  | "self_referral.ip";
export type Limit = { scope: ThrottleScope; key: string; max: number; windowMs: number };
export type Attempt = { allowed: boolean; ids: string[] };
type Outcome = "FAILED" | "COUNTED" | "OK" | "REFUSED";

const COUNTING = ["PENDING", "FAILED", "COUNTED"];

// Rows are kept a little longer than the longest window (LOGIN_WINDOW_MINUTES allows
// 24 h) and pruned at most every 10 minutes per process: the table only ever holds about
// a day of attempts.
const RETENTION_MS = 25 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
let lastPrune = 0;

async function pruneOld(db: Db, now: number) {
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  await db.throttleAttempt.deleteMany({ where: { at: { lt: new Date(now - RETENTION_MS) } } });
}

/**
 * Records one attempt against each limit, deciding it in the same atomic step: `allowed`
 * is false when any limit is already reached; the attempt is then recorded as REFUSED
 * and the caller must not do the guarded work. Otherwise the caller settles it with
 * `settleAttempt`, unless it was recorded as `counted` (a request that counts whatever
 * it does).
 */
export async function beginAttempt(limits: Limit[], { counted = false, now = new Date() } = {}): Promise<Attempt> {
  const db = await dbReady();
  await pruneOld(db, now.getTime());
  const rows = limits.map((l) => ({ ...l, id: randomUUID(), since: new Date(now.getTime() - l.windowMs) }));
  const initial = counted ? "COUNTED" : "PENDING";
  const outcome = isPostgresUrl(getEnv().DATABASE_URL)
    ? await recordPostgres(db, rows, initial, now)
    : await recordSqlite(db, rows, initial, now);
  return { allowed: outcome !== "REFUSED", ids: rows.map((r) => r.id) };
}

type Row = Limit & { id: string; since: Date };

// PostgreSQL runs concurrent statements side by side, so the count and the insert are
// serialized per key by advisory locks held until the transaction commits.
async function recordPostgres(db: Db, rows: Row[], initial: string, now: Date) {
  return db.$transaction(
    async (tx) => {
      // Sorted, so that two attempts locking the same keys cannot deadlock.
      const keys = [...new Set(rows.map((r) => `${r.scope}:${r.key}`))].sort();
      for (const k of keys) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, k);
      let outcome = initial;
      for (const r of rows) {
        const n = await tx.throttleAttempt.count({ where: { scope: r.scope, key: r.key, at: { gt: r.since }, outcome: { in: COUNTING } } });
        if (n >= r.max) outcome = "REFUSED";
      }
      await tx.throttleAttempt.createMany({ data: rows.map((r) => ({ id: r.id, scope: r.scope, key: r.key, at: now, outcome })) });
      return outcome;
    },
    // Attempts on one key queue behind each other; each holds its lock for a few ms.
    { maxWait: 30_000, timeout: 30_000 },
  );
}

// SQLite: one INSERT … SELECT, which takes the database's single write lock before it
// reads, so the counts and the insert are one atomic step. (An interactive transaction
// would not be: the app's one SQLite connection runs other requests' reads inside it,
// and a transaction that has read cannot then wait for another process's write lock.)
async function recordSqlite(db: Db, rows: Row[], initial: string, now: Date) {
  const values = rows.map((_, i) => (i === 0 ? `SELECT ? AS "id", ? AS "scope", ? AS "key"` : `SELECT ?, ?, ?`)).join(" UNION ALL ");
  const over = rows.map(
    () =>
      `(SELECT COUNT(*) FROM "ThrottleAttempt" WHERE "scope" = ? AND "key" = ? AND "at" > ? AND "outcome" IN (${COUNTING.map((c) => `'${c}'`).join(", ")})) >= ?`,
  );
  const sql =
    `INSERT INTO "ThrottleAttempt" ("id", "scope", "key", "at", "outcome") ` +
    `SELECT v."id", v."scope", v."key", ?, CASE WHEN ${over.join(" OR ")} THEN 'REFUSED' ELSE ? END FROM (${values}) AS v ` +
    `RETURNING "outcome"`;
  const args = [now, ...rows.flatMap((r) => [r.scope, r.key, r.since, r.max]), initial, ...rows.flatMap((r) => [r.id, r.scope, r.key])];
  const inserted = await db.$queryRawUnsafe<{ outcome: string }[]>(sql, ...args);
  return inserted[0]?.outcome ?? "REFUSED";
}

export async function settleAttempt(ids: string[], outcome: Outcome) {
  if (!ids.length) return;
  await (await dbReady()).throttleAttempt.updateMany({ where: { id: { in: ids } }, data: { outcome } });
}
