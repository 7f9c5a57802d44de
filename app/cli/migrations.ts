// Migrations for the command line. Every command that may meet an empty database starts
// here; most runs meet an up-to-date one, often while the server is running on the same
// SQLite file. `prisma migrate deploy` takes the write lock even when there is nothing to
// do (and on SQLite waits until no other connection has the file open), so it would fail
// behind a running server. The check therefore reads the applied migrations (read-only,
// through the app's client) and runs deploy only when a migration folder is not applied
// yet; then it waits, and says why.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { isPostgresUrl, MIGRATION_BUSY_TIMEOUT_MS } from "../../prisma/adapters";
import { getEnv } from "../utils/env.server";

// Paths are resolved from this module's own URL: app/cli/ under tsx, build/server/ once
// compiled (`npm run build:server` bundles into that one folder). Both lie two levels
// below the project root, so keep the compiled output there.
const root = fileURLToPath(new URL("../..", import.meta.url));

function migrationFolders(url: string): string[] {
  const dir = fileURLToPath(new URL(isPostgresUrl(url) ? "../../prisma/postgres/migrations" : "../../prisma/migrations", import.meta.url));
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(`${dir}/${d.name}/migration.sql`))
    .map((d) => d.name)
    .sort();
}

/**
 * The migration folders not applied to the database (all of them when it has no migration
 * table yet), or null when the database cannot tell (unreachable, a failed migration):
 * `migrate deploy` then decides and reports.
 */
export async function pendingMigrations(url: string): Promise<string[] | null> {
  const folders = migrationFolders(url);
  const { dbReady } = await import("../utils/db.server");
  let rows: { migration_name: string; finished_at: unknown; rolled_back_at: unknown }[];
  try {
    const db = await dbReady();
    rows = await db.$queryRawUnsafe(`SELECT "migration_name", "finished_at", "rolled_back_at" FROM "_prisma_migrations"`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/no such table|does not exist/i.test(message)) return folders;
    return null;
  }
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return null;
  const applied = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  return folders.filter((f) => !applied.has(f));
}

/** Applies pending migrations, if any. Throws an Error with one clear line when it cannot. */
export async function migrateIfPending(log: (line: string) => void = (l) => console.error(l)): Promise<{ applied: number | null }> {
  const url = getEnv().DATABASE_URL;
  const pending = await pendingMigrations(url);
  if (pending !== null && pending.length === 0) return { applied: 0 };
  const what = pending === null ? "migrations" : `${pending.length} pending migration(s)`;
  const seconds = Math.round(MIGRATION_BUSY_TIMEOUT_MS / 1000);
  if (!isPostgresUrl(url)) {
    log(
      `Applying ${what}: this needs the database to itself, so it waits up to ${seconds} s for other processes (such as a running server) to close it.`,
    );
  }
  // The app's connection is closed first: on SQLite it would otherwise be one more
  // connection for the migration to wait for.
  const { disconnectDb } = await import("../utils/db.server");
  await disconnectDb();
  const run = spawnSync(`${root}node_modules/.bin/prisma`, ["migrate", "deploy"], { cwd: root, env: process.env, encoding: "utf8" });
  if (run.status === 0) return { applied: pending?.length ?? null };
  const output = `${run.stderr ?? ""}\n${run.stdout ?? ""}`;
  if (/SocketTimeout|database is locked|SQLITE_BUSY/i.test(output)) {
    throw new Error(
      `Could not apply ${what}: another process (a running server?) kept the database open for ${seconds} s. Stop it, run this command again, then start the server.`,
    );
  }
  const reason =
    output
      .split("\n")
      .map((l) => l.trim())
      .find((l) => /^Error|P\d{4}|failed/i.test(l)) ?? `prisma migrate deploy exited with ${run.status}`;
  throw new Error(`Could not apply ${what}: ${reason} (run "npx prisma migrate deploy" for the details).`);
}
