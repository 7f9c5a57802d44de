// Read side of the audit log (admins). There is deliberately no update or delete here.
// The log grows without bound (every sign-in and every participant view), so nothing
// here reads more than one page of rows: pages are keyset cursors on (at, id), and the
// filter choices come from index seeks, not from scanning the table.
import { instantKeysetSql } from "~/models/keyset.server";
import { instantParam, instantValue, readColumn, readRow, readRows } from "~/utils/db.server";

export type AuditFilters = {
  userId?: string;
  entityType?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Rows older than this cursor (the "Older" link), or newer than it (the "Newer" link). */
  before?: AuditCursor;
  after?: AuditCursor;
};

export type AuditCursor = { at: Date; id: string };

export const AUDIT_PAGE_SIZE = 50;

/**
 * The count shown above the log stops here ("more than 10,000 events"): counting every matching
 * row took 16–32 ms per request at 500,000 rows and grows with the log; counting up to the cap
 * reads at most this many index entries.
 */
export const AUDIT_COUNT_CAP = 10_000;

/** "<epoch ms>.<id>": opaque to people, stable across requests. */
export function encodeAuditCursor(c: AuditCursor): string {
  return `${c.at.getTime()}.${c.id}`;
}

export function decodeAuditCursor(text: string | null | undefined): AuditCursor | undefined {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(text ?? "");
  return m ? { at: new Date(Number(m[1])), id: m[2] } : undefined;
}

/** One event of the log as the page shows it. */
export type AuditRow = {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  details: string | null;
  ip: string | null;
  userAgent: string | null;
  actor: { name: string; email: string } | null;
};

const text = (v: unknown) => (v === null || v === undefined ? null : (v as string));

/**
 * One page of the log, newest first, and the count of matching events up to `countCap` (tests
 * use a small one). Read through the driver (committed data: never inside a transaction): the
 * capped count and the page, with each actor's name, together.
 */
export async function listAuditEvents(f: AuditFilters, countCap = AUDIT_COUNT_CAP) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (f.userId) add(`a."actorId" = ?`, f.userId);
  if (f.entityType) add(`a."entityType" = ?`, f.entityType);
  if (f.action) add(`a."action" = ?`, f.action);
  if (f.from) add(`a."at" >= ?`, instantParam(f.from));
  if (f.to) add(`a."at" < ?`, instantParam(f.to));
  const filtered = where.length ? where.join(" AND ") : "1 = 1";
  const newer = !f.before && f.after ? f.after : undefined;
  const older = f.before;
  const keyset = instantKeysetSql(`a."at"`, `a."id"`, older ?? newer, older ? "older" : "newer");
  const direction = newer ? "ASC" : "DESC";
  const [countRow, fetched] = await Promise.all([
    readRow(`SELECT COUNT(*) FROM (SELECT 1 FROM "AuditEvent" a WHERE ${filtered} LIMIT ?) x`, [...params, countCap + 1]),
    readRows(
      `SELECT a."id", a."at", a."actorId", a."actorLabel", a."action", a."entityType", a."entityId", a."summary", a."details", a."ip", ` +
        `a."userAgent", u."name", u."email" FROM "AuditEvent" a LEFT JOIN "User" u ON u."id" = a."actorId" ` +
        `WHERE ${filtered} AND ${keyset.sql} ORDER BY a."at" ${direction}, a."id" ${direction} LIMIT ?`,
      [...params, ...keyset.params, AUDIT_PAGE_SIZE + 1],
    ),
  ]);
  const total = Number(countRow?.[0] ?? 0);
  const more = fetched.length > AUDIT_PAGE_SIZE;
  const page = fetched
    .slice(0, AUDIT_PAGE_SIZE)
    .map(([id, at, actorId, actorLabel, action, entityType, entityId, summary, details, ip, userAgent, name, email]): AuditRow => ({
      id: id as string,
      at: instantValue(at),
      actorId: text(actorId),
      actorLabel: text(actorLabel),
      action: action as string,
      entityType: entityType as string,
      entityId: text(entityId),
      summary: summary as string,
      details: text(details),
      ip: text(ip),
      userAgent: text(userAgent),
      actor: actorId && name !== null && name !== undefined ? { name: name as string, email: email as string } : null,
    }));
  const rows = newer ? page.reverse() : page;
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    /** The number of matching events, at most `countCap`; `totalCapped`: there are more. */
    total: Math.min(total, countCap),
    totalCapped: total > countCap,
    rows,
    newerCursor: first && (newer ? more : Boolean(older)) ? encodeAuditCursor(first) : null,
    olderCursor: last && (newer ? true : more) ? encodeAuditCursor(last) : null,
  };
}

/**
 * The distinct values of one indexed column, by a loose index scan: one index seek per
 * distinct value (a few dozen), however many million rows the log holds. A plain
 * SELECT DISTINCT would walk the whole index.
 */
async function distinctValues(column: "entityType" | "action"): Promise<string[]> {
  const values = await readColumn(
    `WITH RECURSIVE t(v) AS (
       SELECT MIN("${column}") FROM "AuditEvent"
       UNION ALL
       SELECT (SELECT MIN("${column}") FROM "AuditEvent" WHERE "${column}" > t.v) FROM t WHERE t.v IS NOT NULL
     )
     SELECT v FROM t WHERE v IS NOT NULL`,
    [],
  );
  return values.map((v) => String(v));
}

/** The filter choices: every user, and the entity types and actions the log holds. */
export async function auditFilterOptions() {
  const [users, entityTypes, actions] = await Promise.all([
    readRows(`SELECT u."id", u."name", u."email" FROM "User" u ORDER BY u."name", u."id"`, []),
    distinctValues("entityType"),
    distinctValues("action"),
  ]);
  return {
    users: users.map(([id, name, email]) => ({ id: id as string, name: name as string, email: email as string })),
    entityTypes,
    actions,
  };
}
