/**
 * Scheduling conflicts across cohorts.
 *
 * - ROOM_DOUBLE_BOOKED  (block): two sessions in one room at overlapping times. Refused.
 * - STAFF_DOUBLE_BOOKED (warn):  one person on two overlapping sessions (any cohorts).
 * - STAFF_MIX_UNMET     (warn):  assigned staff below the session's required mix
 *                                (checked for every session that has a mix, dosing or not).
 * - OUTSIDE_COHORT_DATES(warn):  a session starting before the cohort's start date or
 *                                ending after its end date (local dates in the cohort's zone).
 * "warn" conflicts may be saved once a coordinator acknowledges them (see `assessConflicts`).
 *
 * Intervals are half-open [startsAt, endsAt): a session ending 10:00 and one
 * starting 10:00 do not overlap. Cancelled sessions never conflict.
 */
import { formatLocalDate, formatLocalDateTime, instantToLocal } from "./localTime";
import { checkStaffMix, countStaff, describeStaffMix, type StaffMix, type StaffRole } from "./types";

export type ConflictKind = "STAFF_DOUBLE_BOOKED" | "ROOM_DOUBLE_BOOKED" | "STAFF_MIX_UNMET" | "OUTSIDE_COHORT_DATES";
export type ConflictSeverity = "block" | "warn";

export const CONFLICT_SEVERITY: Record<ConflictKind, ConflictSeverity> = {
  ROOM_DOUBLE_BOOKED: "block",
  STAFF_DOUBLE_BOOKED: "warn",
  STAFF_MIX_UNMET: "warn",
  OUTSIDE_COHORT_DATES: "warn",
};

export interface ConflictSessionInput {
  id: string;
  cohortId: string;
  cohortName: string;
  title?: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  roomName?: string;
  staff: ReadonlyArray<{ userId: string; role: StaffRole; name?: string }>;
  requiredStaff: StaffMix;
  status: string;
}

/** Cohort's first and last local dates (inclusive) and its zone. */
export interface CohortWindow {
  startDate: string;
  endDate: string;
  timeZone: string;
}

export interface Conflict {
  /**
   * Stable identity for acknowledgements: same conflict => same key, regardless
   * of input order (e.g. "STAFF_DOUBLE_BOOKED:u1:s1:s2").
   */
  key: string;
  kind: ConflictKind;
  severity: ConflictSeverity;
  message: string;
  sessionIds: string[];
  userIds: string[];
  cohortIds: string[];
  roomId?: string;
}

export interface DetectConflictsInput {
  sessions: ReadonlyArray<ConflictSessionInput>;
  /** Keyed by cohortId. A cohort without a window is not checked for OUTSIDE_COHORT_DATES. */
  cohortWindows?: Readonly<Record<string, CohortWindow>>;
  /** Zone for times in messages when a cohort has no window (default UTC). */
  displayTimeZone?: string;
  /**
   * Only the conflicts involving at least one of these sessions, as `conflictsInvolving` would
   * keep them, without working out (and wording) the others: a cohort's or a person's check
   * reads every session overlapping theirs, mostly other cohorts' with conflicts of their own.
   */
  involving?: Iterable<string>;
}

function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

