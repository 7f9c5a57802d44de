// Enrollment vocabulary shared by the server models and the browser (no server code here).
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
  withdrawnOn: string | null;
  waitlistPosition: number | null;
};
