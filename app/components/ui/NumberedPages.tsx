import { Link } from "@remix-run/react";

/**
 * Previous / next links of a numbered (offset) list, with "Page 2 of 9 · 410 cohorts".
 * `href(page)` keeps the list's filters and sort. Nothing when the list is empty.
 */
export function NumberedPages({
  label,
  page,
  pages,
  total,
  noun,
  href,
}: {
  /** The navigation's accessible name, e.g. "Pages of cohorts". */
  label: string;
  page: number;
  pages: number;
  total: number;
  /** Singular and plural: ["cohort", "cohorts"]. */
  noun: [string, string];
  href: (page: number) => string;
}) {
  if (total <= 0) return null;
  return (
    <nav aria-label={label} className="pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <p className="muted small" aria-live="polite">
        {pages > 1 ? `Page ${page} of ${pages} · ` : ""}
        {total.toLocaleString("en-US")} {total === 1 ? noun[0] : noun[1]}
      </p>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/**
 * A link of a server-sorted, numbered list: the current query with `change` applied. Any change
 * starts at page 1 unless it names the page (page 1 is left out of the link).
 */
export function listHref(params: URLSearchParams, change: Record<string, string>): string {
  const p = new URLSearchParams(params);
  p.delete("page");
  for (const [k, v] of Object.entries(change)) if (v !== "1" || k !== "page") p.set(k, v);
  return `?${p.toString()}`;
}
