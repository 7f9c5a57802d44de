import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AdverseEventForm } from "~/components/safety/AdverseEventForm";
import { adverseEventSchema } from "~/forms/adverseEvents";
import { readerFor } from "~/models/access.server";
import { createAdverseEvent, getAeFormContext } from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Record an adverse event${data ? ` — ${data.participant.label}` : ""} — GroupKAP` },
];

function target(request: Request) {
  const url = new URL(request.url);
  return {
    participantId: url.searchParams.get("participantId"),
    sessionId: url.searchParams.get("sessionId"),
    cohortId: url.searchParams.get("cohortId"),
  };
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const t = target(args.request);
  const ctx = await getAeFormContext(readerFor(args, viewer), t);
  return { ...ctx, sessionId: t.sessionId ?? "" };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  // The report's times are read in its cohort's time zone, so the schema needs the cohort
  // first: the form's own cohort field (a copy of the body, checked like every form) or the address.
  const sent = await readForm(args.request.clone());
  const t = target(args.request);
  const formCohort = sent.get("cohortId");
  const ctx = await getAeFormContext(readerFor(args, viewer), { ...t, cohortId: typeof formCohort === "string" ? formCohort : t.cohortId });
  return formAction(args, {
    permission: { actor: viewer },
    schema: adverseEventSchema(ctx.cohort.timeZone),
    run: (input, { meta, form }) =>
      createAdverseEvent(
        viewer,
        meta,
        { participantId: ctx.participant.id, cohortId: ctx.cohort.id },
        {
          ...input,
          // A "record an AE for this session" link carries the session in the address; the form's own field wins.
          groupSessionId: form.has("groupSessionId") ? input.groupSessionId : (t.sessionId ?? undefined),
        },
      ),
    success: ({ id }, input) => ({
      redirect: `/adverse-events/${id}`,
      toast: `Adverse event recorded.${input.serious || input.grade >= 3 ? " Clinicians see it in the safety inbox." : ""}`,
    }),
  });
}

export default function NewAdverseEvent() {
  const ctx = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const schema = useMemo(() => adverseEventSchema(ctx.cohort.timeZone), [ctx.cohort.timeZone]);
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/adverse-events">Adverse events</Link> /{" "}
        <Link to={`/participants/${ctx.participant.id}/adverse-events`}>{ctx.participant.label}</Link> /
      </p>
      <h1>Record an adverse event</h1>
      <p>
        <strong>{ctx.participant.label}</strong> · {ctx.cohort.name} · times in {ctx.cohort.timeZone}
      </p>
      <AdverseEventForm
        id="new-adverse-event"
        schema={schema}
        reply={reply}
        defaultValue={{ groupSessionId: ctx.sessionId }}
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
