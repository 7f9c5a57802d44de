import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SelectField } from "~/components/participant/SelectField";
import { STATUS_OPTIONS, StatusBadge } from "~/components/participant/StatusBadge";
import { SortableTable } from "~/components/ui/SortableTable";
import { readerFor } from "~/models/access.server";
import { OCCUPATIONS, OCCUPATION_LABEL, occupationLabel } from "~/models/participant.schema";
import { listParticipants, visibleCohortOptions } from "~/models/participant.server";
import cssUrl from "~/styles/participants.css";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Participants — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const url = new URL(args.request.url);
  const filters = {
    q: url.searchParams.get("q") ?? "",
    cohortId: url.searchParams.get("cohortId") ?? "",
    status: url.searchParams.get("status") ?? "",
    occupation: url.searchParams.get("occupation") ?? "",
  };
  const [participants, cohorts] = await Promise.all([listParticipants(readerFor(args, viewer), filters), visibleCohortOptions(viewer)]);
  return { participants, cohorts, canManage: can(viewer.roles, "participant:manage"), filtered: Object.values(filters).some(Boolean) };
}

type Row = Awaited<ReturnType<typeof loader>>["participants"][number];

export default function ParticipantsPage() {
  const { participants, cohorts, canManage, filtered } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-header">
        <h1>Participants</h1>
        {canManage ? (
          <Link className="button button--primary" to="/participants/new">
            New participant
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters" role="search" aria-label="Filter participants">
        <div className="field">
          <label htmlFor="q">Name or code</label>
          <input id="q" name="q" type="search" defaultValue={params.get("q") ?? ""} />
        </div>
        <SelectField
          label="Cohort"
          name="cohortId"
          id="cohortId"
          defaultValue={params.get("cohortId") ?? ""}
          placeholder="Any cohort"
          options={cohorts.map((c) => ({ value: c.id, label: c.name }))}
        />
        <SelectField
          label="Status"
          name="status"
          id="status"
          defaultValue={params.get("status") ?? ""}
          placeholder="Any status"
          options={STATUS_OPTIONS}
        />
        <SelectField
          label="Occupation"
          name="occupation"
          id="occupation"
          defaultValue={params.get("occupation") ?? ""}
          placeholder="Any occupation"
          options={OCCUPATIONS.map((o) => ({ value: o, label: OCCUPATION_LABEL[o] }))}
        />
        <button className="button" type="submit">
          Filter
        </button>
      </Form>
      <SortableTable<Row>
        caption="Participants"
        rows={participants}
        rowKey={(p) => p.id}
        initialSort={{ key: "name", dir: "asc" }}
        empty={
          filtered ? (
            <p>
              No participants match these filters. <Link to="/participants">Clear the filters</Link>.
            </p>
          ) : canManage ? (
            <p>
              No participants yet. <Link to="/participants/new">Add the first participant</Link>.
            </p>
          ) : (
            <p>No participants in your cohorts yet. A coordinator adds them to a cohort's roster.</p>
          )
        }
        columns={[
          {
            key: "name",
            header: "Name",
            sortValue: (p) => p.name.toLowerCase(),
            render: (p) => <Link to={`/participants/${p.id}`}>{p.name}</Link>,
          },
          { key: "code", header: "Code", sortValue: (p) => p.code, render: (p) => <code>{p.code}</code> },
          { key: "age", header: "Age", sortValue: (p) => p.age, render: (p) => p.age },
          {
            key: "occupation",
            header: "Occupation",
            sortValue: (p) => occupationLabel(p.occupation),
            render: (p) => occupationLabel(p.occupation),
          },
          {
            key: "cohorts",
            header: "Cohorts",
            sortValue: (p) => p.enrollments[0]?.cohortName ?? "",
            render: (p) =>
              p.enrollments.length === 0 ? (
                <span className="muted">Not on a roster</span>
              ) : (
                p.enrollments.map((e) => (
                  <div key={e.cohortId}>
                    <Link to={`/cohorts/${e.cohortId}/roster`}>{e.cohortName}</Link> <StatusBadge status={e.status} />
                  </div>
                ))
              ),
          },
          {
            key: "safety",
            header: "Safety",
            sortValue: (p) => p.openSignals,
            render: (p) =>
              p.openSignals ? (
                <span className="badge badge--danger">
                  {p.openSignals} open signal{p.openSignals === 1 ? "" : "s"}
                </span>
              ) : null,
          },
        ]}
      />
      {participants.length === 500 ? <p className="muted small">Showing the first 500; narrow the filters to see others.</p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
