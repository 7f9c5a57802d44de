import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RosterAddForm } from "~/components/cohort/RosterAddForm";
import { RosterSeatOffers } from "~/components/cohort/RosterSeatOffers";
import { RosterTable, type RosterRowView } from "~/components/cohort/RosterTable";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { FormError } from "~/components/ui/Field";
import { readerFor, requireCohortAccess } from "~/models/access.server";
import { getRoster, runEnrollmentIntent, type EnrollmentActionResult } from "~/models/enrollment.server";
import { requirePermission } from "~/utils/auth.server";
import { readForm } from "~/utils/forms.server";
import { can, seesParticipantNames } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";
import cssUrl from "~/styles/participants.css";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Roster — ${data?.cohort.name ?? "Cohort"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(viewer, args.params.cohortId);
  const canManage = can(viewer.roles, "participant:manage");
  const roster = await getRoster(readerFor(args, viewer), cohort.id, { withCandidates: canManage });
  return { ...roster, names: seesParticipantNames(viewer.roles), canManage };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "participant:manage");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  const form = await readForm(args.request);
  const outcome = await runEnrollmentIntent(actor, requestMeta(args), String(form.get("intent") ?? ""), form, { cohortId: cohort.id });
  if (!outcome) throw new Response("Unknown intent", { status: 400 });
  return data<EnrollmentActionResult>(outcome.result, { status: outcome.status });
}

const SEATED = ["ENROLLED", "ACTIVE"];
const PIPELINE = ["REFERRED", "SCREENING", "ELIGIBLE"];
const LEFT = ["COMPLETED", "WITHDRAWN", "INELIGIBLE"];

export default function CohortRoster() {
  const { cohort, rows, seated, freeSeats, offers, today, names, canManage, candidates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.kind === "errors" ? result.errors : {};
  const pick = (statuses: string[]) => (rows as RosterRowView[]).filter((r) => statuses.includes(r.status));
  const waitlist = pick(["WAITLISTED"]).sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const table = (list: RosterRowView[], caption: string) => (
    <RosterTable rows={list} caption={caption} names={names} canManage={canManage} seatFree={freeSeats > 0} today={today} />
  );
  return (
    <div className="roster">
      <h2>Roster</h2>
      <p>
        <strong>
          {seated} of {cohort.capacity} seats taken
        </strong>
        {waitlist.length ? ` · ${waitlist.length} waiting` : ""}
        {!names ? <span className="muted"> · Participants are shown by code only.</span> : null}
      </p>
      {result?.kind === "done" ? (
        <div className="callout callout--ok" role="status">
          {result.message}
        </div>
      ) : null}
      <FormError message={errors.form} />
      <RosterSeatOffers offers={offers} today={today} canManage={canManage} />

      <section aria-labelledby="seated-h">
        <h3 id="seated-h">Seated (enrolled and active)</h3>
        {pick(SEATED).length ? table(pick(SEATED), "Seated participants") : <p className="empty">No one holds a seat yet.</p>}
      </section>
      <section aria-labelledby="waitlist-h">
        <h3 id="waitlist-h">Waitlist</h3>
        {waitlist.length ? table(waitlist, "Waitlist, first in line first") : <p className="empty">Nobody is waiting. When the cohort is full, new eligible participants join here in order.</p>}
      </section>
      {pick(PIPELINE).length ? (
        <section aria-labelledby="pipeline-h">
          <h3 id="pipeline-h">Referred and in screening</h3>
          {table(pick(PIPELINE), "Participants in screening")}
        </section>
      ) : null}
      {pick(LEFT).length ? (
        <section aria-labelledby="left-h">
          <h3 id="left-h">Completed, withdrawn or ineligible</h3>
          {table(pick(LEFT), "Participants who completed or left")}
        </section>
      ) : null}
      {canManage && cohort.status !== "COMPLETED" && cohort.status !== "CANCELLED" ? <RosterAddForm cohortId={cohort.id} candidates={candidates} freeSeats={freeSeats} errors={errors} /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
