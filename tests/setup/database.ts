// Runs before each integration test file: gives the file its own database, copied
// from the run's template, and points the app at it through DATABASE_URL.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, inject } from "vitest";

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

// node-postgres warns (once per process) when a query is sent on a connection that is still
// busy, e.g. two statements of one transaction started together: deprecated, and an error
// in pg 9. The test during which it happens fails.
let busyConnection: Error | null = null;
process.on("warning", (warning) => {
  if (/already executing a query/.test(warning.message)) busyConnection ??= warning;
});
afterEach(() => {
  const warning = busyConnection;
  busyConnection = null;
  if (warning) throw new Error(`A query was sent on a busy PostgreSQL connection: ${warning.message}`);
});

afterAll(async () => {
  const { disconnectDb } = await import("~/utils/db.server");
  await disconnectDb();
});
