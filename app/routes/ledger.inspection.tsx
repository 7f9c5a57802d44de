import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { listRegistrants } from "~/models/deaRecords.server";
import { requirePermission } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "DEA inspection packet — Controlled-substance log — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  await requirePermission(args, "dea:read");
  const params = new URL(args.request.url).searchParams;
  const sites = await listRegistrants();
  const today = sites[0]?.today ?? new Date().toISOString().slice(0, 10);
  return {
    sites: sites.map((s) => ({ id: s.id, name: s.name, registered: !!s.deaRegistrationNumber })),
    defaults: {
      site: params.get("site") ?? sites[0]?.id ?? "",
      from: params.get("from") ?? `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`,
      to: params.get("to") ?? today,
    },
  };
}

export default function InspectionPacketPage() {
  const { sites, defaults } = useLoaderData<typeof loader>();
  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to="/ledger">Controlled-substance log</Link> /
      </p>
      <h1>DEA inspection packet</h1>
      <p className="muted">
        For one registrant (site) and a period: the registration, receipts with the supplier&apos;s DEA number, administrations by
        participant code, waste, destructions, losses, transfers, inventories and the reconciliation (received − administered − wasted −
        destroyed − lost = on hand = last inventory, or each discrepancy with its explanation).
      </p>
      {sites.length === 0 ? (
        <p className="empty">No site yet: an administrator adds sites under Admin → Sites.</p>
      ) : (
        <Form method="get" action="/ledger/inspection.pdf" reloadDocument className="card">
          <div className="field">
            <label htmlFor="packet-site">Registrant (site)</label>
            <select id="packet-site" name="site" defaultValue={defaults.site}>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.registered ? "" : " (DEA registration not recorded)"}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="packet-from">From</label>
            <input id="packet-from" name="from" type="date" required defaultValue={defaults.from} />
          </div>
          <div className="field">
            <label htmlFor="packet-to">To</label>
            <input id="packet-to" name="to" type="date" required defaultValue={defaults.to} />
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary">
              Download PDF
            </button>
            <button type="submit" className="button" formAction="/ledger/inspection.csv">
              Download CSV
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
