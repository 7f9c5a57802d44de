// Keyset pages for lists whose cursor is the id of a row (the participant list, the safety
// inbox): the next page is the rows strictly after that row's sort values, so a page costs
// the same whatever its depth and a row added meanwhile is never shown twice. The cursor
// is an id, never the sort values, so no name appears in a URL. (The audit log and the
// adverse-event list encode (time, id) in their cursors instead: one query less.)

import { instantParam } from "~/utils/db.server";

export type SortDir = "asc" | "desc";
export type SortKey<F extends string> = { field: F; dir: SortDir };

const flip = (d: SortDir): SortDir => (d === "asc" ? "desc" : "asc");

/**
 * The `where`, `orderBy` and `take` of one page in the order `keys` (which must end with a
 * unique column, e.g. id), starting after `cursor.row` (the "Next" link) or before it
 * ("Previous"); `page` turns the fetched rows into the page and its cursors. A missing
 * cursor row (deleted, or not visible to the viewer) starts at the first page.
 */
export function keysetPage<F extends string>(
  keys: SortKey<F>[],
  size: number,
  cursor: { row: Record<F, unknown> | null; before: boolean },
) {
  const { row } = cursor;
  // Going back, read the rows before the cursor in reverse order, then turn the page round.
  const backwards = Boolean(row && cursor.before);
  const order = keys.map((k) => ({ field: k.field, dir: backwards ? flip(k.dir) : k.dir }));
  const where = row
    ? {
        OR: order.map((k, i) => ({
          AND: [
            ...order.slice(0, i).map((e) => ({ [e.field]: row[e.field] })),
            { [k.field]: { [k.dir === "asc" ? "gt" : "lt"]: row[k.field] } },
          ],
        })),
      }
    : {};
  return {
    where,
    orderBy: order.map((k) => ({ [k.field]: k.dir })),
    take: size + 1,
    page<R extends { id: string }>(fetched: R[]) {
      const more = fetched.length > size;
      const shown = fetched.slice(0, size);
      const rows = backwards ? shown.reverse() : shown;
      const first = rows[0];
      const last = rows[rows.length - 1];
      return {
        rows,
        // Forwards, there is a previous page when we came from one; backwards, a next page always.
        previousCursor: first && (backwards ? more : Boolean(row)) ? first.id : null,
        nextCursor: last && (backwards ? true : more) ? last.id : null,
      };
    },
  };
}

/**
 * `keysetPage` for hand-written reads: the condition for the rows after (or before) the cursor
 * row's values, with its parameters, the ORDER BY and the LIMIT, over the SQL columns that
 * `column` names for each field (none may be NULL); `page` is keysetPage's.
 */
export function keysetSql<F extends string>(
  keys: SortKey<F>[],
  size: number,
  cursor: { row: Record<F, unknown> | null; before: boolean },
  column: (field: F) => string,
  /**
   * The cursor row's value of a field as SQL with its parameters; by default a parameter with
   * `row[field]`. A subquery on the cursor's id keeps timestamps out of the parameters.
   */
  value: (field: F) => { sql: string; params: unknown[] } = (field) => ({ sql: "?", params: [cursor.row?.[field]] }),
) {
  const { row } = cursor;
  const backwards = Boolean(row && cursor.before);
  const order = keys.map((k) => ({ field: k.field, dir: backwards ? flip(k.dir) : k.dir }));
  const params: unknown[] = [];
  const valueOf = (field: F) => {
    const v = value(field);
    params.push(...v.params);
    return v.sql;
  };
  const where = row
    ? `(${order
        .map((k, i) => {
          const terms = order.slice(0, i).map((e) => `${column(e.field)} = ${valueOf(e.field)}`);
          terms.push(`${column(k.field)} ${k.dir === "asc" ? ">" : "<"} ${valueOf(k.field)}`);
          return `(${terms.join(" AND ")})`;
        })
        .join(" OR ")})`
    : "1 = 1";
  return {
    where,
    params,
    orderBy: order.map((k) => `${column(k.field)} ${k.dir === "asc" ? "ASC" : "DESC"}`).join(", "),
    limit: size + 1,
    page: keysetPage(keys, size, cursor).page,
  };
}

/**
 * The rows strictly older (`"older"`) or newer than a (time, id) cursor, on a DateTime column and
 * an id column: the condition and its parameters, the instant bound in the column's own form
 * (instantParam). No cursor: every row. For lists whose cursor carries its time (the audit log,
 * the adverse-event list).
 */
export function instantKeysetSql(
  timeColumn: string,
  idColumn: string,
  cursor: { at: Date; id: string } | undefined,
  side: "older" | "newer",
): { sql: string; params: unknown[] } {
  if (!cursor) return { sql: "1 = 1", params: [] };
  const than = side === "older" ? "<" : ">";
  const at = instantParam(cursor.at);
  return { sql: `(${timeColumn} ${than} ? OR (${timeColumn} = ? AND ${idColumn} ${than} ?))`, params: [at, at, cursor.id] };
}
