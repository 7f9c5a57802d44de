// Bulk reads and writes for commands that handle thousands of rows at once (the measure
// import): lookups by a list of values in chunks, and multi-row INSERT statements.
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "./db.server";
import { getEnv } from "./env.server";
import { isPostgresUrl } from "../../prisma/adapters";

// Prisma refuses a SQLite query with more than 999 bound values unless it can split it
// itself (it does for createMany and a lone `in` list, not for a filter with two lists or
// an OR of pairs). Every lookup by a list runs in chunks of this many values, one round
// trip per chunk, never one per row.
export const LOOKUP_CHUNK = 500;

/** `read` for each chunk of `items` in turn (never at once: a transaction has one connection). */
export async function inChunks<T, R>(items: readonly T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) for (const r of await read(items.slice(i, i + LOOKUP_CHUNK))) out.push(r);
  return out;
}

/** Rows per INSERT statement of `insertRows`. */
const INSERT_CHUNK = 2_000;

/**
 * Inserts many rows and returns their new ids (in the order of `rows`). Each statement
 * binds ONE value, the rows as UTF-8 JSON bytes, which the database expands (SQLite
 * json_each, PostgreSQL json_populate_recordset): Prisma's createMany spends about a
 * millisecond of CPU per row building and checking its query, a multi-row INSERT with a
 * bound value per cell still costs Prisma's query compiler more than the database's write,
 * and so does a text value full of quotes (bytes pass through it as base64). Dates are
 * written as the driver adapters write a bound Date (SQLite: ISO 8601 text with "+00:00";
 * PostgreSQL: the UTC wall time of a TIMESTAMP(3)). Each row gets a new id, and
 * `createdAt`/`updatedAt`-style columns named in `stamps` get the current time, as Prisma
 * would set them; other columns left out take their database default. All rows must have
 * the same keys; values are strings, numbers, booleans, Dates or null.
 */
export async function insertRows(
  db: Db | Tx,
  table: string,
  rows: Record<string, unknown>[],
  stamps: readonly string[],
): Promise<string[]> {
  const ids: string[] = [];
  if (!rows.length) return ids;
  const postgres = isPostgresUrl(getEnv().DATABASE_URL);
  const keys = Object.keys(rows[0]);
  const columns = ["id", ...keys, ...stamps];
  const list = columns.map((c) => `"${c}"`).join(", ");
  const sql = postgres
    ? `INSERT INTO "${table}" (${list}) SELECT ${columns.map((c) => `r."${c}"`).join(", ")} FROM json_populate_recordset(NULL::"${table}", convert_from($1, 'UTF8')::json) AS r`
    : `INSERT INTO "${table}" (${list}) SELECT ${columns.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ")} FROM json_each(CAST(? AS TEXT)) ORDER BY key`;
  const encode = (v: unknown) =>
    v instanceof Date ? (postgres ? v.toISOString().slice(0, -1) : v.toISOString().replace("Z", "+00:00")) : (v ?? null);
  const now = encode(new Date());
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const values = rows.slice(i, i + INSERT_CHUNK).map((row) => {
      const id = randomUUID();
      ids.push(id);
      const cells = [id, ...keys.map((k) => encode(row[k])), ...stamps.map(() => now)];
      return postgres ? Object.fromEntries(columns.map((c, j) => [c, cells[j]])) : cells;
    });
    await db.$executeRawUnsafe(sql, Buffer.from(JSON.stringify(values), "utf8"));
  }
  return ids;
}
