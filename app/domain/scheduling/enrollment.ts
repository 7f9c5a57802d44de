/**
 * Enrollment life cycle, seats and waitlist, and overlapping cohorts.
 *
 *   REFERRED -> SCREENING -> ELIGIBLE | INELIGIBLE (reason)
 *   ELIGIBLE -> ENROLLED (seat free) | WAITLISTED (cohort full)
 *   WAITLISTED -> ENROLLED (seat freed and offered)
 *   ENROLLED -> ACTIVE (consent date required) -> COMPLETED
 *   INELIGIBLE -> SCREENING (re-screen, e.g. after blood pressure is controlled)
 *   any non-final status -> WITHDRAWN (date and reason)
 * COMPLETED and WITHDRAWN are final.
 *
 * Seats: ENROLLED and ACTIVE occupy a seat. WAITLISTED does not; COMPLETED and
 * WITHDRAWN release theirs.
 */
import { DATE_RANGE_TEXT, formatLocalDate, isValidLocalDate } from "./localTime";

export const ENROLLMENT_STATUSES = [
  "REFERRED",
  "SCREENING",
  "ELIGIBLE",
  "INELIGIBLE",
  "WAITLISTED",
  "ENROLLED",
  "ACTIVE",
  "COMPLETED",
  "WITHDRAWN",
] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const ENROLLMENT_TRANSITIONS: Readonly<Record<EnrollmentStatus, readonly EnrollmentStatus[]>> = {
  REFERRED: ["SCREENING", "WITHDRAWN"],
  SCREENING: ["ELIGIBLE", "INELIGIBLE", "WITHDRAWN"],
  ELIGIBLE: ["ENROLLED", "WAITLISTED", "WITHDRAWN"],
  INELIGIBLE: ["SCREENING", "WITHDRAWN"],
  WAITLISTED: ["ENROLLED", "WITHDRAWN"],
  ENROLLED: ["ACTIVE", "WITHDRAWN"],
  ACTIVE: ["COMPLETED", "WITHDRAWN"],
  COMPLETED: [],
  WITHDRAWN: [],
};

export const SEAT_STATUSES: readonly EnrollmentStatus[] = ["ENROLLED", "ACTIVE"];

export function occupiesSeat(status: EnrollmentStatus): boolean {
  return SEAT_STATUSES.includes(status);
}

export interface TransitionContext {
  /** "YYYY-MM-DD"; required to become ACTIVE. */
  consentDate?: string | null;
  /** Required for INELIGIBLE and WITHDRAWN. */
  reason?: string | null;
  /** "YYYY-MM-DD"; required for WITHDRAWN. */
  withdrawnOn?: string | null;
  /** Today's local date "YYYY-MM-DD": consent and withdrawal dates may not be later. */
  today?: string;
  /** Seats taken by others (ENROLLED + ACTIVE) and the cohort's capacity; required for ENROLLED and WAITLISTED. */
  seats?: { occupied: number; capacity: number };
}

export type TransitionResult = { ok: true } | { ok: false; message: string };

const LABEL: Record<EnrollmentStatus, string> = {
  REFERRED: "referred",
  SCREENING: "screening",
  ELIGIBLE: "eligible",
  INELIGIBLE: "ineligible",
  WAITLISTED: "waitlisted",
  ENROLLED: "enrolled",
  ACTIVE: "active",
  COMPLETED: "completed",
  WITHDRAWN: "withdrawn",
};

