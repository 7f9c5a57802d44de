import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { AeFilters } from "~/components/safety/AeFilters";
import { AeRateTable } from "~/components/safety/AeRateTable";
import { AeTable } from "~/components/safety/AeTable";
import { useCursorHref } from "~/components/ui/cursorHref";
import { readerFor } from "~/models/access.server";
import { AE_PAGE_SIZE, aeRatesForViewer, decodeAeCursor, listAdverseEventsPage, parseAeFilters } from "~/models/adverseEvent.server";
import { cohortFilterOptions } from "~/models/participant.server";
import cssUrl from "~/styles/safety.css";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Adverse events — GroupKAP" }];

// The filters are parsed by parseAeFilters (shared with the CSV and the cohort page); the page
// cursors here: keyset on (onset, id), like the audit log.
const PageSchema = z.object({
  before: z.string().max(100).optional().catch(undefined),
  after: z.string().max(100).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "ae:record");
  const params = new URL(args.request.url).searchParams;
  const filters = parseAeFilters(params);
  const page = PageSchema.parse({ before: params.get("before") || undefined, after: params.get("after") || undefined });
  // Rates for one cohort read that cohort's dosing records; across every cohort they read
  // all of them, so the list shows those only when asked (?rates=all).
  const showRates = Boolean(filters.cohortId) || params.get("rates") === "all";
  const [list, { cohorts, more }, rates] = await Promise.all([
    listAdverseEventsPage(readerFor(args, viewer), filters, { before: decodeAeCursor(page.before), after: decodeAeCursor(page.after) }),
    cohortFilterOptions(viewer, filters.cohortId),
    showRates ? aeRatesForViewer(viewer, filters.cohortId) : null,
  ]);
  return {
    ...list,
    pageSize: AE_PAGE_SIZE,
    cohorts,
    moreCohorts: more,
    rates,
    filtered: Object.values(filters).some((v) => v !== undefined),
  };
}

export default function AdverseEvents() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = useCursorHref();
  return (
    <>
      <div className="page-header">
        <h1>Adverse events</h1>
      </div>
      <p className="muted">
        Adverse events in your cohorts. To record one, open the participant&apos;s page (tab “Adverse events”) or the dosing session.
      </p>
      <AeFilters cohorts={d.cohorts} moreCohorts={d.moreCohorts} action="/adverse-events" csvHref="/adverse-events.csv" />
      <p className="muted small" aria-live="polite">
        {d.total.toLocaleString("en-US")} adverse event{d.total === 1 ? "" : "s"}
        {d.total > d.pageSize ? ` · newest onset first, ${d.pageSize} per page` : ""}
      </p>
      <AeTable
        rows={d.rows}
        sortable={d.total <= d.pageSize}
        empty={
          d.filtered
            ? "No adverse events match these filters. Widen the date range or clear the filters."
            : "No adverse events recorded in your cohorts."
        }
      />
      {d.newerCursor || d.olderCursor ? (
        <nav aria-label="Pagination" className="pagination">
          {d.newerCursor ? <Link to={pageLink("after", d.newerCursor)}>← Newer</Link> : <span />}
          {d.olderCursor ? <Link to={pageLink("before", d.olderCursor)}>Older →</Link> : <span />}
        </nav>
      ) : null}
      {d.rates ? (
        <AeRateTable
          rates={d.rates}
          caption={
            params.get("cohortId")
              ? "Adverse event rates per dosing session in this cohort"
              : "Adverse event rates per dosing session across your cohorts"
          }
        />
      ) : (
        <p className="muted">
          Rates per dosing session: choose a cohort above, or{" "}
          <Link to={`?${new URLSearchParams([...params.entries(), ["rates", "all"]]).toString()}`}>show them across all your cohorts</Link>{" "}
          (the program report has them too).
        </p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
