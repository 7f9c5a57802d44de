import { Link } from "@remix-run/react";
import { Fragment, useMemo, useRef, useState, type ReactNode } from "react";
import { useClientNavigation } from "./clientNavigation";
import { SafeHtml } from "./html";

export type Column<T> = {
  key: string;
  header: string;
  /**
   * The cell's content: React elements, or markup made with `markup` (escaped by construction).
   * A row whose cells are all markup is one element whose cells are one string (a roster's
   * hundreds of plain links, buttons and forms cost React almost nothing on the server); a row
   * with a React cell (e.g. a form a reply answers) is React cells, its markup cells strings.
   * Markup links and forms marked for client-side navigation (`clientLink`, CLIENT_SUBMIT) are
   * navigated and submitted without a page load by the table's listener (useClientNavigation).
   */
  render: (row: T) => ReactNode | SafeHtml;
  sortValue?: (row: T) => string | number | null;
};

/** The sort a server applied to `rows`, and the URL of the same list sorted otherwise. */
export type ServerSort = { key: string; dir: "asc" | "desc"; href: (key: string, dir: "asc" | "desc") => string };

/**
 * A table whose column headers sort it (click or Enter/Space), announced via aria-sort.
 * With `serverSort` the rows arrive sorted (a page of a longer list): the headers are
 * links to the list sorted by that column, and only columns with a `sortValue` get one.
 */
export function SortableTable<T>({
  rows,
  columns,
  rowKey,
  caption,
  initialSort,
  empty,
  serverSort,
  scrollRegion,
  className,
  rowDetail,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  caption: string;
  initialSort?: { key: string; dir: "asc" | "desc" };
  empty?: ReactNode;
  serverSort?: ServerSort;
  /** A wide table: its scroll box is a named, focusable region, so the keyboard can scroll it (arrow keys once it has focus). */
  scrollRegion?: string;
  /** Extra classes on the table (e.g. `table--sticky-first`). */
  className?: string;
  /** A full-width row under a row (one cell spanning every column), e.g. a panel of forms; null for none. It follows its row when sorted. */
  rowDetail?: (row: T) => { id: string; className?: string; content: ReactNode } | null;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  useClientNavigation(wrap);
  const [clientSort, setSort] = useState(initialSort ?? null);
  const sort = serverSort ? { key: serverSort.key, dir: serverSort.dir } : clientSort;
  const sorted = useMemo(() => {
    if (!clientSort || serverSort) return rows;
    const col = columns.find((c) => c.key === clientSort.key);
    if (!col?.sortValue) return rows;
    const value = col.sortValue;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === vb) return 0;
      if (va === null) return 1;
      if (vb === null) return -1;
      const cmp = typeof va === "number" && typeof vb === "number" ? va - vb : String(va).localeCompare(String(vb));
      return clientSort.dir === "asc" ? cmp : -cmp;
    });
  }, [rows, columns, clientSort, serverSort]);

  if (rows.length === 0 && empty) return <div className="empty">{empty}</div>;

  return (
    <div className="table-wrap" ref={wrap} {...(scrollRegion ? { role: "region", "aria-label": scrollRegion, tabIndex: 0 } : {})}>
      <table className={className ? `table ${className}` : "table"}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              const ariaSort = active ? (sort!.dir === "asc" ? "ascending" : "descending") : c.sortValue ? "none" : undefined;
              return (
                <th key={c.key} scope="col" aria-sort={ariaSort}>
                  {c.sortValue && serverSort ? (
                    <Link
                      className="sort-button"
                      to={serverSort.href(c.key, active && sort!.dir === "asc" ? "desc" : "asc")}
                      preventScrollReset
                    >
                      {c.header}
                      <span aria-hidden="true" className="sort-indicator">
                        {active ? (sort!.dir === "asc" ? " ▲" : " ▼") : " ↕"}
                      </span>
                    </Link>
                  ) : c.sortValue ? (
                    <>
                      {/* Print shows this text instead of the button: Chromium leaves form controls out of the header it repeats on each sheet. */}
                      <span className="sort-print-label">{c.header}</span>
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => setSort({ key: c.key, dir: active && sort!.dir === "asc" ? "desc" : "asc" })}
                      >
                        {c.header}
                        <span aria-hidden="true" className="sort-indicator">
                          {active ? (sort!.dir === "asc" ? " ▲" : " ▼") : " ↕"}
                        </span>
                      </button>
                    </>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => {
            const cells = columns.map((c) => c.render(row));
            const detail = rowDetail?.(row);
            return (
              <Fragment key={rowKey(row)}>
                {cells.every((cell) => cell instanceof SafeHtml) ? (
                  // A row of markup cells is one string: React keeps it as it is while it is the same.
                  <tr dangerouslySetInnerHTML={{ __html: cellsHtml(cells as SafeHtml[]) }} />
                ) : (
                  <tr>
                    {cells.map((cell, i) =>
                      cell instanceof SafeHtml ? (
                        <td key={columns[i].key} dangerouslySetInnerHTML={cell} />
                      ) : (
                        <td key={columns[i].key}>{cell}</td>
                      ),
                    )}
                  </tr>
                )}
                {detail ? (
                  <tr id={detail.id} className={detail.className}>
                    <td colSpan={columns.length}>{detail.content}</td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function cellsHtml(cells: SafeHtml[]): string {
  let out = "";
  for (const cell of cells) out += `<td>${cell.__html}</td>`;
  return out;
}
