// Reading the message logs: everything (admins' outbox), one cohort's delivery log, one
// participant's history. Keyset pages of 50, newest due first. Rows name participants, so
// each read is audited like any participant read.
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import type { MessageLogQuery } from "~/forms/outreach-log";
import { instantOrNull, instantValue, readRow, readRows } from "~/utils/db.server";
import { seesParticipantNames } from "~/utils/permissions";
import { auditParticipantRead, type Reader } from "../access.server";
import { keysetPage } from "../keyset.server";

export const MESSAGE_PAGE_SIZE = 50;

export type MessageScope = { all: true } | { cohortId: string } | { participantId: string };

/**
 * `timeZone` is the zone the times are shown in (the cohort's; UTC for the outbox). Two
 * statements through the driver (three with a cursor): the counts per status in the scope (with
 * how many pass the filters), whether the cursor's row passes them, then the page with its
 * recipients' names (after the cursor check, which decides the page's direction). Reads
 * committed data on the driver's own connection: never call it inside a transaction.
 */
export async function listMessages(reader: Reader, scope: MessageScope, q: MessageLogQuery, timeZone = "UTC") {
  const scoped =
    "all" in scope
      ? { sql: "1 = 1", params: [] as string[] }
      : "cohortId" in scope
        ? { sql: `m."cohortId" = ?`, params: [scope.cohortId] }
        : { sql: `m."participantId" = ?`, params: [scope.participantId] };
  // The filters of the form (the status counts are of the whole scope, without them).
  const equal = (["status", "kind", "channel"] as const).flatMap((field) => (q[field] ? [{ field, value: q[field] }] : []));
  const conditions = [...equal.map((e) => `m."${e.field}" = ?`), ...(q.where === "outbox" ? [`m."transport" = 'OUTBOX'`] : [])];
  const filtered = { sql: conditions.length ? conditions.join(" AND ") : "1 = 1", params: equal.map((e) => e.value as string) };
  const cursorId = q.before ?? q.after ?? null;

  // Every message's counts are MessageCount's few rows (kept by triggers; a network's outbox
  // has hundreds of thousands of messages). A cohort's or participant's are counted from the
  // status, transport, kind and channel of its own messages. Whether the cursor's row passes the
  // filters is a read of that one row.
  const countRows = () =>
    "all" in scope
      ? readRows(
          `SELECT m."status", SUM(m."n"), SUM(CASE WHEN ${filtered.sql} THEN m."n" ELSE 0 END) FROM "MessageCount" m ` +
            `GROUP BY m."status" HAVING SUM(m."n") > 0`,
          filtered.params,
        )
      : readRows(
          `SELECT m."status", COUNT(*), SUM(CASE WHEN ${filtered.sql} THEN 1 ELSE 0 END) FROM "Message" m WHERE ${scoped.sql} GROUP BY m."status"`,
          [...filtered.params, ...scoped.params],
        );
  const cursorRow = (id: string) =>
    readRow(`SELECT 1 FROM "Message" m WHERE m."id" = ? AND ${scoped.sql} AND ${filtered.sql}`, [id, ...scoped.params, ...filtered.params]);
  const pageRows = (cursor: { backwards: boolean } | null) => {
    const dir = cursor?.backwards ? "ASC" : "DESC";
    const than = cursor?.backwards ? ">" : "<";
    return readRows(
      `SELECT m."id", m."kind", m."channel", m."status", m."statusReason", m."dueAt", m."sentAt", m."attempts", m."transport", ` +
        `m."address", m."subject", m."body", m."participantId", m."userId", p."code", p."firstName", p."lastName", u."name" ` +
        `FROM "Message" m ` +
        (cursor
          ? `JOIN (SELECT x."dueAt" AS "dueAt", x."id" AS "id" FROM "Message" x WHERE x."id" = ?) k ` +
            `ON (m."dueAt" ${than} k."dueAt" OR (m."dueAt" = k."dueAt" AND m."id" ${than} k."id")) `
          : "") +
        `LEFT JOIN "Participant" p ON p."id" = m."participantId" LEFT JOIN "User" u ON u."id" = m."userId" ` +
        `WHERE ${scoped.sql} AND ${filtered.sql} ORDER BY m."dueAt" ${dir}, m."id" ${dir} LIMIT ?`,
      [...(cursor ? [cursorId] : []), ...scoped.params, ...filtered.params, MESSAGE_PAGE_SIZE + 1],
    );
  };
  // Without a cursor the counts and the page run together; with one, the page waits for whether
  // its row passes the filters (a missing one starts at the first page, as keysetPage does).
  const [counts, firstPage, cursorFound] = await Promise.all([
    countRows(),
    cursorId ? null : pageRows(null),
    cursorId ? cursorRow(cursorId).then(Boolean) : false,
  ]);
  const k = keysetPage(
    [
      { field: "dueAt", dir: "desc" },
      { field: "id", dir: "desc" },
    ],
    MESSAGE_PAGE_SIZE,
    { row: cursorFound ? { id: cursorId, dueAt: null } : null, before: Boolean(q.after) },
  );
  const fetched = (firstPage ?? (await pageRows(cursorFound ? { backwards: Boolean(q.after) } : null))).map((r) => ({
    id: r[0] as string,
    kind: r[1] as string,
    channel: r[2] as string,
    status: r[3] as string,
    statusReason: (r[4] as string | null) ?? null,
    dueAt: instantValue(r[5]),
    sentAt: instantOrNull(r[6]),
    attempts: Number(r[7]),
    transport: (r[8] as string | null) ?? null,
    address: (r[9] as string | null) ?? null,
    subject: (r[10] as string | null) ?? null,
    body: (r[11] as string | null) ?? null,
    participantId: (r[12] as string | null) ?? null,
    userId: (r[13] as string | null) ?? null,
    participant:
      r[14] === null || r[14] === undefined ? null : { code: r[14] as string, firstName: r[15] as string, lastName: r[16] as string },
    userName: (r[17] as string | null) ?? null,
  }));
  const page = k.page(fetched);
  const participantIds = [...new Set(page.rows.flatMap((r) => (r.participantId ? [r.participantId] : [])))];
  await auditParticipantRead(reader, {
    what: "message log",
    participantIds,
    subject:
      "cohortId" in scope ? { type: "Cohort", id: scope.cohortId } : "participantId" in scope ? undefined : { type: "Message", id: null },
  });
  // Admins read the outbox without access to participant records: the code, not the name.
  const names = seesParticipantNames(reader.roles);
  const recipient = (r: (typeof fetched)[number]) => {
    if (r.participantId) {
      const p = r.participant;
      return p ? (names ? `${p.firstName} ${p.lastName} (${p.code})` : p.code) : "participant";
    }
    if (r.userId) return r.userName === null ? "staff" : `${r.userName} (staff)`;
    return "—";
  };
  return {
    timeZone,
    total: counts.reduce((sum, c) => sum + Number(c[2]), 0),
    byStatus: Object.fromEntries(counts.map((c) => [c[0] as string, Number(c[1])])) as Record<string, number>,
    previousCursor: page.previousCursor,
    nextCursor: page.nextCursor,
    rows: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      status: r.status,
      statusReason: r.statusReason,
      due: formatLocalDateTime(r.dueAt, timeZone),
      sent: r.sentAt ? formatLocalDateTime(r.sentAt, timeZone) : null,
      attempts: r.attempts,
      outbox: r.transport === "OUTBOX",
      address: r.address,
      subject: r.subject,
      body: r.body,
      recipient: recipient(r),
      participantId: r.participantId,
    })),
  };
}

export type MessageLog = Awaited<ReturnType<typeof listMessages>>;
