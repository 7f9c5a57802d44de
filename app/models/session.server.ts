// A cohort's sessions: the schedule, coordinator edits (move, shift following, cancel,
// add) and scheduling conflicts across cohorts. The rules are in app/domain/scheduling;
// this file loads rows, runs them through the domain and writes the result with its audit rows.
import { randomUUID } from "node:crypto";
import {
  addSession,
  assessConflicts,
  cancelSession,
  detectConflicts,
  formatLocalDateTime,
  instantToLocal,
  moveSession,
  shiftFollowing,
  type CohortSession,
  type CohortWindow,
  type Conflict,
  type ConflictSessionInput,
  type EditResult,
  type SessionKind,
  type SessionStatus,
  type StaffMix,
  type StaffRole,
  TEMPLATE_LIMITS,
} from "~/domain/scheduling";
import type { ConflictDetails, SessionEdit } from "~/forms/scheduling";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, instantParam, instantValue, onPostgres, readRows, sqlInList, type Db, type Tx } from "~/utils/db.server";
import { seesAllCohorts, seesStaffFreeText } from "~/utils/permissions";
import { syncExpectedAssessments } from "./assessment.server";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";
import { syncCohortOutreach } from "./outreach/planner.server";

export type { SessionEdit } from "~/forms/scheduling";

/**
 * A save refused for scheduling clashes: blocking ones (a room booked twice) are named by
 * `fields` (a message beside a field, or "form"); warnings need acknowledgement and carry
 * no message of their own (the page lists them with a checkbox each, from `details`).
 */
export function conflictsRefusal(blocking: Conflict[], warnings: Conflict[], fields: Record<string, string>) {
  const details: ConflictDetails = { conflicts: { blocking, warnings } };
  return new FieldError(blocking.length ? fields : {}, undefined, details, 409);
}

const sessionInclude = {
  cohort: { select: { id: true, name: true, startDate: true, endDate: true, timeZone: true } },
  room: { select: { id: true, name: true } },
  staff: { include: { user: { select: { id: true, name: true } } } },
} as const;

type SessionRow = Awaited<ReturnType<typeof loadSessionRows>>[number];

async function loadSessionRows(db: Db | Tx, where: object) {
  return db.groupSession.findMany({ where, include: sessionInclude, orderBy: [{ startsAt: "asc" }, { id: "asc" }] });
}

function parseMix(json: string): StaffMix {
  try {
    return JSON.parse(json) as StaffMix;
  } catch {
    return {};
  }
}

export function toConflictInput(s: SessionRow): ConflictSessionInput {
  return {
    id: s.id,
    cohortId: s.cohortId,
    cohortName: s.cohort.name,
    title: s.title,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    roomId: s.roomId,
    roomName: s.room?.name,
    staff: s.staff.map((st) => ({ userId: st.userId, role: st.role as StaffRole, name: st.user.name })),
    requiredStaff: parseMix(s.requiredStaff),
    status: s.status,
  };
}

export function windowOf(c: { startDate: string; endDate: string; timeZone: string }): CohortWindow {
  return { startDate: c.startDate, endDate: c.endDate, timeZone: c.timeZone };
}

/** Live sessions of any cohort overlapping [from, to), except the given cohort's. */
export async function otherSessionsOverlapping(db: Db | Tx, from: Date, to: Date, exceptCohortId: string | null) {
  const rows = await loadSessionRows(db, {
    status: { not: "CANCELLED" },
    // No session is longer than TEMPLATE_LIMITS.durationMax, so none starting earlier reaches
    // `from`: the index on the start is walked from there, not from the calendar's beginning.
    startsAt: { lt: to, gte: new Date(from.getTime() - TEMPLATE_LIMITS.durationMax * 60_000) },
    endsAt: { gt: from },
    ...(exceptCohortId ? { cohortId: { not: exceptCohortId } } : {}),
  });
  const windows: Record<string, CohortWindow> = {};
  for (const r of rows) windows[r.cohortId] = windowOf(r.cohort);
  return { sessions: rows.map(toConflictInput), windows };
}

