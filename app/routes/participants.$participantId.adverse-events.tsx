import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AeTable } from "~/components/safety/AeTable";
import { participantLabel, readerFor, requireParticipantAccess } from "~/models/access.server";
import { listAdverseEvents } from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Adverse events — ${data?.participant.label ?? "Participant"} — GroupKAP` },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const p = await requireParticipantAccess(viewer, args.params.participantId, args.context);
  const rows = await listAdverseEvents(readerFor(args, viewer), { participantId: p.id });
  return { participant: { id: p.id, label: participantLabel(viewer, p) }, rows };
}

export default function ParticipantAdverseEvents() {
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="participant-ae-h">
      <div className="page-header">
        <h2 id="participant-ae-h">Adverse events</h2>
        <Link className="button button--primary" to={`/adverse-events/new?participantId=${d.participant.id}`}>
          Record an adverse event
        </Link>
      </div>
      <AeTable
        rows={d.rows}
        show={{ participant: false, cohort: true }}
        empty={`No adverse events recorded for ${d.participant.label}. Use “Record an adverse event” if something happened.`}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
