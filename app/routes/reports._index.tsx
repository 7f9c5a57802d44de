import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SortableTable } from "~/components/ui/SortableTable";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { listReportScopes } from "~/models/reportData.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Reports — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "report:cohort");
  const { cohorts, programs } = await listReportScopes(viewer);
  return {
    canProgram: can(viewer.roles, "report:program"),
    cohorts: cohorts.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      startDate: c.startDate,
      endDate: c.endDate,
      program: c.program.name,
      participants: c._count.enrollments,
    })),
    programs: programs.map((p) => ({ id: p.id, name: p.name, archived: p.archived, cohorts: p._count.cohorts })),
  };
}

type CohortRow = Awaited<ReturnType<typeof loader>>["cohorts"][number];

export default function ReportsIndex() {
  const d = useLoaderData<typeof loader>();
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
        <SortableTable<CohortRow>
          caption="Cohorts you can report on"
          rows={d.cohorts}
          rowKey={(c) => c.id}
          initialSort={{ key: "start", dir: "desc" }}
          empty={<p>No cohorts yet. Reports appear here once a cohort has been scheduled.</p>}
          columns={[
            {
              key: "name",
              header: "Cohort",
              sortValue: (c) => c.name.toLowerCase(),
              render: (c) => <Link to={`/reports/cohort/${c.id}`}>Report for {c.name}</Link>,
            },
            { key: "program", header: "Program", sortValue: (c) => c.program, render: (c) => c.program },
            { key: "status", header: "Status", sortValue: (c) => c.status, render: (c) => c.status.toLowerCase() },
            {
              key: "start",
              header: "Dates",
              sortValue: (c) => c.startDate,
              render: (c) => `${formatLocalDate(c.startDate)} to ${c.endDate ? formatLocalDate(c.endDate) : "—"}`,
            },
            { key: "n", header: "Participants", sortValue: (c) => c.participants, render: (c) => c.participants },
          ]}
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