/**
 * The conflicts that the proposed sessions (`changedIds`) run into, given everything
 * else on the calendar, and whether they may be saved (no blocking ones, every warning acknowledged).
 */
export function checkConflicts(
  all: ConflictSessionInput[],
  windows: Record<string, CohortWindow>,
  changedIds: string[],
  acknowledged: Iterable<string>,
) {
  const found = detectConflicts({ sessions: all, cohortWindows: windows, involving: changedIds });
  return { found, ...assessConflicts(found, acknowledged) };
}

/**
 * The same conflicts under real ids: keys contain session ids (sorted), so conflicts found
 * with placeholder ids ("new-0") are recomputed once the real ids are known before storing.
 */
export function conflictsWithRealIds(
  all: ConflictSessionInput[],
  windows: Record<string, CohortWindow>,
  idMap: Record<string, string>,
  cohortIdMap: Record<string, string>,
  changedIds: string[],
): Conflict[] {
  const sessions = all.map((s) => ({ ...s, id: idMap[s.id] ?? s.id, cohortId: cohortIdMap[s.cohortId] ?? s.cohortId }));
  const win = Object.fromEntries(Object.entries(windows).map(([k, v]) => [cohortIdMap[k] ?? k, v]));
  return detectConflicts({ sessions, cohortWindows: win, involving: changedIds.map((id) => idMap[id] ?? id) });
}

/** Records acknowledgements of warn-level conflicts (for every cohort each involves). */
export async function storeAcknowledgements(tx: Tx, actor: Actor, conflicts: Conflict[], note?: string) {
  for (const c of conflicts.filter((x) => x.severity === "warn")) {
    for (const cohortId of c.cohortIds) {
      await tx.conflictAcknowledgement.upsert({
        where: { cohortId_conflictKey: { cohortId, conflictKey: c.key } },
        create: { cohortId, conflictKey: c.key, acknowledgedById: actor.id, note: note ?? c.message.slice(0, 500) },
        update: {},
      });
    }
  }
}

/* ------------------------------------------------------------------------------ */
/* The schedule                                                                    */

export async function getSchedule(cohortId: string, viewer: { roles: readonly string[] }) {
  const freeText = seesStaffFreeText(viewer.roles);
  // Two statements through the driver (the ORM's include tree took 6): the sessions with their
  // room and the cohort's zone, and every session's staff.
  const [rows, staffRows] = await Promise.all([
    readRows(
      `SELECT g."id", g."planIndex", g."kind", g."title", g."startsAt", g."endsAt", g."roomId", r."name", g."requiredStaff", ` +
        `g."status", g."cancelReason", g."version", c."timeZone" ` +
        `FROM "GroupSession" g JOIN "Cohort" c ON c."id" = g."cohortId" LEFT JOIN "Room" r ON r."id" = g."roomId" ` +
        `WHERE g."cohortId" = ? ORDER BY g."startsAt", g."id"`,
      [cohortId],
    ),
    readRows(
      `SELECT ss."sessionId", ss."userId", u."name", ss."role" FROM "SessionStaff" ss JOIN "GroupSession" g ON g."id" = ss."sessionId" ` +
        `JOIN "User" u ON u."id" = ss."userId" WHERE g."cohortId" = ? ORDER BY ss."sessionId", ss."userId"`,
      [cohortId],
    ),
  ]);
  const staffOf = new Map<string, { userId: string; name: string; role: string }[]>();
  for (const [sessionId, userId, name, role] of staffRows) {
    let list = staffOf.get(sessionId as string);
    if (!list) staffOf.set(sessionId as string, (list = []));
    list.push({ userId: userId as string, name: name as string, role: role as string });
  }
  return rows.map(
    ([
      id,
      planIndex,
      kind,
      title,
      startsAtValue,
      endsAtValue,
      roomId,
      roomName,
      requiredStaff,
      status,
      cancelReason,
      version,
      timeZone,
    ]) => {
      const startsAt = instantValue(startsAtValue);
      const endsAt = instantValue(endsAtValue);
      const zone = timeZone as string;
      const local = instantToLocal(startsAt, zone);
      const end = instantToLocal(endsAt, zone);
      return {
        id: id as string,
        planIndex: planIndex === null ? null : Number(planIndex),
        kind: kind as SessionKind,
        title: title as string,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        localDate: local.date,
        localStartTime: local.time,
        localEndTime: end.time,
        when: formatLocalDateTime(startsAt, zone),
        durationMinutes: Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000),
        roomId: (roomId as string | null) ?? null,
        roomName: (roomName as string | null) ?? null,
        staff: staffOf.get(id as string) ?? [],
        requiredStaff: parseMix(requiredStaff as string),
        status: status as SessionStatus,
        cancelReason: freeText ? ((cancelReason as string | null) ?? null) : null,
        version: Number(version),
      };
    },
  );
}

