// Completion tracker for one cohort. The loader only reads: the expected Assessment rows
// are kept in step with the measure plan by the writes that change it (enrollment,
// schedule edits, import; see syncExpectedAssessments).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useMemo } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import {
  CompletionTracker,
  cellCountsOfRows,
  countCell,
  currentTimepoint,
  LinkReveal,
  packTrackerRows,
  trackerTimepoints,
  unpackTrackerRows,
  type CellCounts,
  type TrackerColumn,
  type TrackerRow,
} from "~/components/measures/CompletionTracker";
import { FormError } from "~/components/ui/Field";
import { trackerIntents } from "~/forms/measures";
import { participantLabel, readerFor, requireCohortAccess } from "~/models/access.server";
import { getCohortTracker, readTrackerTimepoint } from "~/models/assessment.server";
import { found } from "~/models/kernel.server";
import { questionnaireStates, shortTimepointLabel, TRACKER_ALL } from "~/models/measureState";
import { createSelfReportLink, revokeSelfReportLink } from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { can, seesParticipantNames } from "~/utils/permissions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Measures — ${data?.cohortName ?? "Cohort"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(viewer, args.params.cohortId, args.context);
  // One timepoint's columns at a time (?timepoint=, else the current one), or every one
  // (?timepoint=all): a program's plan is a dozen or more instrument columns, too wide to read,
  // and its cells most of the page. Each timepoint's link says what is due and overdue. Only
  // the shown timepoint's questionnaires are read in full; the others are counted.
  const asked = new URL(args.request.url).searchParams.get("timepoint");
  const tracker = await getCohortTracker(readerFor(args, viewer), cohort.id, asked);
  const { cohort: c, columns, skippedTimepoints } = tracker;
  // Per request, not per cell: a window's state and words (shared by every participant's cell
  // of a timepoint).
  const stateOf = questionnaireStates(c.timeZone);
  const trackerColumns: TrackerColumn[] = columns.map((col, i) => ({
    ...col,
    timepointLabel: shortTimepointLabel(col.timepointLabel),
    firstOfTimepoint: i === 0 || columns[i - 1].timepointKey !== col.timepointKey,
  }));
  const buildRows = (): TrackerRow[] =>
    c.enrollments.map((e) => {
      const cells: TrackerRow["cells"] = {};
      for (const a of e.assessments) {
        const { state, when } = stateOf(a);
        cells[`${a.timepointKey}|${a.instrumentCode}`] = { id: a.id, state, when, headline: a.headline };
      }
      const links: TrackerRow["links"] = {};
      for (const l of e.selfReportLinks) links[l.timepointKey] = { id: l.id, expiresAt: l.expiresAt.toISOString() };
      return {
        enrollmentId: e.id,
        participantId: e.participant.id,
        label: participantLabel(viewer, e.participant),
        completed: e.completed,
        expected: e.expected,
        cells,
        links,
      };
    });
  // Every questionnaire read (?timepoint=all): the timepoints' counts are the cells'. Otherwise
  // counted by window; the timepoint chosen from the counts is read if it was not asked for.
  let rows: TrackerRow[] | null = null;
  let counts: CellCounts;
  if (tracker.windows) {
    counts = new Map();
    for (const w of tracker.windows) countCell(counts, `${w.timepointKey}|${w.instrumentCode}`, stateOf(w).state, w.count);
  } else counts = cellCountsOfRows((rows = buildRows()));
  const timepoints = trackerTimepoints(counts, trackerColumns);
  const timepoint = asked === ALL || timepoints.some((t) => t.key === asked) ? asked! : (currentTimepoint(timepoints) ?? ALL);
  if (tracker.read !== timepoint) {
    await readTrackerTimepoint(tracker, timepoint);
    rows = null;
  }
  rows ??= buildRows();
  const shown = timepoint === ALL ? trackerColumns : trackerColumns.filter((col) => col.timepointKey === timepoint);
  return {
    cohortName: c.name,
    rows: packTrackerRows(rows, shown),
    columns: shown,
    timepoints,
    timepoint,
    skipped: skippedTimepoints,
    canEnter: can(viewer.roles, "measure:enter") && seesParticipantNames(viewer.roles),
    canLink: can(viewer.roles, "measure:links"),
    names: seesParticipantNames(viewer.roles),
  };
}

/** `?timepoint=all`: every timepoint's columns. */
const ALL = TRACKER_ALL;

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "measure:links");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  return formAction(args, {
    permission: { actor },
    schema: trackerIntents,
    run: async (input, { meta }) => {
      const db = await dbReady();
      if (input.intent === "revoke-link") {
        const link = found(
          await db.selfReportLink.findFirst({ where: { id: input.linkId, enrollment: { cohortId: cohort.id } } }),
          "Link not found",
        );
        await revokeSelfReportLink(actor, meta, link.id);
        return null;
      }
      const enrollment = found(
        await db.enrollment.findFirst({ where: { id: input.enrollmentId, cohortId: cohort.id }, include: { participant: true } }),
        "Enrollment not found",
      );
      const { token, link } = await createSelfReportLink(actor, meta, { enrollmentId: enrollment.id, timepointKey: input.timepointKey });
      const url = `${new URL(args.request.url).origin}/q/${token}`;
      // A printable QR code of the same link, for participants given it on paper.
      const qrSvg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
      return {
        url,
        qrSvg,
        expiresAt: link.expiresAt.toISOString(),
        label: `${participantLabel(actor, enrollment.participant)} — ${input.timepointKey}`,
      };
    },
    // The link is shown on this page once (LinkReveal), never carried in the toast cookie.
    success: (link) => (link ? { data: link } : { toast: "The link is revoked; it can no longer be opened." }),
  });
}

export default function CohortMeasures() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const link = reply?.ok ? reply.data : undefined;
  const rows = useMemo(() => unpackTrackerRows(d.rows, d.columns), [d.rows, d.columns]);
  return (
    <div>
      <h2>Measures</h2>
      <p className="muted">
        Questionnaires per participant and timepoint. Due and overdue follow each timepoint&apos;s window in the cohort&apos;s time zone.
        {!d.names ? " Participants are shown by code only." : ""}
      </p>
      {link ? <LinkReveal url={link.url} qrSvg={link.qrSvg} expiresAt={link.expiresAt} label={link.label} /> : null}
      <FormError message={reply?.result.error?.[""]?.[0]} />
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
        <>
          <nav className="tracker-timepoints pill-links" aria-label="Timepoints">
            {[...d.timepoints, { key: ALL, label: "All timepoints", due: 0, overdue: 0 }].map((t) => (
              <Link
                key={t.key}
                to={`?timepoint=${encodeURIComponent(t.key)}`}
                aria-current={t.key === d.timepoint ? "page" : undefined}
                preventScrollReset
              >
                {t.label}
                {t.due || t.overdue ? (
                  <span className="tracker-timepoints__counts">
                    {" · "}
                    {[t.overdue ? `${t.overdue} overdue` : "", t.due ? `${t.due} due` : ""].filter(Boolean).join(", ")}
                  </span>
                ) : null}
              </Link>
            ))}
          </nav>
          <CompletionTracker rows={rows} columns={d.columns} canEnter={d.canEnter} canLink={d.canLink} linkParticipants={d.names} />
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
