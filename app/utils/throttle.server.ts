// Rate limits counted in the database, so every app instance on the database shares them.
//
// An attempt is recorded, and committed on its own (never inside a transaction), BEFORE
// the guarded work (checking a password, serving a questionnaire link); only then are
// the window's attempts counted, its own included. Each count sees its own row and every
// row committed before it, so of N concurrent attempts at most `max` see a count within
// the limit, in one process or in many, on SQLite and PostgreSQL alike. Counting first
// and recording the failure afterwards (as sign-in once did) lets every concurrent
// attempt pass the count before any failure is written.
//
// Outcomes: PENDING while the work runs; FAILED (a wrong password) and COUNTED (a request
// that counts whatever it did) keep counting; OK (a right password) and REFUSED (turned
// away by the limit itself) stop counting, so an account locked by failures unlocks one
// window after its last real failure however often it is retried meanwhile. Under a
// burst, attempts still PENDING count for the others, which can only refuse more, never
// fewer; an attempt whose process died before settling keeps counting for its window.
import { randomUUID } from "node:crypto";
import type { Db } from "./db.server";
import { dbReady } from "./db.server";

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
 * Records one attempt against each limit, then counts. `allowed` is false when any limit
 * is exceeded; the attempt is then already settled as REFUSED and the caller must not
 * do the guarded work. Otherwise the caller settles it with `settleAttempt`.
 */
export async function beginAttempt(limits: Limit[], now = new Date()): Promise<Attempt> {
  const db = await dbReady();
  await pruneOld(db, now.getTime());
  const ids: string[] = [];
  // Plain single-row inserts, each committed on its own before anything is counted (a
  // createMany would run in an implicit transaction, which on SQLite queues behind every
  // other transaction of the process).
  for (const l of limits) {
    const id = randomUUID();
    await db.throttleAttempt.create({ data: { id, scope: l.scope, key: l.key, at: now, outcome: "PENDING" }, select: { id: true } });
    ids.push(id);
  }
  const exceeded: ThrottleScope[] = [];
  for (const l of limits) {
    const n = await db.throttleAttempt.count({
      where: { scope: l.scope, key: l.key, at: { gt: new Date(now.getTime() - l.windowMs) }, outcome: { in: COUNTING } },
    });
    if (n > l.max) exceeded.push(l.scope);
  }
  if (exceeded.length) await settleAttempt(ids, "REFUSED");
  return { allowed: exceeded.length === 0, ids, exceeded };
}

export async function settleAttempt(ids: string[], outcome: Outcome) {
  if (!ids.length) return;
  await (await dbReady()).throttleAttempt.updateMany({ where: { id: { in: ids } }, data: { outcome } });
}
