// Rate limits counted in the database, so every app instance on the database shares them.
//
// An attempt is recorded, and committed, BEFORE the guarded work (checking a password,
// serving a questionnaire link): one short transaction inserts the attempt's rows and
// counts the window's attempts, its own included. Transactions on the same key run one
// after another (PostgreSQL: an advisory lock per key; SQLite: the database's single
// writer, taken by the insert that opens the transaction), so each count sees every
// earlier attempt and of N concurrent attempts exactly `max` are allowed, in one process
// or in many. Counting first and recording the failure after the password check (as
// sign-in once did) let every concurrent attempt pass the count before any was recorded.
//
// Outcomes: PENDING while the work runs; FAILED (a wrong password) and COUNTED (a request
// that counts whatever it did) keep counting; OK (a right password) and REFUSED (turned
// away by the limit itself) stop counting, so an account locked by failures unlocks one
// window after its last real failure however often it is retried meanwhile. An attempt
// whose process died before settling stays PENDING and counts for its window.
import { randomUUID } from "node:crypto";
import { isPostgresUrl } from "../../prisma/adapters";
import type { Db } from "./db.server";
import { dbReady } from "./db.server";
import { getEnv } from "./env.server";

export type ThrottleScope = "login.account" | "login.ip" | "self_report.token" | "self_report.ip";
export type Limit = { scope: ThrottleScope; key: string; max: number; windowMs: number };
export type Attempt = { allowed: boolean; ids: string[]; exceeded: ThrottleScope[] };
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
 * Records one attempt against each limit and counts. `allowed` is false when any limit
 * is exceeded; the attempt is then already settled as REFUSED and the caller must not
 * do the guarded work. Otherwise the caller settles it with `settleAttempt`.
 */
export async function beginAttempt(limits: Limit[], now = new Date()): Promise<Attempt> {
  const db = await dbReady();
  await pruneOld(db, now.getTime());
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  return db.$transaction(
    async (tx) => {
      if (postgres) {
        // Sorted, so that two attempts locking the same keys cannot deadlock.
        const keys = [...new Set(limits.map((l) => `${l.scope}:${l.key}`))].sort();
        for (const k of keys) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, k);
      }
      // On SQLite the first statement writes, so the transaction holds the write lock
      // before it reads anything.
      const ids: string[] = [];
      for (const l of limits) {
        const id = randomUUID();
        await tx.throttleAttempt.create({ data: { id, scope: l.scope, key: l.key, at: now, outcome: "PENDING" }, select: { id: true } });
        ids.push(id);
      }
      const exceeded: ThrottleScope[] = [];
      for (const l of limits) {
        const n = await tx.throttleAttempt.count({
          where: { scope: l.scope, key: l.key, at: { gt: new Date(now.getTime() - l.windowMs) }, outcome: { in: COUNTING } },
        });
        if (n > l.max) exceeded.push(l.scope);
      }
      if (exceeded.length) await tx.throttleAttempt.updateMany({ where: { id: { in: ids } }, data: { outcome: "REFUSED" } });
      return { allowed: exceeded.length === 0, ids, exceeded };
    },
    // Attempts on one key queue behind each other; each holds the lock for a few ms.
    { maxWait: 30_000, timeout: 30_000 },
  );
}

export async function settleAttempt(ids: string[], outcome: Outcome) {
  if (!ids.length) return;
  await (await dbReady()).throttleAttempt.updateMany({ where: { id: { in: ids } }, data: { outcome } });
}