/* ------------------------------------------------------------------------------ */
/* Edits                                                                           */

const NEW_SESSION_ID = "new-session";

function toCohortSession(r: SessionRow): CohortSession {
  return {
    id: r.id,
    index: r.planIndex,
    kind: r.kind as SessionKind,
    title: r.title,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    requiredStaff: parseMix(r.requiredStaff),
    status: r.status as SessionStatus,
    cancelReason: r.cancelReason,
    route: (r.route as CohortSession["route"]) ?? null,
  };
}

/**
 * Applies one schedule edit: domain rule, conflict check (room double-booking refused;
 * warnings need acknowledgement), then the write with one audit row per changed session.
 * Throws FieldError (the edit breaks a rule, or clashes: `details.conflicts`) or
 * ConflictError (stale edit, finished cohort); writes nothing then.
 */
export async function applySessionEdit(actor: Actor, meta: RequestMeta, cohortId: string, edit: SessionEdit) {
  const db = await dbReady();
  const cohort = await db.cohort.findUnique({ where: { id: cohortId }, include: { staff: true } });
  if (!cohort) notFound("Cohort not found");
  if (cohort.status === "CANCELLED" || cohort.status === "COMPLETED") {
    throw new ConflictError(`The cohort is ${cohort.status.toLowerCase()}; its schedule can no longer change.`);
  }
  const rows = await loadSessionRows(db, { cohortId });
  const current = rows.map(toCohortSession);

  let result: EditResult;
  switch (edit.intent) {
    case "move": {
      const row = rows.find((r) => r.id === edit.sessionId);
      if (row && edit.version !== undefined && row.version !== edit.version) {
        throw new ConflictError(
          "Someone else changed this session after you opened the page. Reload to see the current time, then try again.",
        );
      }
      result = moveSession(
        current,
        edit.sessionId,
        { localDate: edit.localDate, localStartTime: edit.localStartTime, durationMinutes: edit.durationMinutes },
        cohort.timeZone,
      );
      // A room change alone is also a move (same time, other room).
      if (
        !result.ok &&
        row &&
        edit.roomId !== undefined &&
        edit.roomId !== row.roomId &&
        result.message === "The session is already at that time"
      ) {
        result = {
          ok: true,
          sessions: current,
          changes: [
            {
              sessionId: row.id,
              action: "MOVED",
              before: { startsAt: row.startsAt, endsAt: row.endsAt, status: row.status as SessionStatus },
              after: { startsAt: row.startsAt, endsAt: row.endsAt, status: row.status as SessionStatus },
            },
          ],
        };
      }
      break;
    }
    case "shift":
      result = shiftFollowing(current, edit.sessionId, edit.deltaMinutes, cohort.timeZone);
      break;
    case "cancel":
      result = cancelSession(current, edit.sessionId, edit.reason);
      break;
    case "add":
      result = addSession(
        current,
        {
          id: NEW_SESSION_ID,
          kind: edit.kind,
          title: edit.title,
          localDate: edit.localDate,
          localStartTime: edit.localStartTime,
          durationMinutes: edit.durationMinutes,
          requiredStaff: edit.requiredStaff,
          route: edit.route as CohortSession["route"],
        },
        cohort.timeZone,
      );
      break;
  }
  if (!result.ok) throw new FieldError("form", result.message);
  const changedIds = result.changes.map((c) => c.sessionId);

  // Proposed state of this cohort's sessions, as conflict inputs.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const newStaff = cohort.staff.map((s) => ({
    userId: s.userId,
    role: (s.role === "CLINICIAN" ? "CLINICIAN" : "FACILITATOR") as StaffRole,
  }));
  const uniqueNewStaff = [...new Map(newStaff.map((s) => [s.userId, s])).values()];
  const proposed: ConflictSessionInput[] = result.sessions.map((s) => {
    const row = byId.get(s.id);
    const roomId =
      edit.intent === "move" && s.id === edit.sessionId && edit.roomId !== undefined ? edit.roomId : row ? row.roomId : cohort.roomId;
    return {
      id: s.id,
      cohortId,
      cohortName: cohort.name,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      roomId,
      roomName: row?.room?.name,
      staff: row
        ? row.staff.map((st) => ({ userId: st.userId, role: st.role as StaffRole, name: st.user.name }))
        : uniqueNewStaff.filter((st) => st.role !== "CLINICIAN" || s.kind === "DOSING" || (s.requiredStaff.CLINICIAN ?? 0) > 0),
      requiredStaff: s.requiredStaff,
      status: s.status,
    };
  });
  const changed = proposed.filter((p) => changedIds.includes(p.id));
  let found: Conflict[] = [];
  let checked: { all: ConflictSessionInput[]; windows: Record<string, CohortWindow> } | null = null;
  if (edit.intent !== "cancel") {
    const from = new Date(Math.min(...changed.map((c) => c.startsAt.getTime())));
    const to = new Date(Math.max(...changed.map((c) => c.endsAt.getTime())));
    const others = await otherSessionsOverlapping(db, from, to, cohortId);
    const windows = { ...others.windows, [cohortId]: windowOf(cohort) };
    const stored = await db.conflictAcknowledgement.findMany({ where: { cohortId }, select: { conflictKey: true } });
    checked = { all: [...proposed, ...others.sessions], windows };
    const check = checkConflicts(checked.all, windows, changedIds, [...edit.acknowledged, ...stored.map((s) => s.conflictKey)]);
    if (!check.canSave)
      throw conflictsRefusal(check.blocking, check.needsAcknowledgement, { form: "The change was not saved: the room is already booked." });
    found = check.found;
  }

  const realNewId = randomUUID();
  await db.$transaction(async (tx) => {
    for (const change of result.changes) {
      const p = proposed.find((x) => x.id === change.sessionId)!;
      const s = result.sessions.find((x) => x.id === change.sessionId)!;
      if (change.action === "ADDED") {
        await tx.groupSession.create({
          data: {
            id: realNewId,
            cohortId,
            planIndex: null,
            kind: s.kind,
            title: s.title,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            roomId: p.roomId,
            requiredStaff: JSON.stringify(s.requiredStaff),
            route: s.route ?? null,
            staff: { create: p.staff.map((st) => ({ userId: st.userId, role: st.role })) },
          },
        });
      } else {
        const row = byId.get(change.sessionId)!;
        const updated = await tx.groupSession.updateMany({
          where: { id: row.id, version: row.version },
          data: {
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            status: s.status,
            cancelReason: s.cancelReason,
            roomId: p.roomId,
            version: row.version + 1,
          },
        });
        if (updated.count === 0) throw new ConflictError("Someone else changed this schedule at the same time. Reload and try again.");
      }
      const id = change.action === "ADDED" ? realNewId : change.sessionId;
      const tz = cohort.timeZone;
      const summary =
        change.action === "ADDED"
          ? `Added session "${s.title}" on ${formatLocalDateTime(s.startsAt, tz)} to ${cohort.name}`
          : change.action === "CANCELLED"
            ? `Cancelled session "${s.title}" of ${cohort.name}: ${s.cancelReason}`
            : `Moved session "${s.title}" of ${cohort.name} from ${formatLocalDateTime(change.before!.startsAt, tz)} to ${formatLocalDateTime(s.startsAt, tz)}`;
      await audit(tx, {
        actor,
        action: `session.${change.action.toLowerCase()}`,
        entityType: "GroupSession",
        entityId: id,
        summary,
        details: {
          cohortId,
          edit: edit.intent,
          before: change.before,
          after: change.after,
          ...(edit.intent === "cancel" ? { reason: edit.reason } : {}),
        },
        ...meta,
      });
    }
    if (checked && found.length) {
      await storeAcknowledgements(
        tx,
        actor,
        conflictsWithRealIds(checked.all, checked.windows, { [NEW_SESSION_ID]: realNewId }, {}, changedIds),
      );
    }
    await tx.cohort.update({ where: { id: cohortId }, data: { version: { increment: 1 } } });
    // Moved, cancelled or added sessions move the due dates of the questionnaires anchored to them.
    await syncExpectedAssessments(cohortId, tx);
    // …and the reminders of those sessions and questionnaires (moved, cancelled, "changed" messages).
    await syncCohortOutreach(tx, [cohortId]);
  });
  return { changes: result.changes.length, acknowledged: found.length, addedId: edit.intent === "add" ? realNewId : null };
}

