import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SortableTable } from "~/components/ui/SortableTable";
import { formatInstantDate } from "~/domain/scheduling/localTime";
import { listPrograms } from "~/models/program.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "Programs — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "program:read");
  const programs = await listPrograms();
  return {
    canManage: can(user.roles, "program:manage"),
    programs: programs.map((p) => ({ ...p, updatedAt: p.updatedAt.toISOString() })),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["programs"][number];

export default function ProgramsPage() {
  const { programs, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Programs</h1>
        {canManage ? (
          <Link className="button button--primary" to="/programs/new">
            New program
          </Link>
        ) : null}
      </div>
      <p className="muted">
        A program is the protocol a cohort follows: its sessions, measures, eligibility and safety settings. Each save is a new version;
        running cohorts keep the version they started with.
      </p>
      <SortableTable<Row>
        caption="Programs"
        rows={programs}
        rowKey={(p) => p.id}
        initialSort={{ key: "name", dir: "asc" }}
        empty={
          <p>No programs yet. {canManage ? <Link to="/programs/new">Create the first program</Link> : "A coordinator creates programs."}</p>
        }
        columns={[
          { key: "name", header: "Name", sortValue: (p) => p.name, render: (p) => <Link to={`/programs/${p.id}`}>{p.name}</Link> },
          {
            key: "sessions",
            header: "Sessions",
            sortValue: (p) => p.sessions,
            render: (p) => `${p.sessions} (${p.dosingSessions} dosing)`,
          },
          { key: "capacity", header: "Default capacity", sortValue: (p) => p.defaultCapacity, render: (p) => p.defaultCapacity ?? "—" },
          { key: "version", header: "Version", sortValue: (p) => p.version, render: (p) => `v${p.version}` },
          { key: "cohorts", header: "Cohorts", sortValue: (p) => p.cohorts, render: (p) => p.cohorts },
          { key: "updated", header: "Last changed", sortValue: (p) => p.updatedAt, render: (p) => formatInstantDate(p.updatedAt, "UTC") },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
