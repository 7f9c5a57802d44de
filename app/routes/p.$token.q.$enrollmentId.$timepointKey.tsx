// All open questionnaires of one timepoint, answered in one flow from the participant's
// page: one form, "Submit answers" completes them all (scored by completeAssessmentTx, the
// PHQ-9 item 9 signal raised there), "Save and finish later" keeps a draft to resume.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { itemErrors, itemValues, MissingAnswers, QuestionnaireFields } from "~/components/measures/QuestionnaireFields";
import { CrisisInfo, LinkNotValid } from "~/components/participantPage/PagePieces";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { selfReportIntents } from "~/forms/measures";
import type { FormReply } from "~/forms/reply";
import { ConflictError } from "~/models/kernel.server";
import {
  auditPageView,
  crisisLineOf,
  enforcePageRateLimit,
  openPageToken,
  openTimepoint,
  saveTimepointDraft,
  submitTimepoint,
} from "~/models/outreach/participantPage.server";
import { questionnairesFor } from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import pageCss from "~/styles/participant-page.css";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: cssUrl },
  { rel: "stylesheet", href: pageCss },
];
export const meta: MetaFunction = () => [{ title: "Your questionnaires — GroupKAP" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => ({
  "X-Robots-Tag": "noindex, nofollow",
  "Cache-Control": "no-store",
  "Referrer-Policy": "same-origin",
});

const FORM = "timepoint";

export async function loader(args: LoaderFunctionArgs) {
  const { token = "", enrollmentId = "", timepointKey = "" } = args.params;
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const }, { status: 404 });
  const open = await openTimepoint(access.participantId, enrollmentId, timepointKey);
  await auditPageView(access, meta, `questionnaires ${timepointKey}`);
  const crisisLine = await crisisLineOf(access.participantId);
  if (!open) return data({ state: "closed" as const, crisisLine });
  return data({
    state: "ok" as const,
    label: open.label,
    crisisLine,
    saved: new URL(args.request.url).searchParams.has("saved"),
    questionnaires: await questionnairesFor(open.assessments),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { token = "", enrollmentId = "", timepointKey = "" } = args.params;
  const meta = requestMeta(args);
  await enforcePageRateLimit(token, meta.ip);
  const access = await openPageToken(token);
  if (!access) return data({ state: "invalid" as const }, { status: 404 });
  const form = await readForm(args.request);
  const open = await openTimepoint(access.participantId, enrollmentId, timepointKey);
  if (!open) return data({ state: "closed" as const }, { status: 409 });
  const submission = parseWithZod(form, {
    schema: selfReportIntents(open.assessments.map((a) => a.instrumentCode)),
    disableAutoCoercion: true,
  });
  if (submission.status !== "success") return data<FormReply>({ formId: FORM, result: submission.reply() }, { status: 400 });
  const { intent, r } = submission.value;
  const where = { enrollmentId, timepointKey };
  try {
    if (intent === "draft") {
      if (!(await saveTimepointDraft(access, meta, where, r))) return data({ state: "closed" as const }, { status: 409 });
      return redirect(`/p/${token}/q/${enrollmentId}/${timepointKey}?saved=1`);
    }
    if (!(await submitTimepoint(access, meta, where, r))) return data({ state: "closed" as const }, { status: 409 });
    return redirect(`/p/${token}/thanks?e=${encodeURIComponent(enrollmentId)}&t=${encodeURIComponent(timepointKey)}`);
  } catch (e) {
    if (e instanceof ConflictError)
      return data<FormReply>({ formId: FORM, result: submission.reply({ formErrors: [e.message] }) }, { status: 409 });
    throw e;
  }
}

export default function TimepointQuestionnaires() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { token } = useParams();
  const busy = useNavigation().state === "submitting";
  const state = result && "state" in result ? result.state : d.state;
  const ok = d.state === "ok" ? d : null;
  const [form] = useSchemaForm({
    id: FORM,
    schema: selfReportIntents(ok ? ok.questionnaires.map((q) => q.code) : []),
    reply: result && "result" in result ? result : undefined,
    defaultValue: { r: Object.fromEntries((ok?.questionnaires ?? []).map((q) => [q.code, q.draft])) },
  });
  if (state === "invalid") return <LinkNotValid />;
  const back = (
    <p>
      <Link to={`/p/${token}`}>Back to your page</Link>
    </p>
  );
  if (state === "closed" || !ok) {
    return (
      <div className="ppage">
        <h1>Nothing to answer here</h1>
        <p>These questionnaires are already submitted, or their time to answer has ended. Thank you!</p>
        {back}
      </div>
    );
  }
  return (
    <div className="ppage selfreport">
      <h1>{ok.label}</h1>
      <p>
        {ok.questionnaires.length === 1 ? "One questionnaire" : `${ok.questionnaires.length} questionnaires`}, all on this page. Please
        answer every question; there are no right or wrong answers. Your answers go to your program team only.
      </p>
      <CrisisInfo crisisLine={ok.crisisLine} />
      <MissingAnswers questionnaires={ok.questionnaires} errors={form.allErrors} />
      {ok.saved && !result ? (
        <div className="callout callout--ok" role="status">
          Your answers so far are saved. Come back to your page later to finish.
        </div>
      ) : null}
      <FormError message={formMessage(form)} />
      <SchemaForm form={form} aria-label="Questionnaires">
        {ok.questionnaires.map((q) => (
          <QuestionnaireFields
            key={`${form.key}-${q.code}`}
            q={q}
            values={itemValues(form.initialValue, q.code)}
            errors={itemErrors(form.allErrors, q.code)}
          />
        ))}
        <div className="actions">
          <button className="button button--primary" type="submit" name="intent" value="submit" disabled={busy}>
            Submit answers
          </button>
          <button className="button" type="submit" name="intent" value="draft" formNoValidate disabled={busy}>
            Save and finish later
          </button>
        </div>
      </SchemaForm>
      {back}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
