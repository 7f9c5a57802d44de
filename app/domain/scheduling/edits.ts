/**
 * Coordinator edits to a cohort's sessions: move one, shift it and all later
 * ones, cancel one, add an extra one. Pure: each returns a new, time-sorted
 * array plus the list of changes (for the audit log), or a message to show.
 *
 * Time arithmetic is in the cohort's LOCAL wall-clock time: moving a 18:00
 * session by +7 days lands on 18:00 a week later even across a DST change,
 * and +30 minutes gives 18:30 local. The new wall time is turned back into an
 * instant with the DST rule of localTime.ts. Durations stay the same number of
 * elapsed minutes. Sessions are identified by id, not by position, because
 * positions change when sessions are added or moved.
 *
 * Edits never check conflicts: run detectConflicts on the result before saving.
 */
import {
  addDaysToLocalDate,
  DATE_RANGE_TEXT,
  instantToLocal,
  isValidLocalDate,
  isValidLocalTime,
  isValidTimeZone,
  localToInstant,
  minutesOfDay,
} from "./localTime";
import { TEMPLATE_LIMITS } from "./templateSchema";
import type { DosingRoute, SessionKind, StaffMix } from "./types";

/** A session's length in minutes, as templates allow it (the conflicts page's read relies on no session being longer). */
const validDuration = (minutes: number) =>
  Number.isInteger(minutes) && minutes >= TEMPLATE_LIMITS.durationMin && minutes <= TEMPLATE_LIMITS.durationMax;
const DURATION_TEXT = `Duration must be between ${TEMPLATE_LIMITS.durationMin} and ${TEMPLATE_LIMITS.durationMax} minutes`;

