// Driver adapters shared by the Prisma CLI (prisma.config.ts) and the app
// (app/utils/db.server.ts). Prisma runs without native engines, so every query goes
// through one of these.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { countingAdapterFactory } from "../app/utils/queryCount";
import { Turns } from "../app/utils/writeTurns";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** file:./data/x.db → absolute path, resolved against the project root (the cwd). */
export function sqlitePathFromUrl(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (raw === ":memory:") return raw;
  return path.isAbsolute(raw) ? raw : path.resolve(process.cwd(), raw);
}

// PostgreSQL's `name` (19) and `char` (18) columns appear when Prisma's schema engine
// introspects the catalog; the adapter cannot deserialize them, so they are reported
// as text (25), which is what their values are.
const TEXT_OID = 25;
function remapCatalogTypes<T>(result: T): T {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  if (fields) {
    for (const field of fields) {
      if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

type Queryable = { query: (...args: unknown[]) => unknown };
function patchQuery(target: Queryable) {
  const original = target.query.bind(target);
  target.query = (...args: unknown[]) => {
    const out = original(...args);
    return out instanceof Promise ? out.then(remapCatalogTypes) : out;
  };
}

export function postgresPoolConfig(url: string): pg.PoolConfig {
  // Separate fields rather than connectionString: a connection string would override
  // the database name that Prisma sets for a shadow database.
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    max: Number(u.searchParams.get("connection_limit") ?? 10),
    // No JIT: compiling a large read (the report's, a bulk write's triggers) took longer than
    // running it; per connection, so no query needs a transaction to turn it off.
    options: "-c jit=off",
    allowExitOnIdle: true,
    idleTimeoutMillis: 1000,
  };
}

export function createPostgresPool(url: string, { forMigrations = false } = {}) {
  const pool = new pg.Pool(postgresPoolConfig(url));
  // An idle client whose connection ends (a server restart, an administrator's terminate)
  // emits "error" on the pool; without a listener that would end the whole process. The
  // pool drops that client and the next query opens a new connection.
  pool.on("error", (err) => console.error(`PostgreSQL: an idle connection ended: ${err.message}`));
  if (forMigrations) {
    patchQuery(pool as unknown as Queryable);
    pool.on("connect", (client) => patchQuery(client as unknown as Queryable));
  }
  return pool;
}

/** The adapter factory for the app's PrismaClient; statements are counted per request (app/utils/queryCount.ts). */
export function createAppAdapter(url: string) {
  return createAppAdapterWithPool(url).adapter;
}

/**
 * SQLite's one write connection as the app's Prisma client holds it: its turns
 * (app/utils/writeTurns.ts) and, once Prisma has connected, the driver's connection, for
 * statements sent straight through the driver in a turn of their own.
 */
export type SqliteWriteConnection = { turns: Turns; connection: BetterSqlite3.Database | null };

/**
 * The adapter factory and, on PostgreSQL, its pool (for statements that go straight through the
 * driver); on SQLite, its write connection.
 */
export function createAppAdapterWithPool(url: string): {
  adapter: PrismaPg | PrismaBetterSQLite3;
  pool: pg.Pool | null;
  sqlite: SqliteWriteConnection | null;
} {
  if (isPostgresUrl(url)) {
    const pool = createPostgresPool(url);
    return { adapter: countingAdapterFactory(new PrismaPg(pool)), pool, sqlite: null };
  }
  const sqlite: SqliteWriteConnection = { turns: new Turns(), connection: null };
  const adapter = countingAdapterFactory(new PrismaBetterSQLite3({ url: sqlitePathFromUrl(url) }), {
    turns: sqlite.turns,
    // The adapter's driver connection (better-sqlite3's Database).
    onConnect: (connected) => (sqlite.connection = (connected as { client: BetterSqlite3.Database }).client),
  });
  return { adapter, pool: null, sqlite };
}

// The schema engine sends whole migration files (several statements) through
// executeRaw when it replays them into a shadow database; better-sqlite3 runs one
// statement per call, so such calls go through executeScript instead.
type ExecAdapter = {
  executeRaw: (q: { sql: string; args: unknown[] }) => Promise<number>;
  executeScript: (script: string) => Promise<void>;
};
function multiStatementSafe<T>(adapter: T): T {
  const a = adapter as unknown as ExecAdapter;
  const executeRaw = a.executeRaw.bind(a);
  a.executeRaw = async (query) => {
    if (query.args.length === 0 && /;\s*\S/.test(query.sql.trim().replace(/;\s*$/, ""))) {
      await a.executeScript(query.sql);
      return 0;
    }
    return executeRaw(query);
  };
  return adapter;
}

// The stock PostgreSQL adapter splits a migration script on every ";", which breaks
// function bodies. PostgreSQL's simple query protocol takes the whole script at once
// (and runs it as one implicit transaction).
function wholeScriptPg(pool: pg.Pool) {
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  };
  return factory;
}

/**
 * How long a migration waits for SQLite's locks (applying migrations waits until no other
 * connection has the file open) before giving up; app/cli/migrations.ts says so.
 */
export const MIGRATION_BUSY_TIMEOUT_MS = 30_000;

/** The adapter factory for the Prisma CLI (migrate deploy / status / diff). */
export async function createMigrationAdapterFactory(url: string) {
  if (isPostgresUrl(url)) {
    const factory = wholeScriptPg(createPostgresPool(url, { forMigrations: true }));
    // The stock shadow database is dropped while its pool is still open, which
    // PostgreSQL refuses; create and drop it here, closing the pool first.
    factory.connectToShadowDb = async () => {
      const admin = new pg.Client(postgresPoolConfig(url));
      await admin.connect();
      const database = `groupkap_shadow_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      await admin.query(`CREATE DATABASE "${database}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${database}`;
      const pool = createPostgresPool(shadowUrl.toString(), { forMigrations: true });
      const adapter = await wholeScriptPg(pool).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose().catch(() => undefined);
        await pool.end().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.end();
      };
      return adapter;
    };
    return factory;
  }
  const file = sqlitePathFromUrl(url);
  if (file !== ":memory:") {
    const fs = await import("node:fs");
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const factory = new PrismaBetterSQLite3({ url: file, timeout: MIGRATION_BUSY_TIMEOUT_MS });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => multiStatementSafe(await connect());
  factory.connectToShadowDb = async () => multiStatementSafe(await connectToShadowDb());
  return factory;
}
