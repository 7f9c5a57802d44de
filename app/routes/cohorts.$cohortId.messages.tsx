// A cohort's delivery log: every invitation, reminder and session message of its
// participants, with status and reason, in the cohort's time zone.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { MessageLog } from "~/components/outreach/MessageLog";
import { parseMessageLogQuery } from "~/forms/outreach-log";
import { readerFor, requireCohortAccess } from "~/models/access.server";
import { listMessages } from "~/models/outreach/messages.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Messages — ${data?.cohort.name ?? "Cohort"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "outreach:manage");
  const cohort = await requireCohortAccess(viewer, args.params.cohortId, args.context);
  const q = parseMessageLogQuery(new URL(args.request.url).searchParams);
  const log = await listMessages(readerFor(args, viewer), { cohortId: cohort.id }, q, cohort.timeZone);
  return { cohort: { id: cohort.id, name: cohort.name, programId: cohort.programId }, log };
}

export default function CohortMessages() {
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="cohort-messages-h">
      <h2 id="cohort-messages-h">Messages</h2>
      <p className="muted small">
        Planned from the program&apos;s protocol: an invitation when each questionnaire window opens, reminders until it is completed,
        reminders before each session. Participants without consent to be contacted, or who opted out, get none.{" "}
        <Link to={`/programs/${d.cohort.programId}/outreach`}>Wording and rules for this program</Link>
      </p>
      <MessageLog
        log={d.log}
        path={`/cohorts/${d.cohort.id}/messages`}
        caption={`Messages to participants of ${d.cohort.name}, newest due first`}
        participantHref={(id) => `/participants/${id}/contact`}
        empty="No messages for this cohort yet. Record each participant's consent to be contacted and an email or mobile number (participant page, Contact and messages); messages are planned within a few minutes."
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
