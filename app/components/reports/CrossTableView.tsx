import { markup, type HtmlValue } from "~/components/ui/html";
import type { CrossTable } from "~/domain/reports";

/**
 * A table body of markup rows (made with `markup`, escaped by construction): one element React
 * leaves alone. A program report is some twenty tables and a chart per measure; as React
 * elements their cells were most of the page's render on the server.
 */
export function Rows({ rows }: { rows: readonly HtmlValue[] }) {
  return <tbody dangerouslySetInnerHTML={markup`${rows}`} />;
}

/** A baseline × post table (rows = baseline category, columns = post category). */
export function CrossTableView({ t }: { t: CrossTable }) {
  if (t.n === 0) {
    return (
      <div className="report-block">
        <h4>{t.title}</h4>
        <p className="empty">{t.note ?? "Nobody has both timepoints for this table."}</p>
      </div>
    );
  }
  return (
    <div className="report-block table-wrap">
      <table className="table table--dense report-cross">
        <caption>
          {t.title} (n = {t.n})
        </caption>
        <thead>
          <tr>
            <th scope="col">Baseline ↓ / post →</th>
            {t.cols.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <Rows
          rows={t.rows.map(
            (r, i) =>
              markup`<tr><th scope="row">${r}</th>${t.counts[i].map((c, j) =>
                i === j ? markup`<td class="report-cross__same">${c}</td>` : markup`<td>${c}</td>`,
              )}<td>${t.rowTotals[i]}</td></tr>`,
          )}
        />
      </table>
      {t.note && <p className="small muted">{t.note}</p>}
    </div>
  );
}
