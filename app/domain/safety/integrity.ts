/**
 * Integrity rules of a dosing day: the session's time window for clinical times, the
 * discharge vitals check against the last reading actually recorded, lot expiry on receipt
 * and on administration, first-expiry-first-out lot suggestion, and the wording of the
 * automatic addendum when attendance changes after a group note was signed. Pure functions.
 */
import { formatMg } from "./ledger";
import { formatLocalDate, formatLocalDateTime } from "../scheduling/localTime";

// ---------------------------------------------------------------------------------------------
// Session time window

/**
 * Clinical times of a dosing session (pre-dose vitals, dose, readings, discharge) are expected
 * from 2 hours before the session starts to 4 hours after it ends; a time outside is accepted
 * only when the clinician confirms it.
 */
export const SESSION_TIME_WINDOW = { beforeStartMinutes: 120, afterEndMinutes: 240 } as const;

export function sessionTimeWindow(session: { startsAt: Date; endsAt: Date }): { from: Date; to: Date } {
  return {
    from: new Date(session.startsAt.getTime() - SESSION_TIME_WINDOW.beforeStartMinutes * 60_000),
    to: new Date(session.endsAt.getTime() + SESSION_TIME_WINDOW.afterEndMinutes * 60_000),
  };
}

const clock = (d: Date, timeZone: string) => formatLocalDateTime(d, timeZone);

/**
 * null when `at` is inside the session window; otherwise the warning to show next to the time
 * field (the clinician must confirm the time is correct to keep it).
 */
export function timeOutsideWindowWarning(
  at: Date,
  session: { startsAt: Date; endsAt: Date },
  timeZone: string,
  label = "This time",
): string | null {
  const { from, to } = sessionTimeWindow(session);
  if (at >= from && at <= to) return null;
  const where = at < from ? "before" : "after";
  return `${label} (${clock(at, timeZone)}) is ${where} this session's window (${clock(from, timeZone)} to ${clock(to, timeZone)}): check the date and tick "The time is correct" to keep it`;
}

/**
 * The default for a time box on the board: now when now is inside the session window,
 * otherwise the session's start (so a session documented days later defaults to its own date).
 */
export function defaultClinicalTime(session: { startsAt: Date; endsAt: Date }, now: Date): Date {
  const { from, to } = sessionTimeWindow(session);
  return now >= from && now <= to ? now : session.startsAt;
}

// ---------------------------------------------------------------------------------------------
// Discharge: "vitals within range" against the last reading recorded

export interface DischargeLimits {
  systolicMax: number;
  diastolicMax: number;
  hrMax?: number | null;
  spo2Min?: number | null;
}

export interface RecordedReading {
  takenAt: Date;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
}

/** The reading taken last (by its time, not by when it was typed in). */
export function lastReading<T extends { takenAt: Date }>(readings: readonly T[]): T | null {
  let last: T | null = null;
  for (const r of readings) if (!last || r.takenAt >= last.takenAt) last = r;
  return last;
}

/**
 * Why "vitals within range" cannot be ticked (null: it can): there must be a reading after the
 * dose, and the last one must be within the discharge limits (the program's pre-dose limits).
 */
export function dischargeVitalsRefusal(readings: readonly RecordedReading[], limits: DischargeLimits, timeZone: string): string | null {
  const last = lastReading(readings);
  if (!last) return "No vitals have been recorded after the dose: take a reading before ticking \u201cVitals within range\u201d";
  const out: string[] = [];
  if (last.systolic > limits.systolicMax || last.diastolic > limits.diastolicMax)
    out.push(`BP ${last.systolic}/${last.diastolic} mmHg is above ${limits.systolicMax}/${limits.diastolicMax}`);
  if (limits.hrMax && last.heartRate > limits.hrMax) out.push(`heart rate ${last.heartRate} bpm is above ${limits.hrMax}`);
  if (limits.spo2Min && last.spo2 < limits.spo2Min) out.push(`SpO2 ${last.spo2}% is below ${limits.spo2Min}%`);
  if (out.length === 0) return null;
  return `The last reading (${last.systolic}/${last.diastolic} mmHg, HR ${last.heartRate}, SpO2 ${last.spo2}% at ${clock(last.takenAt, timeZone)}) is out of range: ${out.join("; ")}. Take a new reading before ticking \u201cVitals within range\u201d`;
}

// ---------------------------------------------------------------------------------------------
// Lots: expiry and first-expiry-first-out

