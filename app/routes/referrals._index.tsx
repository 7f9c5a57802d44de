import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SelectField } from "~/components/participant/SelectField";
import { ReferralStatusBadge } from "~/components/referrals/ReferralStatusBadge";
import { SortableTable } from "~/components/ui/SortableTable";
import { REFERRAL_SOURCE_LABEL, REFERRAL_STATUSES, REFERRAL_STATUS_LABEL, type ReferralSource } from "~/domain/referrals";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { referralListQuery } from "~/forms/referrals";
import { REFERRAL_PAGE_SIZE, listReferrals, referralProgramOptions } from "~/models/referral.server";
import cssUrl from "~/styles/participants.css";
import referralsCss from "~/styles/referrals.css";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";

export const links = () => [
  { rel: "stylesheet", href: cssUrl },
  { rel: "stylesheet", href: referralsCss },
];
export const meta: MetaFunction = () => [{ title: "Referrals — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "referral:read");
  const url = new URL(args.request.url);
  const { sort, dir, after, before, ...filters } = referralListQuery.parse(Object.fromEntries(url.searchParams));
  const [list, programs] = await Promise.all([
    listReferrals(viewer, requestMeta(args), filters, { sort, dir, after, before }),
    referralProgramOptions(),
  ]);
  return {
    ...list,
    pageSize: REFERRAL_PAGE_SIZE,
    programs,
    canManage: can(viewer.roles, "referral:manage"),
    filtered: Object.values(filters).some(Boolean),
  };
}

type Row = Awaited<ReturnType<typeof loader>>["referrals"][number];

export default function ReferralsPage() {
  const { referrals, total, sort, dir, previousCursor, nextCursor, pageSize, programs, canManage, filtered } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
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
        <h1>Referrals</h1>
        {canManage ? (
          <Link className="button button--primary" to="/referrals/new">
            New referral
          </Link>
        ) : null}
      </div>
      <p className="muted small">
        People referred to a program, before they have a seat: screen them, have a clinician clear them, then enroll them in a cohort.
        People can also refer themselves, without an account, on a program's public page:
      </p>
      <ul className="inline-list small">
        {programs.map((p) => (
          <li key={p.id}>
            <Link to={`/refer/${p.id}`}>Self-referral page: {p.name}</Link>
          </li>
        ))}
      </ul>
      <Form method="get" className="filters" role="search" aria-label="Filter referrals">
        <SelectField
          label="Program"
          name="programId"
          id="programId"
          defaultValue={params.get("programId") ?? ""}
          placeholder="Any program"
          options={programs.map((p) => ({ value: p.id, label: p.name }))}
        />
        <SelectField
          label="Status"
          name="status"
          id="status"
          defaultValue={params.get("status") ?? ""}
          placeholder="Any status"
          options={REFERRAL_STATUSES.map((s) => ({ value: s, label: REFERRAL_STATUS_LABEL[s] }))}
        />
        <button className="button" type="submit">
          Filter
        </button>
      </Form>
      <SortableTable<Row>
        caption="Referrals"
        rows={referrals}
        rowKey={(r) => r.id}
        serverSort={{ key: sort, dir, href: (key, d) => linkTo({ sort: key, dir: d }) }}
        empty={
          filtered ? (
            <p>
              No referrals match these filters. <Link to="/referrals">Clear the filters</Link>.
            </p>
          ) : (
            <p>No referrals yet.</p>
          )
        }
        columns={[
          { key: "name", header: "Name", sortValue: (r) => r.name, render: (r) => <Link to={`/referrals/${r.id}`}>{r.name}</Link> },
          { key: "program", header: "Program", render: (r) => r.program },
          { key: "source", header: "Source", render: (r) => REFERRAL_SOURCE_LABEL[r.source as ReferralSource] ?? r.source },
          { key: "referred", header: "Referred", sortValue: (r) => r.referredOn, render: (r) => formatLocalDate(r.referredOn) },
          {
            key: "status",
            header: "Status",
            sortValue: (r) => r.status,
            render: (r) => (
              <>
                <ReferralStatusBadge status={r.status} />
                {r.statusReason ? <span className="muted small"> {r.statusReason}</span> : null}
              </>
            ),
          },
        ]}
      />
      {total > 0 ? (
        <nav aria-label="Pages of referrals" className="pagination">
          {previousCursor ? (
            <Link to={linkTo({ before: previousCursor })} rel="prev">
              ← Previous {pageSize}
            </Link>
          ) : (
            <span />
          )}
          <p className="muted small" aria-live="polite">
            {referrals.length} shown of {total.toLocaleString("en-US")} referral{total === 1 ? "" : "s"}
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