export function detectConflicts({ sessions, cohortWindows = {}, displayTimeZone = "UTC", involving }: DetectConflictsInput): Conflict[] {
  const only = involving ? new Set(involving) : null;
  const live = sessions
    .filter((s) => s.status !== "CANCELLED")
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
  const zoneOf = (s: ConflictSessionInput) => cohortWindows[s.cohortId]?.timeZone ?? displayTimeZone;
  const when = (s: ConflictSessionInput) => formatLocalDateTime(s.startsAt, zoneOf(s));
  const name = (s: ConflictSessionInput) => `"${s.title ?? "Session"}" (${s.cohortName}, ${when(s)})`;
  const conflicts: Conflict[] = [];

  // Pairwise overlaps with a sweep: sorted by start, stop once a later session starts after this one ends.
  for (let i = 0; i < live.length; i++) {
    const a = live[i];
    for (let j = i + 1; j < live.length && live[j].startsAt.getTime() < a.endsAt.getTime(); j++) {
      const b = live[j];
      if (only && !only.has(a.id) && !only.has(b.id)) continue;
      if (!overlaps(a, b)) continue;
      const pair = [a.id, b.id].sort();
      const cohortIds = [...new Set([a.cohortId, b.cohortId])];

      if (a.roomId !== null && a.roomId === b.roomId) {
        conflicts.push({
          key: `ROOM_DOUBLE_BOOKED:${a.roomId}:${pair.join(":")}`,
          kind: "ROOM_DOUBLE_BOOKED",
          severity: CONFLICT_SEVERITY.ROOM_DOUBLE_BOOKED,
          message: `${a.roomName ?? "The room"} is already booked: ${name(a)} overlaps ${name(b)}. Choose another room or time.`,
          sessionIds: pair,
          userIds: [],
          cohortIds,
          roomId: a.roomId,
        });
      }

      const bUsers = new Map(b.staff.map((s) => [s.userId, s]));
      const shared = [...new Map(a.staff.filter((s) => bUsers.has(s.userId)).map((s) => [s.userId, s])).values()];
      for (const person of shared.sort((x, y) => x.userId.localeCompare(y.userId))) {
        conflicts.push({
          key: `STAFF_DOUBLE_BOOKED:${person.userId}:${pair.join(":")}`,
          kind: "STAFF_DOUBLE_BOOKED",
          severity: CONFLICT_SEVERITY.STAFF_DOUBLE_BOOKED,
          message: `${person.name ?? bUsers.get(person.userId)?.name ?? "A staff member"} is booked for ${name(a)} and ${name(b)} at overlapping times.`,
          sessionIds: pair,
          userIds: [person.userId],
          cohortIds,
        });
      }
    }
  }

  for (const s of live) {
    if (only && !only.has(s.id)) continue;
    const { met, shortfalls } = checkStaffMix(s.requiredStaff, s.staff);
    if (!met) {
      const missing = shortfalls.map((f) => countStaff(f.role, f.required - f.assigned)).join(" and ");
      conflicts.push({
        key: `STAFF_MIX_UNMET:${s.id}`,
        kind: "STAFF_MIX_UNMET",
        severity: CONFLICT_SEVERITY.STAFF_MIX_UNMET,
        message: `${name(s)} needs ${describeStaffMix(s.requiredStaff)}; assign ${missing} more.`,
        sessionIds: [s.id],
        userIds: [],
        cohortIds: [s.cohortId],
      });
    }

    const window = cohortWindows[s.cohortId];
    if (window) {
      const startDay = instantToLocal(s.startsAt, window.timeZone).date;
      // A session ending exactly at midnight still ends on the previous day.
      const endDay = instantToLocal(new Date(s.endsAt.getTime() - 1), window.timeZone).date;
      if (startDay < window.startDate || endDay > window.endDate) {
        conflicts.push({
          key: `OUTSIDE_COHORT_DATES:${s.id}`,
          kind: "OUTSIDE_COHORT_DATES",
          severity: CONFLICT_SEVERITY.OUTSIDE_COHORT_DATES,
          message: `${name(s)} falls outside the cohort's dates (${formatLocalDate(window.startDate)} to ${formatLocalDate(window.endDate)}).`,
          sessionIds: [s.id],
          userIds: [],
          cohortIds: [s.cohortId],
        });
      }
    }
  }
  return conflicts;
}

/**
 * Can the change be saved? Never with a "block" conflict; with "warn"
 * conflicts only when every one of them has been acknowledged (by key).
 */
export function assessConflicts(
  conflicts: ReadonlyArray<Conflict>,
  acknowledgedKeys: Iterable<string> = [],
): { canSave: boolean; blocking: Conflict[]; needsAcknowledgement: Conflict[] } {
  const acked = new Set(acknowledgedKeys);
  const blocking = conflicts.filter((c) => c.severity === "block");
  const needsAcknowledgement = conflicts.filter((c) => c.severity === "warn" && !acked.has(c.key));
  return { canSave: blocking.length === 0 && needsAcknowledgement.length === 0, blocking, needsAcknowledgement };
}

/** Only the conflicts that involve at least one of the given sessions (e.g. the ones just edited). */
export function conflictsInvolving(conflicts: ReadonlyArray<Conflict>, sessionIds: Iterable<string>): Conflict[] {
  const ids = new Set(sessionIds);
  return conflicts.filter((c) => c.sessionIds.some((id) => ids.has(id)));
}
