import { Link } from "@remix-run/react";
import { PrintHeader } from "~/components/ui/PrintHeader";
import { SESSION_STATUS_LABELS, type SessionStatus } from "~/domain/scheduling";

export type SessionHeaderData = {
  id: string;
  title: string;
  kind: string;
  status: string;
  cohortId: string;
  cohortName: string;
  programName?: string;
  timeZone: string;
  startsLocal: string;
  endsLocal: string;
  room: string | null;
  site: string;
  staff: { id: string; name: string; role: string }[];
};

const PRINT_TITLES = { session: "Group note", dosing: "Dosing record", orders: "Dose orders" } as const;

const KIND_LABELS: Record<string, string> = {
  SCREENING: "Screening",
  PREPARATION: "Preparation",
  DOSING: "Dosing",
  INTEGRATION: "Integration",
  FOLLOW_UP: "Follow-up",
};

export function kindLabel(kind: string) {
  return KIND_LABELS[kind] ?? kind;
}

export function SessionHeader({ session, current }: { session: SessionHeaderData; current: "session" | "dosing" | "orders" }) {
  return (
    <header className="session-header">
      <PrintHeader
        title={`${PRINT_TITLES[current]}: ${session.title}`}
        lines={[
          `${session.programName ? `Program ${session.programName} · ` : ""}Cohort ${session.cohortName}`,
          `${session.startsLocal} – ${session.endsLocal.slice(-5)} (${session.timeZone}) · ${session.room ?? "No room set"}, ${session.site}`,
        ]}
      />
      <p className="breadcrumb">
        <Link to={`/cohorts/${session.cohortId}`}>{session.cohortName}</Link> /
      </p>
      <div className="page-header">
        <h1>
          {session.title} <span className="badge badge--muted">{kindLabel(session.kind)}</span>
        </h1>
        {session.kind === "DOSING" ? (
          <nav aria-label="Session pages" className="actions no-print">
            {current !== "session" ? (
              <Link className="button" to={`/sessions/${session.id}`}>
                Attendance and group note
              </Link>
            ) : null}
            {current !== "dosing" ? (
              <Link className={`button${current === "session" ? " button--primary" : ""}`} to={`/sessions/${session.id}/dosing`}>
                Dosing board
              </Link>
            ) : null}
            {current !== "orders" ? (
              <Link className="button" to={`/sessions/${session.id}/orders`}>
                Dose orders
              </Link>
            ) : null}
          </nav>
        ) : null}
      </div>
      <dl className="facts">
        <dt>When</dt>
        <dd>
          {session.startsLocal} – {session.endsLocal.slice(-5)} <span className="muted small">({session.timeZone})</span>
        </dd>
        <dt>Where</dt>
        <dd>
          {session.room ?? "No room set"}, {session.site}
        </dd>
        <dt>Staff</dt>
        <dd>
          {session.staff.length
            ? session.staff.map((s) => `${s.name} (${s.role === "CLINICIAN" ? "clinician" : "facilitator"})`).join(", ")
            : "No staff assigned"}
        </dd>
        {session.status !== "SCHEDULED" ? (
          <>
            <dt>Status</dt>
            <dd>{SESSION_STATUS_LABELS[session.status as SessionStatus] ?? session.status}</dd>
          </>
        ) : null}
      </dl>
    </header>
  );
}
