// Safety signals: the clinicians' inbox. Signals are raised by the features that see the
// source (adverse events here; PHQ-9 item 9 by measures; BP overrides and out-of-range
// vitals by dosing) through `recordSafetySignal`, inside the same transaction as the source;
// a new one of priority urgent or high also writes the staff notifications there
// (outreach/staffAlerts.server.ts).
//
// `SafetySignal.detail` convention: either the one-line text of `describeSignal(...).detail`,
// or a JSON object of the domain `SafetySignal` payload (without participantLabel/occurredAt);
// the inbox renders both (JSON is described with the viewer's participant label).
import {
  describeSignal,
  followUpStatus,
  signalsForAdverseEvent,
  type AeTerm,
  type FollowUpStatus,
  type SafetySignalKind,
  signalPriorityOfRank,
  signalPriorityRank,
  type SignalPriority,
} from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { audit, type RequestMeta } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import { booleanValue, dbReady, instantOrNull, instantValue, readRow, readRows, sqlInList } from "~/utils/db.server";
import { can, seesAllCohorts } from "~/utils/permissions";
import { oncePerRequest } from "~/utils/perRequest.server";
import {
  auditParticipantRead,
  notFound,
  participantLabel,
  visibleCohortWhere,
  visibleParticipantWhere,
  type Reader,
  type Viewer,
} from "./access.server";
import { FieldError } from "./kernel.server";
import { keysetSql, type SortKey } from "./keyset.server";
import { alertNewSignal } from "./outreach/staffAlerts.server";
import { describeStoredSignal, kindTitle } from "./safetySignal.shared";

export { describeStoredSignal, kindTitle } from "./safetySignal.shared";

/**
 * Create a signal unless one exists for the same kind and source. An existing one keeps its
 * state; with `refreshDetail` (a re-check of the same dosing record) its text is updated.
 */
export async function recordSafetySignal(
  client: Db | Tx,
  input: {
    kind: SafetySignalKind;
    priority: SignalPriority;
    participantId: string;
    cohortId: string | null;
    sourceType: string;
    sourceId: string;
    detail: string;
    createdAt?: Date;
  },
  { refreshDetail = false } = {},
) {
  const { priority, ...data } = input;
  const key = { kind_sourceType_sourceId: { kind: input.kind, sourceType: input.sourceType, sourceId: input.sourceId } };
  const existed = await client.safetySignal.findUnique({ where: key, select: { id: true } });
  const signal = await client.safetySignal.upsert({
    where: key,
    create: { ...data, priority: signalPriorityRank(priority) },
    update: refreshDetail ? { detail: input.detail } : {},
  });
  // A new high-priority signal notifies staff in this same transaction (never one without the other).
  if (!existed) await alertNewSignal(client, signal);
  return signal;
}

/** Raise SERIOUS_AE / AE_GRADE_3_PLUS for an adverse event's current state (called in its transaction). */
export async function raiseAdverseEventSignals(
  tx: Tx,
  ae: {
    id: string;
    participantId: string;
    cohortId: string | null;
    term: string;
    termOther: string | null;
    grade: number;
    seriousCriteria: string;
    createdAt: Date;
  },
) {
  let criteria: string[] = [];
  try {
    criteria = JSON.parse(ae.seriousCriteria) as string[];
  } catch {
    criteria = [];
  }
  const signals = signalsForAdverseEvent({
    id: ae.id,
    participantLabel: "",
    recordedAt: ae.createdAt,
    term: ae.term as AeTerm,
    otherTerm: ae.termOther,
    grade: ae.grade,
    seriousCriteria: criteria as never,
  });
  for (const s of signals) {
    await recordSafetySignal(tx, {
      kind: s.kind,
      participantId: ae.participantId,
      cohortId: ae.cohortId,
      sourceType: "AdverseEvent",
      sourceId: ae.id,
      detail: describeSignal(s).detail,
      priority: describeSignal(s).priority,
    });
  }
}

/**
 * Prisma `where` for the signals a viewer may see: those of their cohorts (facilitators and
 * clinicians), and signals outside any cohort of participants they see. Every list of
 * signals (inbox, participant header, participant list) puts it in its query.
 */
export async function signalScope(viewer: Viewer) {
  if (seesAllCohorts(viewer.roles)) return {};
  const db = await dbReady();
  const ids = (await db.cohort.findMany({ where: visibleCohortWhere(viewer), select: { id: true } })).map((c) => c.id);
  return { OR: [{ cohortId: { in: ids } }, { cohortId: null, participant: visibleParticipantWhere(viewer) }] };
}

/**
 * `signalScope` for hand-written reads: a condition on the signal aliased `s` (signals of the
 * viewer's cohorts, and signals outside any cohort of participants enrolled in one of them;
 * true for roles that see every cohort) and its parameters.
 */
