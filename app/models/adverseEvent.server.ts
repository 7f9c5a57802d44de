// Adverse events: recording, follow-ups, review/close/reopen, lists, CSV export and the
// per-dosing-session rates. Scoped to the viewer's cohorts; every change is audited in the
// same transaction and raises the SERIOUS_AE / AE_GRADE_3_PLUS safety signals there too.
import { z } from "zod";
import {
  AE_ACTION_LABELS,
  AE_OUTCOME_LABELS,
  aeRatesFromCounts,
  followUpStatus,
  isAeOpen,
  isRelated,
  type AdverseEventInput,
  type AeOutcome,
  type AeRatesResult,
  type Relatedness,
  type SessionAeCounts,
  type SessionAeRate,
} from "~/domain/safety";
import {
  addDaysToLocalDate,
  formatLocalDateTime,
  instantToLocal,
  isValidLocalDate,
  localDateTime,
  startOfLocalDay,
} from "~/domain/scheduling/localTime";
import type { AdverseEvent } from "~/generated/prisma/client";
import { audit, type RequestMeta } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import {
  booleanValue,
  dbReady,
  instantParam,
  instantOrNull,
  instantValue,
  modelColumns,
  readRow,
  readRows,
  readRowsPlannedEachRun,
  sqlFalse,
  sqlInList,
  sqlTrue,
} from "~/utils/db.server";
import { can, seesAllCohorts } from "~/utils/permissions";
import {
  auditParticipantRead,
  notFound,
  participantLabel,
  visibleCohortIdSql,
  visibleCohortSql,
  visibleCohortWhere,
  type Reader,
  type Viewer,
} from "./access.server";
import { adverseEventsCsv, aeTermText, decodeAction, encodeAction, parseCriteria, type AeListRow } from "./adverseEvent.shared";
import { ConflictError, FieldError } from "./kernel.server";
import { instantKeysetSql } from "./keyset.server";
import { raiseAdverseEventSignals } from "./safetySignal.server";
import { confirmSignature } from "./signature.server";

export { adverseEventsCsv, aeTermText, decodeAction, encodeAction, parseCriteria, type AeListRow } from "./adverseEvent.shared";

// ---------------------------------------------------------------------------------------------
// Scope helpers

/** Ids of the cohorts the viewer may see (null = all cohorts). */
export async function visibleCohortIds(viewer: Viewer): Promise<string[] | null> {
  if (seesAllCohorts(viewer.roles)) return null;
  const db = await dbReady();
  const rows = await db.cohort.findMany({ where: visibleCohortWhere(viewer), select: { id: true } });
  return rows.map((r) => r.id);
}

function cohortScope(ids: string[] | null) {
  return ids === null ? {} : { cohortId: { in: ids } };
}

// ---------------------------------------------------------------------------------------------
// Context for the form: participant, cohort (time zone) and the sessions one can link to

/** The form context for the pages (an audited read of the participant's name). */
export async function getAeFormContext(
  viewer: Reader,
  opts: { participantId?: string | null; sessionId?: string | null; cohortId?: string | null },
) {
  const ctx = await aeFormContext(viewer, opts);
  await auditParticipantRead(viewer, { what: "adverse event form", participantIds: [ctx.participant.id] });
  return ctx;
}

/**
 * The participant (by name, within the viewer's cohorts: 404 otherwise), the cohort the form is
 * for (the session's, the one asked for, else their active one, else their latest) and its
 * sessions: two or three statements through the driver (the ORM's nested read took four or five).
 */
async function aeFormContext(viewer: Viewer, opts: { participantId?: string | null; sessionId?: string | null; cohortId?: string | null }) {
  if (!opts.participantId) notFound("Participant not found");
  const visible = visibleCohortSql(viewer);
  const [enrollmentRows, sessionRow] = await Promise.all([
    readRows(
      `SELECT p."code", p."firstName", p."lastName", e."cohortId", c."name", c."timeZone", c."status" FROM "Enrollment" e ` +
        `JOIN "Participant" p ON p."id" = e."participantId" JOIN "Cohort" c ON c."id" = e."cohortId" ` +
        `WHERE e."participantId" = ? AND ${visible.sql} ORDER BY e."createdAt" DESC, e."id" DESC`,
      [opts.participantId, ...visible.params],
    ),
    opts.sessionId ? readRow(`SELECT g."cohortId" FROM "GroupSession" g WHERE g."id" = ?`, [opts.sessionId]) : null,
  ]);
  if (!enrollmentRows.length) notFound("Participant not found");
  const [code, firstName, lastName] = enrollmentRows[0] as (string | null)[];
  const enrolled = enrollmentRows.map((r) => ({
    cohortId: r[3] as string,
    cohort: { id: r[3] as string, name: r[4] as string, timeZone: r[5] as string, status: r[6] as string },
  }));
  let cohortId: string | undefined;
  if (opts.sessionId) {
    const sessionCohort = sessionRow?.[0] as string | undefined;
    if (!sessionCohort || !enrolled.some((e) => e.cohortId === sessionCohort)) notFound("Session not found");
    cohortId = sessionCohort;
  } else if (opts.cohortId) {
    if (!enrolled.some((e) => e.cohortId === opts.cohortId)) notFound("Cohort not found");
    cohortId = opts.cohortId;
  } else {
    const active = enrolled.find((e) => e.cohort.status === "ACTIVE") ?? enrolled[0];
    cohortId = active.cohortId;
  }
  const cohort = enrolled.find((e) => e.cohortId === cohortId)!.cohort;
  const sessions = await readRows(
    `SELECT g."id", g."title", g."kind", g."startsAt" FROM "GroupSession" g WHERE g."cohortId" = ? AND g."status" <> 'CANCELLED' ORDER BY g."startsAt", g."id"`,
    [cohort.id],
  );
  return {
    participant: { id: opts.participantId, label: participantLabel(viewer, { code: code!, firstName, lastName }), code: code! },
    cohort: { id: cohort.id, name: cohort.name, timeZone: cohort.timeZone },
    sessions: sessions.map(([id, title, kind, startsAt]) => ({
      id: id as string,
      label: `${title as string} — ${formatLocalDateTime(instantValue(startsAt), cohort.timeZone)}`,
      kind: kind as string,
    })),
    cohortChoices: enrolled.map((e) => ({ id: e.cohortId, name: e.cohort.name })),
  };
}

