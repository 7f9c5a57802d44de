/**
 * Local wall-clock time <-> UTC instant, for cohorts that live in an IANA
 * time zone. We store instants; coordinators think in local dates and times.
 *
 * DST rules (the same everywhere in scheduling):
 * - Nonexistent local time (spring-forward gap, e.g. 02:30 on the night clocks
 *   jump 02:00 -> 03:00): shifted FORWARD by the length of the gap, i.e. the
 *   wall time is read with the offset in force before the change
 *   (02:30 -> 03:30). `adjustment` = "SHIFTED_FORWARD".
 * - Ambiguous local time (fall-back overlap, e.g. 01:30 happens twice): the
 *   EARLIER instant (the pre-change offset). `adjustment` = "AMBIGUOUS_EARLIER".
 *
 * Offsets come from @date-fns/tz (`tzOffset`); we resolve gaps and overlaps
 * ourselves because TZDate's own choice for an overlap depends on the host's
 * system time zone, and a server's TZ must not change a clinic's schedule.
 */
import { tzOffset } from "@date-fns/tz";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export type LocalTimeAdjustment = "SHIFTED_FORWARD" | "AMBIGUOUS_EARLIER" | null;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Zone names found valid. Building an Intl.DateTimeFormat costs ~0.1 ms, and every date
// computation of a schedule checks its zone; the cache is capped, as names come from input.
const validZones = new Set<string>();
const MAX_CACHED_ZONES = 1000;

/** True for an IANA zone name the runtime knows ("America/Denver", "UTC"); false for offsets like "+02:00". */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  // The cache first: a page's dates check the same zone thousands of times.
  if (validZones.has(timeZone as string)) return true;
  if (typeof timeZone !== "string" || timeZone.trim() === "" || /^[+-]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    const valid = !Number.isNaN(tzOffset(timeZone, new Date(0)));
    if (valid && validZones.size < MAX_CACHED_ZONES) validZones.add(timeZone);
    return valid;
  } catch {
    return false;
  }
}

/** Years a date typed into GroupKAP may have. Nothing clinical lies outside them, and a
 * year like 9999 turns into instants that overflow schedules and the database. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2100;
export const DATE_RANGE_TEXT = `between ${MIN_DATE_YEAR} and ${MAX_DATE_YEAR}`;

/** "YYYY-MM-DD" that names a real calendar day (rejects 2026-02-30) from 1900 to 2100. */
export function isValidLocalDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_DATE_YEAR || y > MAX_DATE_YEAR) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** "HH:MM", 24-hour, 00:00–23:59. */
export function isValidLocalTime(value: unknown): value is string {
  return typeof value === "string" && TIME_RE.test(value);
}

function assertDate(date: string): void {
  if (!isValidLocalDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
}
function assertTime(time: string): void {
  if (!isValidLocalTime(time)) throw new RangeError(`Not a time (HH:MM, 24-hour): ${time}`);
}
function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
}

// A zone's UTC offset per UTC day, for the days whose offset is the same at their first and
// last millisecond (every day but a change of clocks, which is asked of tzOffset each time):
// one Intl call per zone and day instead of several per instant (a schedule, calendar or
// dosing board converts hundreds of instants per page; TZDate took ~11 µs each, this ~0.1 µs).
const offsetsByZone = new Map<string, Map<number, number>>();
const MAX_CACHED_DAYS = 20_000;

/** Minutes to add to UTC to get the zone's wall clock at `ms` (tzOffset's sign), for a valid zone. */
function offsetMinutes(timeZone: string, ms: number): number {
  let days = offsetsByZone.get(timeZone);
  if (!days) {
    if (offsetsByZone.size >= MAX_CACHED_ZONES) offsetsByZone.clear();
    offsetsByZone.set(timeZone, (days = new Map()));
  }
  const day = Math.floor(ms / DAY_MS);
  const known = days.get(day);
  if (known !== undefined) return known;
  const first = tzOffset(timeZone, new Date(day * DAY_MS));
  if (first !== tzOffset(timeZone, new Date(day * DAY_MS + DAY_MS - 1))) return tzOffset(timeZone, new Date(ms));
  if (days.size >= MAX_CACHED_DAYS) days.clear();
  days.set(day, first);
  return first;
}