export function signalScopeSql(viewer: Viewer): { sql: string; params: string[] } {
  if (seesAllCohorts(viewer.roles)) return { sql: "1 = 1", params: [] };
  return {
    sql:
      `(s."cohortId" IN (SELECT cs."cohortId" FROM "CohortStaff" cs WHERE cs."userId" = ?)` +
      ` OR (s."cohortId" IS NULL AND EXISTS (SELECT 1 FROM "Enrollment" e JOIN "CohortStaff" cs ON cs."cohortId" = e."cohortId"` +
      ` WHERE e."participantId" = s."participantId" AND cs."userId" = ?)))`,
    params: [viewer.id, viewer.id],
  };
}

/**
 * The number of unacknowledged signals the viewer can see (for the navigation badge, and the
 * inbox's open count). `request`: a loader's load context; the navigation's count and the
 * inbox's are then one read per request (oncePerRequest).
 */
export function countOpenSignals(viewer: Viewer, request?: unknown): Promise<number> {
  if (!can(viewer.roles, "safety:inbox")) return Promise.resolve(0);
  // Counted on every page (the navigation), so one statement through the driver.
  return oncePerRequest(request, `open-signals:${viewer.id}`, async () => {
    const scope = signalScopeSql(viewer);
    const row = await readRow(`SELECT COUNT(*) FROM "SafetySignal" s WHERE s."acknowledgedAt" IS NULL AND ${scope.sql}`, scope.params);
    return Number(row?.[0] ?? 0);
  });
}

export type InboxSignal = {
  id: string;
  kind: string;
  kindTitle: string;
  title: string;
  detail: string;
  priority: SignalPriority;
  participantId: string;
  participant: string;
  cohortId: string | null;
  cohort: string;
  at: string;
  atLocal: string;
  sourceHref: string | null;
  sourceLabel: string;
  followUp: (Pick<FollowUpStatus, "state"> & { dueAtLocal: string | null }) | null;
  /** Why acknowledging is refused right now (null = may acknowledge). */
  blockedReason: string | null;
  acknowledgedAt: string | null;
  acknowledgedAtLocal: string | null;
  acknowledgedBy: string | null;
  acknowledgmentNote: string | null;
};

export const INBOX_PAGE_SIZE = 50;
export type InboxView = "open" | "history";

/**
 * One page of the inbox (one audited read): open signals, most urgent first then newest; or
 * the acknowledged ones (history), latest acknowledgement first. Keyset pages whose cursor
 * is a signal id; the open count is for the tab and the navigation badge.
 */
export async function listInbox(viewer: Reader, page: { view?: InboxView; after?: string; before?: string } = {}, now = new Date()) {
  // Read on every view of the inbox: through the driver (committed data: never inside a transaction).
  const view = page.view ?? "open";
  const scope = signalScopeSql(viewer);
  const open = `s."acknowledgedAt" IS NULL AND ${scope.sql}`;
  const where = view === "open" ? open : `s."acknowledgedAt" IS NOT NULL AND ${scope.sql}`;
  type Field = "priority" | "createdAt" | "acknowledgedAt" | "id";
  const keys: SortKey<Field>[] =
    view === "open"
      ? [
          { field: "priority", dir: "asc" },
          { field: "createdAt", dir: "desc" },
          { field: "id", dir: "desc" },
        ]
      : [
          { field: "acknowledgedAt", dir: "desc" },
          { field: "id", dir: "desc" },
        ];
  const pageRows = (cursorId: string | null) => {
    // The cursor's sort values are read from its row in the statement (no timestamp as a parameter).
    const k = keysetSql(
      keys,
      INBOX_PAGE_SIZE,
      { row: cursorId ? ({ id: cursorId } as Record<Field, unknown>) : null, before: !page.after },
      (f) => `s."${f}"`,
      (f) => ({ sql: `(SELECT k."${f}" FROM "SafetySignal" k WHERE k."id" = ?)`, params: [cursorId] }),
    );
    return readRows(
      `SELECT s."id", s."kind", s."participantId", s."cohortId", s."sourceType", s."sourceId", s."detail", s."priority", s."createdAt", ` +
        `s."acknowledgedAt", s."acknowledgedById", s."acknowledgmentNote", p."code", p."firstName", p."lastName", c."name", c."timeZone", u."name" ` +
        `FROM "SafetySignal" s JOIN "Participant" p ON p."id" = s."participantId" LEFT JOIN "Cohort" c ON c."id" = s."cohortId" ` +
        `LEFT JOIN "User" u ON u."id" = s."acknowledgedById" WHERE ${where} AND ${k.where} ORDER BY ${k.orderBy} LIMIT ?`,
      [...scope.params, ...k.params, k.limit],
    ).then((rows) => k.page(rows.map(signalRowOf)));
  };
  // A cursor the viewer cannot see (or of the other view) starts at the first page.
  const cursorId = page.after ?? page.before;
  // The open count is the navigation's (one read per request); the history's total is counted here.
  const [openCount, historyRow, firstPage, cursorFound] = await Promise.all([
    countOpenSignals(viewer, viewer.readContext.key),
    view === "open" ? null : readRow(`SELECT COUNT(*) FROM "SafetySignal" s WHERE ${where}`, scope.params),
    cursorId ? null : pageRows(null),
    cursorId ? readRow(`SELECT 1 FROM "SafetySignal" s WHERE s."id" = ? AND ${where}`, [cursorId, ...scope.params]).then(Boolean) : false,
  ]);
  const { rows, previousCursor, nextCursor } = firstPage ?? (await pageRows(cursorFound ? cursorId! : null));
  const signals = await describeRows(viewer, rows, now);
  await auditParticipantRead(viewer, {
    what: view === "history" ? "safety inbox history" : "safety inbox",
    participantIds: signals.map((s) => s.participantId),
  });
  const total = historyRow ? Number(historyRow[0]) : openCount;
  return { view, signals, total, openCount, previousCursor, nextCursor };
}

