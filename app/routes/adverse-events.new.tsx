import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AdverseEventForm } from "~/components/safety/AdverseEventForm";
import { readerFor } from "~/models/access.server";
import { AeConflictError, AeFieldError, createAdverseEvent, getAeFormContext, parseAdverseEventForm } from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { formValues } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record an adverse event${data ? ` — ${data.participant.label}` : ""} — GroupKAP` },
];

function target(request: Request) {
  const url = new URL(request.url);
  return { participantId: url.searchParams.get("participantId"), sessionId: url.searchParams.get("sessionId"), cohortId: url.searchParams.get("cohortId") };
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const t = target(args.request);
  const ctx = await getAeFormContext(readerFor(args, viewer), t);
  return { ...ctx, sessionId: t.sessionId ?? "" };
}

type ActionResult = { errors: Record<string, string>; values: Record<string, string | string[]> };

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const form = await readForm(args.request);
  const t = target(args.request);
  const ctx = await getAeFormContext(readerFor(args, viewer), { ...t, cohortId: (form.get("cohortId") as string | null) ?? t.cohortId });
  // A "record an AE for this session" link carries the session in the URL; the form's own field wins.
  if (!form.has("groupSessionId") && t.sessionId) form.set("groupSessionId", t.sessionId);
  const parsed = parseAdverseEventForm(form, ctx.cohort.timeZone);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const { id } = await createAdverseEvent(viewer, requestMeta(args), { participantId: ctx.participant.id, cohortId: ctx.cohort.id }, parsed.data);
    return redirect(`/adverse-events/${id}?created=1`);
  } catch (e) {
    const values = formValues(form);
    if (e instanceof AeFieldError) return data<ActionResult>({ errors: { [e.field]: e.message }, values }, { status: 400 });
    if (e instanceof AeConflictError) return data<ActionResult>({ errors: { form: e.message }, values }, { status: 409 });
    throw e;
  }
}

export default function NewAdverseEvent() {
  const ctx = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/adverse-events">Adverse events</Link> / <Link to={`/participants/${ctx.participant.id}/adverse-events`}>{ctx.participant.label}</Link> /
      </p>
      <h1>Record an adverse event</h1>
      <p>
        <strong>{ctx.participant.label}</strong> · {ctx.cohort.name} · times in {ctx.cohort.timeZone}
      </p>
      <AdverseEventForm
        values={result?.values ?? { groupSessionId: ctx.sessionId }}
        errors={result?.errors ?? {}}
        sessions={ctx.sessions}
        timeZone={ctx.cohort.timeZone}
        hidden={{ cohortId: ctx.cohort.id }}
        submitLabel="Record adverse event"
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
