import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { useCursorHref } from "~/components/ui/cursorHref";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { AUDIT_PAGE_SIZE, auditFilterOptions, decodeAuditCursor, listAuditEvents } from "~/models/audit.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Audit log — GroupKAP" }];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
  .optional()
  .catch(undefined);

const FilterSchema = z.object({
  userId: z.string().max(64).optional().catch(undefined),
  entityType: z.string().max(64).optional().catch(undefined),
  action: z.string().max(64).optional().catch(undefined),
  from: day,
  to: day,
  before: z.string().max(100).optional().catch(undefined),
  after: z.string().max(100).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "audit:read");
  const url = new URL(args.request.url);
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const f = FilterSchema.parse(raw);
  const from = f.from ? new Date(`${f.from}T00:00:00Z`) : undefined;
  // "to" is inclusive of the whole day.
  const to = f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) : undefined;
  const [result, options] = await Promise.all([
    listAuditEvents({ ...f, from, to, before: decodeAuditCursor(f.before), after: decodeAuditCursor(f.after) }),
    auditFilterOptions(),
  ]);
  return {
    ...result,
    pageSize: AUDIT_PAGE_SIZE,
    rows: result.rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor ? `${r.actor.name} (${r.actor.email})` : (r.actorLabel ?? "—"),
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      summary: r.summary,
      details: r.details,
      ip: r.ip,
    })),
    options,
  };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = useCursorHref();
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every sign-in, change of clinical data, view of a participant record, export and permission denial. Entries cannot be edited or
        deleted. Times are UTC.
      </p>
      <Form method="get" className="filters" role="search" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="userId">User</label>
          <select id="userId" name="userId" defaultValue={params.get("userId") ?? ""}>
            <option value="">Anyone</option>
            {d.options.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="entityType">Entity</label>
          <select id="entityType" name="entityType" defaultValue={params.get("entityType") ?? ""}>
            <option value="">Any entity</option>
            {d.options.entityTypes.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action">Action</label>
          <select id="action" name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">Any action</option>
            {d.options.actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={params.get("from") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={params.get("to") ?? ""} />
        </div>
        <button className="button" type="submit">
          Filter
        </button>
        <Link className="button button--secondary" to="/admin/audit">
          Clear
        </Link>
      </Form>
      <p className="muted small" aria-live="polite">
        {d.totalCapped ? "More than " : ""}
        {d.total.toLocaleString("en-US")} event{d.total === 1 && !d.totalCapped ? "" : "s"} · newest first, {d.pageSize} per page
      </p>
      {d.rows.length === 0 ? (
        <div className="empty">No events match these filters. Widen the date range or clear the filters.</div>
      ) : (
        <div className="table-wrap">
          <table className="table table--dense">
            <caption className="visually-hidden">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Entity</th>
                <th scope="col">Summary</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">
                    {/* The column says UTC; seconds order events that share a minute. */}
                    {formatLocalDateTime(new Date(r.at), "UTC")}
                    {r.at.slice(16, 19)}
                  </td>
                  <td>{r.actor}</td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.entityType}
                    {r.entityId ? <span className="muted small"> {r.entityId.slice(0, 12)}</span> : null}
                  </td>
                  <td>
                    {r.summary}
                    {r.details && r.details !== "{}" ? (
                      <details>
                        <summary>Details</summary>
                        <pre className="small">{r.details}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td>{r.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="pagination">
        {d.newerCursor ? <Link to={pageLink("after", d.newerCursor)}>← Newer</Link> : <span />}
        {d.olderCursor ? <Link to={pageLink("before", d.olderCursor)}>Older →</Link> : <span />}
      </nav>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