type SignalRow = {
  id: string;
  kind: string;
  participantId: string;
  cohortId: string | null;
  sourceType: string;
  sourceId: string;
  detail: string;
  priority: number;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgmentNote: string | null;
  participant: { code: string; firstName: string; lastName: string };
  cohort: { name: string; timeZone: string } | null;
};

function signalRowOf(r: unknown[]): SignalRow {
  const [id, kind, participantId, cohortId, sourceType, sourceId, detail, priority, createdAt, acknowledgedAt, acknowledgedById] = r;
  const [note, code, firstName, lastName, cohortName, timeZone, acknowledgedBy] = r.slice(11);
  return {
    id: id as string,
    kind: kind as string,
    participantId: participantId as string,
    cohortId: (cohortId as string | null) ?? null,
    sourceType: sourceType as string,
    sourceId: sourceId as string,
    detail: detail as string,
    priority: Number(priority),
    createdAt: instantValue(createdAt),
    acknowledgedAt: instantOrNull(acknowledgedAt),
    acknowledgedBy: acknowledgedById ? ((acknowledgedBy as string | null) ?? "—") : null,
    acknowledgmentNote: (note as string | null) ?? null,
    participant: { code: code as string, firstName: firstName as string, lastName: lastName as string },
    cohort: cohortName === null || cohortName === undefined ? null : { name: cohortName as string, timeZone: timeZone as string },
  };
}

/**
 * The inbox's view of stored signals: their source, follow-up state and local times. At most
 * two statements, each only when a row needs it: the serious adverse events with their
 * follow-ups, and the sessions of dosing records and dose orders.
 */
