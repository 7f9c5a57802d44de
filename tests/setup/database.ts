// Runs before each integration test file: gives the file its own database, copied
// from the run's template, and points the app at it through DATABASE_URL.
//
// Most integration files share their worker process (the "integration" project runs without
// isolation; vitest.config.ts): each file therefore starts from the environment the worker
// started with, a fresh parse of it (getEnv's cache) and real timers, and the previous file's
// Prisma client was closed by its afterAll below.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, inject, vi } from "vitest";
import { disconnectDb } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";

const shared = globalThis as typeof globalThis & {
  __testWorkerEnv?: Record<string, string | undefined>;
  __testBusyConnection?: { warning: Error | null };
};
shared.__testWorkerEnv ??= { ...process.env };
for (const key of Object.keys(process.env)) if (!(key in shared.__testWorkerEnv)) delete process.env[key];
Object.assign(process.env, shared.__testWorkerEnv);
vi.useRealTimers();
await disconnectDb();

const kind = inject("dbKind");
const id = randomUUID().slice(0, 8);

if (kind === "sqlite") {
  const template = inject("templateSqlite");
  const file = path.join(path.dirname(template), `file-${inject("runId")}-${id}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
} else {
  const base = inject("pgBaseUrl");
  const name = `groupkap_test_${inject("runId")}_${id}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${inject("templatePg")}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
}
process.env.NODE_ENV = "test";
resetEnvCache();

// node-postgres warns (once per process) when a query is sent on a connection that is still
// busy, e.g. two statements of one transaction started together: deprecated, and an error
// in pg 9. The test during which it happens fails. (Node warns once per process, so in a shared
// worker only the first such file fails; fix it and the next one shows.)
if (!shared.__testBusyConnection) {
  const state: { warning: Error | null } = { warning: null };
  shared.__testBusyConnection = state;
  process.on("warning", (warning) => {
    if (/already executing a query/.test(warning.message)) state.warning ??= warning;
  });
}
const busy = shared.__testBusyConnection;
afterEach(() => {
  const warning = busy.warning;
  busy.warning = null;
  if (warning) throw new Error(`A query was sent on a busy PostgreSQL connection: ${warning.message}`);
});

afterAll(async () => {
  await disconnectDb();
});
