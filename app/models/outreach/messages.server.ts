// Reading the message logs: everything (admins' outbox), one cohort's delivery log, one
// participant's history. Keyset pages of 50, newest due first. Rows name participants, so
// each read is audited like any participant read.
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import type { MessageLogQuery } from "~/forms/outreach-log";
import { dbReady } from "~/utils/db.server";
import { seesParticipantNames } from "~/utils/permissions";
import { auditParticipantRead, type Reader } from "../access.server";
import { keysetPage } from "../keyset.server";

export const MESSAGE_PAGE_SIZE = 50;

export type MessageScope = { all: true } | { cohortId: string } | { participantId: string };

/** `timeZone` is the zone the times are shown in (the cohort's; UTC for the outbox). */
export async function listMessages(reader: Reader, scope: MessageScope, q: MessageLogQuery, timeZone = "UTC") {
  const db = await dbReady();
  const scopeWhere = "all" in scope ? {} : "cohortId" in scope ? { cohortId: scope.cohortId } : { participantId: scope.participantId };
  const filter = {
    ...scopeWhere,
    ...(q.status ? { status: q.status } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.where === "outbox" ? { transport: "OUTBOX" } : {}),
  };
  const cursorId = q.before ?? q.after ?? null;
  const cursorRow = cursorId ? await db.message.findFirst({ where: { id: cursorId, ...filter }, select: { id: true, dueAt: true } }) : null;
  const k = keysetPage(
    [
      { field: "dueAt", dir: "desc" },
      { field: "id", dir: "desc" },
    ],
    MESSAGE_PAGE_SIZE,
    { row: cursorRow, before: Boolean(q.after) },
  );
  const [fetched, total, counts] = await Promise.all([
    db.message.findMany({
      where: { AND: [filter, k.where] },
      orderBy: k.orderBy,
      take: k.take,
      select: {
        id: true,
        kind: true,
        channel: true,
        status: true,
        statusReason: true,
        dueAt: true,
        sentAt: true,
        attempts: true,
        transport: true,
        address: true,
        subject: true,
        body: true,
        participantId: true,
        userId: true,
        cohortId: true,
      },
    }),
    db.message.count({ where: filter }),
    db.message.groupBy({ by: ["status"], where: scopeWhere, _count: { _all: true } }),
  ]);
  const page = k.page(fetched);
  const participantIds = [...new Set(page.rows.flatMap((r) => (r.participantId ? [r.participantId] : [])))];
  const userIds = [...new Set(page.rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const [participants, users] = await Promise.all([
    db.participant.findMany({ where: { id: { in: participantIds } }, select: { id: true, code: true, firstName: true, lastName: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
  ]);
  await auditParticipantRead(reader, {
    what: "message log",
    participantIds,
    subject:
      "cohortId" in scope ? { type: "Cohort", id: scope.cohortId } : "participantId" in scope ? undefined : { type: "Message", id: null },
  });
  // Admins read the outbox without access to participant records: the code, not the name.
  const names = seesParticipantNames(reader.roles);
  const pName = new Map(participants.map((p) => [p.id, names ? `${p.firstName} ${p.lastName} (${p.code})` : p.code]));
  const uName = new Map(users.map((u) => [u.id, `${u.name} (staff)`]));
  return {
    timeZone,
    total,
    byStatus: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
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
      recipient: r.participantId ? (pName.get(r.participantId) ?? "participant") : r.userId ? (uName.get(r.userId) ?? "staff") : "—",
      participantId: r.participantId,
    })),
  };
}

export type MessageLog = Awaited<ReturnType<typeof listMessages>>;
