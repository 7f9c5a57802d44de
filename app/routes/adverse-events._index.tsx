import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AeFilters } from "~/components/safety/AeFilters";
import { AeRateTable } from "~/components/safety/AeRateTable";
import { AeTable } from "~/components/safety/AeTable";
import { readerFor } from "~/models/access.server";
import { aeRatesForViewer, listAdverseEvents, parseAeFilters, visibleCohortOptions } from "~/models/adverseEvent.server";
import cssUrl from "~/styles/safety.css";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Adverse events — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const filters = parseAeFilters(new URL(args.request.url).searchParams);
  const [rows, cohorts, rates] = await Promise.all([
    listAdverseEvents(readerFor(args, viewer), filters),
    visibleCohortOptions(viewer),
    aeRatesForViewer(viewer, filters.cohortId),
  ]);
  return { rows, cohorts, rates, filtered: Object.values(filters).some((v) => v !== undefined) };
}

export default function AdverseEvents() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Adverse events</h1>
      </div>
      <p className="muted">
        Adverse events in your cohorts. To record one, open the participant&apos;s page (tab “Adverse events”) or the dosing session.
      </p>
      <AeFilters cohorts={d.cohorts} action="/adverse-events" csvHref="/adverse-events.csv" />
      <p className="muted small" aria-live="polite">
        {d.rows.length} adverse event{d.rows.length === 1 ? "" : "s"}
      </p>
      <AeTable
        rows={d.rows}
        empty={
          d.filtered
            ? "No adverse events match these filters. Widen the date range or clear the filters."
            : "No adverse events recorded in your cohorts."
        }
      />
      <AeRateTable rates={d.rates} caption="Adverse event rates per dosing session across your cohorts" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