/** Receiving a lot that expires within this many days warns. */
export const LOT_EXPIRY_WARNING_DAYS = 30;

/** YYYY-MM-DD plus n days (calendar arithmetic in UTC, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type LotExpiryWarning = { level: "expired" | "soon"; message: string } | null;

/** On receipt: expired (needs an explicit confirmation), expiring within 30 days (a warning), or fine. */
export function lotReceiptWarning(expiryDate: string, today: string): LotExpiryWarning {
  if (expiryDate < today)
    return {
      level: "expired",
      message: `This lot expired on ${formatLocalDate(expiryDate)}: it can be received into the log but never administered. Tick \u201cReceive this expired lot\u201d to record it`,
    };
  const days = daysBetween(today, expiryDate);
  if (days <= LOT_EXPIRY_WARNING_DAYS)
    return {
      level: "soon",
      message: `This lot expires on ${formatLocalDate(expiryDate)}, ${days === 0 ? "today" : `in ${days} day${days === 1 ? "" : "s"}`}`,
    };
  return null;
}

/** A lot may be administered at a session whose date (at the site) is on or before its expiry date. */
export function administrationExpiryRefusal(lot: { lotNumber: string; expiryDate: string }, sessionDate: string): string | null {
  return sessionDate > lot.expiryDate
    ? `Lot ${lot.lotNumber} expired on ${formatLocalDate(lot.expiryDate)}, before this session's date (${formatLocalDate(sessionDate)}): choose another lot`
    : null;
}

export interface LotForSuggestion {
  id: string;
  lotNumber: string;
  expiryDate: string;
  balanceUg: number;
}

/**
 * First expiry, first out: among lots not expired on the session's date with at least
 * `neededUg` left (more than 0 when the dose is not known yet), the one that expires first
 * (ties by lot number). null when none fits.
 */
export function suggestLot<T extends LotForSuggestion>(lots: readonly T[], sessionDate: string, neededUg: number | null): T | null {
  const need = neededUg && neededUg > 0 ? neededUg : 1;
  const fits = lots.filter((l) => l.expiryDate >= sessionDate && l.balanceUg >= need);
  fits.sort((a, b) => (a.expiryDate === b.expiryDate ? a.lotNumber.localeCompare(b.lotNumber) : a.expiryDate < b.expiryDate ? -1 : 1));
  return fits[0] ?? null;
}

export function lotSuggestionText(lot: LotForSuggestion): string {
  return `Suggested: lot ${lot.lotNumber} (expires first, ${formatLocalDate(lot.expiryDate)}; ${formatMg(lot.balanceUg)} mg left)`;
}

// ---------------------------------------------------------------------------------------------
// Signed group notes

export interface SignedNoteSnapshot {
  attendance: { enrollmentId: string; code: string; status: string | null }[];
  observations: { enrollmentId: string; code: string; text: string }[];
}

export function parseNoteSnapshot(json: string | null): SignedNoteSnapshot | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as SignedNoteSnapshot;
    return Array.isArray(v.attendance) && Array.isArray(v.observations) ? v : null;
  } catch {
    return null;
  }
}

const STATUS_WORDS: Record<string, string> = {
  PRESENT: "present",
  LATE: "late",
  LEFT_EARLY: "left early",
  EXCUSED: "excused absence",
  ABSENT: "absent",
};
const statusWord = (s: string | null) => (s ? (STATUS_WORDS[s] ?? s.toLowerCase()) : "not recorded");

/** The automatic addendum's text for one attendance change after the note was signed. */
export function attendanceChangeAddendum(change: {
  who: string;
  from: string | null;
  to: string;
  byName: string;
  at: Date;
  timeZone: string;
}) {
  return `Attendance changed after signing: ${change.who} from ${statusWord(change.from)} to ${statusWord(change.to)}, by ${change.byName} at ${clock(change.at, change.timeZone)}`;
}

// ---------------------------------------------------------------------------------------------
// Opened vials

/**
 * What is left in an opened vial, inferred from the ledger: the lot is received in whole
 * vials of `vialUg`, so a balance that is not a whole number of vials means one vial is open
 * with the remainder in it (0: no vial is open). The ledger does not track vials one by one;
 * this is the prompt to waste the remainder once no one else is dosed from it.
 */
export function openVialRemainderUg(balanceUg: number, vialUg: number): number {
  if (!Number.isSafeInteger(vialUg) || vialUg <= 0 || balanceUg <= 0) return 0;
  return balanceUg % vialUg;
}
