import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { ParticipantForm } from "~/components/participant/ParticipantForm";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { participantCreateForm } from "~/forms/participants";
import { addedMessage } from "~/models/enrollment.shared";
import { createParticipant, generateParticipantCode, openCohortChoices } from "~/models/participant.server";
import cssUrl from "~/styles/participants.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "New participant — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:manage");
  const url = new URL(args.request.url);
  const preselect = url.searchParams.get("cohortId") ?? "";
  const { cohorts, more } = await openCohortChoices(viewer, { chosenId: preselect || undefined });
  return {
    code: await generateParticipantCode(),
    cohortId: cohorts.some((c) => c.id === preselect) ? preselect : "",
    returnTo: url.searchParams.get("returnTo") === "roster" ? "roster" : undefined,
    cohorts: cohorts.map((c) => ({ id: c.id, label: `${c.name} (starts ${formatLocalDate(c.startDate)}, ${c.capacity} seats)` })),
    moreCohorts: more,
  };
}

export async function action(args: ActionFunctionArgs) {
  return formAction(args, {
    permission: "participant:manage",
    schema: participantCreateForm,
    run: (input, { actor, meta }) => createParticipant(actor, meta, input),
    success: (created, input) => ({
      redirect: input.returnTo === "roster" && input.cohortId ? `/cohorts/${input.cohortId}/roster` : `/participants/${created.id}`,
      toast: `Participant ${created.code} created.${created.enrollment ? ` ${addedMessage(created.enrollment)}` : ""}`,
    }),
  });
}

export default function NewParticipant() {
  const { code, cohortId, cohorts, moreCohorts, returnTo } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/participants">Participants</Link> /
      </p>
      <h1>New participant</h1>
      <p className="muted">Enrolling into a cohort gives the participant a seat, or a place on the cohort's waitlist when it is full.</p>
      <ParticipantForm
        id="new-participant"
        reply={reply}
        defaultValue={{ code, cohortId }}
        submitLabel="Create participant"
        create={{ cohorts, more: moreCohorts }}
        returnTo={returnTo}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
