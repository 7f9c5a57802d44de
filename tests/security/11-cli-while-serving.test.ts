// Finding 11: a CLI command against an up-to-date database must not need the write lock
// (the running server may hold it): the migration check reads the applied migrations and
// runs `prisma migrate deploy` only when one is pending; then it waits and says why.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { isPostgresUrl, postgresPoolConfig, sqlitePathFromUrl } from "../../prisma/adapters";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");
const root = path.resolve(import.meta.dirname, "../..");
// Prisma's schema engine serializes `migrate deploy` runs on PostgreSQL with this advisory lock.
const PRISMA_MIGRATE_LOCK = 72707369;

function cli(args: string[], databaseUrl: string) {
  return promisify(execFile)(process.execPath, [inject("cliEntry"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "test" },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
}

describe(`the CLI on a database in use (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it.runIf(!postgres)(
    "`setup` on an up-to-date SQLite file succeeds while another connection holds a write transaction open",
    async () => {
      const url = process.env.DATABASE_URL!;
      const holder = new Database(sqlitePathFromUrl(url));
      holder.pragma("journal_mode = WAL");
      holder.prepare("BEGIN IMMEDIATE").run();
      holder.prepare(`UPDATE "Site" SET "name" = "name"`).run();
      try {
        const res = await cli(["setup"], url);
        expect(res.stderr).not.toMatch(/SocketTimeout|WASM_ERROR|locked/);
        expect(res).toMatchObject({ code: 0 });
        expect(res.stdout).toMatch(/^Database ready/);
        expect(holder.inTransaction).toBe(true);
      } finally {
        holder.prepare("COMMIT").run();
        holder.close();
      }
    },
    60_000,
  );

  it.runIf(postgres)(
    "`setup` on an up-to-date PostgreSQL database succeeds while a migration holds Prisma's migrate lock",
    async () => {
      const url = process.env.DATABASE_URL!;
      const holder = new pg.Client(postgresPoolConfig(url));
      await holder.connect();
      await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
      try {
        const res = await cli(["setup"], url);
        expect(res).toMatchObject({ code: 0 });
        expect(res.stdout).toMatch(/^Database ready/);
      } finally {
        await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
        await holder.end();
      }
    },
    60_000,
  );

  it.runIf(!postgres)(
    "with migrations pending, `setup` says it waits for other connections, waits, and applies them",
    async () => {
      const file = path.join(path.dirname(sqlitePathFromUrl(process.env.DATABASE_URL!)), `cli-pending-${process.pid}-${Date.now()}.db`);
      // An empty database that another connection (a server's equivalent) has open, in a
      // write transaction, for a moment.
      const holder = new Database(file);
      holder.pragma("journal_mode = WAL");
      holder.prepare("BEGIN IMMEDIATE").run();
      const release = setTimeout(() => {
        holder.prepare("COMMIT").run();
        holder.close();
      }, 1500);
      try {
        const res = await cli(["setup"], `file:${file}`);
        expect(res.stderr).toMatch(
          /^Applying \d+ pending migration\(s\): this needs the database to itself, so it waits up to 30 s for other processes \(such as a running server\) to close it\.$/m,
        );
        expect(res).toMatchObject({ code: 0 });
        expect(res.stdout).toMatch(/^Database ready/);
        const check = new Database(file, { readonly: true });
        const applied = check.prepare(`SELECT count(*) AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`).get() as {
          n: number;
        };
        check.close();
        expect(applied.n).toBe(
          fs.readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).length,
        );
      } finally {
        clearTimeout(release);
        if (holder.open) holder.close();
        for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      }
    },
    60_000,
  );
});
