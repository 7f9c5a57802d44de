import QRCode from "qrcode";
// Completion tracker for one cohort. The loader only reads: the expected Assessment rows
// are kept in step with the measure plan by the writes that change it (enrollment,
// schedule edits, import; see syncExpectedAssessments).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { CompletionTracker, LinkReveal, type TrackerColumn, type TrackerRow } from "~/components/measures/CompletionTracker";
import { FormError } from "~/components/ui/Field";
import { participantLabel, readerFor, requireCohortAccess } from "~/models/access.server";
import { getCohortTracker, MeasureError, parseStoredScores } from "~/models/assessment.server";
import { cellState, shortTimepointLabel } from "~/models/measureState";
import { createSelfReportLink, revokeSelfReportLink } from "~/models/selfReport.server";
import { addDaysToLocalDate, instantToLocal } from "~/domain/scheduling";
import cssUrl from "~/styles/measures.css";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { dbReady } from "~/utils/db.server";
import { can, seesParticipantNames } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Measures — ${data?.cohortName ?? "Cohort"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(viewer, args.params.cohortId);
  const { cohort: c, columns, skippedTimepoints } = await getCohortTracker(readerFor(args, viewer), cohort.id);
  const now = new Date();
  const rows: TrackerRow[] = c.enrollments.map((e) => {
    const cells: TrackerRow["cells"] = {};
    for (const a of e.assessments) {
      const scores = parseStoredScores(a.scores);
      const lastDay = addDaysToLocalDate(instantToLocal(a.windowCloses, c.timeZone).date, -1);
      cells[`${a.timepointKey}|${a.instrumentCode}`] = {
        id: a.id,
        state: cellState(a, now),
        dueDate: a.dueDate,
        lastDay,
        completedOn: a.completedOn,
        headline: scores ? scores.scales.map((s) => (s.value === null ? `${s.key} —` : `${s.key === "total" ? "" : `${s.key} `}${Math.round(s.value * 10) / 10}`)).slice(0, 4).join(" · ") : null,
      };
    }
    return {
      enrollmentId: e.id,
      participantId: e.participant.id,
      label: participantLabel(viewer, e.participant),
      completed: e.assessments.filter((a) => a.status === "COMPLETED").length,
      expected: e.assessments.length,
      cells,
      links: Object.fromEntries(e.selfReportLinks.map((l) => [l.timepointKey, { id: l.id, expiresAt: l.expiresAt.toISOString() }])),
    };
  });
  const trackerColumns: TrackerColumn[] = columns.map((col, i) => ({
    ...col,
    timepointLabel: shortTimepointLabel(col.timepointLabel),
    firstOfTimepoint: i === 0 || columns[i - 1].timepointKey !== col.timepointKey,
  }));
  return {
    cohortName: c.name,
    rows,
    columns: trackerColumns,
    skipped: skippedTimepoints,
    canEnter: can(viewer.roles, "measure:enter") && seesParticipantNames(viewer.roles),
    canLink: can(viewer.roles, "measure:links"),
    names: seesParticipantNames(viewer.roles),
  };
}

type ActionResult = { kind: "link"; url: string; qrSvg: string; expiresAt: string; label: string } | { kind: "done"; message: string } | { kind: "error"; message: string };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "measure:links");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  const form = await readForm(args.request);
  const meta = requestMeta(args);
  const db = await dbReady();
  try {
    switch (form.get("intent")) {
      case "create-link": {
        const enrollment = await db.enrollment.findFirst({ where: { id: String(form.get("enrollmentId") ?? ""), cohortId: cohort.id }, include: { participant: true } });
        if (!enrollment) throw new Response("Enrollment not found", { status: 404 });
        const timepointKey = String(form.get("timepointKey") ?? "");
        const { token, link } = await createSelfReportLink(actor, meta, { enrollmentId: enrollment.id, timepointKey });
        const url = `${new URL(args.request.url).origin}/q/${token}`;
        // A printable QR code of the same link, for participants given it on paper.
        const qrSvg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
        return data<ActionResult>({ kind: "link", url, qrSvg, expiresAt: link.expiresAt.toISOString(), label: `${participantLabel(actor, enrollment.participant)} — ${timepointKey}` });
      }
      case "revoke-link": {
        const link = await db.selfReportLink.findFirst({ where: { id: String(form.get("linkId") ?? ""), enrollment: { cohortId: cohort.id } } });
        if (!link) throw new Response("Link not found", { status: 404 });
        await revokeSelfReportLink(actor, meta, link.id);
        return data<ActionResult>({ kind: "done", message: "The link is revoked; it can no longer be opened." });
      }
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  } catch (e) {
    if (e instanceof MeasureError) return data<ActionResult>({ kind: "error", message: e.message }, { status: 400 });
    throw e;
  }
}

export default function CohortMeasures() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <div>
      <h2>Measures</h2>
      <p className="muted">
        Questionnaires per participant and timepoint. Due and overdue follow each timepoint&apos;s window in the cohort&apos;s time zone.
        {!d.names ? " Participants are shown by code only." : ""}
      </p>
      {result?.kind === "link" ? <LinkReveal url={result.url} qrSvg={result.qrSvg} expiresAt={result.expiresAt} label={result.label} /> : null}
      {result?.kind === "done" ? (
        <div className="callout callout--ok" role="status">
          {result.message}
        </div>
      ) : null}
      <FormError message={result?.kind === "error" ? result.message : undefined} />
      {d.skipped.length ? (
        <div className="callout callout--warn">
          {d.skipped.map((s) => (
            <p key={s.key}>
              Timepoint {s.key} has no due date: {s.reason}.
            </p>
          ))}
        </div>
      ) : null}
      {d.columns.length === 0 ? (
        <div className="empty">This cohort&apos;s program has no measure plan. Add timepoints to the program to track questionnaires.</div>
      ) : (
        <CompletionTracker rows={d.rows} columns={d.columns} canEnter={d.canEnter} canLink={d.canLink} linkParticipants={d.names} />
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