/** The zone's wall clock at an instant, as the UTC fields of a Date (read with getUTC…). */
function wallClock(instant: Date, timeZone: string): Date {
  const ms = instant.getTime();
  return new Date(ms + offsetMinutes(timeZone, ms) * MINUTE_MS);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Calendar arithmetic on local dates: addDaysToLocalDate("2026-10-31", 1) === "2026-11-01". */
export function addDaysToLocalDate(date: string, days: number): string {
  assertDate(date);
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetweenLocalDates(from: string, to: string): number {
  assertDate(from);
  assertDate(to);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Minutes since local midnight for "HH:MM". */
export function minutesOfDay(time: string): number {
  assertTime(time);
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

/**
 * The UTC instant at which the cohort's clocks show `date` `time`, with the
 * gap/overlap rule described at the top of this file.
 */
export function localToInstant(date: string, time: string, timeZone: string): { instant: Date; adjustment: LocalTimeAdjustment } {
  assertDate(date);
  assertTime(time);
  assertZone(timeZone);
  // The wall time written as if it were UTC; the real instant is this minus the offset.
  const wallAsUtc = Date.parse(`${date}T${time}:00Z`);
  const offsetBefore = offsetMinutes(timeZone, wallAsUtc - DAY_MS);
  const offsetAfter = offsetMinutes(timeZone, wallAsUtc + DAY_MS);
  const candidates = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => wallAsUtc - offset * MINUTE_MS)
    .filter((t) => wallAsUtc - offsetMinutes(timeZone, t) * MINUTE_MS === t)
    .sort((a, b) => a - b);
  if (candidates.length === 0) {
    // In the gap: read with the offset in force before the change => later wall time.
    return { instant: new Date(wallAsUtc - offsetBefore * MINUTE_MS), adjustment: "SHIFTED_FORWARD" };
  }
  return {
    instant: new Date(candidates[0]),
    adjustment: candidates.length > 1 ? "AMBIGUOUS_EARLIER" : null,
  };
}

/** Local calendar date and wall-clock time of an instant in a zone. */
export function instantToLocal(instant: Date, timeZone: string): { date: string; time: string } {
  assertZone(timeZone);
  const z = wallClock(instant, timeZone);
  return {
    date: `${z.getUTCFullYear()}-${pad2(z.getUTCMonth() + 1)}-${pad2(z.getUTCDate())}`,
    time: `${pad2(z.getUTCHours())}:${pad2(z.getUTCMinutes())}`,
  };
}

/** Instant of local midnight starting `date` (the first instant of that local day). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return localToInstant(date, "00:00", timeZone).instant;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * `instantToLocal` + `formatLocalDateTime` in one reading of the wall clock (the AE list's
 * rows): the date, the time and the text.
 */
export function localDateTime(instant: Date, timeZone: string): { date: string; time: string; text: string } {
  assertZone(timeZone);
  const z = wallClock(instant, timeZone);
  const [y, mo, d] = [z.getUTCFullYear(), z.getUTCMonth() + 1, z.getUTCDate()];
  const time = `${pad2(z.getUTCHours())}:${pad2(z.getUTCMinutes())}`;
  return { date: `${y}-${pad2(mo)}-${pad2(d)}`, time, text: `${WEEKDAYS[z.getUTCDay()]} ${d} ${MONTHS[mo - 1]} ${y}, ${time}` };
}

/**
 * Human text for messages: "Tue 3 Nov 2026, 18:00". Built by hand rather than
 * with Intl so messages do not change with the runtime's ICU data.
 */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  assertZone(timeZone);
  const z = wallClock(instant, timeZone);
  return `${WEEKDAYS[z.getUTCDay()]} ${z.getUTCDate()} ${MONTHS[z.getUTCMonth()]} ${z.getUTCFullYear()}, ${pad2(z.getUTCHours())}:${pad2(z.getUTCMinutes())}`;
}

/**
 * A calendar date for people: "2026-11-09" → "Mon 9 Nov 2026". A local date has no zone (it is
 * already the cohort's or site's day); anything that is not a "YYYY-MM-DD" is returned as is.
 * `{ weekday: false, year: false }` gives the short "9 Nov" for narrow places (a calendar's day).
 */
export function formatLocalDate(date: string, parts: { weekday?: boolean; year?: boolean } = {}): string {
  const m = DATE_RE.exec(date);
  if (!m) return date;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return `${parts.weekday === false ? "" : `${WEEKDAYS[weekday]} `}${d} ${MONTHS[mo - 1]}${parts.year === false ? "" : ` ${y}`}`;
}

/** The local calendar day of an instant in a zone, for people: "Mon 9 Nov 2026". */
export function formatInstantDate(instant: Date | string, timeZone: string): string {
  return formatLocalDate(instantToLocal(new Date(instant), timeZone).date);
}

/**
 * An instant with no cohort or site to anchor it (a login, an audit event, an edit), in UTC with
 * the zone named: "Tue 3 Nov 2026, 18:00 UTC".
 */
export function formatUtcDateTime(instant: Date | string): string {
  return `${formatLocalDateTime(new Date(instant), "UTC")} UTC`;
}
