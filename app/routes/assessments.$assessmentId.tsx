import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AssessmentScores } from "~/components/measures/AssessmentScores";
import { QuestionnaireFields } from "~/components/measures/QuestionnaireFields";
import { Field, FormError } from "~/components/ui/Field";
import { notFound, participantLabel, readerFor } from "~/models/access.server";
import {
  ConflictError,
  enterAssessment,
  findAssessmentForWrite,
  getAssessmentForViewer,
  getEnteredByNames,
  markAssessmentMissed,
  measurePlanOf,
  parseStoredScores,
  ResponsesError,
  todayIn,
} from "~/models/assessment.server";
import { cellState, CELL_STATE_LABELS } from "~/models/measureState";
import { questionnairesFor, rawFromForm } from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import { requirePermission } from "~/utils/auth.server";
import { formVersion, readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.questionnaire.shortName ?? "Questionnaire"} — ${data?.participant.label ?? ""} — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "measure:enter");
  const a = await getAssessmentForViewer(readerFor(args, viewer), args.params.assessmentId ?? "");
  if (!a) notFound("Questionnaire not found");
  const p = a.enrollment.participant;
  const [questionnaire] = await questionnairesFor([a]);
  const names = await getEnteredByNames([a.enteredById, ...a.revisions.map((r) => r.enteredById)]);
  const tp = measurePlanOf(a.enrollment.cohort.programVersion.definition).find((t) => t.key === a.timepointKey);
  const responses: (number | null)[] = a.responses ? JSON.parse(a.responses) : [];
  return {
    assessment: {
      id: a.id,
      status: a.status,
      state: cellState(a),
      version: a.version,
      dueDate: a.dueDate,
      completedOn: a.completedOn,
      completedAt: a.completedAt?.toISOString() ?? null,
      source: a.source,
      enteredBy: a.enteredById ? (names.get(a.enteredById) ?? "Unknown user") : a.source === "SELF_REPORT" ? "Participant (self-report link)" : null,
      scoringVersion: a.scoringVersion,
      scores: parseStoredScores(a.scores),
    },
    values: Object.fromEntries(responses.map((v, i) => [i + 1, v])),
    questionnaire,
    participant: { id: p.id, label: participantLabel(viewer, p) },
    cohort: { id: a.enrollment.cohortId, name: a.enrollment.cohort.name },
    timepointLabel: tp?.label ?? a.timepointKey,
    today: todayIn(a.enrollment.cohort.timeZone),
    saved: new URL(args.request.url).searchParams.has("saved"),
    revisions: a.revisions.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      enteredBy: r.enteredById ? (names.get(r.enteredById) ?? "Unknown user") : r.source === "SELF_REPORT" ? "Participant" : r.source === "IMPORT" ? "Import" : "—",
      reason: r.reason,
      scores: parseStoredScores(r.scores),
    })),
  };
}

type ActionResult = { kind: "errors"; itemErrors: Record<number, string>; fieldErrors: Record<string, string>; values: Record<string, string> };

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "measure:enter");
  const a = await findAssessmentForWrite(actor, args.params.assessmentId ?? "");
  if (!a) notFound("Questionnaire not found");
  const form = await readForm(args.request);
  const meta = requestMeta(args);
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  try {
    switch (form.get("intent")) {
      case "save": {
        const raw = rawFromForm(form, a.instrumentCode);
        await enterAssessment(actor, meta, {
          assessmentId: a.id,
          version: formVersion(form),
          raw,
          completedOn: String(form.get("completedOn") ?? "").trim(),
          reason: String(form.get("reason") ?? ""),
        });
        return redirect(`/assessments/${a.id}?saved=1`);
      }
      case "missed":
        await markAssessmentMissed(actor, meta, a.id, formVersion(form));
        return redirect(`/assessments/${a.id}`);
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  } catch (e) {
    if (e instanceof ResponsesError) return data<ActionResult>({ kind: "errors", itemErrors: e.errorsByItem, fieldErrors: e.fieldErrors, values }, { status: 400 });
    if (e instanceof ConflictError) return data<ActionResult>({ kind: "errors", itemErrors: {}, fieldErrors: { form: e.message }, values }, { status: 409 });
    throw e;
  }
}

