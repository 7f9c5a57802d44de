// The one Prisma client of the process. DATABASE_URL picks SQLite (file:) or
// PostgreSQL; both generated clients have the same model API, typed as the SQLite one.
import { PrismaClient as SqliteClient } from "~/generated/prisma/client";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgres/client";
import { getEnv } from "./env.server";
import { createAppAdapter, isPostgresUrl } from "../../prisma/adapters";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

declare global {
  var __groupkapDb: { client: Db; url: string; ready: Promise<void> } | undefined;
}

function create(url: string) {
  const adapter = createAppAdapter(url);
  const client = (isPostgresUrl(url) ? new PostgresClient({ adapter }) : new SqliteClient({ adapter })) as Db;
  const ready = isPostgresUrl(url)
    ? Promise.resolve()
    : (async () => {
        // SQLite leaves foreign keys off per connection; WAL lets readers and one
        // writer work at once; busy_timeout waits for a lock instead of failing.
        await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
        await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
        await client.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
      })();
  return { client, url, ready };
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

export async function disconnectDb() {
  if (globalThis.__groupkapDb) {
    await globalThis.__groupkapDb.client.$disconnect();
    globalThis.__groupkapDb = undefined;
  }
}
