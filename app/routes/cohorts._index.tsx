import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CohortFilters } from "~/components/cohort/CohortFilters";
import { COHORT_STATUSES } from "~/components/cohort/cohortStatus";
import { CohortStatusBadge } from "~/components/cohort/CohortStatusBadge";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { NumberedPages, listHref } from "~/components/ui/NumberedPages";
import { SortableTable } from "~/components/ui/SortableTable";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { cohortListQuery } from "~/forms/lists";
import { COHORT_PAGE_SIZE, listCohorts } from "~/models/cohort.server";
import { programChoices } from "~/models/program.server";
import { siteChoices } from "~/models/site.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Cohorts — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "cohort:read");
  const url = new URL(args.request.url);
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const { sort, dir, page, ...filters } = cohortListQuery.parse(raw);
  const [list, sites, programs] = await Promise.all([listCohorts(user, filters, { sort, dir, page }), siteChoices(), programChoices()]);
  return {
    ...list,
    pageSize: COHORT_PAGE_SIZE,
    sites,
    programs,
    canManage: can(user.roles, "cohort:manage"),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["cohorts"][number];

export default function CohortsPage() {
  const { cohorts, total, page, pages, sort, dir, sites, programs, canManage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  // Links keep the filters; a new sort starts at page 1.
  const linkTo = (change: Record<string, string>) => listHref(params, change);
  return (
    <>
      <div className="page-header">
        <h1>Cohorts</h1>
        {canManage ? (
          <Link className="button button--primary" to="/cohorts/new">
            New cohort
          </Link>
        ) : null}
      </div>
      <CohortFilters params={params} sites={sites} programs={programs} />
      <SortableTable<Row>
        caption="Cohorts"
        rows={cohorts}
        rowKey={(c) => c.id}
        serverSort={{ key: sort, dir, href: (key, d) => linkTo({ sort: key, dir: d }) }}
        empty={
          <p>
            No cohorts match.{" "}
            {params.toString() ? (
              <>
                <Link to="/cohorts">Clear the filters</Link>
                {canManage ? " or " : "."}
              </>
            ) : null}
            {canManage ? (
              <Link to="/cohorts/new">create a cohort</Link>
            ) : params.toString() ? null : (
              "You are not assigned to any cohort yet."
            )}
          </p>
        }
        columns={[
          { key: "name", header: "Cohort", sortValue: (c) => c.name, render: (c) => <Link to={`/cohorts/${c.id}`}>{c.name}</Link> },
          { key: "program", header: "Program", sortValue: (c) => c.program, render: (c) => `${c.program} (v${c.programVersion})` },
          {
            key: "status",
            header: "Status",
            sortValue: (c) => COHORT_STATUSES.indexOf(c.status),
            render: (c) => <CohortStatusBadge status={c.status} />,
          },
          { key: "start", header: "Starts", sortValue: (c) => c.startDate, render: (c) => formatLocalDate(c.startDate) },
          { key: "end", header: "Ends", sortValue: (c) => c.endDate, render: (c) => (c.endDate ? formatLocalDate(c.endDate) : "—") },
          { key: "site", header: "Site / room", sortValue: (c) => c.site, render: (c) => `${c.site}${c.room ? ` · ${c.room}` : ""}` },
          { key: "seats", header: "Enrolled / capacity", sortValue: (c) => c.enrolled, render: (c) => `${c.enrolled} / ${c.capacity}` },
          { key: "lead", header: "Lead facilitator", sortValue: (c) => c.lead, render: (c) => c.lead ?? "—" },
        ]}
      />
      <NumberedPages
        label="Pages of cohorts"
        page={page}
        pages={pages}
        total={total}
        noun={["cohort", "cohorts"]}
        href={(p) => linkTo({ page: String(p) })}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
