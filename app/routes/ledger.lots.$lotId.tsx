import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ErrorPage";
import { entryChoice, EntryForms } from "~/components/ledger/EntryForms";
import { LedgerTable } from "~/components/ledger/LedgerTable";
import { LEDGER_ENTRY_TYPE_LABELS, formatMg } from "~/domain/safety";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import { ledgerEntryIntents } from "~/forms/ledger";
import { readerFor } from "~/models/access.server";
import { notFound } from "~/models/kernel.server";
import { getLotLedger, lotExists, recordManualEntry } from "~/models/ledger.server";
import cssUrl from "~/styles/sessions.css";
import { formAction } from "~/utils/action.server";
import { requirePermission } from "~/utils/auth.server";
import { can } from "~/utils/permissions";

export const links = () => [{ rel: "stylesheet", href: cssUrl }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Lot ${data?.ledger.lot.lotNumber ?? ""} — Controlled-substance log — GroupKAP` },
];

/** An entry number from the URL (`before` / `after`), or nothing when absent or not one. */
function entryNumber(value: string | null): number | undefined {
  return value !== null && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "ledger:read");
  const params = new URL(args.request.url).searchParams;
  const page = { before: entryNumber(params.get("before")), after: entryNumber(params.get("after")) };
  const ledger = await getLotLedger(readerFor(args, user), args.params.lotId ?? "", page);
  if (!ledger) throw new Response("Lot not found", { status: 404 });
  return { ledger, canWrite: can(user.roles, "ledger:write") };
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "ledger:write");
  const lotId = args.params.lotId ?? "";
  if (!(await lotExists(lotId))) notFound("Lot not found");
  return formAction(args, {
    permission: { actor },
    schema: ledgerEntryIntents,
    run: (input, { meta }) => recordManualEntry(actor, meta, lotId, input),
    success: (_, input) => ({
      toast: `${LEDGER_ENTRY_TYPE_LABELS[input.intent]} recorded.${input.intent === "LOSS_THEFT" ? " Report it to the DEA (Form 106) within one business day of discovery." : ""}`,
    }),
  });
}

export default function LotPage() {
  const { ledger, canWrite } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { lot } = ledger;
  // The page's URL with one parameter changed: the pager keeps the open form, and the forms'
  // choice keeps the page of entries (a reversal's choices are the page's).
  const hrefWith = (name: string, value: string | null, drop: string[] = []) => {
    const next = new URLSearchParams(search);
    for (const d of drop) next.delete(d);
    if (value === null) next.delete(name);
    else next.set(name, value);
    const text = next.toString();
    return text ? `?${text}` : ".";
  };
  const paged = Boolean(ledger.shown?.earlier || ledger.shown?.later);
  const reversible = ledger.rows
    .filter((r) => !r.reversed && r.type !== "REVERSAL")
    .map((r) => ({ id: r.id, label: `#${r.seq} ${LEDGER_ENTRY_TYPE_LABELS[r.type]} ${formatMg(r.amountUg)} mg` }));
  return (
    <div>
      <p className="breadcrumb">
        <Link to="/ledger">Controlled-substance log</Link> /
      </p>
      <div className="page-header">
        <h1>Lot {lot.lotNumber}</h1>
        <Link className="button no-print" to={`/ledger/print?lot=${lot.id}`}>
          Print this lot's log
        </Link>
      </div>
      <dl className="facts">
        <dt>Product</dt>
        <dd>
          {lot.product}, {lot.concentrationMgPerMl} mg/mL × {lot.vialVolumeMl} mL × {lot.vialCount} vials
        </dd>
        <dt>Site</dt>
        <dd>{lot.site}</dd>
        <dt>Supplier</dt>
        <dd>
          {lot.supplier}
          {lot.supplierAddress ? `, ${lot.supplierAddress}` : ""}
          {lot.supplierDeaNumber ? ` (DEA ${lot.supplierDeaNumber})` : ""}, invoice {lot.invoiceNumber}
        </dd>
        <dt>Expiry</dt>
        <dd>{formatLocalDate(lot.expiryDate)}</dd>
        <dt>Balance</dt>
        <dd className="ledger-balance" aria-label="Current balance">
          {formatMg(ledger.balanceUg)} mg
        </dd>
      </dl>
      <h2>Ledger</h2>
      <LedgerTable rows={ledger.rows} timeZone={lot.timeZone} caption={`Ledger for lot ${lot.lotNumber}`} />
      {ledger.shown && paged ? (
        <nav aria-label="Pages of the ledger" className="pagination no-print">
          {ledger.shown.earlier ? (
            <Link to={hrefWith("before", String(ledger.shown.first), ["after"])} rel="prev">
              ← Earlier entries
            </Link>
          ) : (
            <span />
          )}
          <p className="muted small" aria-live="polite">
            Entries #{ledger.shown.first}–#{ledger.shown.last} of {ledger.entries.toLocaleString("en-US")}
            {ledger.shown.later ? (
              <>
                {" "}
                · <Link to={hrefWith("before", null, ["after"])}>Latest entries</Link>
              </>
            ) : null}
          </p>
          {ledger.shown.later ? (
            <Link to={hrefWith("after", String(ledger.shown.last), ["before"])} rel="next">
              Later entries →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
      {canWrite ? (
        <section aria-labelledby="entries-h" className="no-print">
          <h2 id="entries-h">Record an entry</h2>
          <p className="muted small">
            Administrations are recorded by signing a dosing record. Entries are never edited: a mistake is corrected by a reversal and a
            new entry.
          </p>
          <EntryForms
            open={entryChoice(search.get("record"), reply)}
            hrefFor={(slug) => hrefWith("record", slug)}
            balanceUg={ledger.balanceUg}
            reversible={reversible}
            reversibleHint={paged ? "The entries on this page: to reverse another, go to its page." : undefined}
            reply={reply}
          />
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