async function assertSessionInCohort(db: Db | Tx, sessionId: string | undefined, cohortId: string) {
  if (!sessionId) return;
  const s = await db.groupSession.findFirst({ where: { id: sessionId, cohortId } });
  if (!s) throw new FieldError("groupSessionId", "Choose a session of this participant's cohort");
}

function aeData(input: AdverseEventInput) {
  return {
    term: input.term,
    termOther: input.term === "OTHER" ? (input.otherTerm ?? null) : null,
    onsetAt: input.onsetAt,
    description: input.description ?? "",
    grade: input.grade,
    serious: input.serious,
    seriousCriteria: JSON.stringify(input.seriousCriteria),
    relatednessKetamine: input.relatednessKetamine,
    relatednessGroup: input.relatednessGroup,
    expected: input.expected,
    actionTaken: encodeAction(input.action, input.actionDetails),
    outcome: input.outcome,
    resolvedAt: input.resolvedAt ?? null,
    sessionId: input.groupSessionId ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Writes

export async function createAdverseEvent(
  viewer: Viewer,
  meta: RequestMeta,
  target: { participantId: string; cohortId: string },
  input: AdverseEventInput,
): Promise<{ id: string }> {
  const db = await dbReady();
  const ctx = await aeFormContext(viewer, { participantId: target.participantId, cohortId: target.cohortId });
  await assertSessionInCohort(db, input.groupSessionId, ctx.cohort.id);
  return db.$transaction(async (tx) => {
    const now = new Date();
    const ae = await tx.adverseEvent.create({
      data: {
        ...aeData(input),
        participantId: target.participantId,
        cohortId: ctx.cohort.id,
        seriousSince: input.serious ? now : null,
        recordedById: viewer.id,
        createdAt: now,
      },
    });
    await audit(tx, {
      actor: viewer,
      action: "adverse_event.create",
      entityType: "AdverseEvent",
      entityId: ae.id,
      summary: `Recorded adverse event "${aeTermText(ae.term, ae.termOther)}" (grade ${ae.grade}${ae.serious ? ", serious" : ""})`,
      details: { participantId: ae.participantId, cohortId: ae.cohortId, ...aeData(input) },
      ...meta,
    });
    await raiseAdverseEventSignals(tx, ae);
    return { id: ae.id };
  });
}

async function loadScopedAe(viewer: Viewer, id: string) {
  const db = await dbReady();
  const ids = await visibleCohortIds(viewer);
  const ae = await db.adverseEvent.findFirst({ where: { id, ...cohortScope(ids) } });
  if (!ae) notFound("Adverse event not found");
  return ae;
}

export async function updateAdverseEvent(viewer: Viewer, meta: RequestMeta, id: string, version: number, input: AdverseEventInput) {
  const db = await dbReady();
  const before = await loadScopedAe(viewer, id);
  if (before.status === "CLOSED") throw new ConflictError("This adverse event is closed. Reopen it to make changes.");
  await assertSessionInCohort(db, input.groupSessionId, before.cohortId ?? "");
  await db.$transaction(async (tx) => {
    const data = aeData(input);
    const seriousSince = input.serious ? (before.seriousSince ?? new Date()) : before.seriousSince;
    const res = await tx.adverseEvent.updateMany({
      where: { id, version, status: "OPEN" },
      data: { ...data, seriousSince, version: { increment: 1 } },
    });
    if (res.count !== 1) {
      throw new ConflictError(
        "Someone else changed this adverse event while you were editing. Reload the page to see their changes, then make yours again.",
      );
    }
    const changed = Object.fromEntries(
      Object.entries(data)
        .filter(
          ([k, v]) =>
            String(
              (before as Record<string, unknown>)[k] instanceof Date
                ? ((before as Record<string, unknown>)[k] as Date).toISOString()
                : (before as Record<string, unknown>)[k],
            ) !== String(v instanceof Date ? v.toISOString() : v),
        )
        .map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
    );
    await audit(tx, {
      actor: viewer,
      action: "adverse_event.update",
      entityType: "AdverseEvent",
      entityId: id,
      summary: `Updated adverse event "${aeTermText(data.term, data.termOther)}" (${Object.keys(changed).join(", ") || "no field changed"})`,
      details: { changed },
      ...meta,
    });
    const after = await tx.adverseEvent.findUniqueOrThrow({ where: { id } });
    await raiseAdverseEventSignals(tx, after);
  });
}

/** A follow-up note (the form's schema requires it and keeps it under 5000 characters). */
export async function addAdverseEventFollowUp(viewer: Viewer, meta: RequestMeta, id: string, note: string) {
  const text = note.trim();
  const db = await dbReady();
  const ae = await loadScopedAe(viewer, id);
  if (ae.status === "CLOSED") throw new ConflictError("This adverse event is closed. Reopen it to add a follow-up.");
  await db.$transaction(async (tx) => {
    const fu = await tx.adverseEventFollowUp.create({ data: { adverseEventId: id, note: text, recordedById: viewer.id } });
    await audit(tx, {
      actor: viewer,
      action: "adverse_event.follow_up",
      entityType: "AdverseEvent",
      entityId: id,
      summary: `Added a follow-up to adverse event "${aeTermText(ae.term, ae.termOther)}"`,
      details: { followUpId: fu.id, note: text },
      ...meta,
    });
  });
}

/** A clinician's review closes the event, signed with their password ("reviewed by"); a wrong password writes nothing. */
export async function closeAdverseEvent(viewer: Viewer, meta: RequestMeta, id: string, version: number, password: string) {
  if (!can(viewer.roles, "ae:review")) throw new Response("Only clinicians close adverse events", { status: 403 });
  const db = await dbReady();
  const ae = await loadScopedAe(viewer, id);
  if (ae.status === "CLOSED") throw new ConflictError("This adverse event is already closed.");
  if (isAeOpen({ outcome: ae.outcome as AeOutcome })) {
    throw new ConflictError(
      `The outcome is "${AE_OUTCOME_LABELS[ae.outcome as AeOutcome] ?? ae.outcome}". Record a final outcome (recovered, recovered with sequelae or fatal) and the resolution date before closing.`,
    );
  }
  if (ae.version !== version) throw new ConflictError("Someone else changed this adverse event. Reload the page and try again.");
  const signature = await confirmSignature(viewer, meta, "AE_CLOSURE", password);
  await db.$transaction(async (tx) => {
    const now = new Date();
    const res = await tx.adverseEvent.updateMany({
      where: { id, version, status: "OPEN" },
      data: {
        status: "CLOSED",
        closedAt: now,
        closedById: viewer.id,
        closedMeaning: signature.meaning,
        closedByName: signature.name,
        version: { increment: 1 },
      },
    });
    if (res.count !== 1) throw new ConflictError("Someone else changed this adverse event. Reload the page and try again.");
    await audit(tx, {
      actor: viewer,
      action: "adverse_event.close",
      entityType: "AdverseEvent",
      entityId: id,
      summary: `Reviewed and closed adverse event "${aeTermText(ae.term, ae.termOther)}" — ${signature.meaning} ${signature.name}`,
      details: { meaning: signature.meaning, signerName: signature.name },
      ...meta,
    });
  });
}

/** Reopens a closed event; the reason (required by the form's schema) is recorded. */
export async function reopenAdverseEvent(viewer: Viewer, meta: RequestMeta, id: string, version: number, reason: string) {
  if (!can(viewer.roles, "ae:review")) throw new Response("Only clinicians reopen adverse events", { status: 403 });
  const text = reason.trim();
  const db = await dbReady();
  const ae = await loadScopedAe(viewer, id);
  if (ae.status !== "CLOSED") throw new ConflictError("This adverse event is already open.");
  await db.$transaction(async (tx) => {
    const res = await tx.adverseEvent.updateMany({
      where: { id, version, status: "CLOSED" },
      data: { status: "OPEN", closedAt: null, closedById: null, closedMeaning: null, closedByName: null, version: { increment: 1 } },
    });
    if (res.count !== 1) throw new ConflictError("Someone else changed this adverse event. Reload the page and try again.");
    await audit(tx, {
      actor: viewer,
      action: "adverse_event.reopen",
      entityType: "AdverseEvent",
      entityId: id,
      summary: `Reopened adverse event "${aeTermText(ae.term, ae.termOther)}": ${text}`,
      details: { reason: text },
      ...meta,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

/** The time zone an adverse event's dates are entered in (its cohort's), for parsing a form. */
export async function adverseEventTimeZone(viewer: Viewer, id: string) {
  const ae = await loadScopedAe(viewer, id);
  const cohort = ae.cohortId ? await (await dbReady()).cohort.findUnique({ where: { id: ae.cohortId }, select: { timeZone: true } }) : null;
  return cohort?.timeZone ?? "UTC";
}

/** An adverse event as the ORM returns it, read through the driver. */
const ADVERSE_EVENT = modelColumns<AdverseEvent>("a", {
  id: "text",
  participantId: "text",
  cohortId: "text?",
  sessionId: "text?",
  term: "text",
  termOther: "text?",
  onsetAt: "instant",
  description: "text",
  grade: "int",
  serious: "bool",
  seriousCriteria: "text",
  seriousSince: "instant?",
  relatednessKetamine: "text",
  relatednessGroup: "text",
  expected: "bool",
  actionTaken: "text",
  outcome: "text",
  resolvedAt: "instant?",
  status: "text",
  closedAt: "instant?",
  closedById: "text?",
  closedMeaning: "text?",
  closedByName: "text?",
  recordedById: "text",
  version: "int",
  createdAt: "instant",
  updatedAt: "instant",
});

/**
 * One adverse event for its page, within the viewer's cohorts (404 otherwise): two statements
 * through the driver, run together (the event with its participant, cohort, session and the
 * names of who recorded and closed it; its follow-ups with their authors), where the ORM's
 * reads took six; an audited read.
 */
export async function getAdverseEvent(viewer: Reader, id: string, now = new Date()) {
  const visible = visibleCohortIdSql(viewer, `a."cohortId"`);
  const [row, followUpRows] = await Promise.all([
    readRow(
      `SELECT ${ADVERSE_EVENT.sql}, p."code", p."firstName", p."lastName", c."id", c."name", c."timeZone", g."id", g."title", g."startsAt", ` +
        `ur."name", uc."name" FROM "AdverseEvent" a JOIN "Participant" p ON p."id" = a."participantId" ` +
        `LEFT JOIN "Cohort" c ON c."id" = a."cohortId" LEFT JOIN "GroupSession" g ON g."id" = a."sessionId" ` +
        `LEFT JOIN "User" ur ON ur."id" = a."recordedById" LEFT JOIN "User" uc ON uc."id" = a."closedById" ` +
        `WHERE a."id" = ? AND ${visible.sql}`,
      [id, ...visible.params],
    ),
    readRows(
      `SELECT f."id", f."note", f."recordedAt", u."name" FROM "AdverseEventFollowUp" f JOIN "AdverseEvent" a ON a."id" = f."adverseEventId" ` +
        `LEFT JOIN "User" u ON u."id" = f."recordedById" WHERE f."adverseEventId" = ? AND ${visible.sql} ORDER BY f."recordedAt", f."id"`,
      [id, ...visible.params],
    ),
  ]);
  if (!row) notFound("Adverse event not found");
  const ae = ADVERSE_EVENT.read(row);
  const [code, firstName, lastName, cohortId, cohortName, cohortZone, sessionId, sessionTitle, sessionStartsAt, recorder, closer] =
    row.slice(ADVERSE_EVENT.width) as (string | null)[];
  const followUps = followUpRows.map(([fid, note, recordedAt, by]) => ({
    id: fid as string,
    note: note as string,
    recordedAt: instantValue(recordedAt),
    by: (by as string | null) ?? "—",
  }));
  const timeZone = cohortZone ?? "UTC";
  await auditParticipantRead(viewer, { what: `adverse event ${ae.id}`, participantIds: [ae.participantId] });
  return {
    ae,
    participant: { id: ae.participantId, label: participantLabel(viewer, { code: code!, firstName, lastName }) },
    cohort: cohortId ? { id: cohortId, name: cohortName!, timeZone } : null,
    session: sessionId ? { id: sessionId, title: sessionTitle!, startsAt: instantValue(sessionStartsAt) } : null,
    timeZone,
    criteria: parseCriteria(ae.seriousCriteria),
    action: decodeAction(ae.actionTaken),
    recordedBy: recorder ?? "—",
    closedBy: ae.closedByName ?? (ae.closedById ? (closer ?? "—") : null),
    followUps,
    followUpStatus: followUpStatus({ serious: ae.serious, recordedAt: ae.createdAt, seriousSince: ae.seriousSince }, followUps, now),
  };
}

export type AeFilters = {
  grade?: number;
  serious?: boolean;
  related?: boolean;
  status?: "OPEN" | "CLOSED";
  from?: string;
  to?: string;
  cohortId?: string;
  participantId?: string;
};

const yesNo = z
  .enum(["yes", "no"])
  .transform((v) => v === "yes")
  .optional()
  .catch(undefined);
const localDay = z
  .string()
  .refine((v) => isValidLocalDate(v))
  .optional()
  .catch(undefined);

const AeFilterSchema = z.object({
  grade: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  serious: yesNo,
  related: yesNo,
  status: z.enum(["OPEN", "CLOSED"]).optional().catch(undefined),
  from: localDay,
  to: localDay,
  cohortId: z.string().max(63).optional().catch(undefined),
});

/** Parse list filters from URL search params; unknown or malformed values are ignored. */
export function parseAeFilters(params: URLSearchParams): AeFilters {
  const raw = Object.fromEntries(
    AE_FILTER_KEYS.flatMap((k) => {
      const v = params.get(k);
      return v ? [[k, v]] : [];
    }),
  );
  const f = AeFilterSchema.parse(raw);
  return {
    grade: f.grade,
    serious: f.serious,
    related: f.related,
    status: f.status,
    from: f.from,
    to: f.to,
    cohortId: f.cohortId,
  };
}

const AE_FILTER_KEYS = ["grade", "serious", "related", "status", "from", "to", "cohortId"] as const;

/** The list pages' read: the rows, audited as a view of their participants. */
export async function listAdverseEvents(viewer: Reader, filters: AeFilters, now = new Date()): Promise<AeListRow[]> {
  const rows: AeListRow[] = [];
  for await (const chunk of adverseEventChunks(viewer, filters, now)) rows.push(...chunk);
  await auditListRead(viewer, filters, rows);
  return rows;
}

async function auditListRead(viewer: Reader, filters: AeFilters, rows: AeListRow[]) {
  await auditParticipantRead(viewer, {
    what: filters.participantId ? "participant's adverse events" : "adverse event list",
    participantIds: rows.map((r) => r.participantId),
    subject: filters.cohortId ? { type: "Cohort", id: filters.cohortId } : undefined,
    details: { filters },
  });
}

/** Keyset cursor on the list's sort key (onset, newest first) and id. */
export type AeCursor = { at: Date; id: string };

export const AE_PAGE_SIZE = 50;

/** "<epoch ms>.<id>" (negative ms before 1970), like the audit log's cursors. */
export function encodeAeCursor(c: AeCursor): string {
  return `${c.at.getTime()}.${c.id}`;
}

export function decodeAeCursor(text: string | null | undefined): AeCursor | undefined {
  const m = /^(-?\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(text ?? "");
  return m ? { at: new Date(Number(m[1])), id: m[2] } : undefined;
}

/**
 * One page of /adverse-events: at most AE_PAGE_SIZE rows, newest onset first, every filter
 * applied in the database (so the count and the pages agree), and the total. The rows read
 * are audited as now (the page's participants). Read on every view of the list: through the
 * driver (committed data: never inside a transaction), the count and the page together, then
 * the page's follow-ups.
 */
export async function listAdverseEventsPage(
  viewer: Reader,
  filters: AeFilters,
  page: { before?: AeCursor; after?: AeCursor } = {},
  now = new Date(),
) {
  const where = await aeWhereSql(viewer, filters);
  const newer = !page.before && page.after ? page.after : undefined;
  const older = page.before;
  const direction = newer ? "ASC" : "DESC";
  const keyset = instantKeysetSql(`a."onsetAt"`, `a."id"`, older ?? newer, older ? "older" : "newer");
  const [totalRow, fetched] = await Promise.all([
    readRow(`SELECT COUNT(*) FROM "AdverseEvent" a WHERE ${where.sql}`, where.params),
    readAeRows(`${where.sql} AND ${keyset.sql}`, [...where.params, ...keyset.params], direction, AE_PAGE_SIZE + 1),
  ]);
  const more = fetched.length > AE_PAGE_SIZE;
  const events = fetched.slice(0, AE_PAGE_SIZE);
  if (newer) events.reverse();
  const rows = toListRows(viewer, await withFollowUps(events), now);
  await auditListRead(viewer, filters, rows);
  const first = events[0];
  const last = events[events.length - 1];
  return {
    total: Number(totalRow?.[0] ?? 0),
    rows,
    newerCursor: first && (newer ? more : Boolean(older)) ? encodeAeCursor({ at: first.onsetAt, id: first.id }) : null,
    olderCursor: last && (newer ? true : more) ? encodeAeCursor({ at: last.onsetAt, id: last.id }) : null,
  };
}

const RELATED: Relatedness[] = ["POSSIBLE", "PROBABLE", "DEFINITE"];

/**
 * The filters as one condition on the adverse event aliased `a`, with its parameters. A
 * facilitator or clinician sees the events of the cohorts they staff. "Related" is a
 * relatedness list; the onset dates are local days of each event's cohort, so the date range
 * becomes one UTC range per time zone among the cohorts in scope (events without a cohort:
 * UTC): a read of those cohorts' zones when a date is given.
 */
async function aeWhereSql(viewer: Viewer, filters: AeFilters): Promise<{ sql: string; params: unknown[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  const scoped = !seesAllCohorts(viewer.roles);
  if (scoped) add(`EXISTS (SELECT 1 FROM "CohortStaff" cs WHERE cs."cohortId" = a."cohortId" AND cs."userId" = ?)`, viewer.id);
  if (filters.cohortId) add(`a."cohortId" = ?`, filters.cohortId);
  if (filters.participantId) add(`a."participantId" = ?`, filters.participantId);
  if (filters.grade) add(`a."grade" = ?`, filters.grade);
  if (filters.serious !== undefined) add(`a."serious" = ${filters.serious ? sqlTrue() : sqlFalse()}`);
  if (filters.status) add(`a."status" = ?`, filters.status);
  if (filters.related !== undefined) {
    add(`a."relatednessKetamine" ${filters.related ? "IN" : "NOT IN"} (${RELATED.map(() => "?").join(", ")})`, ...RELATED);
  }
  if (filters.from || filters.to) {
    const visible = visibleCohortSql(viewer);
    const zones = await readRows(
      `SELECT c."id", c."timeZone" FROM "Cohort" c WHERE ${visible.sql}` + (filters.cohortId ? ` AND c."id" = ?` : ""),
      [...visible.params, ...(filters.cohortId ? [filters.cohortId] : [])],
    );
    const byZone = new Map<string, string[]>();
    for (const [id, tz] of zones as string[][]) if (tz !== "UTC") byZone.set(tz, [...(byZone.get(tz) ?? []), id]);
    const range = (tz: string) => {
      const terms: string[] = [];
      const values: unknown[] = [];
      if (filters.from) {
        terms.push(`a."onsetAt" >= ?`);
        values.push(instantParam(startOfLocalDay(filters.from, tz)));
      }
      if (filters.to) {
        terms.push(`a."onsetAt" < ?`);
        values.push(instantParam(startOfLocalDay(addDaysToLocalDate(filters.to, 1), tz)));
      }
      return { sql: terms.join(" AND "), values };
    };
    const zoned = sqlInList([...byZone.values()].flat());
    const alternatives: string[] = [];
    const values: unknown[] = [];
    for (const [tz, cohortIds] of byZone) {
      const inZone = sqlInList(cohortIds);
      const r = range(tz);
      alternatives.push(`(a."cohortId" ${inZone.sql} AND ${r.sql})`);
      values.push(inZone.param, ...r.values);
    }
    const utc = range("UTC");
    alternatives.push(`((a."cohortId" IS NULL OR NOT (a."cohortId" ${zoned.sql})) AND ${utc.sql})`);
    values.push(zoned.param, ...utc.values);
    add(`(${alternatives.join(" OR ")})`, ...values);
  }
  return { sql: where.length ? where.join(" AND ") : "1 = 1", params };
}

/** An adverse event as the list reads it: its columns, the names it shows, its follow-ups. */
type AeListSource = {
  id: string;
  participantId: string;
  cohortId: string | null;
  sessionId: string | null;
  term: string;
  termOther: string | null;
  onsetAt: Date;
  grade: number;
  serious: boolean;
  seriousSince: Date | null;
  seriousCriteria: string;
  relatednessKetamine: string;
  relatednessGroup: string;
  expected: boolean;
  actionTaken: string;
  outcome: string;
  resolvedAt: Date | null;
  status: string;
  createdAt: Date;
  participant: { code: string; firstName: string | null; lastName: string | null } | null;
  cohort: { name: string; timeZone: string } | null;
  sessionTitle: string | null;
  followUps: { recordedAt: Date }[];
};

/** The events matching `sql` (on `a`) in onset order, with the participant, cohort and session names they show. */
async function readAeRows(sql: string, params: unknown[], direction: "ASC" | "DESC", limit: number): Promise<AeListSource[]> {
  const rows = await readRows(
    `SELECT a."id", a."participantId", a."cohortId", a."sessionId", a."term", a."termOther", a."onsetAt", a."grade", a."serious", ` +
      `a."seriousSince", a."seriousCriteria", a."relatednessKetamine", a."relatednessGroup", a."expected", a."actionTaken", a."outcome", ` +
      `a."resolvedAt", a."status", a."createdAt", p."code", p."firstName", p."lastName", c."name", c."timeZone", g."title" ` +
      `FROM "AdverseEvent" a LEFT JOIN "Participant" p ON p."id" = a."participantId" LEFT JOIN "Cohort" c ON c."id" = a."cohortId" ` +
      `LEFT JOIN "GroupSession" g ON g."id" = a."sessionId" WHERE ${sql} ORDER BY a."onsetAt" ${direction}, a."id" ${direction} LIMIT ?`,
    [...params, limit],
  );
  return rows.map((r) => {
    const [id, participantId, cohortId, sessionId, term, termOther, onsetAt, grade, serious, seriousSince, seriousCriteria] = r;
    const [relatednessKetamine, relatednessGroup, expected, actionTaken, outcome, resolvedAt, status, createdAt] = r.slice(11);
    const [code, firstName, lastName, cohortName, timeZone, sessionTitle] = r.slice(19);
    return {
      id: id as string,
      participantId: participantId as string,
      cohortId: (cohortId as string | null) ?? null,
      sessionId: (sessionId as string | null) ?? null,
      term: term as string,
      termOther: (termOther as string | null) ?? null,
      onsetAt: instantValue(onsetAt),
      grade: Number(grade),
      serious: booleanValue(serious),
      seriousSince: instantOrNull(seriousSince),
      seriousCriteria: seriousCriteria as string,
      relatednessKetamine: relatednessKetamine as string,
      relatednessGroup: relatednessGroup as string,
      expected: booleanValue(expected),
      actionTaken: actionTaken as string,
      outcome: outcome as string,
      resolvedAt: instantOrNull(resolvedAt),
      status: status as string,
      createdAt: instantValue(createdAt),
      participant:
        code === null || code === undefined
          ? null
          : { code: code as string, firstName: firstName as string | null, lastName: lastName as string | null },
      cohort: cohortName === null || cohortName === undefined ? null : { name: cohortName as string, timeZone: timeZone as string },
      sessionTitle: (sessionTitle as string | null) ?? null,
      followUps: [],
    };
  });
}

/** The events with their follow-ups' times (one statement). */
async function withFollowUps(events: AeListSource[]): Promise<AeListSource[]> {
  if (!events.length) return events;
  const inIds = sqlInList(events.map((e) => e.id));
  const rows = await readRows(
    `SELECT f."adverseEventId", f."recordedAt" FROM "AdverseEventFollowUp" f WHERE f."adverseEventId" ${inIds.sql}`,
    [inIds.param],
  );
  const byEvent = new Map(events.map((e) => [e.id, e]));
  for (const [id, recordedAt] of rows) byEvent.get(id as string)?.followUps.push({ recordedAt: instantValue(recordedAt) });
  return events;
}

function toListRows(viewer: Viewer, events: AeListSource[], now: Date): AeListRow[] {
  return events.map((e): AeListRow => {
    const tz = e.cohort?.timeZone ?? "UTC";
    const onset = localDateTime(e.onsetAt, tz);
    return {
      id: e.id,
      participantId: e.participantId,
      participant: e.participant ? participantLabel(viewer, e.participant) : "—",
      cohortId: e.cohortId,
      cohort: e.cohort?.name ?? "—",
      session: e.sessionId ? e.sessionTitle : null,
      term: aeTermText(e.term, e.termOther),
      onsetAt: e.onsetAt.toISOString(),
      onsetLocal: onset.text,
      onsetDate: onset.date,
      timeZone: tz,
      grade: e.grade,
      serious: e.serious,
      criteria: parseCriteria(e.seriousCriteria),
      relatednessKetamine: e.relatednessKetamine,
      relatednessGroup: e.relatednessGroup,
      related: isRelated(e.relatednessKetamine as Relatedness),
      expected: e.expected,
      action: AE_ACTION_LABELS[decodeAction(e.actionTaken).action],
      outcome: e.outcome,
      resolvedLocal: e.resolvedAt ? localDateTime(e.resolvedAt, tz).text : null,
      status: e.status,
      followUps: e.followUps.length,
      followUpState: followUpStatus({ serious: e.serious, recordedAt: e.createdAt, seriousSince: e.seriousSince }, e.followUps, now).state,
    };
  });
}

/** Every matching row, newest onset first, read CHUNK rows at a time (keyset on onset and id). */
async function* adverseEventChunks(viewer: Viewer, filters: AeFilters, now: Date, chunk = 500): AsyncGenerator<AeListRow[]> {
  const where = await aeWhereSql(viewer, filters);
  let cursor: AeCursor | undefined;
  for (;;) {
    const keyset = instantKeysetSql(`a."onsetAt"`, `a."id"`, cursor, "older");
    const events = await readAeRows(`${where.sql} AND ${keyset.sql}`, [...where.params, ...keyset.params], "DESC", chunk);
    if (events.length) yield toListRows(viewer, await withFollowUps(events), now);
    if (events.length < chunk) return;
    const last = events[events.length - 1];
    cursor = { at: last.onsetAt, id: last.id };
  }
}

// ---------------------------------------------------------------------------------------------
// CSV export

/** Every matching row (not one page), read in chunks; one audit row naming them all. */
export async function exportAdverseEventsCsv(viewer: Reader, filters: AeFilters) {
  const rows: AeListRow[] = [];
  for await (const chunk of adverseEventChunks(viewer, filters, new Date())) rows.push(...chunk);
  // The download's one audit row is the export row; it names the participants in the file.
  await auditParticipantRead(viewer, {
    what: "adverse events as CSV",
    action: "adverse_event.export",
    subject: { type: "AdverseEvent", id: null },
    summary: `Exported ${rows.length} adverse event${rows.length === 1 ? "" : "s"} as CSV`,
    participantIds: rows.map((r) => r.participantId),
    details: { filters, rows: rows.length },
  });
  return adverseEventsCsv(rows);
}

// ---------------------------------------------------------------------------------------------
// Rates per dosing session

/** A per-session rate row plus the number of AE reports attributed to that session number. */
export type SessionAeRateWithEvents = SessionAeRate & { aeCount: number };

/**
 * The return type of `aeRatesForCohorts` (for reports):
 * - `sessions`: one row per dosing-session number (1st, 2nd, 3rd … DOSING session of each cohort,
 *   by start time, cancelled sessions skipped), pooled over the cohorts: `participantsDosed` (a
 *   SIGNED DosingRecord with `givenAt` set), participants with any / related-to-ketamine
 *   (possible, probable, definite) / serious AE at that session as `{count, percent}` (percent
 *   of participants dosed, 1 decimal, null when 0 dosed), and `aeCount` = AE reports there.
 *   A participant enrolled in two cohorts counts once per cohort.
 * - `eventsWithoutSession`: AEs not linked to a dosing session (not in any rate).
 * - `eventsWithoutMatchingDosing`: AEs at a dosing session where that participant has no dosing record.
 */
export type AeRatesForCohorts = Omit<AeRatesResult, "sessions"> & { sessions: SessionAeRateWithEvents[] };

/**
 * The one statement of `aeRatesForCohorts` for the cohorts `inCohorts` (an `IN …` of one
 * parameter, `sqlInList`; the statement takes it twice): rows `[0, n, participants dosed]` per
 * dosing-session number, and `[1, n, AE reports, reports matching a dosing, dosed participants
 * with any, related and serious AEs]` per number (n null: AEs without a dosing session).
 * - s: the cohorts' dosing sessions (cancelled skipped) numbered 1, 2, 3 … per cohort by start
 *   time, then id; read once for both halves (two statements derived it, and the dosed
 *   participants, each: for a network's 32k dosing records 98 → 46 ms on SQLite, 82 → 43 ms of
 *   PostgreSQL's time).
 * - Dosed at n: the SIGNED records with `givenAt` at the sessions numbered n, counted as they
 *   are: a record's enrollment is on its session's roster (the cohort's), and (session,
 *   enrollment) is unique, so per number each enrollment, i.e. each (cohort, participant),
 *   counts once. `s CROSS JOIN d`: SQLite keeps that order, so the records are sought by session
 *   (DosingRecord(sessionId, status)); joined the other way it walked every dosing record of
 *   every cohort (24 ms on the full-size database for one cohort).
 * - An AE matches when its (cohort, participant)'s enrollment has such a record at a session
 *   numbered like the AE's: m holds those numbers for the AEs' people only (their enrollments
 *   by Enrollment(participantId, cohortId), the records by DosingRecord(enrollmentId)), where
 *   the dosed participants of every session were derived for the AEs' join before. A check per
 *   AE (EXISTS) was evaluated once per aggregate on PostgreSQL, each time over every record.
 */
export function aeRateStatement(inCohorts: string) {
  const related = RELATED.map((r) => `'${r}'`).join(", ");
  const who = `a."cohortId" || ':' || a."participantId"`;
  return (
    `WITH s AS (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "cohortId" ORDER BY "startsAt", "id") AS n FROM "GroupSession" ` +
    `WHERE "cohortId" ${inCohorts} AND "kind" = 'DOSING' AND "status" <> 'CANCELLED'), ` +
    `ae AS (SELECT "cohortId", "participantId", "sessionId", "relatednessKetamine", "serious" FROM "AdverseEvent" WHERE "cohortId" ${inCohorts}), ` +
    `m AS (SELECT DISTINCT e."cohortId" AS "cohortId", e."participantId" AS "participantId", x.n AS n ` +
    `FROM (SELECT DISTINCT "cohortId", "participantId" FROM ae) w JOIN "Enrollment" e ON e."participantId" = w."participantId" AND e."cohortId" = w."cohortId" ` +
    `JOIN "DosingRecord" d ON d."enrollmentId" = e."id" JOIN s x ON x."id" = d."sessionId" WHERE d."status" = 'SIGNED' AND d."givenAt" IS NOT NULL), ` +
    `a AS (SELECT ae."cohortId", ae."participantId", ae."relatednessKetamine", ae."serious", s.n AS n, CASE WHEN m.n IS NULL THEN 0 ELSE 1 END AS m ` +
    `FROM ae LEFT JOIN s ON s."id" = ae."sessionId" LEFT JOIN m ON m.n = s.n AND m."cohortId" = ae."cohortId" AND m."participantId" = ae."participantId") ` +
    `SELECT 0, s.n, COUNT(*), NULL, NULL, NULL, NULL FROM s CROSS JOIN "DosingRecord" d ` +
    `WHERE d."sessionId" = s."id" AND d."status" = 'SIGNED' AND d."givenAt" IS NOT NULL GROUP BY s.n ` +
    `UNION ALL SELECT 1, a.n, COUNT(*), SUM(a.m), COUNT(DISTINCT CASE WHEN a.m = 1 THEN ${who} END), ` +
    `COUNT(DISTINCT CASE WHEN a.m = 1 AND a."relatednessKetamine" IN (${related}) THEN ${who} END), ` +
    `COUNT(DISTINCT CASE WHEN a.m = 1 AND a."serious" THEN ${who} END) FROM a GROUP BY a.n`
  );
}

export async function aeRatesForCohorts(cohortIds: readonly string[]): Promise<AeRatesForCohorts> {
  const ids = [...new Set(cohortIds)];
  if (!ids.length) return { sessions: [], eventsWithoutSession: 0, eventsWithoutMatchingDosing: 0 };
  // Counted in the database (aeRateStatement: one row per session number and half, plus one for
  // the events without a dosing session) instead of reading every dosing record and enrollment.
  const inCohorts = sqlInList(ids);
  // Planned for its cohorts on every run (readRowsPlannedEachRun): one cohort or the whole network.
  const rows = await readRowsPlannedEachRun(aeRateStatement(inCohorts.sql), [inCohorts.param, inCohorts.param]);
  // An AE matches a dosing only in its own cohort, and participants are counted by
  // (cohort, participant), as the domain's keys do: one person in two cohorts counts twice.
  const counts = new Map<number, SessionAeCounts & { aeCount: number }>();
  const at = (n: number) => {
    let c = counts.get(n);
    if (!c) counts.set(n, (c = { sessionNumber: n, participantsDosed: 0, withAnyAe: 0, withRelatedAe: 0, withSeriousAe: 0, aeCount: 0 }));
    return c;
  };
  let eventsWithoutSession = 0;
  let eventsWithoutMatchingDosing = 0;
  for (const [half, n, events, matched, anyAe, relatedAe, seriousAe] of rows) {
    if (Number(half) === 0) {
      at(Number(n)).participantsDosed = Number(events);
      continue;
    }
    if (n === null) {
      eventsWithoutSession += Number(events);
      continue;
    }
    const c = at(Number(n));
    c.aeCount = Number(events);
    c.withAnyAe = Number(anyAe);
    c.withRelatedAe = Number(relatedAe);
    c.withSeriousAe = Number(seriousAe);
    eventsWithoutMatchingDosing += Number(events) - Number(matched);
  }
  const result = aeRatesFromCounts({ sessions: [...counts.values()], eventsWithoutSession, eventsWithoutMatchingDosing });
  return { ...result, sessions: result.sessions.map((s) => ({ ...s, aeCount: counts.get(s.sessionNumber)?.aeCount ?? 0 })) };
}

/** Rates over the cohorts the viewer may see (optionally one of them). */
export async function aeRatesForViewer(viewer: Viewer, cohortId?: string) {
  const ids = await visibleCohortIds(viewer);
  const db = await dbReady();
  const all = ids ?? (await db.cohort.findMany({ select: { id: true } })).map((c) => c.id);
  return aeRatesForCohorts(cohortId ? all.filter((id) => id === cohortId) : all);
}

// ---------------------------------------------------------------------------------------------
// Form plumbing shared by the create and edit routes

function localInput(d: Date | null, tz: string) {
  if (!d) return "";
  const l = instantToLocal(d, tz);
  return `${l.date}T${l.time}`;
}

/** A stored AE as the form's initial values (wall-clock times in the cohort's zone). */
export function aeFormValues(ae: AdverseEvent, timeZone: string): Record<string, string | string[]> {
  const action = decodeAction(ae.actionTaken);
  const criteria = parseCriteria(ae.seriousCriteria);
  return {
    term: ae.term,
    otherTerm: ae.termOther ?? "",
    onsetAt: localInput(ae.onsetAt, timeZone),
    groupSessionId: ae.sessionId ?? "",
    description: ae.description,
    grade: String(ae.grade),
    seriousClaimed: ae.serious ? "on" : "",
    seriousCriteria: criteria,
    relatednessKetamine: ae.relatednessKetamine,
    relatednessGroup: ae.relatednessGroup,
    expected: ae.expected ? "yes" : "no",
    action: action.action,
    actionDetails: action.details,
    outcome: ae.outcome,
    resolvedAt: localInput(ae.resolvedAt, timeZone),
  };
}
