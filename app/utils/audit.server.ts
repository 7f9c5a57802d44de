// The audit log. Every change of clinical data writes its event through `audit()` on
// the SAME transaction client as the change, so both commit or neither does. The table
// is append-only (database triggers refuse UPDATE/DELETE) and no route edits it.
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "./db.server";
import { getDb, instantParam, onPostgres, writeThroughDriver } from "./db.server";

export type AuditActor = { id: string; email?: string } | null;

export type AuditInput = {
  actor: AuditActor;
  actorLabel?: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
  details?: unknown;
  ip?: string | null;
  userAgent?: string | null;
};

export type RequestMeta = { ip: string | null; userAgent: string | null };

/**
 * Appends one event, on `client` (the change's own transaction when there is one). One plain
 * INSERT: the ORM's create costs ~0.7 ms of CPU per call (compiling the statement), a raw one
 * through the ORM ~0.2 ms, and one straight through the driver (outside a transaction: every
 * participant view writes one) less again. The id sorts in the order of writing, as the
 * ORM's cuid did (`auditId`), and `at` is written as the ORM writes a DateTime (SQLite: ISO 8601
 * text with "+00:00"; PostgreSQL: TIMESTAMP(3) in UTC).
 */
export async function audit(client: Db | Tx, input: AuditInput) {
  const postgres = onPostgres();
  const values = [
    auditId(),
    instantParam(new Date()),
    input.actor?.id || null,
    input.actorLabel ?? input.actor?.email ?? null,
    input.action,
    input.entityType,
    input.entityId ?? null,
    input.summary.slice(0, 1000),
    input.details === undefined ? null : JSON.stringify(input.details),
    input.ip ?? null,
    input.userAgent?.slice(0, 300) ?? null,
  ];
  const insert = (placeholders: string[]) =>
    `INSERT INTO "AuditEvent" ("id", "at", "actorId", "actorLabel", "action", "entityType", "entityId", "summary", "details", "ip", "userAgent") ` +
    `VALUES (${placeholders.join(", ")})`;
  // Outside a transaction (a view's event): straight through the driver, in a turn of its own.
  if (client === getDb()) {
    await writeThroughDriver(insert(values.map((_, i) => (postgres && i === 1 ? "?::TIMESTAMP(3)" : "?"))), values);
    return;
  }
  const placeholders = values.map((_, i) => (postgres ? (i === 1 ? `$${i + 1}::TIMESTAMP(3)` : `$${i + 1}`) : "?"));
  await client.$executeRawUnsafe(insert(placeholders), ...values);
}

let sequence = 0;

/**
 * A new event id in the cuid shape ("c" and 24 lowercase base-36 characters): the time in ms,
 * a per-process counter, then random characters, so ids of one process sort in the order
 * they were made (the log's pages order by time, then id).
 */
export function auditId(): string {
  sequence = (sequence + 1) % 36 ** 4;
  const random = [...randomBytes(12)].map((b) => (b % 36).toString(36)).join("");
  return `c${Date.now().toString(36).padStart(8, "0")}${sequence.toString(36).padStart(4, "0")}${random}`;
}
