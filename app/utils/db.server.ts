// The one Prisma client of the process. DATABASE_URL picks SQLite (file:) or
// PostgreSQL; both generated clients have the same model API, typed as the SQLite one.
import { createHash } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaClient as SqliteClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgres/client";
import { getEnv } from "./env.server";
import { logSlowRead, queryCountStorage } from "./queryCount";
import {
  createAppAdapterWithPool,
  createPostgresPool,
  isPostgresUrl,
  sqlitePathFromUrl,
  type SqliteWriteConnection,
} from "../../prisma/adapters";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

declare global {
  var __groupkapDriverOnly: boolean | undefined;
  var __groupkapDb:
    | {
        client: Db;
        url: string;
        ready: Promise<void>;
        pool: pg.Pool | null;
        /** SQLite: the Prisma client's write connection and its turns (null in a driver-only thread). */
        sqlite: SqliteWriteConnection | null;
        reader?: Promise<BetterSqlite3.Database | null>;
        writer?: Promise<BetterSqlite3.Database | null>;
      }
    | undefined;
}

/**
 * This thread reads through the driver only (`readRows`): no Prisma client is made, which
 * saves the thread its query compiler's memory. The report worker thread runs so
 * (app/server/reportWorker.ts); anything there that reaches for Prisma fails loudly.
 */
export function readThroughDriverOnly() {
  globalThis.__groupkapDriverOnly = true;
}

const NO_PRISMA = new Proxy({} as Db, {
  get(_, property) {
    if (property === "then") return undefined; // not a promise: `await dbReady()` resolves to it
    if (property === "$disconnect") return async () => {};
    throw new Error(`Prisma is not used in this thread (it reads through the driver only): db.${String(property)}`);
  },
});

function create(url: string) {
  if (globalThis.__groupkapDriverOnly) {
    return { client: NO_PRISMA, url, ready: Promise.resolve(), pool: isPostgresUrl(url) ? createPostgresPool(url) : null, sqlite: null };
  }
  const { adapter, pool, sqlite } = createAppAdapterWithPool(url);
  const client = (isPostgresUrl(url) ? new PostgresClient({ adapter }) : new SqliteClient({ adapter })) as Db;
  const ready = isPostgresUrl(url)
    ? Promise.resolve()
    : (async () => {
        // SQLite leaves foreign keys off per connection; WAL lets readers and one
        // writer work at once; busy_timeout waits for a lock instead of failing;
        // temp_store in memory keeps the statement journals of trigger programs (the report
        // rows' triggers) off temp files, which made each triggered write ~6× slower.
        await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
        await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
        await client.$executeRawUnsafe("PRAGMA temp_store = MEMORY");
        await client.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
      })();
  return { client, url, ready, pool, sqlite };
}

export function getDb(): Db {
  const url = getEnv().DATABASE_URL;
  if (!globalThis.__groupkapDb || globalThis.__groupkapDb.url !== url) {
    globalThis.__groupkapDb = create(url);
  }
  return globalThis.__groupkapDb.client;
}

/** Resolves when connection-level settings (SQLite pragmas) are applied. */
export async function dbReady(): Promise<Db> {
  const db = getDb();
  await globalThis.__groupkapDb!.ready;
  return db;
}

/**
 * Runs one read-only query straight through the driver and returns its rows as arrays of
 * column values, in SELECT order: for reads of hundreds of thousands of rows (the report's
 * read model), where Prisma's per-value conversion costs more than the query, and for small reads
 * on every request (Prisma compiles each statement on the event loop: ~0.6 ms). `?` marks the
 * parameters (numbered for PostgreSQL here). SQLite reads through a second, read-only
 * connection, which sees committed data only (never call it inside a transaction); an
 * in-memory database falls back to Prisma.
 */
export function readRows(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
  return counted(sql, () => readRowsUncounted(sql, params));
}

/**
 * `readRows` of a query of one column: its values as one list (SQLite hands them over without
 * an array per row, which costs more than the value when there are hundreds of thousands).
 */
export function readColumn(sql: string, params: readonly unknown[]): Promise<unknown[]> {
  return counted(sql, () => readRowsUncounted(sql, params, true));
}

/**
 * `readRows` for a statement whose best plan depends on its values: on PostgreSQL it is planned
 * for them on every run, never kept as a named statement. A kept statement gets a generic plan
 * after five runs, costed for a list parameter of a few values: the network's AE rates (900
 * dosing sessions) were then joined by nested loops, 40 → 260 ms.
 */
export function readRowsPlannedEachRun(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
  return counted(sql, () => readRowsUncounted(sql, params, false, false));
}

/** Runs one read, counted in the request's statements (Server-Timing; readRowsUncounted logs it for SLOW_QUERY_MS). */
async function counted<T>(sql: string, read: () => Promise<T>): Promise<T> {
  const count = queryCountStorage.getStore();
  const started = performance.now();
  try {
    return await read();
  } finally {
    if (count) {
      count.queries += 1;
      count.ms += performance.now() - started;
    }
  }
}

