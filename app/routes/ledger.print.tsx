import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { LedgerTable } from "~/components/ledger/LedgerTable";
import { PrintHeader } from "~/components/ui/PrintHeader";
import { formatMg, isCalendarDate } from "~/domain/safety";
import { formatLocalDate, formatUtcDateTime } from "~/domain/scheduling/localTime";
import { readerFor } from "~/models/access.server";
import { getPrintableLog, listLots } from "~/models/ledger.server";
import cssUrl from "~/styles/sessions.css";
import { requirePermission } from "~/utils/auth.server";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction = () => [{ title: "Printable controlled-substance log — GroupKAP" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "ledger:read");
  const url = new URL(args.request.url);
  const lot = url.searchParams.get("lot") || undefined;
  const from = url.searchParams.get("from") || undefined;
  const to = url.searchParams.get("to") || undefined;
  const errors: Record<string, string> = {};
  if (from && !isCalendarDate(from)) errors.from = "From must be a date (YYYY-MM-DD)";
  if (to && !isCalendarDate(to)) errors.to = "To must be a date (YYYY-MM-DD)";
  if (from && to && !errors.from && !errors.to && from > to) errors.to = "To must be on or after From";
  const lots = await listLots();
  const log = Object.keys(errors).length ? [] : await getPrintableLog(readerFor(args, user), { lotId: lot, from, to });
  return {
    lots: lots.map((l) => ({ id: l.id, lotNumber: l.lotNumber })),
    filter: { lot: lot ?? "", from: from ?? "", to: to ?? "" },
    errors,
    log,
    printedBy: user.name,
    printedAt: new Date().toISOString(),
  };
}

export default function PrintLog() {
  const { lots, filter, errors, log, printedBy, printedAt } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb no-print">
        <Link to="/ledger">Controlled-substance log</Link> /
      </p>
      <PrintHeader
        title="Controlled-substance log"
        lines={[
          `${filter.lot ? `Lot ${lots.find((l) => l.id === filter.lot)?.lotNumber ?? filter.lot}` : "All lots"} · ${
            filter.from || filter.to
              ? `${filter.from ? formatLocalDate(filter.from) : "start"} to ${filter.to ? formatLocalDate(filter.to) : "today"} (UTC dates)`
              : "all dates"
          }`,
          `Printed by ${printedBy} at ${formatUtcDateTime(printedAt)}`,
        ]}
      />
      <h1>Controlled-substance log</h1>
      <p className="small">
        {filter.from || filter.to
          ? `Entries ${filter.from ? `from ${formatLocalDate(filter.from)}` : ""} ${filter.to ? `to ${formatLocalDate(filter.to)}` : ""} (UTC dates). `
          : "All entries. "}
        Printed by {printedBy} at {formatUtcDateTime(printedAt)}.
      </p>
      <Form method="get" className="filters no-print">
        <div className="field">
          <label htmlFor="lot">Lot</label>
          <select id="lot" name="lot" defaultValue={filter.lot}>
            <option value="">All lots</option>
            {lots.map((l) => (
              <option key={l.id} value={l.id}>
                {l.lotNumber}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.from ? " field--error" : ""}`}>
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={filter.from} />
          {errors.from ? (
            <p className="field__error" role="alert">
              {errors.from}
            </p>
          ) : null}
        </div>
        <div className={`field${errors.to ? " field--error" : ""}`}>
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={filter.to} />
          {errors.to ? (
            <p className="field__error" role="alert">
              {errors.to}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          Show
        </button>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
      </Form>
      {log.length === 0 && !Object.keys(errors).length ? <p className="empty">No lots recorded yet.</p> : null}
      {log.map(({ ledger, rows }) => (
        <section key={ledger.lot.id} className="print-lot" aria-labelledby={`lot-${ledger.lot.id}`}>
          <h2 id={`lot-${ledger.lot.id}`}>
            Lot {ledger.lot.lotNumber} — {ledger.lot.product}
          </h2>
          <p className="small">
            {ledger.lot.site} · {ledger.lot.concentrationMgPerMl} mg/mL × {ledger.lot.vialVolumeMl} mL × {ledger.lot.vialCount} vials ·
            supplier {ledger.lot.supplier}, invoice {ledger.lot.invoiceNumber} · expiry {formatLocalDate(ledger.lot.expiryDate)} · current
            balance {formatMg(ledger.balanceUg)} mg
          </p>
          <LedgerTable rows={rows} timeZone={ledger.lot.timeZone} caption={`Ledger for lot ${ledger.lot.lotNumber}`} />
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
