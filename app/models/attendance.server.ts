// Session documentation: the session header, its roster and attendance. Access is the
// session's cohort scope (requireCohortAccess) plus the caller's permission; free text
// (notes, observations) is never given to viewers without participant:read (analysts).
import { attendanceChangeAddendum } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling";
import type { AttendanceInput } from "~/forms/sessions";
import { type Reader, type Viewer, auditParticipantRead, notFound, participantLabel, visibleCohortSql } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { booleanValue, dbReady, instantValue, readRow, readRows } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import type { AttendanceStatus } from "./attendance.shared";
import { ConflictError, FieldError, type Actor } from "./kernel.server";

export { ATTENDANCE_LABELS, ATTENDANCE_STATUSES, ATTENDING, type AttendanceStatus } from "./attendance.shared";
/** Enrollment statuses that put a participant on a session's roster. */
export const ROSTER_STATUSES = ["ENROLLED", "ACTIVE", "COMPLETED"];

/** Only staff who see participant names may open session documentation (analysts never do). */
export function requireSessionReader(viewer: Viewer) {
  if (!can(viewer.roles, "participant:read")) throw new Response("Forbidden", { status: 403 });
}

type StaffOf<U> = { userId: string; role: string; user: U };

/** A session with what its pages need of its cohort (names of rooms, site, program; staff). */
export type SessionWithCohort = {
  id: string;
  cohortId: string;
  kind: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  status: string;
  route: string | null;
  version: number;
  room: { name: string } | null;
  staff: StaffOf<{ id: string; name: string }>[];
  cohort: {
    id: string;
    name: string;
    programId: string;
    siteId: string;
    timeZone: string;
    site: { name: string; timeZone: string };
    room: { name: string } | null;
    programVersion: { definition: string; program: { name: string } };
    staff: StaffOf<{ id: string; name: string; active: boolean }>[];
  };
};

/** The session with its cohort, if the viewer may see the cohort; 404 otherwise. */
export async function getSessionForViewer(viewer: Viewer, sessionId: string | undefined): Promise<SessionWithCohort> {
  requireSessionReader(viewer);
  if (!sessionId) notFound("Session not found");
  // Every session page (and each of its actions) reads this: two statements through the driver
  // instead of the eleven of an ORM include tree and the cohort access check. The access check
  // is the same as requireCohortAccess's (a facilitator sees only cohorts they staff).
  const visible = visibleCohortSql(viewer);
  const [head, staffRows] = await Promise.all([
    readRow(
      `SELECT g."id", g."cohortId", g."kind", g."title", g."startsAt", g."endsAt", g."roomId", g."status", g."route", g."version", ` +
        `gr."name", c."name", c."programId", c."siteId", c."timeZone", st."name", st."timeZone", cr."name", pv."definition", p."name", ` +
        `CASE WHEN ${visible.sql} THEN 1 ELSE 0 END ` +
        `FROM "GroupSession" g JOIN "Cohort" c ON c."id" = g."cohortId" JOIN "Site" st ON st."id" = c."siteId" ` +
        `JOIN "ProgramVersion" pv ON pv."id" = c."programVersionId" JOIN "Program" p ON p."id" = pv."programId" ` +
        `LEFT JOIN "Room" gr ON gr."id" = g."roomId" LEFT JOIN "Room" cr ON cr."id" = c."roomId" WHERE g."id" = ?`,
      [...visible.params, sessionId],
    ),
    // The session's staff (S) and its cohort's (C), each in the order of their key.
    readRows(
      `SELECT 'S', ss."userId", ss."role", u."name", u."active" FROM "SessionStaff" ss JOIN "User" u ON u."id" = ss."userId" ` +
        `WHERE ss."sessionId" = ? ` +
        `UNION ALL SELECT 'C', cs."userId", cs."role", u."name", u."active" FROM "CohortStaff" cs JOIN "User" u ON u."id" = cs."userId" ` +
        `WHERE cs."cohortId" = (SELECT g."cohortId" FROM "GroupSession" g WHERE g."id" = ?)`,
      [sessionId, sessionId],
    ),
  ]);
  if (!head) notFound("Session not found");
  if (!booleanValue(head[20])) notFound("Cohort not found");
  const [id, cohortId, kind, title, startsAt, endsAt, roomId, status, route, version, roomName] = head;
  const [cohortName, programId, siteId, timeZone, siteName, siteZone, cohortRoom, definition, programName] = head.slice(11, 20);
  const byKey = (a: unknown[], b: unknown[]) => compareText(a[1], b[1]) || compareText(a[2], b[2]);
  const staffOf = (which: string) => staffRows.filter((r) => r[0] === which).sort(byKey);
  return {
    id: id as string,
    cohortId: cohortId as string,
    kind: kind as string,
    title: title as string,
    startsAt: instantValue(startsAt),
    endsAt: instantValue(endsAt),
    roomId: (roomId as string | null) ?? null,
    status: status as string,
    route: (route as string | null) ?? null,
    version: Number(version),
    room: roomName === null || roomName === undefined ? null : { name: roomName as string },
    staff: staffOf("S").map(([, userId, role, name]) => ({
      userId: userId as string,
      role: role as string,
      user: { id: userId as string, name: name as string },
    })),
    cohort: {
      id: cohortId as string,
      name: cohortName as string,
      programId: programId as string,
      siteId: siteId as string,
      timeZone: timeZone as string,
      site: { name: siteName as string, timeZone: siteZone as string },
      room: cohortRoom === null || cohortRoom === undefined ? null : { name: cohortRoom as string },
      programVersion: { definition: definition as string, program: { name: programName as string } },
      staff: staffOf("C").map(([, userId, role, name, active]) => ({
        userId: userId as string,
        role: role as string,
        user: { id: userId as string, name: name as string, active: booleanValue(active) },
      })),
    },
  };
}