async function readRowsUncounted(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
async function readRowsUncounted(sql: string, params: readonly unknown[], firstColumn: true): Promise<unknown[]>;
async function readRowsUncounted(sql: string, params: readonly unknown[], firstColumn: false, named: false): Promise<unknown[][]>;
async function readRowsUncounted(sql: string, params: readonly unknown[], firstColumn = false, named = true): Promise<unknown[]> {
  const db = await dbReady();
  const state = globalThis.__groupkapDb!;
  const started = performance.now();
  if (state.pool) {
    const text = numberedParameters(sql);
    const name = named ? statementName(state.url, text) : undefined;
    const rows: unknown[][] = (await state.pool.query({ name, text, values: params as unknown[], rowMode: "array", types: PG_TYPES })).rows;
    // PostgreSQL: the time until the answer, a pool connection's wait included.
    logSlowRead(sql, performance.now() - started);
    return firstColumn ? rows.map((r) => r[0]) : rows;
  }
  const reader = await (state.reader ??= openSqlite(state.url, true));
  if (!reader) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params);
    logSlowRead(sql, performance.now() - started);
    return rows.map((r) => (firstColumn ? Object.values(r)[0] : Object.values(r)));
  }
  const statement = preparedOn(reader, sql);
  // SQLite runs the statement on this thread: its own time, which every other request waits
  // for (the time awaited would add the requests queued before it).
  const ran = performance.now();
  const rows = (firstColumn ? statement.pluck(true) : statement.raw(true)).all(...params);
  logSlowRead(sql, performance.now() - ran);
  return rows;
}

/**
 * Runs one write straight through the driver, outside any transaction (no Prisma: ~0.5 ms of
 * CPU less per statement, and the report worker has none), and returns how many rows it changed;
 * `?` marks the parameters, as in `readRows`. Counted in the request's statements. On SQLite it
 * runs on the Prisma client's connection in a turn of its own (app/utils/writeTurns.ts: after any
 * open transaction, never inside one); a thread without Prisma (the report worker) writes through
 * a connection of its own (WAL: one writer at a time, waiting up to 5 s for another). For writes
 * that stand alone (a kept report, the audit event of a view), not for changes of clinical data:
 * those go through the models in transactions, with their audit events.
 */
export function writeThroughDriver(sql: string, params: readonly unknown[]): Promise<number> {
  return counted(sql, () => writeUncounted(sql, params));
}

async function writeUncounted(sql: string, params: readonly unknown[]): Promise<number> {
  const db = await dbReady();
  const state = globalThis.__groupkapDb!;
  if (state.pool) return (await state.pool.query({ text: numberedParameters(sql), values: params as unknown[] })).rowCount ?? 0;
  const shared = state.sqlite;
  if (shared) {
    const connection = shared.connection;
    // Prisma has connected by now (dbReady's pragmas went through it); its statement otherwise.
    if (!connection) return db.$executeRawUnsafe(sql, ...params);
    return shared.turns.run(() => preparedOn(connection, sql).run(...params).changes);
  }
  const writer = await (state.writer ??= openSqlite(state.url, false));
  if (!writer) return db.$executeRawUnsafe(sql, ...params);
  return preparedOn(writer, sql).run(...params).changes;
}

/** `?` parameters numbered as PostgreSQL takes them ($1, $2, …). */
function numberedParameters(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * A connection of the driver's own to the SQLite file (read-only for reads, or for the writes
 * of `writeThroughDriver`), waiting up to 5 s for a lock; null for an in-memory database.
 */
