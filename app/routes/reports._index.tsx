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
import { listCohorts } from "~/models/cohort.server";
import { listReportPrograms } from "~/models/reportData.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Reports — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "report:cohort");
  const url = new URL(args.request.url);
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  // The cohorts a page at a time, newest start first, sorted and filtered by the server (the
  // cohorts list's read): a network's years of cohorts are thousands, not one table.
  const { sort, dir, page, status, programId } = cohortListQuery.parse(raw);
  const [list, programs] = await Promise.all([listCohorts(viewer, { status, programId }, { sort, dir, page }), listReportPrograms()]);
  return {
    canProgram: can(viewer.roles, "report:program"),
    cohorts: list.cohorts.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      startDate: c.startDate,
      endDate: c.endDate,
      program: c.program,
      enrolled: c.enrolled,
    })),
    total: list.total,
    page: list.page,
    pages: list.pages,
    sort: list.sort,
    dir: list.dir,
    programs,
  };
}

type CohortRow = Awaited<ReturnType<typeof loader>>["cohorts"][number];

export default function ReportsIndex() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const linkTo = (change: Record<string, string>) => listHref(params, change);
  return (
    <>
      <h1>Reports</h1>
      <p className="muted">
        Pre/post outcome reports: choose a program (all its cohorts) or one cohort. On the report you can change the pre and post
        timepoints, filter, and download the tables, a de-identified dataset and the report as JSON.
      </p>
      {d.canProgram && (
        <section aria-labelledby="programs">
          <h2 id="programs">Programs</h2>
          {d.programs.length === 0 ? (
            <p className="empty">No programs yet. A coordinator creates programs and cohorts first.</p>
          ) : (
            <ul className="stack">
              {d.programs.map((p) => (
                <li key={p.id}>
                  <Link to={`/reports/program/${p.id}`}>{p.name}</Link>{" "}
                  <span className="muted small">
                    ({p.cohorts} cohort{p.cohorts === 1 ? "" : "s"}
                    {p.archived ? ", archived" : ""})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="cohorts">
        <h2 id="cohorts">Cohorts</h2>
        <CohortFilters params={params} programs={d.programs} />
        <SortableTable<CohortRow>
          caption="Cohorts you can report on"
          rows={d.cohorts}
          rowKey={(c) => c.id}
          serverSort={{ key: d.sort, dir: d.dir, href: (key, dir) => linkTo({ sort: key, dir }) }}
          empty={
            params.toString() ? (
              <p>
                No cohorts match. <Link to="/reports">Clear the filters</Link>.
              </p>
            ) : (
              <p>No cohorts yet. Reports appear here once a cohort has been scheduled.</p>
            )
          }
          columns={[
            {
              key: "name",
              header: "Cohort",
              sortValue: (c) => c.name,
              render: (c) => <Link to={`/reports/cohort/${c.id}`}>Report for {c.name}</Link>,
            },
            { key: "program", header: "Program", sortValue: (c) => c.program, render: (c) => c.program },
            {
              key: "status",
              header: "Status",
              sortValue: (c) => COHORT_STATUSES.indexOf(c.status),
              render: (c) => <CohortStatusBadge status={c.status} />,
            },
            {
              key: "start",
              header: "Dates",
              sortValue: (c) => c.startDate,
              render: (c) => `${formatLocalDate(c.startDate)} to ${c.endDate ? formatLocalDate(c.endDate) : "—"}`,
            },
            { key: "seats", header: "Enrolled", sortValue: (c) => c.enrolled, render: (c) => c.enrolled },
          ]}
        />
        <NumberedPages
          label="Pages of cohorts"
          page={d.page}
          pages={d.pages}
          total={d.total}
          noun={["cohort", "cohorts"]}
          href={(p) => linkTo({ page: String(p) })}
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
