// Session documentation: the session header, its roster and attendance. Access is the
// session's cohort scope (requireCohortAccess) plus the caller's permission; free text
// (notes, observations) is never given to viewers without participant:read (analysts).
import { attendanceChangeAddendum } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling";
import type { AttendanceInput } from "~/forms/sessions";
import { type Reader, type Viewer, auditParticipantRead, notFound, participantLabel, requireCohortAccess } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady } from "~/utils/db.server";
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

/** The session with its cohort, if the viewer may see the cohort; 404 otherwise. */
export async function getSessionForViewer(viewer: Viewer, sessionId: string | undefined) {
  requireSessionReader(viewer);
  if (!sessionId) notFound("Session not found");
  const db = await dbReady();
  const session = await db.groupSession.findUnique({
    where: { id: sessionId },
    include: {
      room: true,
      staff: { include: { user: { select: { id: true, name: true } } } },
      cohort: {
        include: {
          site: true,
          room: true,
          programVersion: { include: { program: { select: { name: true } } } },
          staff: { include: { user: { select: { id: true, name: true, active: true } } } },
        },
      },
    },
  });
  if (!session) notFound("Session not found");
  await requireCohortAccess(viewer, session.cohortId);
  return session;
}

export type SessionWithCohort = Awaited<ReturnType<typeof getSessionForViewer>>;

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
  const db = await dbReady();
  const attendance = await db.attendance.findMany({ where: { sessionId: session.id } });
  const recorded = new Set(attendance.map((a) => a.enrollmentId));
  const enrollments = await db.enrollment.findMany({
    where: { cohortId: session.cohortId, OR: [{ status: { in: ROSTER_STATUSES } }, { id: { in: [...recorded] } }] },
    include: { participant: true },
  });
  const byEnrollment = new Map(attendance.map((a) => [a.enrollmentId, a]));
  return enrollments
    .map((e) => {
      const a = byEnrollment.get(e.id);
      return {
        enrollmentId: e.id,
        participantId: e.participantId,
        code: e.participant.code,
        label: participantLabel(viewer, e.participant),
        weightKg: e.participant.weightKg,
        status: (a?.status ?? null) as AttendanceStatus | null,
        note: a?.note ?? "",
        version: a?.version ?? 0,
      };
    })
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
