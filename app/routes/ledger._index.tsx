import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { SortableTable } from "~/components/ui/SortableTable";
import { formatMg } from "~/domain/safety";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { inventoryDueDates } from "~/models/deaRecords.server";
import { LOT_MAX_PAGE, listLotsPage } from "~/models/ledger.server";
import cssUrl from "~/styles/sessions.css";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Controlled-substance log — GroupKAP" }];

const QuerySchema = z.object({
  show: z.enum(["current", "all"]).catch("current"),
  page: z.coerce.number().int().min(1).max(LOT_MAX_PAGE).catch(1),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "ledger:read");
  const params = new URL(args.request.url).searchParams;
  const q = QuerySchema.parse({ show: params.get("show") ?? undefined, page: params.get("page") ?? undefined });
  return {
    ...(await listLotsPage(q)),
    canWrite: can(user.roles, "ledger:write"),
    inventoryDue: can(user.roles, "dea:read") ? await inventoryDueDates() : [],
  };
}

const href = (show: "current" | "all", page = 1) =>
  `?${new URLSearchParams({ ...(show === "all" ? { show } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;

export default function LedgerIndex() {
  const { lots, canWrite, show, page, pageCount, counts, inventoryDue } = useLoaderData<typeof loader>();
  type Lot = (typeof lots)[number];
  return (
    <div>
      <div className="page-header">
        <h1>Controlled-substance log</h1>
        <div className="actions">
          <Link className="button" to="/ledger/print">
            Printable log
          </Link>
          {inventoryDue.length ? (
            <Link className="button" to="/ledger/records">
              DEA records
            </Link>
          ) : null}
          {canWrite ? (
            <Link className="button button--primary" to="/ledger/lots/new">
              Receive a lot
            </Link>
          ) : null}
        </div>
      </div>
      <p className="muted">
        Ketamine (Schedule III), one append-only ledger per lot. Balances are in mg; corrections are reversing entries.
      </p>
      {inventoryDue.length ? (
        <ul className="small" aria-label="Biennial inventories">
          {inventoryDue.map((d) => (
            <li key={d.siteId}>
              {d.site}:{" "}
              {d.dueBy ? (
                <span className={d.overdue ? "badge badge--danger" : undefined}>
                  biennial inventory due by {formatLocalDate(d.dueBy)}
                  {d.overdue ? " (overdue)" : ""}
                </span>
              ) : (
                <Link to={`/ledger/records?site=${d.siteId}`}>no inventory yet: take the initial inventory</Link>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <nav aria-label="Which lots" className="small">
        {show === "current" ? (
          <>
            Showing the {counts.current} lot{counts.current === 1 ? "" : "s"} with a balance.{" "}
            {counts.all > counts.current ? <Link to={href("all")}>Show all {counts.all} lots, empty ones too</Link> : null}
          </>
        ) : (
          <>
            Showing all {counts.all} lot{counts.all === 1 ? "" : "s"}. <Link to={href("current")}>Show only lots with a balance</Link>
          </>
        )}
      </nav>
      <SortableTable<Lot>
        caption="Ketamine lots"
        rows={lots}
        rowKey={(l) => l.id}
        initialSort={{ key: "expiry", dir: "asc" }}
        empty={
          <p className="empty">
            {show === "current" && counts.all > 0 ? "No lot has a balance left. " : "No lots yet. "}
            {canWrite ? <Link to="/ledger/lots/new">Receive the first lot</Link> : "A clinician or administrator receives lots."}
          </p>
        }
        columns={[
          {
            key: "lot",
            header: "Lot",
            render: (l) => <Link to={`/ledger/lots/${l.id}`}>{l.lotNumber}</Link>,
            sortValue: (l) => l.lotNumber,
          },
          { key: "product", header: "Product", render: (l) => l.product, sortValue: (l) => l.product },
          { key: "site", header: "Site", render: (l) => l.site, sortValue: (l) => l.site },
          { key: "received", header: "Received (mg)", render: (l) => formatMg(l.receivedUg), sortValue: (l) => l.receivedUg },
          {
            key: "balance",
            header: "Balance (mg)",
            render: (l) => <strong>{formatMg(l.balanceUg)}</strong>,
            sortValue: (l) => l.balanceUg,
          },
          {
            key: "expiry",
            header: "Expiry",
            render: (l) => (
              <>
                {formatLocalDate(l.expiryDate)} {l.expired ? <span className="badge badge--danger">Expired</span> : null}
              </>
            ),
            sortValue: (l) => l.expiryDate,
          },
          {
            key: "flags",
            header: "Flags",
            render: (l) => (l.flaggedEntries ? <span className="badge badge--warn">{l.flaggedEntries} flagged</span> : "—"),
            sortValue: (l) => l.flaggedEntries,
          },
        ]}
      />
      {pageCount > 1 ? (
        <nav aria-label="Pagination" className="pagination">
          {page > 1 ? <Link to={href(show, page - 1)}>← Previous</Link> : <span />}
          <span className="muted small">
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? <Link to={href(show, page + 1)}>Next →</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
