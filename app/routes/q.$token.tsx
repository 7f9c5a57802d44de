// The participant's questionnaire page, opened from a private link. No login; shows
// only the questionnaires of the link's timepoint and nothing about the person. Every
// request counts against a per-link and a per-address limit (see selfReport.server.ts).
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { itemErrors, itemValues, MissingAnswers, QuestionnaireFields } from "~/components/measures/QuestionnaireFields";
import { FormError } from "~/components/ui/Field";
import { SchemaForm, formMessage, useSchemaForm } from "~/components/ui/SchemaForm";
import { formatLocalDateTime } from "~/domain/scheduling";
import { selfReportIntents } from "~/forms/measures";
import type { FormReply } from "~/forms/reply";
import { ConflictError } from "~/models/kernel.server";
import {
  enforceSelfReportRateLimit,
  questionnairesFor,
  resolveSelfReport,
  saveSelfReportDraft,
  submitSelfReport,
} from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import { dbReady } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction = () => [{ title: "Your questionnaires — GroupKAP" }, { name: "robots", content: "noindex, nofollow" }];

export const headers: HeadersFunction = () => ({
  "X-Robots-Tag": "noindex, nofollow",
  "Cache-Control": "no-store",
  "Referrer-Policy": "same-origin",
});

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  await enforceSelfReportRateLimit(token, requestMeta(args).ip);
  const url = new URL(args.request.url);
  const resolved = await resolveSelfReport(token);
  if (resolved.state === "not_open")
    return {
      state: resolved.state,
      thanks: false,
      saved: false,
      questionnaires: [],
      opensAt: `${formatLocalDateTime(resolved.opensAt, resolved.timeZone)} (${resolved.timeZone})`,
    };
  if (resolved.state !== "ok") return { state: resolved.state, thanks: url.searchParams.has("thanks"), saved: false, questionnaires: [] };
  const db = await dbReady();
  await db.selfReportLink.update({ where: { id: resolved.link.id }, data: { lastOpenedAt: new Date() } });
  // The site's crisis line (a setting per site, not a number written into the page).
  const site = await db.enrollment.findUnique({
    where: { id: resolved.link.enrollmentId },
    select: { cohort: { select: { site: { select: { crisisLine: true } } } } },
  });
  return {
    state: "ok" as const,
    thanks: false,
    saved: url.searchParams.has("saved"),
    questionnaires: await questionnairesFor(resolved.assessments),
    crisisLine: site?.cohort.site.crisisLine?.trim() || null,
  };
}

type Gone = { kind: "gone"; state: "invalid" | "used" | "not_open" };
const FORM = "questionnaires";

// No sign-in, so no actor and no Permission: parsed with Conform like `formAction` does,
// with the schema of the questionnaires this link shows, and answered with the same reply.
export async function action(args: ActionFunctionArgs) {
  const meta = requestMeta(args);
  await enforceSelfReportRateLimit(args.params.token ?? "", meta.ip);
  const token = args.params.token ?? "";
  const form = await readForm(args.request);
  const resolved = await resolveSelfReport(token);
  if (resolved.state !== "ok") return gone(resolved.state);
  const submission = parseWithZod(form, {
    schema: selfReportIntents(resolved.assessments.map((a) => a.instrumentCode)),
    disableAutoCoercion: true,
  });
  if (submission.status !== "success") return data<FormReply>({ formId: FORM, result: submission.reply() }, { status: 400 });
  const { intent, r } = submission.value;
  try {
    const res = intent === "draft" ? await saveSelfReportDraft(token, meta, r) : await submitSelfReport(token, meta, r);
    if (res.ok) return redirect(intent === "draft" ? `/q/${token}?saved=1` : `/q/${token}?thanks=1`);
    return gone(res.state);
  } catch (e) {
    // Submitted twice at once, or the questionnaires changed under the page: the link's page says what now.
    if (e instanceof ConflictError) return gone("used");
    throw e;
  }
}

function gone(state: string) {
  return data<Gone>({ kind: "gone", state: state === "used" || state === "not_open" ? state : "invalid" }, { status: 409 });
}

export default function SelfReportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const reply = result && "result" in result ? result : undefined;
  const busy = useNavigation().state === "submitting";
  const state = result && "kind" in result ? result.state : d.state;
  const [form] = useSchemaForm({
    id: FORM,
    schema: selfReportIntents(d.questionnaires.map((q) => q.code)),
    reply,
    defaultValue: { r: Object.fromEntries(d.questionnaires.map((q) => [q.code, q.draft])) },
  });
  if (state === "used") {
    return (
      <div className="selfreport">
        <h1>Thank you</h1>
        <p>
          {d.thanks
            ? "Your answers were received. You can close this page."
            : "These questionnaires have already been submitted, so they cannot be sent again. Thank you!"}
        </p>
        <p>If you have any questions, please contact your program team.</p>
      </div>
    );
  }
  if (state === "not_open") {
    const opensAt = "opensAt" in d ? d.opensAt : null;
    return (
      <div className="selfreport">
        <h1>Not open yet</h1>
        <p>These questions open {opensAt ? `on ${opensAt}` : "later"}. Please come back to this link then.</p>
      </div>
    );
  }
  if (state !== "ok") {
    return (
      <div className="selfreport">
        <h1>This link cannot be used</h1>
        <p>This questionnaire link is not valid any more. It may have expired or been replaced.</p>
        <p>Please contact your program coordinator for a new link.</p>
      </div>
    );
  }
  return (
    <div className="selfreport">
      <h1>Your questionnaires</h1>
      <p>
        Please answer every question. Choose the answer that fits best; there are no right or wrong answers. Your answers go to your program
        team only.
      </p>
      <div className="callout callout--info">
        <p>
          <strong>If you are having thoughts of harming yourself, please do not wait for your team to read this:</strong>{" "}
          {"crisisLine" in d && d.crisisLine ? d.crisisLine : "call your local emergency number now."}
        </p>
      </div>
      <MissingAnswers questionnaires={d.questionnaires} errors={form.allErrors} />
      {d.saved && !result ? (
        <div className="callout callout--ok" role="status">
          Your answers so far are saved. You can come back to this link later to finish.
        </div>
      ) : null}
      <FormError message={formMessage(form)} />
      <SchemaForm form={form} aria-label="Questionnaires">
        {d.questionnaires.map((q) => (
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
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