export default function AssessmentPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const { assessment: a, questionnaire: q } = d;
  const saved = d.saved;
  const editing = a.status === "COMPLETED";
  const itemCount = Object.keys(result?.itemErrors ?? {}).length;
  const values: Record<string, string | number | null> = result
    ? Object.fromEntries(q.items.map((i) => [i.number, result.values[`r.${q.code}.${i.number}`] ?? null]))
    : d.values;
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to={`/participants/${d.participant.id}/measures`}>{d.participant.label}</Link> / <Link to={`/cohorts/${d.cohort.id}/measures`}>{d.cohort.name}</Link> /
      </p>
      <h1>
        {q.shortName} — {d.timepointLabel}
      </h1>
      <p>
        <span className={`badge ${a.state === "completed" ? "badge--ok" : a.state === "overdue" ? "badge--danger" : a.state === "due" ? "badge--warn" : "badge--muted"}`}>{CELL_STATE_LABELS[a.state]}</span>{" "}
        <span className="muted small">
          Due {a.dueDate}
          {a.completedOn ? ` · completed ${a.completedOn}` : ""}
          {a.enteredBy ? ` · entered by ${a.enteredBy}` : ""}
          {a.completedAt ? ` on ${a.completedAt.slice(0, 16).replace("T", " ")} UTC` : ""}
          {a.source ? ` · source ${a.source.toLowerCase().replace("_", "-")}` : ""}
        </span>
      </p>
      {saved && !result ? (
        <div className="callout callout--ok" role="status">
          Saved and scored.
        </div>
      ) : null}
      {a.scores ? <AssessmentScores scores={a.scores} scoringVersion={a.scoringVersion} /> : null}
      <FormError message={result?.fieldErrors.form} />
      {itemCount ? (
        <div className="callout callout--error" role="alert">
          {itemCount} item{itemCount === 1 ? " needs" : "s need"} an answer in range. Nothing was saved.
        </div>
      ) : null}
      <Form method="post" className="card" aria-label={`${q.shortName} answers`}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={a.version} />
        <QuestionnaireFields q={q} values={values} errors={result?.itemErrors} compact />
        <Field label="Completed on" name="completedOn" type="date" required defaultValue={result?.values.completedOn ?? a.completedOn ?? d.today} max={d.today} error={result?.fieldErrors.completedOn} />
        {editing ? <Field label="Reason for the change" name="reason" defaultValue={result?.values.reason ?? ""} error={result?.fieldErrors.reason} hint="The previous answers are kept as a revision." /> : null}
        <div className="actions">
          <button className="button button--primary" type="submit" disabled={busy}>
            {editing ? "Save changes" : "Save and score"}
          </button>
        </div>
      </Form>
      {a.status === "EXPECTED" ? (
        <Form method="post" className="actions no-print">
          <input type="hidden" name="intent" value="missed" />
          <input type="hidden" name="version" value={a.version} />
          <button className="button" type="submit">
            Mark as missed
          </button>
        </Form>
      ) : null}
      {d.revisions.length ? (
        <section className="card" aria-labelledby="rev-h">
          <h2 id="rev-h">Earlier versions</h2>
          <ul>
            {d.revisions.map((r) => (
              <li key={r.id}>
                Replaced {r.createdAt.slice(0, 16).replace("T", " ")} UTC (first entered by {r.enteredBy}){r.reason ? ` — ${r.reason}` : ""}:{" "}
                {r.scores?.scales.map((s) => `${s.label} ${s.value === null ? "—" : Math.round(s.value * 100) / 100}`).join(", ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