/* ------------------------------------------------------------------------------ */
/* Conflicts list                                                                   */

/**
 * Conflicts involving a cohort's sessions (across all cohorts), with acknowledgement state: its
 * live sessions and every other live session overlapping one of them, read in one pass through
 * the driver.
 */
export async function cohortConflicts(cohortId: string, viewer?: { roles: readonly string[] }) {
  const { sessions, windows } = await conflictSessionsThroughDriver(`o."cohortId" = ? AND o."status" <> 'CANCELLED'`, [cohortId]);
  const own = sessions.filter((s) => s.cohortId === cohortId).map((s) => s.id);
  if (own.length === 0) return [];
  const conflicts = detectConflicts({ sessions, cohortWindows: windows, involving: own });
  return withAckState(conflicts, [cohortId], viewer ? seesStaffFreeText(viewer.roles) : true);
}

/**
 * The ids of the sessions `own` picks (a condition on the session `o`, with its parameters) and
 * of every live session overlapping one of them: what a conflict of theirs can involve (every
 * kind is two overlapping sessions or one session alone). Each of theirs seeks the sessions
 * starting from `TEMPLATE_LIMITS.durationMax` before its start to its end (no session is longer: the
 * templates, additions and moves all refuse it), by the index on the start, so the read grows
 * with their sessions and what overlaps them, not with the calendar's history. Reading every
 * session between their first start and last end read a cohort's whole term of the network
 * (190 sessions for a 14-session cohort on the full-size database; 341 for one person's 41) and
 * walked every earlier session to test its end.
 */
