import { Link, useFormAction } from "@remix-run/react";
import { useRef } from "react";
import { useClientNavigation } from "~/components/ui/clientNavigation";
import type { EnrollmentStatus } from "~/domain/scheduling";
import { formatLocalDate, formatUtcDateTime } from "~/domain/scheduling/localTime";
import type { FormReply } from "~/forms/reply";
import { EnrollmentActions } from "./EnrollmentActions";
import { StatusBadge, statusLabel } from "./StatusBadge";

export type EnrollmentView = {
  id: string;
  version: number;
  cohort: { id: string; name: string; startDate: string; endDate: string };
  status: EnrollmentStatus;
  statusReason: string | null;
  consentDate: string | null;
  withdrawnOn: string | null;
  waitlistPosition: number | null;
  seatFree: boolean;
  today: string;
  history: { id: string; fromStatus: string | null; toStatus: string; reason: string | null; changedAt: string; changedBy: string }[];
};

/** A participant's enrollments, each with its status history and (for coordinators) the next steps. */
export function EnrollmentList({
  enrollments,
  who,
  canManage,
  reply,
}: {
  enrollments: EnrollmentView[];
  who: string;
  canManage: boolean;
  reply: FormReply<unknown> | undefined;
}) {
  // The step forms are plain forms until a reply answers one (EnrollmentActions).
  const container = useRef<HTMLDivElement>(null);
  useClientNavigation(container);
  const action = useFormAction();
  if (enrollments.length === 0) {
    // The same container as the list's, so the listener is there once someone is added.
    return (
      <div ref={container}>
        <p className="empty">Not on any cohort's roster{canManage ? " yet. Add them to a cohort below." : "."}</p>
      </div>
    );
  }
  return (
    <div ref={container}>
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {enrollments.map((e) => (
          <li key={e.id} className="card">
            <h3>
              <Link to={`/cohorts/${e.cohort.id}/roster`}>{e.cohort.name}</Link> <StatusBadge status={e.status} />
            </h3>
            <dl className="facts">
              <dt>Cohort dates</dt>
              <dd>
                {formatLocalDate(e.cohort.startDate)} to {e.cohort.endDate ? formatLocalDate(e.cohort.endDate) : "—"}
              </dd>
              <dt>Consent date</dt>
              <dd>{e.consentDate ? formatLocalDate(e.consentDate) : "Not recorded"}</dd>
              {e.status === "WAITLISTED" && e.waitlistPosition ? (
                <>
                  <dt>Waitlist</dt>
                  <dd>Waiting for a seat (see the roster for the place in line)</dd>
                </>
              ) : null}
              {e.withdrawnOn ? (
                <>
                  <dt>Withdrawn on</dt>
                  <dd>{formatLocalDate(e.withdrawnOn)}</dd>
                </>
              ) : null}
              {e.statusReason ? (
                <>
                  <dt>Reason</dt>
                  <dd>{e.statusReason}</dd>
                </>
              ) : null}
            </dl>
            {canManage ? (
              <EnrollmentActions
                enrollment={e}
                who={`${who} in ${e.cohort.name}`}
                seatFree={e.seatFree}
                today={e.today}
                reply={reply}
                action={action}
              />
            ) : null}
            <details>
              <summary>Status history ({e.history.length})</summary>
              <ol className="history">
                {e.history.map((h) => (
                  <li key={h.id}>
                    {formatUtcDateTime(h.changedAt)}: {h.fromStatus ? `${statusLabel(h.fromStatus)} → ` : ""}
                    <strong>{statusLabel(h.toStatus)}</strong>
                    {h.reason ? ` (${h.reason})` : ""} · {h.changedBy}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
