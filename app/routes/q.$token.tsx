// The participant's questionnaire page, opened from a private link. No login; shows
// only the questionnaires of the link's timepoint and nothing about the person. Every
// request counts against a per-link and a per-address limit (see selfReport.server.ts).
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { QuestionnaireFields } from "~/components/measures/QuestionnaireFields";
import { ConflictError } from "~/models/assessment.server";
import {
  enforceSelfReportRateLimit,
  questionnairesFor,
  resolveSelfReport,
  saveSelfReportDraft,
  submitSelfReport,
  type SelfReportErrors,
} from "~/models/selfReport.server";
import cssUrl from "~/styles/measures.css";
import { formatLocalDateTime } from "~/domain/scheduling";
import { dbReady } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { requestMeta } from "~/utils/request.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: cssUrl }];

export const meta: MetaFunction = () => [{ title: "Your questionnaires — GroupKAP" }, { name: "robots", content: "noindex, nofollow" }];

export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

export async function loader(args: LoaderFunctionArgs) {
  const token = args.params.token ?? "";
  await enforceSelfReportRateLimit(token, requestMeta(args).ip);
  const url = new URL(args.request.url);
  const resolved = await resolveSelfReport(token);
  if (resolved.state === "not_open") return { state: resolved.state, thanks: false, saved: false, questionnaires: [], opensAt: `${formatLocalDateTime(resolved.opensAt, resolved.timeZone)} (${resolved.timeZone})` };
  if (resolved.state !== "ok") return { state: resolved.state, thanks: url.searchParams.has("thanks"), saved: false, questionnaires: [] };
  await (await dbReady()).selfReportLink.update({ where: { id: resolved.link.id }, data: { lastOpenedAt: new Date() } });
  return { state: "ok" as const, thanks: false, saved: url.searchParams.has("saved"), questionnaires: await questionnairesFor(resolved.assessments) };
}

type ActionResult = { kind: "errors"; errors: SelfReportErrors; values: Record<string, string> } | { kind: "gone"; state: "invalid" | "used" | "not_open" };

export async function action(args: ActionFunctionArgs) {
  const meta = requestMeta(args);
  await enforceSelfReportRateLimit(args.params.token ?? "", meta.ip);
  const token = args.params.token ?? "";
  const form = await readForm(args.request);
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const intent = form.get("intent");
  if (intent !== "draft" && intent !== "submit") throw new Response("Unknown intent", { status: 400 });
  try {
    const res = intent === "draft" ? await saveSelfReportDraft(token, meta, form) : await submitSelfReport(token, meta, form);
    if (res.ok) return redirect(intent === "draft" ? `/q/${token}?saved=1` : `/q/${token}?thanks=1`);
    if ("errors" in res && res.errors) return data<ActionResult>({ kind: "errors", errors: res.errors, values }, { status: 400 });
    return data<ActionResult>({ kind: "gone", state: res.state === "used" || res.state === "not_open" ? res.state : "invalid" }, { status: 409 });
  } catch (e) {
    if (e instanceof ConflictError) return data<ActionResult>({ kind: "gone", state: "used" }, { status: 409 });
    throw e;
  }
}

export default function SelfReportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const state = result?.kind === "gone" ? result.state : d.state;
  if (state === "used") {
    return (
      <div className="selfreport">
        <h1>Thank you</h1>
        <p>{d.thanks ? "Your answers were received. You can close this page." : "These questionnaires have already been submitted, so they cannot be sent again. Thank you!"}</p>
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
  const errors = result?.kind === "errors" ? result.errors : {};
  const errorCount = Object.values(errors).reduce((n, e) => n + Object.keys(e).length, 0);
  return (
    <div className="selfreport">
      <h1>Your questionnaires</h1>
      <p>Please answer every question. Choose the answer that fits best; there are no right or wrong answers. Your answers go to your program team only.</p>
      <div className="callout callout--info">
        <p>
          <strong>If you are having thoughts of harming yourself, please do not wait for your team to read this:</strong> call or text 988 (Suicide &amp; Crisis
          Lifeline, US) or your local emergency number now.
        </p>
      </div>
      {d.saved && !result ? (
        <div className="callout callout--ok" role="status">
          Your answers so far are saved. You can come back to this link later to finish.
        </div>
      ) : null}
      {errorCount ? (
        <div className="callout callout--error" role="alert">
          {errorCount} question{errorCount === 1 ? " still needs" : "s still need"} an answer. They are marked below.
        </div>
      ) : null}
      <Form method="post" aria-label="Questionnaires">
        {d.questionnaires.map((q) => {
          const values: Record<string, string | number | null> =
            result?.kind === "errors" ? Object.fromEntries(q.items.map((i) => [i.number, result.values[`r.${q.code}.${i.number}`] ?? null])) : q.draft;
          return <QuestionnaireFields key={q.code} q={q} values={values} errors={errors[q.code]} />;
        })}
        <div className="actions">
          <button className="button button--primary" type="submit" name="intent" value="submit" disabled={busy}>
            Submit answers
          </button>
          <button className="button" type="submit" name="intent" value="draft" formNoValidate disabled={busy}>
            Save and finish later
          </button>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