export function ownAndOverlappingIds(own: string, params: readonly unknown[]): { sql: string; params: unknown[] } {
  const longest = `${TEMPLATE_LIMITS.durationMax} minutes`;
  const earliestStart = onPostgres()
    ? `o."startsAt" - INTERVAL '${longest}'`
    : `strftime('%Y-%m-%dT%H:%M:%f+00:00', o."startsAt", '-${longest}')`;
  return {
    sql:
      `SELECT o."id" FROM "GroupSession" o WHERE ${own} UNION ` +
      `SELECT x."id" FROM "GroupSession" o JOIN "GroupSession" x ON x."startsAt" >= ${earliestStart} AND x."startsAt" < o."endsAt" ` +
      `AND x."endsAt" > o."startsAt" AND x."status" <> 'CANCELLED' WHERE ${own}`,
    params: [...params, ...params],
  };
}

/**
 * Live sessions as the conflict check takes them, with their cohorts' windows, for a page:
 * two statements through the driver (the sessions with cohort and room; their staff with
 * names). The ORM's nested reads took ~20 ms of a request's CPU for a cohort's ~300
 * overlapping sessions on the full-size database, mostly compiling each statement. A write's
 * check inside its transaction reads through the transaction (`loadSessionRows`). `own` is a
 * condition on the session `o` that picks the sessions whose conflicts are wanted (live ones):
 * they are read with every live session overlapping one of them (`ownAndOverlappingIds`).
 */
