// Read side of the audit log (admins). There is deliberately no update or delete here.
// The log grows without bound (every sign-in and every participant view), so nothing
// here reads more than one page of rows: pages are keyset cursors on (at, id), and the
// filter choices come from index seeks, not from scanning the table.
import { dbReady } from "~/utils/db.server";

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

/** `countCap`: where the count stops (tests use a small one). */
export async function listAuditEvents(f: AuditFilters, countCap = AUDIT_COUNT_CAP) {
  const db = await dbReady();
  const where = {
    ...(f.userId ? { actorId: f.userId } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
  const newer = !f.before && f.after ? f.after : undefined;
  const older = f.before;
  const keyset = older
    ? { OR: [{ at: { lt: older.at } }, { at: older.at, id: { lt: older.id } }] }
    : newer
      ? { OR: [{ at: { gt: newer.at } }, { at: newer.at, id: { gt: newer.id } }] }
      : {};
  const direction = newer ? "asc" : "desc";
  const [total, fetched] = await Promise.all([
    db.auditEvent.count({ where, take: countCap + 1 }),
    db.auditEvent.findMany({
      where: { AND: [where, keyset] },
      orderBy: [{ at: direction }, { id: direction }],
      take: AUDIT_PAGE_SIZE + 1,
      include: { actor: { select: { name: true, email: true } } },
    }),
  ]);
  const more = fetched.length > AUDIT_PAGE_SIZE;
  const page = fetched.slice(0, AUDIT_PAGE_SIZE);
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
  const db = await dbReady();
  const rows = await db.$queryRawUnsafe<{ v: string | null }[]>(
    `WITH RECURSIVE t(v) AS (
       SELECT MIN("${column}") FROM "AuditEvent"
       UNION ALL
       SELECT (SELECT MIN("${column}") FROM "AuditEvent" WHERE "${column}" > t.v) FROM t WHERE t.v IS NOT NULL
     )
     SELECT v FROM t WHERE v IS NOT NULL`,
  );
  return rows.map((r) => String(r.v));
}

export async function auditFilterOptions() {
  const db = await dbReady();
  const [users, entityTypes, actions] = await Promise.all([
    db.user.findMany({ select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }),
    distinctValues("entityType"),
    distinctValues("action"),
  ]);
  return { users, entityTypes, actions };
}
