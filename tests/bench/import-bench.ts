// Benchmark of the CSV measure import at the documented maximum:
//   npm run bench:import -- [--json] [--participants 2000 | --rows 20000] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
// Builds a fresh, migrated database (a temp SQLite file; with --postgres a scratch
// PostgreSQL database, dropped afterwards) with the reference data, generates a CSV of
// questionnaires for new participants in new cohorts (tests/bench/import-data.ts): 10 per
// participant, `participants` × 10 rows (2,000 × 10 = 20,000 by default; --rows overrides),
// and times the import as the CLI runs it (--create-missing): validation (preview) and the
// commit, which validates again and writes everything in one transaction.
//   preview_ms  previewImport: parse and validate against the database, nothing written
//   import_ms   commitImport: the whole import, as `npm run cli -- import-measures` does it
//   import_cpu_ms  this process's CPU time during import_ms (with SQLite that includes the
//               database's work, not with PostgreSQL); steadier than wall time on a busy machine
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROWS_PER_PARTICIPANT } from "./import-data";
import { scratchDatabase } from "./scratch-db";

const { values } = parseArgs({
  options: {
    json: { type: "boolean" },
    participants: { type: "string" },
    rows: { type: "string" },
    postgres: { type: "string" },
    keep: { type: "boolean" },
  },
});
const PARTICIPANTS = Number(values.participants ?? 2_000);
const ROWS = values.rows !== undefined ? Number(values.rows) : PARTICIPANTS * ROWS_PER_PARTICIPANT;
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error("--participants and --rows take a positive whole number");
const log = (msg: string) => (values.json ? process.stderr.write(`${msg}\n`) : console.log(msg));

async function main() {
  const fresh = await scratchDatabase("import-bench", values.postgres);
  try {
    execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
      stdio: "ignore",
      env: { ...process.env, DATABASE_URL: fresh.url },
    });
    process.env.DATABASE_URL = fresh.url;
    const { resetEnvCache } = await import("~/utils/env.server");
    resetEnvCache();
    const { dbReady, disconnectDb } = await import("~/utils/db.server");
    const { seedReferenceData } = await import("~/demo/seed.server");
    const { commitImport, previewImport } = await import("~/models/measureImport.server");
    const { IMPORT_PROGRAM, importCsv } = await import("./import-data");
    const db = await dbReady();
    await seedReferenceData(db);
    const program = await db.program.findUniqueOrThrow({ where: { name: IMPORT_PROGRAM.name } });
    const file = importCsv({ rows: ROWS, prefix: "BENCH" });
    log(`${ROWS} rows: ${file.participants} new participants in ${file.cohorts} new cohorts (${fresh.where})`);
    const input = { csvText: file.csv, fileName: "bench.csv", program: { id: program.id }, createMissing: true };
    let t = performance.now();
    const preview = await previewImport(input);
    const previewMs = performance.now() - t;
    if (!preview.ok) throw new Error(`the generated file does not validate: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    t = performance.now();
    const cpu = process.cpuUsage();
    const result = await commitImport(null, { ip: null, userAgent: "bench" }, { ...input, actorLabel: "bench" });
    const importMs = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    if (!result.ok) throw new Error(`the import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
    const written = await db.assessment.count({ where: { importBatchId: result.batchId } });
    if (written !== ROWS) throw new Error(`expected ${ROWS} imported questionnaires, found ${written}`);
    const out = {
      database: values.postgres ? "postgresql" : "sqlite",
      rows: ROWS,
      participants: file.participants,
      cohorts: file.cohorts,
      preview_ms: Math.round(previewMs),
      import_ms: Math.round(importMs),
      import_cpu_ms: Math.round((user + system) / 1000),
    };
    log(`  preview ${(previewMs / 1000).toFixed(1)} s · import (validate + write, one transaction) ${(importMs / 1000).toFixed(1)} s`);
    if (values.json) console.log(JSON.stringify(out));
    await disconnectDb();
  } finally {
    if (!values.keep) await fresh.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