async function conflictSessionsThroughDriver(own: string, ownParams: readonly unknown[]) {
  const ids = ownAndOverlappingIds(own, ownParams);
  const where = `g."id" IN (${ids.sql})`;
  const params = ids.params;
  const [sessionRows, staffRows] = await Promise.all([
    readRows(
      `SELECT g."id", g."cohortId", c."name", g."title", g."startsAt", g."endsAt", g."roomId", r."name", g."requiredStaff", g."status", ` +
        `c."startDate", c."endDate", c."timeZone" FROM "GroupSession" g JOIN "Cohort" c ON c."id" = g."cohortId" ` +
        `LEFT JOIN "Room" r ON r."id" = g."roomId" WHERE ${where} ORDER BY g."startsAt", g."id"`,
      params,
    ),
    readRows(
      // By the sessions' ids (seeks of SessionStaff's key); joined to the sessions, SQLite
      // walked every staff row of every session (2.0 ms on the full-size database, 1.0 so).
      `SELECT st."sessionId", st."userId", st."role", u."name" FROM "SessionStaff" st JOIN "User" u ON u."id" = st."userId" ` +
        `WHERE st."sessionId" IN (SELECT g."id" FROM "GroupSession" g WHERE ${where}) ORDER BY st."sessionId", st."userId", st."role"`,
      params,
    ),
  ]);
  const staffOf = new Map<string, { userId: string; role: StaffRole; name: string }[]>();
  for (const [sessionId, userId, role, name] of staffRows) {
    let list = staffOf.get(sessionId as string);
    if (!list) staffOf.set(sessionId as string, (list = []));
    list.push({ userId: userId as string, role: role as StaffRole, name: name as string });
  }
  const windows: Record<string, CohortWindow> = {};
  const sessions = sessionRows.map(
    ([id, cohortId, cohortName, title, startsAt, endsAt, roomId, roomName, requiredStaff, status, startDate, endDate, timeZone]) => {
      windows[cohortId as string] ??= { startDate: startDate as string, endDate: endDate as string, timeZone: timeZone as string };
      const session: ConflictSessionInput = {
        id: id as string,
        cohortId: cohortId as string,
        cohortName: cohortName as string,
        title: title as string,
        startsAt: instantValue(startsAt),
        endsAt: instantValue(endsAt),
        roomId: (roomId as string | null) ?? null,
        roomName: (roomName as string | null) ?? undefined,
        staff: staffOf.get(id as string) ?? [],
        requiredStaff: parseMix(requiredStaff as string),
        status: status as string,
      };
      return session;
    },
  );
  return { sessions, windows };
}

