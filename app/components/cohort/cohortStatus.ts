// Cohort statuses, shared by the server (models) and the browser (filters, badges).
export const COHORT_STATUSES = ["PLANNED", "ENROLLING", "ACTIVE", "COMPLETED", "CANCELLED"] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];
export const COHORT_STATUS_LABELS: Record<CohortStatus, string> = {
  PLANNED: "Planned",
  ENROLLING: "Enrolling",
  ACTIVE: "Active",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};
/** Forward-only; any not-finished cohort may be cancelled (with a reason). */
export const COHORT_TRANSITIONS: Record<CohortStatus, CohortStatus[]> = {
  PLANNED: ["ENROLLING", "CANCELLED"],
  ENROLLING: ["ACTIVE", "CANCELLED"],
  ACTIVE: ["COMPLETED", "CANCELLED"],
  COMPLETED: [],
  CANCELLED: [],
};

/** Cancel reasons are shown to every staff member who opens the schedule or the cohort. */
export const CANCEL_REASON_HINT = "Shown to staff on the schedule. Do not write participant names.";
