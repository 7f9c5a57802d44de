const CLASS: Record<string, string> = {
  PLANNED: "badge--muted",
  ENROLLING: "badge--warn",
  ACTIVE: "badge--ok",
  COMPLETED: "badge--muted",
  CANCELLED: "badge--danger",
};
const LABEL: Record<string, string> = {
  PLANNED: "Planned",
  ENROLLING: "Enrolling",
  ACTIVE: "Active",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

export function CohortStatusBadge({ status }: { status: string }) {
  return <span className={`badge ${CLASS[status] ?? ""}`}>{LABEL[status] ?? status}</span>;
}

const SESSION_CLASS: Record<string, string> = { SCHEDULED: "badge--ok", COMPLETED: "badge--muted", CANCELLED: "badge--danger" };
export function SessionStatusBadge({ status }: { status: string }) {
  return <span className={`badge ${SESSION_CLASS[status] ?? ""}`}>{status.charAt(0) + status.slice(1).toLowerCase()}</span>;
}
