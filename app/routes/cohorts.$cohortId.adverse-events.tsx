import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AeFilters } from "~/components/safety/AeFilters";
import { AeRateTable } from "~/components/safety/AeRateTable";
import { AeTable } from "~/components/safety/AeTable";
import { readerFor, requireCohortAccess } from "~/models/access.server";
import { aeRatesForCohorts, listAdverseEvents, parseAeFilters } from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Adverse events — ${data?.cohort.name ?? "Cohort"} — GroupKAP` }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const cohort = await requireCohortAccess(viewer, args.params.cohortId, args.context);
  const filters = { ...parseAeFilters(new URL(args.request.url).searchParams), cohortId: cohort.id };
  const [rows, rates] = await Promise.all([listAdverseEvents(readerFor(args, viewer), filters), aeRatesForCohorts([cohort.id])]);
  return { cohort: { id: cohort.id, name: cohort.name }, rows, rates };
}

export default function CohortAdverseEvents() {
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="cohort-ae-h">
      <h2 id="cohort-ae-h">Adverse events</h2>
      <p className="muted small">To record an adverse event, open the participant (roster) or the dosing session.</p>
      <AeFilters action={`/cohorts/${d.cohort.id}/adverse-events`} />
      <AeTable rows={d.rows} show={{ participant: true, cohort: false }} empty="No adverse events recorded in this cohort." />
      <AeRateTable rates={d.rates} caption={`Adverse event rates per dosing session, ${d.cohort.name}`} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
