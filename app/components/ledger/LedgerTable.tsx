import { LEDGER_ENTRY_TYPE_LABELS, formatMg, type LedgerEntryType } from "~/domain/safety";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";

export type LedgerRowView = {
  id: string;
  seq: number;
  type: LedgerEntryType;
  amountUg: number;
  deltaUg: number;
  balanceUg: number;
  reversed: boolean;
  recordedAt: string;
  recordedBy: string | null;
  witness: string | null;
  participantCode: string | null;
  method: string | null;
  reason: string | null;
  counterparty: string | null;
  physicalCountUg: number | null;
  expectedUg: number | null;
  explanation: string | null;
  reversesSeq: number | null;
  dea106Required: boolean;
  flagged: boolean;
  /** An administration whose dosing record is not signed yet (it already counts in the balance). */
  pending?: boolean;
  note: string | null;
};

const when = (iso: string, timeZone: string) => formatLocalDateTime(new Date(iso), timeZone);

function details(r: LedgerRowView): string {
  switch (r.type) {
    case "ADMINISTER":
      return `Participant ${r.participantCode ?? "?"}${r.note ? ` · ${r.note}` : ""}`;
    case "WASTE":
      return `Method: ${r.method ?? ""} · witnessed by ${r.witness ?? "?"}`;
    case "DESTROY":
      return `Form 41 · method: ${r.method ?? ""} · ${r.reason ?? ""} · first witness ${r.witness ?? "?"} (both witnesses on the DEA records page)`;
    case "TRANSFER_IN":
      return `From ${r.counterparty ?? ""}`;
    case "TRANSFER_OUT":
      return `To ${r.counterparty ?? ""}`;
    case "LOSS_THEFT":
      return r.reason ?? "";
    case "INVENTORY_COUNT": {
      const diff = (r.physicalCountUg ?? 0) - (r.expectedUg ?? 0);
      return `Counted ${formatMg(r.physicalCountUg ?? 0)} mg, expected ${formatMg(r.expectedUg ?? 0)} mg${diff ? ` (discrepancy ${diff > 0 ? "+" : "−"}${formatMg(Math.abs(diff))} mg): ${r.explanation ?? ""}` : ""}`;
    }
    case "REVERSAL":
      return `Reverses entry #${r.reversesSeq ?? "?"}: ${r.reason ?? ""}`;
    default:
      return r.note ?? "";
  }
}

/** The append-only ledger with its running balance (amounts in mg). */
export function LedgerTable({ rows, timeZone, caption }: { rows: LedgerRowView[]; timeZone: string; caption: string }) {
  if (rows.length === 0) return <p className="empty">No entries in this period.</p>;
  return (
    <div className="table-wrap">
      <table className="table table--dense ledger-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Recorded</th>
            <th scope="col">Entry</th>
            <th scope="col" className="num">
              Change (mg)
            </th>
            <th scope="col" className="num">
              Balance (mg)
            </th>
            <th scope="col">Details</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={[r.flagged ? "row--flagged" : "", r.reversed ? "row--reversed" : ""].join(" ").trim() || undefined}>
              <td>{r.seq}</td>
              <td className="nowrap">{when(r.recordedAt, timeZone)}</td>
              <td>
                {LEDGER_ENTRY_TYPE_LABELS[r.type]} {r.flagged ? <span className="badge badge--warn">Flagged</span> : null}{" "}
                {r.dea106Required ? <span className="badge badge--danger">DEA Form 106 must be filed</span> : null}
                {r.pending ? <span className="badge badge--warn">Pending signature</span> : null}
                {r.reversed ? <span className="badge badge--muted">Reversed</span> : null}
              </td>
              <td className="num">{r.deltaUg === 0 ? "0" : `${r.deltaUg > 0 ? "+" : "−"}${formatMg(Math.abs(r.deltaUg))}`}</td>
              <td className="num">
                <strong>{formatMg(r.balanceUg)}</strong>
              </td>
              <td>{details(r)}</td>
              <td>{r.recordedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