export const SESSION_STATUSES = ["SCHEDULED", "COMPLETED", "CANCELLED"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = { SCHEDULED: "Scheduled", COMPLETED: "Held", CANCELLED: "Cancelled" };

export interface CohortSession {
  id: string;
  /** sessionPlan index it was generated from; null for an extra session added by hand. */
  index: number | null;
  kind: SessionKind;
  title: string;
  startsAt: Date;
  endsAt: Date;
  requiredStaff: StaffMix;
  status: SessionStatus;
  cancelReason: string | null;
  route?: DosingRoute | null;
}

export interface SessionChange {
  sessionId: string;
  action: "MOVED" | "CANCELLED" | "ADDED";
  before: { startsAt: Date; endsAt: Date; status: SessionStatus } | null;
  after: { startsAt: Date; endsAt: Date; status: SessionStatus };
}

export type EditResult = { ok: true; sessions: CohortSession[]; changes: SessionChange[] } | { ok: false; message: string };

const MINUTE_MS = 60_000;
/** Largest shift we accept in one edit: 60 days. */
export const MAX_SHIFT_MINUTES = 60 * 24 * 60;

function sortByStart(sessions: CohortSession[]): CohortSession[] {
  return [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
}

function durationMs(s: CohortSession): number {
  return s.endsAt.getTime() - s.startsAt.getTime();
}

function fail(message: string): EditResult {
  return { ok: false, message };
}

/** Local wall time of `instant` plus `deltaMinutes` of wall-clock time, resolved back to an instant. */
export function shiftWallClock(instant: Date, deltaMinutes: number, timeZone: string): Date {
  const local = instantToLocal(instant, timeZone);
  const total = minutesOfDay(local.time) + deltaMinutes;
  const dayShift = Math.floor(total / 1440);
  const minutes = total - dayShift * 1440;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return localToInstant(addDaysToLocalDate(local.date, dayShift), time, timeZone).instant;
}

function findEditable(
  sessions: ReadonlyArray<CohortSession>,
  sessionId: string,
  verb: string,
): { session: CohortSession } | { error: string } {
  const session = sessions.find((s) => s.id === sessionId);
  if (!session) return { error: "That session is not part of this cohort" };
  if (session.status === "CANCELLED") return { error: `A cancelled session cannot be ${verb}` };
  if (session.status === "COMPLETED") return { error: `A session that has already taken place cannot be ${verb}` };
  return { session };
}

export interface MoveTo {
  /** New local date and start time in the cohort's zone. */
  localDate: string;
  localStartTime: string;
  /** Optional new duration; defaults to the current one. */
  durationMinutes?: number;
}

/** Moves one session to a new local date/time (only that session). */
export function moveSession(sessions: ReadonlyArray<CohortSession>, sessionId: string, to: MoveTo, timeZone: string): EditResult {
  if (!isValidTimeZone(timeZone)) return fail(`Unknown time zone: ${timeZone}`);
  if (!isValidLocalDate(to.localDate)) return fail(`Date must be a real calendar date ${DATE_RANGE_TEXT} (YYYY-MM-DD)`);
  if (!isValidLocalTime(to.localStartTime)) return fail("Start time must be HH:MM (24-hour)");
  if (to.durationMinutes !== undefined && !validDuration(to.durationMinutes)) return fail(DURATION_TEXT);
  const found = findEditable(sessions, sessionId, "moved");
  if ("error" in found) return fail(found.error);
  const { session } = found;
  const startsAt = localToInstant(to.localDate, to.localStartTime, timeZone).instant;
  const endsAt = new Date(startsAt.getTime() + (to.durationMinutes !== undefined ? to.durationMinutes * MINUTE_MS : durationMs(session)));
  if (startsAt.getTime() === session.startsAt.getTime() && endsAt.getTime() === session.endsAt.getTime()) {
    return fail("The session is already at that time");
  }
  const moved: CohortSession = { ...session, startsAt, endsAt };
  return {
    ok: true,
    sessions: sortByStart(sessions.map((s) => (s.id === sessionId ? moved : s))),
    changes: [
      {
        sessionId,
        action: "MOVED",
        before: { startsAt: session.startsAt, endsAt: session.endsAt, status: session.status },
        after: { startsAt, endsAt, status: session.status },
      },
    ],
  };
}

/**
 * Shifts the chosen session and every later scheduled session by the same
 * wall-clock delta (e.g. 7 × 1440 minutes = one week, same local time).
 * Cancelled and completed sessions stay where they were.
 */
export function shiftFollowing(
  sessions: ReadonlyArray<CohortSession>,
  fromSessionId: string,
  deltaMinutes: number,
  timeZone: string,
): EditResult {
  if (!isValidTimeZone(timeZone)) return fail(`Unknown time zone: ${timeZone}`);
  if (!Number.isInteger(deltaMinutes) || deltaMinutes === 0) return fail("Shift by a whole, non-zero number of minutes");
  if (Math.abs(deltaMinutes) > MAX_SHIFT_MINUTES) return fail("Sessions can be shifted by at most 60 days at a time");
  const found = findEditable(sessions, fromSessionId, "shifted");
  if ("error" in found) return fail(found.error);
  const from = found.session.startsAt.getTime();
  const changes: SessionChange[] = [];
  const next = sessions.map((s) => {
    if (s.status !== "SCHEDULED" || s.startsAt.getTime() < from) return s;
    const startsAt = shiftWallClock(s.startsAt, deltaMinutes, timeZone);
    const endsAt = new Date(startsAt.getTime() + durationMs(s));
    changes.push({
      sessionId: s.id,
      action: "MOVED",
      before: { startsAt: s.startsAt, endsAt: s.endsAt, status: s.status },
      after: { startsAt, endsAt, status: s.status },
    });
    return { ...s, startsAt, endsAt };
  });
  return { ok: true, sessions: sortByStart(next), changes };
}

/** Cancels one session; a reason is required and kept with the session. */
export function cancelSession(sessions: ReadonlyArray<CohortSession>, sessionId: string, reason: string): EditResult {
  const trimmed = (reason ?? "").trim();
  if (trimmed.length < 3) return fail("Give a reason for cancelling the session");
  const found = findEditable(sessions, sessionId, "cancelled");
  if ("error" in found) return fail(found.error);
  const { session } = found;
  return {
    ok: true,
    sessions: sortByStart(sessions.map((s) => (s.id === sessionId ? { ...s, status: "CANCELLED", cancelReason: trimmed } : s))),
    changes: [
      {
        sessionId,
        action: "CANCELLED",
        before: { startsAt: session.startsAt, endsAt: session.endsAt, status: session.status },
        after: { startsAt: session.startsAt, endsAt: session.endsAt, status: "CANCELLED" },
      },
    ],
  };
}

export interface NewSessionInput {
  /** Id for the new row (the model layer creates it, e.g. a cuid). */
  id: string;
  kind: SessionKind;
  title: string;
  localDate: string;
  localStartTime: string;
  durationMinutes: number;
  requiredStaff: StaffMix;
  route?: DosingRoute | null;
}

/** Adds an extra session (index null: it is not part of the template's plan). */
export function addSession(sessions: ReadonlyArray<CohortSession>, input: NewSessionInput, timeZone: string): EditResult {
  if (!isValidTimeZone(timeZone)) return fail(`Unknown time zone: ${timeZone}`);
  if (sessions.some((s) => s.id === input.id)) return fail("A session with that id already exists");
  if (!input.title.trim()) return fail("Session title is required");
  if (!isValidLocalDate(input.localDate)) return fail(`Date must be a real calendar date ${DATE_RANGE_TEXT} (YYYY-MM-DD)`);
  if (!isValidLocalTime(input.localStartTime)) return fail("Start time must be HH:MM (24-hour)");
  if (!validDuration(input.durationMinutes)) return fail(DURATION_TEXT);
  if (input.route && input.kind !== "DOSING") return fail("Only dosing sessions have a route");
  const startsAt = localToInstant(input.localDate, input.localStartTime, timeZone).instant;
  const endsAt = new Date(startsAt.getTime() + input.durationMinutes * MINUTE_MS);
  const added: CohortSession = {
    id: input.id,
    index: null,
    kind: input.kind,
    title: input.title.trim(),
    startsAt,
    endsAt,
    requiredStaff: { ...input.requiredStaff },
    status: "SCHEDULED",
    cancelReason: null,
    route: input.route ?? null,
  };
  return {
    ok: true,
    sessions: sortByStart([...sessions, added]),
    changes: [{ sessionId: input.id, action: "ADDED", before: null, after: { startsAt, endsAt, status: "SCHEDULED" } }],
  };
}

/** Turns freshly expanded sessions into CohortSessions, given the ids the model layer assigned. */
export function toCohortSessions(
  expanded: ReadonlyArray<{
    index: number;
    kind: SessionKind;
    title: string;
    startsAt: Date;
    endsAt: Date;
    requiredStaff: StaffMix;
    route?: DosingRoute;
  }>,
  idFor: (index: number) => string,
): CohortSession[] {
  return expanded.map((e) => ({
    id: idFor(e.index),
    index: e.index,
    kind: e.kind,
    title: e.title,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    requiredStaff: { ...e.requiredStaff },
    status: "SCHEDULED",
    cancelReason: null,
    route: e.route ?? null,
  }));
}