/** Orders text as the databases' primary keys do (by code unit, not by locale). */
function compareText(a: unknown, b: unknown) {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sessionHeader(session: SessionWithCohort) {
  const tz = session.cohort.timeZone;
  return {
    id: session.id,
    title: session.title,
    kind: session.kind,
    status: session.status,
    cohortId: session.cohortId,
    cohortName: session.cohort.name,
    programName: session.cohort.programVersion.program.name,
    timeZone: tz,
    startsLocal: formatLocalDateTime(session.startsAt, tz),
    endsLocal: formatLocalDateTime(session.endsAt, tz),
    startsAt: session.startsAt.toISOString(),
    room: session.room?.name ?? session.cohort.room?.name ?? null,
    site: session.cohort.site.name,
    siteId: session.cohort.siteId,
    staff: session.staff.map((s) => ({ id: s.user.id, name: s.user.name, role: s.role })),
  };
}

/** Facilitators of the session's cohort (for co-signing). */
export function cohortFacilitatorIds(session: SessionWithCohort): string[] {
  return session.cohort.staff.filter((s) => s.role === "FACILITATOR" || s.role === "LEAD_FACILITATOR").map((s) => s.userId);
}

/** The roster (enrolled participants plus anyone with attendance recorded) and their attendance, for a page (audited). */
export async function getRoster(viewer: Reader, session: SessionWithCohort) {
  const roster = await rosterForWrite(viewer, session);
  await auditParticipantRead(viewer, {
    what: `roster of session ${session.title}`,
    participantIds: roster.map((r) => r.participantId),
    subject: { type: "GroupSession", id: session.id },
  });
  return roster;
}

/** The same roster for an action that checks its input against it (the response does not carry it). */
export async function rosterForWrite(viewer: Viewer, session: SessionWithCohort) {
  // One statement through the driver: the cohort's enrollments on the roster or with
  // attendance recorded for this session, their participant and that attendance.
  const rows = await readRows(
    `SELECT e."id", e."participantId", p."code", p."firstName", p."lastName", p."weightKg", a."status", a."note", a."version" ` +
      `FROM "Enrollment" e JOIN "Participant" p ON p."id" = e."participantId" ` +
      `LEFT JOIN "Attendance" a ON a."sessionId" = ? AND a."enrollmentId" = e."id" ` +
      `WHERE e."cohortId" = ? AND (e."status" IN (${ROSTER_STATUSES.map(() => "?").join(", ")}) OR a."id" IS NOT NULL)`,
    [session.id, session.cohortId, ...ROSTER_STATUSES],
  );
  return rows
    .map(([enrollmentId, participantId, code, firstName, lastName, weightKg, status, note, version]) => ({
      enrollmentId: enrollmentId as string,
      participantId: participantId as string,
      code: code as string,
      label: participantLabel(viewer, { code: code as string, firstName: firstName as string, lastName: lastName as string }),
      weightKg: weightKg === null || weightKg === undefined ? null : Number(weightKg),
      status: (status ?? null) as AttendanceStatus | null,
      note: (note as string | null) ?? "",
      version: version === null || version === undefined ? 0 : Number(version),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export type RosterRow = Awaited<ReturnType<typeof rosterForWrite>>[number];

/**
 * Saves every marked row in one transaction (rows left unmarked are skipped); a row changed
 * by someone else since the form was loaded is a conflict. Every row must be on `roster`.
 */
export async function saveAttendance(
  actor: Actor,
  meta: RequestMeta,
  session: SessionWithCohort,
  roster: RosterRow[],
  input: AttendanceInput,
) {
  const known = new Set(roster.map((r) => r.enrollmentId));
  if (Object.keys(input.status ?? {}).some((id) => !known.has(id)))
    throw new FieldError("form", "The form names someone who is not on this session's roster");
  const rows = roster.flatMap((r) => {
    const status = input.status?.[r.enrollmentId];
    if (!status) return [];
    return [
      { enrollmentId: r.enrollmentId, status, version: input.version?.[r.enrollmentId] ?? 0, note: input.note?.[r.enrollmentId] || null },
    ];
  });
  if (rows.length === 0) throw new FieldError("form", "Mark attendance for at least one participant");
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    const changes: { enrollmentId: string; from: string | null; to: string }[] = [];
    for (const row of rows) {
      const existing = await tx.attendance.findUnique({
        where: { sessionId_enrollmentId: { sessionId: session.id, enrollmentId: row.enrollmentId } },
      });
      if (!existing) {
        if (row.version !== 0)
          throw new ConflictError("Someone else changed attendance while you were editing; reload to see their changes");
        await tx.attendance.create({
          data: { sessionId: session.id, enrollmentId: row.enrollmentId, status: row.status, note: row.note, recordedById: actor.id },
        });
        changes.push({ enrollmentId: row.enrollmentId, from: null, to: row.status });
        continue;
      }
      if (existing.status === row.status && (existing.note ?? null) === row.note) continue;
      const updated = await tx.attendance.updateMany({
        where: { id: existing.id, version: row.version },
        data: { status: row.status, note: row.note, recordedById: actor.id, version: { increment: 1 } },
      });
      if (updated.count !== 1)
        throw new ConflictError("Someone else changed attendance while you were editing; reload to see their changes");
      changes.push({ enrollmentId: row.enrollmentId, from: existing.status, to: row.status });
    }
    // A signed group note keeps the attendance it was signed with; each later change is an
    // addendum on the note (written here, in the same transaction), never a silent edit.
    const signedNote = await tx.groupNote.findUnique({ where: { sessionId: session.id }, select: { id: true, status: true } });
    const afterSigning = signedNote?.status === "SIGNED" ? changes.filter((c) => c.from !== c.to) : [];
    if (signedNote && afterSigning.length > 0) {
      const by = await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } });
      const at = new Date();
      for (const c of afterSigning) {
        const row = roster.find((r) => r.enrollmentId === c.enrollmentId)!;
        const text = attendanceChangeAddendum({
          who: row.label === row.code ? row.code : `${row.label} (${row.code})`,
          from: c.from,
          to: c.to,
          byName: by?.name ?? actor.email,
          at,
          timeZone: session.cohort.timeZone,
        });
        const addendum = await tx.noteAddendum.create({
          data: { noteId: signedNote.id, authorId: actor.id, text, kind: "ATTENDANCE_CHANGE", createdAt: at },
        });
        await audit(tx, {
          actor,
          action: "group_note.addendum",
          entityType: "GroupNote",
          entityId: signedNote.id,
          summary: `Attendance changed after the group note for ${session.title} was signed: addendum recorded`,
          details: { addendumId: addendum.id, kind: "ATTENDANCE_CHANGE", enrollmentId: c.enrollmentId, from: c.from, to: c.to },
          ...meta,
        });
      }
    }
    if (changes.length > 0) {
      await audit(tx, {
        actor,
        action: "attendance.save",
        entityType: "GroupSession",
        entityId: session.id,
        summary: `Recorded attendance for ${changes.length} participant${changes.length === 1 ? "" : "s"} (${session.title})`,
        details: { changes },
        ...meta,
      });
    }
  });
}
