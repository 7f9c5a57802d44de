import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ParticipantForm } from "~/components/participant/ParticipantForm";
import { FieldError } from "~/models/enrollment.server";
import { ParticipantCreateSchema } from "~/models/participant.schema";
import { createParticipant, generateParticipantCode, visibleCohortOptions } from "~/models/participant.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { parseForm } from "~/utils/forms";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/participants.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "New participant — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:manage");
  const cohorts = await visibleCohortOptions(viewer, { openOnly: true });
  const url = new URL(args.request.url);
  const preselect = url.searchParams.get("cohortId") ?? "";
  return {
    code: await generateParticipantCode(),
    cohortId: cohorts.some((c) => c.id === preselect) ? preselect : "",
    returnTo: url.searchParams.get("returnTo") === "roster" ? "roster" : undefined,
    cohorts: cohorts.map((c) => ({ id: c.id, label: `${c.name} (starts ${c.startDate}, ${c.capacity} seats)` })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "participant:manage");
  const form = await readForm(args.request);
  if (form.get("intent") !== "save") throw new Response("Unknown intent", { status: 400 });
  const parsed = parseForm(ParticipantCreateSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    const created = await createParticipant(actor, requestMeta(args), parsed.data);
    const back = form.get("returnTo") === "roster" && parsed.data.cohortId ? `/cohorts/${parsed.data.cohortId}/roster` : `/participants/${created.id}`;
    return redirect(back);
  } catch (e) {
    if (e instanceof FieldError) return data({ errors: { [e.field]: e.message }, values: Object.fromEntries(form) as Record<string, string> }, { status: 400 });
    throw e;
  }
}

export default function NewParticipant() {
  const { code, cohortId, cohorts, returnTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = (result?.values as Record<string, string> | undefined) ?? { code, cohortId };
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/participants">Participants</Link> /
      </p>
      <h1>New participant</h1>
      <p className="muted">
        Enrolling into a cohort gives the participant a seat, or a place on the cohort's waitlist when it is full.
      </p>
      <ParticipantForm values={values} errors={(result?.errors ?? {}) as Record<string, string>} submitLabel="Create participant" create={{ cohorts }} returnTo={returnTo} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
