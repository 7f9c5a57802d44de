// Enrollment vocabulary shared by the server models and the browser (no server code here).
import type { ConsentStanding } from "~/domain/consent";
import type { EnrollmentStatus } from "~/domain/scheduling";

export const ENROLLMENT_STATUS_LABEL: Record<EnrollmentStatus, string> = {
  REFERRED: "Referred",
  SCREENING: "Screening",
  ELIGIBLE: "Eligible",
  INELIGIBLE: "Ineligible",
  WAITLISTED: "Waitlisted",
  ENROLLED: "Enrolled",
  ACTIVE: "Active",
  COMPLETED: "Completed",
  WITHDRAWN: "Withdrawn",
};

/** One line of a cohort roster as the page shows it. */
export type RosterRow = {
  enrollmentId: string;
  version: number;
  participantId: string;
  code: string;
  label: string;
  occupation: string | null;
  status: EnrollmentStatus;
  statusReason: string | null;
  consentDate: string | null;
  /** The participant's e-consent to this cohort's program; null when the program has no consent document. */
  consent: ConsentStanding | null;
  withdrawnOn: string | null;
  waitlistPosition: number | null;
};

/** The message after a status change ("GK-7KQ2M is now enrolled in …"), naming who the freed seat goes to. */
export function transitionMessage(done: {
  code: string;
  to: EnrollmentStatus;
  cohortName: string;
  offer: { code: string; until: string } | null;
  leftWaitlists?: string[];
}) {
  const offerText = done.offer
    ? ` The freed seat is offered to ${done.offer.code} (first on the waitlist) until ${done.offer.until}; they answer on their personal page, or you record it here.`
    : "";
  return `${done.code} is now ${ENROLLMENT_STATUS_LABEL[done.to].toLowerCase()} in ${done.cohortName}.${leftText(done.leftWaitlists)}${offerText}`;
}

/** " Removed from the waitlist of A and B." when taking a seat took them off other waitlists. */
function leftText(cohorts: string[] | undefined) {
  if (!cohorts?.length) return "";
  const names = cohorts.length === 1 ? cohorts[0] : `${cohorts.slice(0, -1).join(", ")} and ${cohorts[cohorts.length - 1]}`;
  return ` Removed from the waitlist of ${names}.`;
}

/** The message after adding someone to a roster (a seat, the waitlist, or referred). */
export function addedMessage(done: {
  code: string;
  status: EnrollmentStatus;
  cohortName: string;
  waitlistPosition: number | null;
  leftWaitlists?: string[];
}) {
  return done.status === "WAITLISTED"
    ? `${done.cohortName} is full: ${done.code} is on the waitlist at position ${done.waitlistPosition}.`
    : `${done.code} is now ${ENROLLMENT_STATUS_LABEL[done.status].toLowerCase()} in ${done.cohortName}.${leftText(done.leftWaitlists)}`;
}

/** How someone is added to a cohort (the "Add as" choice on the roster and the participant page). */
export const ADD_MODE_LABEL = {
  PLACE: "Eligible: seat, or waitlist if full",
  REFERRED: "Referral (screening still to do)",
} as const;
