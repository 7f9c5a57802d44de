// Quiet hours: nothing goes to a participant between `start` and `end` on their own clock
// (default 21:00–08:00, crossing midnight). Reading the wall clock in the participant's
// zone for each instant keeps the rule right across a daylight-saving change.
import { addDaysToLocalDate, instantToLocal, localToInstant, minutesOfDay } from "../scheduling/localTime";

export type QuietHours = { start: string; end: string };

export const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "08:00" };

function inQuiet(minute: number, q: QuietHours) {
  const s = minutesOfDay(q.start);
  const e = minutesOfDay(q.end);
  if (s === e) return false;
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

/** True when `instant` falls inside quiet hours in `timeZone`. */
export function isQuiet(instant: Date, timeZone: string, q: QuietHours): boolean {
  return inQuiet(minutesOfDay(instantToLocal(instant, timeZone).time), q);
}

/**
 * Moves an instant out of quiet hours. "later" (invitations, reminders) moves it to the end
 * of the quiet period; "earlier" (a reminder that must arrive before a session) moves it to
 * one minute before the quiet period began. Instants outside quiet hours are returned as
 * they are.
 */
export function outsideQuietHours(instant: Date, timeZone: string, q: QuietHours, direction: "later" | "earlier"): Date {
  if (!isQuiet(instant, timeZone, q)) return instant;
  const { date, time } = instantToLocal(instant, timeZone);
  const minute = minutesOfDay(time);
  const s = minutesOfDay(q.start);
  const e = minutesOfDay(q.end);
  const crossesMidnight = s > e;
  if (direction === "later") {
    // The quiet period ends today at `end`, unless it started today before midnight.
    const endDate = crossesMidnight && minute >= s ? addDaysToLocalDate(date, 1) : date;
    return localToInstant(endDate, q.end, timeZone).instant;
  }
  const startDate = crossesMidnight && minute < e ? addDaysToLocalDate(date, -1) : date;
  return new Date(localToInstant(startDate, q.start, timeZone).instant.getTime() - 60_000);
}
