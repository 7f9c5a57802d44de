import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { kindLabel } from "~/components/sessions/SessionHeader";
import { SortableTable } from "~/components/ui/SortableTable";
import { formatMg, formatMgPerKg } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling";
import { readerFor, requireParticipantAccess } from "~/models/access.server";
import { ATTENDANCE_LABELS, type AttendanceStatus } from "~/models/attendance.shared";
import { getParticipantSessionHistory } from "~/models/groupNote.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Sessions — Participant — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const participant = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const rows = await getParticipantSessionHistory(readerFor(args, viewer), participant.id);
  return {
    participantId: participant.id,
    rows: rows.map((r) => ({
      sessionId: r.sessionId,
      cohortName: r.cohortName,
      title: r.title,
      kind: r.kind,
      startsAt: r.startsAt.toISOString(),
      when: formatLocalDateTime(r.startsAt, r.timeZone),
      attendance: r.attendance,
      observation: r.observation,
      dosing: r.dosing
        ? {
            status: r.dosing.status,
            dose: r.dosing.doseUg ? `${formatMg(r.dosing.doseUg)} mg` : null,
            mgPerKg: r.dosing.doseUg && r.dosing.weightG ? `${formatMgPerKg(r.dosing.doseUg / 1000, r.dosing.weightG / 1000)} mg/kg` : null,
            route: r.dosing.route,
            overridden: r.dosing.overridden,
          }
        : null,
    })),
  };
}

export default function ParticipantSessions() {
  const { rows } = useLoaderData<typeof loader>();
  type Row = (typeof rows)[number];
  const attended = rows.filter((r) => r.attendance === "PRESENT" || r.attendance === "LATE" || r.attendance === "LEFT_EARLY").length;
  const recorded = rows.filter((r) => r.attendance).length;
  return (
    <section aria-labelledby="sessions-h">
      <h2 id="sessions-h">Sessions</h2>
      <p className="muted">
        Attended {attended} of {recorded} sessions with attendance recorded. Only this participant's own observations are shown here; the
        group narrative stays on the session page.
      </p>
      <SortableTable<Row>
        caption="Sessions, attendance, observations and dosing"
        rows={rows}
        rowKey={(r) => r.sessionId}
        initialSort={{ key: "when", dir: "asc" }}
        empty={<p className="empty">No sessions yet: the participant is not enrolled in a cohort with scheduled sessions.</p>}
        columns={[
          {
            key: "when",
            header: "When",
            render: (r) => <Link to={`/sessions/${r.sessionId}`}>{r.when}</Link>,
            sortValue: (r) => r.startsAt,
          },
          {
            key: "session",
            header: "Session",
            render: (r) => `${r.title} (${kindLabel(r.kind)}) · ${r.cohortName}`,
            sortValue: (r) => r.title,
          },
          {
            key: "attendance",
            header: "Attendance",
            render: (r) =>
              r.attendance ? (
                (ATTENDANCE_LABELS[r.attendance as AttendanceStatus] ?? r.attendance)
              ) : (
                <span className="muted">Not recorded</span>
              ),
            sortValue: (r) => r.attendance,
          },
          {
            key: "observation",
            header: "Observation",
            render: (r) =>
              r.observation ? (
                <>
                  <span className="prewrap">{r.observation.text}</span>{" "}
                  {r.observation.signed ? null : <span className="badge badge--warn">Draft</span>}
                </>
              ) : (
                "—"
              ),
          },
          {
            key: "dosing",
            header: "Dosing",
            render: (r) =>
              r.dosing ? (
                <>
                  {[r.dosing.dose, r.dosing.mgPerKg, r.dosing.route].filter(Boolean).join(" · ") || "Started"}{" "}
                  <span className={`badge ${r.dosing.status === "SIGNED" ? "badge--ok" : "badge--warn"}`}>
                    {r.dosing.status === "SIGNED" ? "Signed" : "Draft"}
                  </span>
                  {r.dosing.overridden ? <span className="badge badge--danger">BP override</span> : null}
                </>
              ) : (
                "—"
              ),
          },
        ]}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
