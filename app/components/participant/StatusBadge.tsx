import type { EnrollmentStatus } from "~/domain/scheduling";

const LABEL: Record<EnrollmentStatus, string> = {
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

const TONE: Record<EnrollmentStatus, string> = {
  REFERRED: "badge--muted",
  SCREENING: "badge--warn",
  ELIGIBLE: "badge--ok",
  INELIGIBLE: "badge--danger",
  WAITLISTED: "badge--warn",
  ENROLLED: "badge--ok",
  ACTIVE: "badge--ok",
  COMPLETED: "badge--muted",
  WITHDRAWN: "badge--danger",
};

export function statusLabel(status: string) {
  return LABEL[status as EnrollmentStatus] ?? status;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONE[status as EnrollmentStatus] ?? "badge--muted"}`}>{statusLabel(status)}</span>;
}

export const STATUS_OPTIONS = (Object.keys(LABEL) as EnrollmentStatus[]).map((s) => ({ value: s, label: LABEL[s] }));
