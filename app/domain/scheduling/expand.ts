/**
 * Template -> concrete sessions for one cohort, and measurement due dates.
 *
 * Each session is placed at its *local* wall-clock time on its local date in
 * the cohort's time zone, so a 18:00 group stays at 18:00 when the clocks
 * change mid-cohort (its UTC instant moves by an hour instead). Durations are
 * elapsed minutes: `endsAt = startsAt + durationMinutes`.
 * Gaps/overlaps at DST changes follow the rule in localTime.ts
 * (nonexistent -> shifted forward; ambiguous -> earlier instant).
 */
import {
  addDaysToLocalDate,
  instantToLocal,
  isValidLocalDate,
  isValidTimeZone,
  localToInstant,
  startOfLocalDay,
  type LocalTimeAdjustment,
} from "./localTime";
import type { DosingRoute, MeasureTimepoint, ProgramTemplate, SessionKind, StaffMix } from "./types";

export { isValidTimeZone } from "./localTime";

export interface ExpandedSession {
  /** 0-based index of the template's sessionPlan item this session came from. */
  index: number;
  kind: SessionKind;
  title: string;
  /** UTC instants. */
  startsAt: Date;
  endsAt: Date;
  /** Local date/time in the cohort's zone as actually scheduled (after any DST adjustment). */
  localDate: string;
  localStartTime: string;
  durationMinutes: number;
  requiredStaff: StaffMix;
  route?: DosingRoute;
  /** Set when the planned local time fell in a DST gap or overlap. */
  dstAdjustment: LocalTimeAdjustment;
}

export interface ExpandTemplateInput {
  template: Pick<ProgramTemplate, "sessionPlan">;
  /** Cohort start date "YYYY-MM-DD" (local to the cohort). Day offset 0 = this date. */
  startDate: string;
  timeZone: string;
}

/** @throws RangeError for an impossible start date or unknown time zone (validate with cohortSchema first). */
export function expandTemplate({ template, startDate, timeZone }: ExpandTemplateInput): ExpandedSession[] {
  if (!isValidLocalDate(startDate)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${startDate}`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return template.sessionPlan.map((item, index) => {
    const plannedDate = addDaysToLocalDate(startDate, item.dayOffset);
    const { instant, adjustment } = localToInstant(plannedDate, item.startTime, timeZone);
    const local = instantToLocal(instant, timeZone);
    const session: ExpandedSession = {
      index,
      kind: item.kind,
      title: item.title,
      startsAt: instant,
      endsAt: new Date(instant.getTime() + item.durationMinutes * 60_000),
      localDate: local.date,
      localStartTime: local.time,
      durationMinutes: item.durationMinutes,
      requiredStaff: { ...item.requiredStaff },
      dstAdjustment: adjustment,
    };
    if (item.route) session.route = item.route;
    return session;
  });
}

/** Last local date on which a session of the expanded plan ends — the default cohort end date. */
export function cohortEndDate(sessions: ReadonlyArray<{ endsAt: Date }>, timeZone: string): string | null {
  if (sessions.length === 0) return null;
  const last = Math.max(...sessions.map((s) => s.endsAt.getTime()));
  // A session ending exactly at midnight belongs to the previous day.
  return instantToLocal(new Date(last - 1), timeZone).date;
}

/** The minimum a due-date computation needs to know about a concrete session. */
export interface TimepointSessionRef {
  /** sessionPlan index, or null for a session added to the cohort by hand. */
  index: number | null;
  startsAt: Date;
  endsAt: Date;
  status?: string;
}

export interface TimepointDueDate {
  key: string;
  label: string;
  instruments: string[];
  /** Local date "YYYY-MM-DD": anchor's local date + offsetDays. */
  dueDate: string;
  /**
   * When the questionnaire may first be answered: local midnight of dueDate, except
   * for a session-anchored timepoint with offset 0, which opens when that session
   * ends (a measure "after dosing 1" cannot be answered before it is over).
   */
  windowOpens: Date;
  /** Exclusive: local midnight after the last day of the window (dueDate + windowDays). */
  windowCloses: Date;
  /** Local date of the last day on which answers are accepted. */
  lastDay: string;
  /** The anchor session is cancelled; the date still follows its scheduled time. */
  anchorCancelled: boolean;
}

/**
 * Due dates and windows for a measure plan against the cohort's concrete
 * sessions (after any moves). SESSION anchors look up the session whose
 * `index` equals `sessionIndex`; LAST_SESSION is the latest non-cancelled session.
 * @throws Error when an anchor session does not exist.
 */
export function computeTimepointDueDates(
  measurePlan: ReadonlyArray<MeasureTimepoint>,
  sessions: ReadonlyArray<TimepointSessionRef>,
  cohortStart: string,
  timeZone: string,
): TimepointDueDate[] {
  if (!isValidLocalDate(cohortStart)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${cohortStart}`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const live = sessions.filter((s) => s.status !== "CANCELLED");

  return measurePlan.map((tp) => {
    let anchorDate: string;
    let anchorSession: TimepointSessionRef | null = null;
    switch (tp.anchor.type) {
      case "COHORT_START":
        anchorDate = cohortStart;
        break;
      case "SESSION": {
        const { sessionIndex } = tp.anchor;
        const found = sessions.find((s) => s.index === sessionIndex);
        if (!found) throw new Error(`Timepoint "${tp.key}" is anchored to session ${sessionIndex + 1}, which this cohort does not have`);
        anchorSession = found;
        anchorDate = instantToLocal(found.startsAt, timeZone).date;
        break;
      }
      case "LAST_SESSION": {
        if (live.length === 0) throw new Error(`Timepoint "${tp.key}" is anchored to the last session, but the cohort has no sessions`);
        anchorSession = live.reduce((a, b) => (b.startsAt.getTime() > a.startsAt.getTime() ? b : a));
        anchorDate = instantToLocal(anchorSession.startsAt, timeZone).date;
        break;
      }
    }
    const dueDate = addDaysToLocalDate(anchorDate, tp.offsetDays);
    const opensAtSessionEnd = anchorSession !== null && tp.offsetDays === 0;
    const windowOpens = opensAtSessionEnd ? new Date(anchorSession!.endsAt) : startOfLocalDay(dueDate, timeZone);
    // A session running past midnight opens its window on the next local day; count the window from there.
    const openDate = opensAtSessionEnd ? instantToLocal(windowOpens, timeZone).date : dueDate;
    const lastDay = addDaysToLocalDate(openDate > dueDate ? openDate : dueDate, tp.windowDays);
    return {
      key: tp.key,
      label: tp.label,
      instruments: [...tp.instruments],
      dueDate,
      windowOpens,
      windowCloses: startOfLocalDay(addDaysToLocalDate(lastDay, 1), timeZone),
      lastDay,
      anchorCancelled: anchorSession?.status === "CANCELLED",
    };
  });
}
