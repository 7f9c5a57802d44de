// Prisma CLI configuration. Prisma runs in its Rust-free mode: the schema engine is
// JavaScript and talks to the database through the same driver adapters as the app,
// so nothing native is downloaded. DATABASE_URL picks the provider:
// file:… → SQLite (prisma/schema.prisma), postgres(ql)://… → PostgreSQL
// (prisma/postgres/schema.prisma, derived from the SQLite one).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { isPostgresUrl, createMigrationAdapterFactory } from "./prisma/adapters";

// The CLI must always see a DATABASE_URL, or it tries to download a query engine.
process.env.DATABASE_URL ||= "file:./data/groupkap.db";
const url = process.env.DATABASE_URL;
const postgres = isPostgresUrl(url);

if (postgres) {
  // The CLI leaves long timers behind after a PostgreSQL command has finished, which
  // keeps the process alive for 10–60 s; a CLI run has nothing left to wait for then.
  const setTimeoutOriginal = globalThis.setTimeout;
  globalThis.setTimeout = ((handler: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = setTimeoutOriginal(handler, ms, ...args);
    if ((ms ?? 0) >= 5000) timer.unref?.();
    return timer;
  }) as typeof setTimeout;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: {
    path: postgres ? path.join("prisma", "postgres", "migrations") : path.join("prisma", "migrations"),
  },
  adapter: () => createMigrationAdapterFactory(url),
});
