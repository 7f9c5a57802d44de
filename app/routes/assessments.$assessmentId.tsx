import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AssessmentScores } from "~/components/measures/AssessmentScores";
import { QuestionnaireFields, itemErrors, itemValues } from "~/components/measures/QuestionnaireFields";
import { Field, FormError } from "~/components/ui/Field";
import { SchemaForm, fieldProps, formMessage, replyFor, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatLocalDate, formatUtcDateTime } from "~/domain/scheduling/localTime";
import { assessmentIntents } from "~/forms/measures";
import { FORM_ID_FIELD } from "~/forms/reply";
import { notFound, participantLabel, readerFor } from "~/models/access.server";
import {
  enterAssessment,
  findAssessmentForWrite,
  getAssessmentForViewer,
  getEnteredByNames,
  markAssessmentMissed,
  measurePlanOf,
  parseStoredScores,
  todayIn,
} from "~/models/assessment.server";
import { found } from "~/models/kernel.server";
import { cellState, describeQuestionnaire, windowDates } from "~/models/measureState";
import { questionnairesFor } from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

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
      when: describeQuestionnaire({ state: cellState(a), ...windowDates(a, a.enrollment.cohort.timeZone), completedOn: a.completedOn }),
      version: a.version,
      dueDate: a.dueDate,
      completedOn: a.completedOn,
      completedAt: a.completedAt?.toISOString() ?? null,
      source: a.source,
      enteredBy: a.enteredById
        ? (names.get(a.enteredById) ?? "Unknown user")
        : a.source === "SELF_REPORT"
          ? "Participant (self-report link)"
          : null,
      scoringVersion: a.scoringVersion,
      scores: parseStoredScores(a.scores),
    },
    values: Object.fromEntries(responses.map((v, i) => [i + 1, v])),
    questionnaire,
    participant: { id: p.id, label: participantLabel(viewer, p) },
    cohort: { id: a.enrollment.cohortId, name: a.enrollment.cohort.name },
    timepointLabel: tp?.label ?? a.timepointKey,
    today: todayIn(a.enrollment.cohort.timeZone),
    revisions: a.revisions.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      enteredBy: r.enteredById
        ? (names.get(r.enteredById) ?? "Unknown user")
        : r.source === "SELF_REPORT"
          ? "Participant"
          : r.source === "IMPORT"
            ? "Import"
            : "—",
      reason: r.reason,
      scores: parseStoredScores(r.scores),
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "measure:enter");
  const a = found(await findAssessmentForWrite(actor, args.params.assessmentId ?? ""), "Questionnaire not found");
  return formAction(args, {
    permission: { actor },
    schema: assessmentIntents(a.instrumentCode),
    run: async (input, { meta }) => {
      if (input.intent === "save") await enterAssessment(actor, meta, a.id, input);
      else await markAssessmentMissed(actor, meta, a.id, input.version);
    },
    success: (_, input) => ({
      redirect: `/assessments/${a.id}`,
      toast: input.intent === "save" ? "Saved and scored." : "Marked as missed.",
    }),
  });
}

export default function AssessmentPage() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { assessment: a, questionnaire: q } = d;
  const editing = a.status === "COMPLETED";
  const [form, fields] = useSchemaForm({
    id: "answers",
    schema: assessmentIntents(q.code),
    reply,
    defaultValue: { completedOn: a.completedOn ?? d.today, reason: "", r: { [q.code]: d.values } },
  });
  const errors = itemErrors(form.allErrors, q.code);
  const itemCount = Object.keys(errors).length;
  const missedError = replyFor(reply, "missed")?.result.error?.[""]?.[0];
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to={`/participants/${d.participant.id}/measures`}>{d.participant.label}</Link> /{" "}
        <Link to={`/cohorts/${d.cohort.id}/measures`}>{d.cohort.name}</Link> /
      </p>
      <h1>
        {q.shortName} — {d.timepointLabel}
      </h1>
      <p>
        <span
          className={`badge ${a.state === "completed" ? "badge--ok" : a.state === "overdue" ? "badge--danger" : a.state === "due" ? "badge--warn" : "badge--muted"}`}
        >
          {a.when}
        </span>{" "}
        <span className="muted small">
          Target date {formatLocalDate(a.dueDate)}
          {a.enteredBy ? ` · entered by ${a.enteredBy}` : ""}
          {a.completedAt ? ` on ${formatUtcDateTime(a.completedAt)}` : ""}
          {a.source ? ` · source ${a.source.toLowerCase().replace("_", "-")}` : ""}
        </span>
      </p>
      {a.scores ? <AssessmentScores scores={a.scores} scoringVersion={a.scoringVersion} /> : null}
      <FormError message={formMessage(form) ?? missedError} />
      {itemCount ? (
        <div className="callout callout--error" role="alert">
          {itemCount} item{itemCount === 1 ? " needs" : "s need"} an answer in range. Nothing was saved.
        </div>
      ) : null}
      <SchemaForm form={form} className="card" aria-label={`${q.shortName} answers`}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={a.version} />
        <QuestionnaireFields key={form.key} q={q} values={itemValues(form.initialValue, q.code)} errors={errors} compact />
        <Field key={fields.completedOn.key} label="Completed on" type="date" required max={d.today} {...fieldProps(fields.completedOn)} />
        {editing ? (
          <Field
            key={fields.reason.key}
            label="Reason for the change"
            hint="The previous answers are kept as a revision."
            {...fieldProps(fields.reason)}
          />
        ) : null}
        <div className="actions">
          <button className="button button--primary" type="submit" disabled={busy}>
            {editing ? "Save changes" : "Save and score"}
          </button>
        </div>
      </SchemaForm>
      {a.status === "EXPECTED" ? (
        <Form method="post" className="actions no-print">
          <input type="hidden" name={FORM_ID_FIELD} value="missed" />
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
                Replaced {formatUtcDateTime(r.createdAt)} (first entered by {r.enteredBy}){r.reason ? ` — ${r.reason}` : ""}:{" "}
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
