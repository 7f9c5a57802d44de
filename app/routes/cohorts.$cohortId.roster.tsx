import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RosterAddForm } from "~/components/cohort/RosterAddForm";
import { RosterSeatOffers } from "~/components/cohort/RosterSeatOffers";
import { RosterTable, type RosterRowView } from "~/components/cohort/RosterTable";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { stepRefusal } from "~/components/participant/EnrollmentActions";
import { FormError } from "~/components/ui/Field";
import { rosterIntents } from "~/forms/participants";
import { readerFor, requireCohortAccess } from "~/models/access.server";
import { addToCohort, getRoster, transitionEnrollment } from "~/models/enrollment.server";
import { addedMessage, transitionMessage } from "~/models/enrollment.shared";
import { notFound } from "~/models/kernel.server";
import cssUrl from "~/styles/participants.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can, seesParticipantNames } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Roster — ${data?.cohort.name ?? "Cohort"} — GroupKAP` }];

/** The "add a participant" search: a name or code; anything malformed is no search. */
const rosterSearch = z.object({ q: z.string().max(100).catch("") }).catch({ q: "" });

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "cohort:read");
  const cohort = await requireCohortAccess(viewer, args.params.cohortId, args.context);
  const canManage = can(viewer.roles, "participant:manage");
  const { q } = rosterSearch.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const roster = await getRoster(readerFor(args, viewer), cohort.id, { withCandidates: canManage, q });
  return { ...roster, q, names: seesParticipantNames(viewer.roles), canManage };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "participant:manage");
  const cohort = await requireCohortAccess(actor, args.params.cohortId);
  return formAction(args, {
    permission: { actor },
    schema: rosterIntents,
    run: async (input, { meta }) => {
      switch (input.intent) {
        case "transition": {
          const done = await transitionEnrollment(actor, meta, input, { cohortId: cohort.id });
          return { message: transitionMessage(done), offer: done.offer };
        }
        case "add": {
          if (input.cohortId !== cohort.id) notFound("Cohort not found");
          return { message: addedMessage(await addToCohort(actor, meta, input)), offer: null };
        }
      }
    },
    success: ({ message, offer }) => ({ toast: message, data: { offer } }),
  });
}

const SEATED = ["ENROLLED", "ACTIVE"];
const PIPELINE = ["REFERRED", "SCREENING", "ELIGIBLE"];
const LEFT = ["COMPLETED", "WITHDRAWN", "INELIGIBLE"];

export default function CohortRoster() {
  const { cohort, rows, seated, freeSeats, offers, today, names, canManage, candidates, moreCandidates, q } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const pick = (statuses: string[]) => (rows as RosterRowView[]).filter((r) => statuses.includes(r.status));
  const waitlist = pick(["WAITLISTED"]).sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const table = (list: RosterRowView[], caption: string) => (
    <RosterTable rows={list} caption={caption} names={names} canManage={canManage} seatFree={freeSeats > 0} today={today} reply={reply} />
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
      <FormError message={stepRefusal(reply)} />
      <RosterSeatOffers offers={offers} today={today} canManage={canManage} />

      <section aria-labelledby="seated-h">
        <h3 id="seated-h">Seated (enrolled and active)</h3>
        {pick(SEATED).length ? table(pick(SEATED), "Seated participants") : <p className="empty">No one holds a seat yet.</p>}
      </section>
      <section aria-labelledby="waitlist-h">
        <h3 id="waitlist-h">Waitlist</h3>
        {waitlist.length ? (
          table(waitlist, "Waitlist, first in line first")
        ) : (
          <p className="empty">Nobody is waiting. When the cohort is full, new eligible participants join here in order.</p>
        )}
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
      {canManage && cohort.status !== "COMPLETED" && cohort.status !== "CANCELLED" ? (
        <RosterAddForm cohortId={cohort.id} q={q} candidates={candidates} more={moreCandidates} freeSeats={freeSeats} reply={reply} />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
