import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { OlderCohortsHint } from "~/components/cohort/OlderCohortsHint";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SelectField } from "~/components/participant/SelectField";
import { STATUS_OPTIONS, statusBadgeHtml } from "~/components/participant/StatusBadge";
import { clientLink } from "~/components/ui/clientNavigation";
import { markup } from "~/components/ui/html";
import { SortableTable } from "~/components/ui/SortableTable";
import { participantListQuery } from "~/forms/lists";
import { readerFor } from "~/models/access.server";
import { OCCUPATIONS, OCCUPATION_LABEL, occupationLabel } from "~/models/participant.schema";
import { PARTICIPANT_PAGE_SIZE, cohortFilterOptions, listParticipants } from "~/models/participant.server";
import cssUrl from "~/styles/participants.css";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Participants — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "participant:read");
  const url = new URL(args.request.url);
  const { sort, dir, after, before, ...filters } = participantListQuery.parse(Object.fromEntries(url.searchParams));
  const [list, { cohorts, more }] = await Promise.all([
    listParticipants(readerFor(args, viewer), filters, { sort, dir, after, before }),
    cohortFilterOptions(viewer, filters.cohortId || undefined),
  ]);
  return {
    ...list,
    pageSize: PARTICIPANT_PAGE_SIZE,
    cohorts,
    moreCohorts: more,
    canManage: can(viewer.roles, "participant:manage"),
    filtered: Object.values(filters).some(Boolean),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["participants"][number];

export default function ParticipantsPage() {
  const { participants, total, totalCapped, sort, dir, previousCursor, nextCursor, pageSize, cohorts, moreCohorts, canManage, filtered } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  // Links keep the filters; a new sort starts at the first page, a page keeps the sort.
  const linkTo = (change: Record<string, string>) => {
    const p = new URLSearchParams(params);
    p.delete("after");
    p.delete("before");
    for (const [k, v] of Object.entries(change)) p.set(k, v);
    return `?${p.toString()}`;
  };
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
          aria-describedby={moreCohorts ? "cohortId-older" : undefined}
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
        <SelectField
          label="Safety signals"
          name="signals"
          id="signals"
          defaultValue={params.get("signals") ?? ""}
          placeholder="Any"
          options={[{ value: "open", label: "Open signals only" }]}
        />
        <button className="button" type="submit">
          Filter
        </button>
        {moreCohorts ? <OlderCohortsHint id="cohortId-older" /> : null}
      </Form>
      <SortableTable<Row>
        caption="Participants"
        rows={participants}
        rowKey={(p) => p.id}
        serverSort={{ key: sort, dir, href: (key, d) => linkTo({ sort: key, dir: d }) }}
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
        // Cells as markup (50 rows of links, badges and cohorts: React makes one element per
        // row), their links navigated client-side by the table's listener.
        columns={[
          {
            key: "name",
            header: "Name",
            sortValue: (p) => p.name.toLowerCase(),
            render: (p) => clientLink(`/participants/${p.id}`, p.name),
          },
          { key: "code", header: "Code", sortValue: (p) => p.code, render: (p) => markup`<code>${p.code}</code>` },
          { key: "age", header: "Age", sortValue: (p) => p.age, render: (p) => markup`${p.age}` },
          {
            key: "occupation",
            header: "Occupation",
            sortValue: (p) => occupationLabel(p.occupation),
            render: (p) => markup`${occupationLabel(p.occupation)}`,
          },
          {
            key: "cohorts",
            header: "Cohorts",
            render: (p) =>
              p.enrollments.length === 0
                ? markup`<span class="muted">Not on a roster</span>`
                : markup`${p.enrollments.map(
                    (e) => markup`<div>${clientLink(`/cohorts/${e.cohortId}/roster`, e.cohortName)} ${statusBadgeHtml(e.status)}</div>`,
                  )}`,
          },
          {
            key: "safety",
            header: "Safety",
            render: (p) =>
              p.openSignals
                ? markup`<span class="badge badge--danger">${p.openSignals} open signal${p.openSignals === 1 ? "" : "s"}</span>`
                : markup``,
          },
        ]}
      />
      {total > 0 ? (
        <nav aria-label="Pages of participants" className="pagination">
          {previousCursor ? (
            <Link to={linkTo({ before: previousCursor })} rel="prev">
              ← Previous {pageSize}
            </Link>
          ) : (
            <span />
          )}
          <p className="muted small" aria-live="polite">
            {participants.length} shown of {totalCapped ? "more than " : ""}
            {total.toLocaleString("en-US")} participant{total === 1 && !totalCapped ? "" : "s"}
          </p>
          {nextCursor ? (
            <Link to={linkTo({ after: nextCursor })} rel="next">
              Next {pageSize} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