async function withAckState(conflicts: Conflict[], cohortIds: string[], showNotes: boolean) {
  // The acknowledgements of these conflicts in these cohorts, with their authors' names: one
  // statement through the driver (the ORM's two, with lists of keys of every length, were
  // compiled and prepared afresh on each view).
  if (conflicts.length === 0) return [];
  const cohorts = sqlInList(cohortIds);
  const keys = sqlInList(conflicts.map((c) => c.key));
  const rows = await readRows(
    `SELECT a."conflictKey", a."acknowledgedAt", u."name", a."note" FROM "ConflictAcknowledgement" a ` +
      `LEFT JOIN "User" u ON u."id" = a."acknowledgedById" WHERE a."cohortId" ${cohorts.sql} AND a."conflictKey" ${keys.sql} ` +
      `ORDER BY a."acknowledgedAt", a."id"`,
    [cohorts.param, keys.param],
  );
  const acks = new Map<string, { at: string; by: string; note: string | null }>();
  for (const [key, at, by, note] of rows) {
    if (!acks.has(key as string))
      acks.set(key as string, {
        at: instantValue(at).toISOString(),
        by: (by as string | null) ?? "unknown",
        note: showNotes ? ((note as string | null) ?? null) : null,
      });
  }
  return conflicts.map((c) => ({ ...c, acknowledged: acks.get(c.key) ?? null }));
}

/** Conflicts involving one person's sessions (restricted to cohorts the viewer may see). */
export async function personConflicts(userId: string, visibleCohortIds: string[] | null, showNotes: boolean) {
  // The person's live sessions ending in the last 30 days or later (of the cohorts the viewer
  // may see), and every live session overlapping their span, in one pass through the driver.
  const since = new Date(Date.now() - 30 * 86_400_000);
  const visible = visibleCohortIds ? sqlInList(visibleCohortIds) : null;
  const { sessions, windows } = await conflictSessionsThroughDriver(
    `o."status" <> 'CANCELLED' AND o."endsAt" > ? AND o."id" IN (SELECT p."sessionId" FROM "SessionStaff" p WHERE p."userId" = ?)` +
      (visible ? ` AND o."cohortId" ${visible.sql}` : ""),
    [instantParam(since), userId, ...(visible ? [visible.param] : [])],
  );
  const visibleSet = visibleCohortIds ? new Set(visibleCohortIds) : null;
  const own = new Set(
    sessions
      .filter(
        (s) =>
          s.endsAt.getTime() > since.getTime() && s.staff.some((st) => st.userId === userId) && (!visibleSet || visibleSet.has(s.cohortId)),
      )
      .map((s) => s.id),
  );
  if (own.size === 0) return [];
  // Each involves one of theirs (involving); a double-booking only when it is this person's.
  const conflicts = detectConflicts({ sessions, cohortWindows: windows, involving: own }).filter(
    (c) => c.userIds.length === 0 || c.userIds.includes(userId),
  );
  return withAckState(conflicts, [...new Set(conflicts.flatMap((c) => c.cohortIds))], showNotes);
}

export async function acknowledgeConflict(actor: Actor, meta: RequestMeta, cohortId: string, conflictKey: string, note: string | null) {
  const current = await cohortConflicts(cohortId);
  const conflict = current.find((c) => c.key === conflictKey);
  if (!conflict) throw new ConflictError("That conflict no longer exists (the schedule may have changed). Reload the page.");
  if (conflict.severity === "block")
    throw new FieldError("form", "A room double-booking cannot be acknowledged; move one of the sessions or change its room.");
  const db = await dbReady();
  await db.$transaction(async (tx) => {
    await storeAcknowledgements(tx, actor, [conflict], note?.trim() || undefined);
    await audit(tx, {
      actor,
      action: "conflict.acknowledge",
      entityType: "Cohort",
      entityId: cohortId,
      summary: `Acknowledged conflict: ${conflict.message}`,
      details: { conflictKey, note },
      ...meta,
    });
  });
}

/** The person's conflicts as the viewer may see them (staff limited to their own cohorts); 404 for an unknown user. */
export async function personConflictsFor(viewer: { id: string; roles: string[] }, userId: string) {
  const db = await dbReady();
  const person = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
  if (!person) notFound("User not found");
  const limited = !seesAllCohorts(viewer.roles);
  const visible = limited
    ? (await db.cohortStaff.findMany({ where: { userId: viewer.id }, select: { cohortId: true } })).map((c) => c.cohortId)
    : null;
  return { person, conflicts: await personConflicts(userId, visible, seesStaffFreeText(viewer.roles)) };
}
