import { markup, type SafeHtml } from "~/components/ui/html";
import type { EnrollmentStatus } from "~/domain/scheduling";
import { ENROLLMENT_STATUS_LABEL } from "~/models/enrollment.shared";

const LABEL = ENROLLMENT_STATUS_LABEL;

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

function tone(status: string) {
  return `badge ${TONE[status as EnrollmentStatus] ?? "badge--muted"}`;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={tone(status)}>{statusLabel(status)}</span>;
}

/** StatusBadge as markup (a table cell made as a string). */
export function statusBadgeHtml(status: string): SafeHtml {
  return markup`<span class="${tone(status)}">${statusLabel(status)}</span>`;
}

export const STATUS_OPTIONS = (Object.keys(LABEL) as EnrollmentStatus[]).map((s) => ({ value: s, label: LABEL[s] }));