export function canTransition(from: EnrollmentStatus, to: EnrollmentStatus, context: TransitionContext = {}): TransitionResult {
  if (from === to) return { ok: false, message: `The participant is already ${LABEL[to]}` };
  if (!ENROLLMENT_TRANSITIONS[from].includes(to)) {
    const allowed = ENROLLMENT_TRANSITIONS[from];
    return {
      ok: false,
      message: allowed.length
        ? `A ${LABEL[from]} participant cannot become ${LABEL[to]}; next steps are: ${allowed.map((s) => LABEL[s]).join(", ")}`
        : `A ${LABEL[from]} enrollment is final and cannot change`,
    };
  }
  const notFuture = (date: string) => !context.today || date <= context.today;

  switch (to) {
    case "INELIGIBLE":
      if (!context.reason?.trim()) return { ok: false, message: "Give the reason the participant is ineligible" };
      break;
    case "WITHDRAWN":
      if (!context.reason?.trim()) return { ok: false, message: "Give the reason for withdrawal" };
      if (!context.withdrawnOn) return { ok: false, message: "Give the withdrawal date" };
      if (!isValidLocalDate(context.withdrawnOn))
        return { ok: false, message: `Withdrawal date must be a real date ${DATE_RANGE_TEXT} (YYYY-MM-DD)` };
      if (!notFuture(context.withdrawnOn)) return { ok: false, message: "Withdrawal date cannot be in the future" };
      break;
    case "ACTIVE":
      if (!context.consentDate) return { ok: false, message: "Record the consent date before the participant becomes active" };
      if (!isValidLocalDate(context.consentDate))
        return { ok: false, message: `Consent date must be a real date ${DATE_RANGE_TEXT} (YYYY-MM-DD)` };
      if (!notFuture(context.consentDate)) return { ok: false, message: "Consent date cannot be in the future" };
      break;
    case "ENROLLED":
    case "WAITLISTED": {
      if (!context.seats) return { ok: false, message: "Seat availability is needed to place this participant" };
      const placement = placeEnrollment(context.seats.occupied, context.seats.capacity);
      if (to === "ENROLLED" && placement === "WAITLIST") {
        return { ok: false, message: `The cohort is full (${context.seats.capacity} seats); add the participant to the waitlist` };
      }
      if (to === "WAITLISTED" && placement === "SEAT") {
        return { ok: false, message: "A seat is free; enroll the participant instead of waitlisting" };
      }
      break;
    }
  }
  return { ok: true };
}

/** Where a new eligible participant goes: a free seat, or the end of the waitlist. */
export function placeEnrollment(activeSeatCount: number, capacity: number): "SEAT" | "WAITLIST" {
  return activeSeatCount < capacity ? "SEAT" : "WAITLIST";
}

export interface WaitlistEntry {
  enrollmentId: string;
  /** 1-based; smaller = earlier. */
  position: number;
  status?: EnrollmentStatus;
}

function waiting<T extends WaitlistEntry>(waitlist: ReadonlyArray<T>): T[] {
  return waitlist
    .filter((e) => e.status === undefined || e.status === "WAITLISTED")
    .sort((a, b) => a.position - b.position || a.enrollmentId.localeCompare(b.enrollmentId));
}

/** The person to offer a freed seat to (lowest position still waitlisted), or null. */
export function nextFromWaitlist<T extends WaitlistEntry>(waitlist: ReadonlyArray<T>): T | null {
  return waiting(waitlist)[0] ?? null;
}

/** Everyone to offer seats to when `freeSeats` open at once (e.g. capacity raised). */
export function offersForFreeSeats<T extends WaitlistEntry>(waitlist: ReadonlyArray<T>, freeSeats: number): T[] {
  return waiting(waitlist).slice(0, Math.max(0, freeSeats));
}

/** Position for someone joining the waitlist now. */
export function nextWaitlistPosition(waitlist: ReadonlyArray<WaitlistEntry>): number {
  return waitlist.reduce((max, e) => Math.max(max, e.position), 0) + 1;
}

/** A cohort's span in local dates, inclusive. */
export interface CohortDates {
  startDate: string;
  endDate: string;
}

/** Inclusive on both ends: a cohort ending on the 10th and one starting on the 10th overlap. */
export function cohortsOverlap(a: CohortDates, b: CohortDates): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

export interface PersonEnrollment {
  enrollmentId: string;
  cohortId: string;
  cohortName: string;
  status: EnrollmentStatus;
  window: CohortDates;
}

/**
 * One person cannot hold a seat (ENROLLED or ACTIVE) in two cohorts whose
 * dates overlap. Returns the first clash with the cohort they are being
 * placed in, or null. Call before ENROLLED and before ACTIVE.
 */
export function findOverlapConflict(
  personEnrollments: ReadonlyArray<PersonEnrollment>,
  newCohortWindow: CohortDates & { cohortId: string },
): { enrollment: PersonEnrollment; message: string } | null {
  const clash = personEnrollments.find(
    (e) => e.cohortId !== newCohortWindow.cohortId && occupiesSeat(e.status) && cohortsOverlap(e.window, newCohortWindow),
  );
  if (!clash) return null;
  return {
    enrollment: clash,
    message: `This participant is already ${LABEL[clash.status]} in ${clash.cohortName} (${formatLocalDate(clash.window.startDate)} to ${formatLocalDate(clash.window.endDate)}), which overlaps this cohort's dates. Withdraw or complete that enrollment first.`,
  };
}