async function describeRows(viewer: Viewer, rows: SignalRow[], now: Date): Promise<InboxSignal[]> {
  const aeIds = rows.filter((r) => r.sourceType === "AdverseEvent" && r.kind === "SERIOUS_AE").map((r) => r.sourceId);
  const dosingIds = rows.filter((r) => r.sourceType === "DosingRecord").map((r) => r.sourceId);
  const orderIds = rows.filter((r) => r.sourceType === "DoseOrder").map((r) => r.sourceId);
  const inAes = sqlInList(aeIds);
  const inDosings = sqlInList(dosingIds);
  const inOrders = sqlInList(orderIds);
  const [aeRows, sessionRows] = await Promise.all([
    aeIds.length
      ? readRows(
          `SELECT a."id", a."serious", a."createdAt", a."seriousSince", f."recordedAt" FROM "AdverseEvent" a ` +
            `LEFT JOIN "AdverseEventFollowUp" f ON f."adverseEventId" = a."id" WHERE a."id" ${inAes.sql}`,
          [inAes.param],
        )
      : [],
    dosingIds.length || orderIds.length
      ? readRows(
          `SELECT 'DosingRecord', d."id", d."sessionId" FROM "DosingRecord" d WHERE d."id" ${inDosings.sql} ` +
            `UNION ALL SELECT 'DoseOrder', o."id", o."sessionId" FROM "DoseOrder" o WHERE o."id" ${inOrders.sql}`,
          [inDosings.param, inOrders.param],
        )
      : [],
  ]);
  const aeMap = new Map<string, { serious: boolean; createdAt: Date; seriousSince: Date | null; followUps: { recordedAt: Date }[] }>();
  for (const [id, serious, createdAt, seriousSince, recordedAt] of aeRows) {
    let ae = aeMap.get(id as string);
    if (!ae) {
      ae = {
        serious: booleanValue(serious),
        createdAt: instantValue(createdAt),
        seriousSince: instantOrNull(seriousSince),
        followUps: [],
      };
      aeMap.set(id as string, ae);
    }
    if (recordedAt !== null && recordedAt !== undefined) ae.followUps.push({ recordedAt: instantValue(recordedAt) });
  }
  const sessionOf = new Map(sessionRows.map(([type, id, sessionId]) => [`${type as string}:${id as string}`, sessionId as string]));
  return rows.map((r): InboxSignal => {
    const tz = r.cohort?.timeZone ?? "UTC";
    const label = participantLabel(viewer, r.participant);
    const d = describeStoredSignal(r, label);
    let sourceHref: string | null = null;
    let sourceLabel = r.sourceType;
    let followUp: InboxSignal["followUp"] = null;
    let blockedReason: string | null = null;
    if (r.sourceType === "AdverseEvent") {
      sourceHref = `/adverse-events/${r.sourceId}`;
      sourceLabel = "Adverse event";
      const ae = aeMap.get(r.sourceId);
      if (ae && r.kind === "SERIOUS_AE") {
        const fs = followUpStatus({ serious: ae.serious, recordedAt: ae.createdAt, seriousSince: ae.seriousSince }, ae.followUps, now);
        followUp = { state: fs.state, dueAtLocal: fs.dueAt ? formatLocalDateTime(fs.dueAt, tz) : null };
        if (ae.followUps.length === 0)
          blockedReason =
            "Add a follow-up to the adverse event before acknowledging: a serious adverse event needs a follow-up within 24 hours.";
      }
    } else if (r.sourceType === "Assessment") {
      sourceHref = `/assessments/${r.sourceId}`;
      sourceLabel = "Questionnaire";
    } else if (r.sourceType === "DosingRecord") {
      const sessionId = sessionOf.get(`DosingRecord:${r.sourceId}`);
      sourceHref = sessionId ? `/sessions/${sessionId}/dosing` : null;
      sourceLabel = "Dosing record";
    } else if (r.sourceType === "DoseOrder") {
      const sessionId = sessionOf.get(`DoseOrder:${r.sourceId}`);
      sourceHref = sessionId ? `/sessions/${sessionId}/orders` : null;
      sourceLabel = "Dose order";
    }
    return {
      id: r.id,
      kind: r.kind,
      kindTitle: kindTitle(r.kind),
      title: d.title,
      detail: d.detail,
      priority: signalPriorityOfRank(r.priority),
      participantId: r.participantId,
      participant: label,
      cohortId: r.cohortId,
      cohort: r.cohort?.name ?? "—",
      at: r.createdAt.toISOString(),
      atLocal: formatLocalDateTime(r.createdAt, tz),
      sourceHref,
      sourceLabel,
      followUp,
      blockedReason,
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      acknowledgedAtLocal: r.acknowledgedAt ? formatLocalDateTime(r.acknowledgedAt, tz) : null,
      acknowledgedBy: r.acknowledgedBy,
      acknowledgmentNote: r.acknowledgmentNote,
    };
  });
}

/** A clinician acknowledges a signal with a note of the action taken (required by the form's schema). */
export async function acknowledgeSignal(viewer: Viewer, meta: RequestMeta, id: string, note: string) {
  if (!can(viewer.roles, "safety:inbox")) throw new Response("Forbidden", { status: 403 });
  const text = note.trim();
  const db = await dbReady();
  const signal = await db.safetySignal.findFirst({ where: { id, ...(await signalScope(viewer)) } });
  if (!signal) notFound("Signal not found");
  if (signal.acknowledgedAt) throw new FieldError("note", "This signal has already been acknowledged");
  if (signal.kind === "SERIOUS_AE" && signal.sourceType === "AdverseEvent") {
    const followUps = await db.adverseEventFollowUp.count({ where: { adverseEventId: signal.sourceId } });
    if (followUps === 0) {
      throw new FieldError(
        "note",
        "A serious adverse event stays in the inbox until it has a follow-up: add a follow-up to the adverse event first.",
      );
    }
  }
  await db.$transaction(async (tx) => {
    const res = await tx.safetySignal.updateMany({
      where: { id, acknowledgedAt: null },
      data: { acknowledgedAt: new Date(), acknowledgedById: viewer.id, acknowledgmentNote: text },
    });
    if (res.count !== 1) throw new FieldError("note", "This signal has already been acknowledged");
    await audit(tx, {
      actor: viewer,
      action: "safety_signal.acknowledge",
      entityType: "SafetySignal",
      entityId: id,
      summary: `Acknowledged ${kindTitle(signal.kind).toLowerCase()} signal: ${text}`,
      details: {
        kind: signal.kind,
        sourceType: signal.sourceType,
        sourceId: signal.sourceId,
        participantId: signal.participantId,
        note: text,
      },
      ...meta,
    });
  });
}
