// Builds one migrated, reference-seeded template database per test run; every
// integration test file then gets its own copy (tests/setup/database.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import pg from "pg";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    dbKind: "sqlite" | "postgres";
    templateSqlite: string;
    templatePg: string;
    pgBaseUrl: string;
    runId: string;
    /** The command-line entry, bundled once per run (tests that spawn the CLI run it with node). */
    cliEntry: string;
    /** The folder of that bundle, which also holds the test harnesses other processes run (`<name>.js`). */
    bundleDir: string;
  }
}

function prepare(url: string) {
  execFileSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  execFileSync(path.join(root, "node_modules/.bin/tsx"), ["tests/setup/seed-reference.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export default async function setup(project: TestProject) {
  const kind = process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const tmp = path.join(root, "tmp", "test-db");
  fs.mkdirSync(tmp, { recursive: true });
  const pgBaseUrl = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  project.provide("dbKind", kind);
  project.provide("runId", runId);
  project.provide("pgBaseUrl", pgBaseUrl);
  // The CLI as `npm run build:server` bundles it, and the harnesses tests run as separate
  // processes (spawning them through tsx compiled the app's modules again for every process:
  // seconds each). Two levels below the root, as
  // build/server is, so that it finds the migrations the same way.
  const cliDir = path.join(root, "tmp", `test-cli-${runId}`);
  await build({
    entryPoints: {
      cli: path.join(root, "app/cli/index.ts"),
      "ledger-writer": path.join(root, "tests/security/harness/ledger-writer.ts"),
      instance: path.join(root, "tests/security/support/instance.ts"),
    },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir: cliDir,
    logLevel: "warning",
  });
  project.provide("cliEntry", path.join(cliDir, "cli.js"));
  project.provide("bundleDir", cliDir);
  const removeCli = () => fs.rmSync(cliDir, { recursive: true, force: true });
  let cleanup = async () => {};
  if (kind === "sqlite") {
    const file = path.join(tmp, `template-${runId}.db`);
    prepare(`file:${file}`);
    project.provide("templateSqlite", file);
    project.provide("templatePg", "");
    cleanup = async () => {
      for (const f of fs.readdirSync(tmp)) if (f.includes(runId)) fs.rmSync(path.join(tmp, f), { force: true });
    };
  } else {
    const admin = new pg.Client({ connectionString: pgBaseUrl });
    await admin.connect();
    const template = `groupkap_test_${runId}_template`;
    await admin.query(`CREATE DATABASE "${template}"`);
    const url = new URL(pgBaseUrl);
    url.pathname = `/${template}`;
    prepare(url.toString());
    project.provide("templateSqlite", "");
    project.provide("templatePg", template);
    cleanup = async () => {
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
        `groupkap_test_${runId}%`,
      ]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      await admin.end();
    };
  }
  return async () => {
    removeCli();
    await cleanup();
  };
}