async function openSqlite(url: string, readonly: boolean): Promise<BetterSqlite3.Database | null> {
  const file = sqlitePathFromUrl(url);
  if (file === ":memory:") return null;
  const { default: Database } = await import("better-sqlite3");
  const connection = new Database(file, { readonly, fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  if (!readonly) connection.pragma("foreign_keys = ON");
  return connection;
}

// PostgreSQL parses and plans an unnamed statement afresh on every run: ~0.2–1 ms of its CPU
// per read on the dosing board, more than most of those reads take to run. The driver reads
// are the code's own texts, so each is prepared once per pooled connection under a name made
// from its text, and PostgreSQL keeps its plan (after five runs a generic one, when that is
// as good as planning for the values). Bounded: the first MAX_NAMED_READS texts are named,
// any others run unnamed. `pgbouncer=true` in DATABASE_URL (Prisma's switch for a pooler in
// transaction mode, where a connection's prepared statements are not the session's) names none.
const namedReads = new Map<string, string>();
const MAX_NAMED_READS = 300;

function statementName(url: string, text: string): string | undefined {
  let name = namedReads.get(text);
  if (name === undefined && namedReads.size < MAX_NAMED_READS && !/[?&]pgbouncer=true(&|$)/.test(url)) {
    name = `read_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    namedReads.set(text, name);
  }
  return name;
}

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
const MAX_PREPARED = 500;

/** A statement prepared once per connection and SQL text (the texts are the code's own, with ? for every value). */
function preparedOn(connection: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let statements = prepared.get(connection);
  if (!statements) prepared.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= MAX_PREPARED) statements.clear();
    statements.set(sql, (statement = connection.prepare(sql)));
  }
  return statement;
}

// Prisma keeps DateTime as TIMESTAMP(3) (UTC, no zone) on PostgreSQL: read as UTC whatever the
// process's zone. COUNT(*) and other BIGINTs come back as numbers (counts fit easily).
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    if (oid === pg.types.builtins.INT8) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** One row of `readRows`, or undefined. */
export async function readRow(sql: string, params: readonly unknown[]): Promise<unknown[] | undefined> {
  return (await readRows(sql, params))[0];
}

/** Whether the app's database is PostgreSQL (for the few spellings that differ in raw reads). */
export function onPostgres(): boolean {
  return isPostgresUrl(getEnv().DATABASE_URL);
}

/**
 * "Is in this list" for `readRows`, with the whole list as one parameter (a program's 4,000
 * cohort ids are more than a statement takes one by one): `= ANY (?::TEXT[])` with an array on
 * PostgreSQL, `IN (SELECT value FROM json_each(?))` with a JSON array on SQLite. Put `sql`
 * after the column and `param` in its place among the parameters.
 */
export function sqlInList(values: readonly (string | number)[], type: "TEXT" | "INT" = "TEXT"): { sql: string; param: unknown } {
  return onPostgres()
    ? { sql: `= ANY (?::${type}[])`, param: [...values] }
    : { sql: `IN (SELECT value FROM json_each(?))`, param: JSON.stringify(values) };
}

/** SQL that joins a column's values of a group with commas (group_concat / string_agg). */
export function sqlCommaList(expr: string): string {
  return onPostgres() ? `string_agg(${expr}, ',')` : `group_concat(${expr}, ',')`;
}

/** The literal for a true Boolean column value (SQLite stores 1). */
export function sqlTrue(): string {
  return onPostgres() ? "TRUE" : "1";
}

/** The literal for a false Boolean column value (SQLite stores 0). */
export function sqlFalse(): string {
  return onPostgres() ? "FALSE" : "0";
}

/**
 * An instant as a `readRows` parameter compared with a DateTime column, in the form the
 * column holds it (the driver adapters' own: SQLite ISO 8601 text with "+00:00", compared as
 * text; PostgreSQL the UTC wall time of a TIMESTAMP(3)), whatever the process's time zone.
 */
export function instantParam(d: Date): string {
  return onPostgres() ? d.toISOString().slice(0, -1) : d.toISOString().replace("Z", "+00:00");
}

/** A DateTime column's value from `readRows` (SQLite: ISO text; PostgreSQL: a Date). */
export function instantValue(v: unknown): Date {
  return v instanceof Date ? v : new Date(v as string | number);
}

/** A nullable DateTime column's value from `readRows`: a Date, or null. */
export function instantOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : instantValue(v);
}

/** A Boolean column's value from `readRows` (SQLite stores 0 / 1). */
export function booleanValue(v: unknown): boolean {
  return v === true || v === 1 || v === 1n;
}

export async function disconnectDb() {
  if (globalThis.__groupkapDb) {
    (await globalThis.__groupkapDb.reader)?.close();
    (await globalThis.__groupkapDb.writer)?.close();
    await globalThis.__groupkapDb.client.$disconnect();
    globalThis.__groupkapDb = undefined;
  }
}

/** How `readRows` hands over a column, and what it becomes (`?`: may be NULL). */
export type ColumnKind = "text" | "int" | "float" | "bool" | "instant" | "text?" | "int?" | "float?" | "bool?" | "instant?";

function columnValue(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) {
    if (kind.endsWith("?")) return null;
    throw new Error(`NULL in a column read as ${kind}`);
  }
  switch (kind.replace("?", "")) {
    case "int":
    case "float":
      return Number(v);
    case "bool":
      return booleanValue(v);
    case "instant":
      return instantValue(v);
    default:
      return v as string;
  }
}

/**
 * Every column of a model, for reading whole rows through `readRows` as the ORM returns them:
 * `spec` names each field of `T` (the generated model type, so a field added to the schema and
 * missing here is a type error) with its kind. `sql` is the SELECT list on `alias`; `read`
 * turns the row's columns from `offset` into a `T`.
 */
export function modelColumns<T>(alias: string, spec: { [K in keyof T]-?: ColumnKind }) {
  const keys = Object.keys(spec) as (keyof T & string)[];
  const kinds = keys.map((k) => spec[k]);
  return {
    sql: keys.map((k) => `${alias}."${k}"`).join(", "),
    width: keys.length,
    read(row: unknown[], offset = 0): T {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) out[keys[i]] = columnValue(kinds[i], row[offset + i]);
      return out as T;
    },
  };
}
