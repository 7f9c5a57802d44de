// Benchmark of the program-wide pre/post report:
//   npx tsx --expose-gc tests/bench/report-bench.ts [--json] [--sizes 2000,20000,200000] [--runs 5] [--keep]
//     [--postgres postgresql://postgres@127.0.0.1:5432/postgres]   (PostgreSQL instead of SQLite:
//                                   a scratch database per size, vacuumed and analyzed once built)
// For each size (default 2,000, 20,000 and 200,000 participants) it builds a fresh, migrated
// database (4 timepoints × PHQ-9, GAD-7 and MBI-GS per participant, cohorts of 50, one signed
// dosing each) with bulk multi-row INSERTs through the driver, one transaction per table; the
// report rows' triggers run inside those inserts (their time is printed per table). Then it
// times (medians of several runs after a warm-up):
//   report_ms      load + compute the program report (what the report page's loader does)
//   report_cpu_ms  this process's CPU time for it (user + system; steadier than wall time on a
//                  shared machine; PostgreSQL's own work is not in it)
//                  Both cold: every report row read and decoded (no decoded rows kept).
//   kept_ms, kept_cpu_ms   the same report again with the decoded rows kept (as the report
//                  worker keeps them) and nothing changed: only the cohorts' stamps, sessions,
//                  adverse events and referrals are read, and the report kept with the rows is
//                  answered (computeReport keeps the last few per assembly)
//   kept_rows_ms, kept_rows_cpu_ms   a report of other options on the kept rows: another
//                  population each run (dosed or completers, of the cohorts starting from
//                  month r + 1 of 2024: 150,000–178,000 people, never those of an earlier
//                  report), computed from the rows
//   one_cohort_changed_ms  then after one enrollment's status reason was edited: that
//                  cohort's rows are read again and patched into the kept assembly (its index
//                  kept as it is: no score changed, so every score section's result is found
//                  again by its rows and score lists; the flow, safety and groups are computed)
//   one_score_changed_ms  then after one PHQ-9 of that cohort took another's scores: the
//                  cohort's rows of the index are rewritten in a copy (checked once against
//                  the same report read cold, and that a number moved); what reads the PHQ-9's
//                  changed list is computed again, the other instruments' results found again
//   warm_up_ms     what the report worker does when the server starts: every kept row
//                  forgotten, then warmProgramReports (the biggest programs' rows read and
//                  decoded, their default reports worked out, with and without typed reasons)
//   after_warm_up_ms  the report asked for after the warm-up (checked equal to the cold one)
//   keep_report_ms the default report worked out cold through runReportTask (as the report
//                  worker does) and kept in the database (ReportSnapshot)
//   kept_report_ms, kept_report_cpu_ms   the same report asked for again with nothing decoded
//                  in the process (as after a restart, or on another instance): the stamps,
//                  sessions, adverse events and referrals read, and the kept report read and
//                  deserialized (checked equal to the same report read cold); kept_report_kb
//                  its size. Every other figure is of reports worked out from rows.
//   page_ms        renderToString of the report component with the computed report
//   plain_read_ms  plain SELECTs of the source rows and columns the report reads, one result
//                  row per database row (readReportRows: enrollments with participant code and
//                  demographics, status changes, signed dosing records, completed assessments'
//                  compact scale values), without any processing. The report itself reads one
//                  ReportRow per enrollment (kept by triggers), which is why it can take less
//                  time than this baseline.
//   ratio          report_ms / plain_read_ms
//   peak_rss_mb, peak_heap_mb   the process's peak RSS and used heap while the report runs
//                  (sampled every 5 ms and after loading and after computing)
// Each timed step starts after a full garbage collection (the script runs with --expose-gc),
// so no step pays for the garbage of the one before it.
// Goal: 200,000 participants under 1 s, growing linearly from 2,000 and 20,000.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { mulberry32 } from "~/utils/random";
import { scratchDatabase } from "./scratch-db";

const { values } = parseArgs({
  options: {
    json: { type: "boolean" },
    sizes: { type: "string" },
    runs: { type: "string" },
    keep: { type: "boolean" },
    postgres: { type: "string" },
  },
});
const SIZES = (values.sizes ?? "2000,20000,200000").split(",").map(Number);
const RUNS = Number(values.runs ?? 5);
const log = (msg: string) => {
  if (!values.json) console.log(msg);
  else process.stderr.write(`${msg}\n`);
};

const INSTRUMENTS = ["PHQ9", "GAD7", "MBI_GS"] as const;
const TIMEPOINTS = ["baseline", "mid_1", "mid_2", "post"];
const COHORT_SIZE = 50;
// Distinct answer sets per instrument. Real stored scores repeat even more (a PHQ-9 has at
// most 28 totals × the item-9 flag), and the read model parses each distinct text once.
const POOL = 3000;

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  gc?.();
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

/** Time spent inserting into each table (the report triggers run inside these inserts). */
const insertMs = new Map<string, number>();

/**
 * Bulk loader for the benchmark's synthetic rows: multi-row INSERTs of literal parameters,
 * one transaction per table, straight through the driver (no model code, no Prisma per row).
 */
async function bulkInserter(url: string) {
  const value = (v: unknown) => (v instanceof Date ? (values.postgres ? v.toISOString() : v.toISOString().replace("Z", "+00:00")) : v);
  if (values.postgres) {
    const { default: pg } = await import("pg");
    const { postgresPoolConfig } = await import("../../prisma/adapters");
    const client = new pg.Client(postgresPoolConfig(url));
    await client.connect();
    return {
      async insert(table: string, rows: Record<string, unknown>[]) {
        if (rows.length === 0) return;
        const started = performance.now();
        const cols = Object.keys(rows[0]);
        const per = Math.floor(60000 / cols.length);
        await client.query("BEGIN");
        for (let i = 0; i < rows.length; i += per) {
          const batch = rows.slice(i, i + per);
          const params: unknown[] = [];
          const tuples = batch.map((r) => `(${cols.map((c) => `$${params.push(value(r[c]))}`).join(", ")})`);
          await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`, params);
        }
        await client.query("COMMIT");
        insertMs.set(table, (insertMs.get(table) ?? 0) + performance.now() - started);
      },
      close: () => client.end(),
    };
  }
  const { default: Database } = await import("better-sqlite3");
  const { sqlitePathFromUrl } = await import("../../prisma/adapters");
  const sqlite = new Database(sqlitePathFromUrl(url));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("temp_store = MEMORY"); // as the app's connection (app/utils/db.server.ts)
  return {
    async insert(table: string, rows: Record<string, unknown>[]) {
      if (rows.length === 0) return;
      const started = performance.now();
      const cols = Object.keys(rows[0]);
      const per = Math.floor(30000 / cols.length);
      const tuple = `(${cols.map(() => "?").join(", ")})`;
      const sql = (k: number) =>
        `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${Array(k).fill(tuple).join(", ")}`;
      const full = sqlite.prepare(sql(per));
      sqlite.transaction(() => {
        for (let i = 0; i < rows.length; i += per) {
          const batch = rows.slice(i, i + per);
          const params = batch.flatMap((r) => cols.map((c) => value(r[c])));
          (batch.length === per ? full : sqlite.prepare(sql(batch.length))).run(params);
        }
      })();
      insertMs.set(table, (insertMs.get(table) ?? 0) + performance.now() - started);
    },
    async close() {
      sqlite.close();
    },
  };
}

async function buildDatabase(n: number) {
  const fresh = await scratchDatabase(`bench_${n}`, values.postgres);
  const url = fresh.url;
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: url },
  });
  process.env.DATABASE_URL = url;
  const { resetEnvCache } = await import("~/utils/env.server");
  resetEnvCache();
  const { dbReady, disconnectDb } = await import("~/utils/db.server");
  await disconnectDb();
  const db = await dbReady();
  const { BURNOUT_TEMPLATE } = await import("~/domain/scheduling");
  const { getInstrument } = await import("~/domain/instruments");
  const { scoreResponses } = await import("~/models/assessment.server");

  const template = {
    ...BURNOUT_TEMPLATE,
    measurePlan: TIMEPOINTS.map((key, i) => ({
      key,
      label: key,
      instruments: [...INSTRUMENTS],
      anchor: { type: "COHORT_START" as const },
      offsetDays: i * 14,
      windowDays: 7,
    })),
  };
  const site = await db.site.create({ data: { name: "Bench site", timeZone: "UTC" } });
  const program = await db.program.create({ data: { name: "Bench program", description: "benchmark" } });
  const version = await db.programVersion.create({ data: { programId: program.id, version: 1, definition: JSON.stringify(template) } });

  const random = mulberry32(n);
  // A pool of scored answers per instrument, reused (scoring is not what is measured).
  const pools = new Map<string, { responses: string; scores: string; scaleValues: string; scoringVersion: string }[]>();
  for (const code of INSTRUMENTS) {
    const def = getInstrument(code);
    pools.set(
      code,
      Array.from({ length: POOL }, () => {
        const responses = def.items.map(() => Math.floor(random() * (def.max - def.min + 1)) + def.min);
        const { scores, scaleValues, scoringVersion } = scoreResponses(code, responses);
        return { responses: JSON.stringify(responses), scores: JSON.stringify(scores), scaleValues, scoringVersion };
      }),
    );
  }

  const cohorts = Math.ceil(n / COHORT_SIZE);
  const bulk = await bulkInserter(url);
  const now = new Date("2025-01-01T00:00:00Z");
  const cohortRows = Array.from({ length: cohorts }, (_, c) => ({
    id: `bc${c}`,
    name: `Bench cohort ${c + 1}`,
    programId: program.id,
    programVersionId: version.id,
    startDate: `202${4 + (c % 2)}-0${1 + (c % 9)}-01`,
    endDate: "2026-12-31",
    timeZone: "UTC",
    siteId: site.id,
    capacity: COHORT_SIZE,
    status: "COMPLETED",
    updatedAt: now,
  }));
  await bulk.insert("Cohort", cohortRows);
  await bulk.insert(
    "GroupSession",
    cohortRows.map((c) => ({
      id: `bs-${c.id}`,
      cohortId: c.id,
      kind: "DOSING",
      title: "Dosing 1",
      startsAt: new Date("2025-01-10T14:00:00Z"),
      endsAt: new Date("2025-01-10T17:00:00Z"),
      status: "COMPLETED",
      route: "IM",
      updatedAt: now,
    })),
  );

  const sexes = ["FEMALE", "MALE"];
  const occupations = ["FIREFIGHTER", "POLICE", "EMS", "NURSE", "PHYSICIAN"];
  const participants = Array.from({ length: n }, (_, i) => ({
    id: `bp${i}`,
    code: `B-${String(i).padStart(6, "0")}`,
    firstName: "Bench",
    lastName: `Person${i}`,
    dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-15`,
    sex: sexes[i % 2],
    occupation: occupations[i % 5],
    updatedAt: now,
  }));
  await bulk.insert("Participant", participants);
  const enrollments = participants.map((p, i) => ({
    id: `be${i}`,
    participantId: p.id,
    cohortId: `bc${Math.floor(i / COHORT_SIZE)}`,
    status: i % 10 === 9 ? "WITHDRAWN" : "COMPLETED",
    updatedAt: now,
  }));
  await bulk.insert("Enrollment", enrollments);
  await bulk.insert(
    "EnrollmentStatusChange",
    enrollments.flatMap((e) =>
      ["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", e.status].map((toStatus, k) => ({
        id: `bh${e.id}-${k}`,
        enrollmentId: e.id,
        toStatus,
      })),
    ),
  );
  await bulk.insert(
    "DosingRecord",
    enrollments.map((e) => ({
      id: `bd${e.id}`,
      sessionId: `bs-${e.cohortId}`,
      enrollmentId: e.id,
      status: "SIGNED",
      route: "IM",
      doseUg: 50000,
      updatedAt: now,
    })),
  );
  const at = new Date("2025-02-01T12:00:00Z");
  let assessmentCount = 0;
  // Generated and inserted a slice of enrollments at a time (2.4 million rows at 200,000).
  for (let from = 0; from < enrollments.length; from += 5000) {
    const assessments: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(from + 5000, enrollments.length); i++) {
      const e = enrollments[i];
      for (const [t, tp] of TIMEPOINTS.entries()) {
        if (e.status === "WITHDRAWN" && t >= 2) continue; // drop-outs miss the later timepoints
        for (const code of INSTRUMENTS) {
          const pool = pools.get(code)!;
          const s = pool[(i * 7 + t * 13 + code.length) % pool.length];
          assessments.push({
            id: `ba${i}-${t}-${code}`,
            enrollmentId: e.id,
            timepointKey: tp,
            instrumentCode: code,
            dueDate: "2025-02-01",
            windowOpens: at,
            windowCloses: at,
            status: "COMPLETED",
            completedOn: "2025-02-01",
            completedAt: at,
            source: "IMPORT",
            responses: s.responses,
            scores: s.scores,
            scaleValues: s.scaleValues,
            scoringVersion: s.scoringVersion,
            updatedAt: at,
          });
        }
      }
    }
    assessmentCount += assessments.length;
    await bulk.insert("Assessment", assessments);
  }
  await bulk.close();
  // PostgreSQL's autovacuum would analyze the new tables (and set their visibility maps)
  // within a minute or so; do it now rather than time a database nobody would have.
  if (values.postgres) await db.$executeRawUnsafe("VACUUM ANALYZE");
  return { fresh, db, programId: program.id, assessments: assessmentCount, disconnectDb };
}

async function main() {
  const {
    loadScope,
    loadReportData,
    computeReport,
    readReportRows,
    keepDecodedReportRows,
    forgetDecodedReportRows,
    KEPT_ENROLLMENTS_PER_HEAP_MB,
    parseScopeParams,
  } = await import("~/models/reportData.server");
  const { warmProgramReports, runReportTask } = await import("~/models/reportTask.server");
  const { keepReportSnapshots, reportSnapshots } = await import("~/models/reportSnapshot.server");
  // Kept reports (ReportSnapshot) only where kept_report_ms measures them: every other figure is
  // of reports worked out from rows, as before they existed.
  keepReportSnapshots(null);
  const { ReportView } = await import("~/components/reports/ReportView");
  const viewer = { id: "bench", email: "bench", roles: ["ANALYST"] };
  // The page renders in a router, as on the server (its tables navigate client-side).
  let shown: Parameters<typeof ReportView>[0]["report"] | null = null;
  const handler = createStaticHandler([{ path: "/", Component: () => createElement(ReportView, { report: shown! }) }]);
  const routing = await handler.query(new Request("http://bench/"));
  if (routing instanceof Response) throw new Error("The page's router did not match");
  const router = createStaticRouter(handler.dataRoutes, routing);
  const sizes: object[] = [];
  for (const n of SIZES) {
    const [buildMs, built] = await time(() => buildDatabase(n));
    log(`${n} participants: built ${built.assessments} assessments in ${(buildMs / 1000).toFixed(1)} s (${built.fresh.where})`);
    log(`  inserts: ${[...insertMs].map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)} s`).join(", ")}`);
    insertMs.clear();
    const { db, programId } = built;
    const reportTimes: number[] = [];
    const reportCpu: number[] = [];
    // Peak memory while the report runs: sampled by a timer and after each step (the
    // computation itself is synchronous, so the step boundaries catch its peak).
    let peakRss = 0;
    let peakHeap = 0;
    let measuring = false;
    const sample = () => {
      if (!measuring) return;
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    gc?.();
    const baseRss = process.memoryUsage().rss;
    const sampler = setInterval(sample, 5);
    const pageTimes: number[] = [];
    const plainTimes: number[] = [];
    let report;
    // The report runs first, so that their peak memory is theirs (the plain read of millions
    // of rows grows the process more than the report does, and RSS does not shrink back).
    // A step timed (wall and this process's CPU) with its peak memory sampled.
    const measured = async <T>(step: () => Promise<T>) => {
      const cpuBefore = process.cpuUsage();
      const [ms, computed] = await time(async () => {
        measuring = true;
        const out = await step();
        sample();
        measuring = false;
        return out;
      });
      const cpu = process.cpuUsage(cpuBefore);
      return { ms, cpuMs: (cpu.user + cpu.system) / 1000, computed };
    };
    const runReport = (query = "") =>
      measured(async () => {
        const scope = await loadScope(viewer, { kind: "program", programId });
        const parsed = parseScopeParams(new URLSearchParams(query), scope);
        const data = await loadReportData(scope.cohorts);
        sample();
        return computeReport(scope, data, parsed.filters, parsed.options);
      });
    // As the report worker does with its default heap: decoded rows are kept between reports.
    keepDecodedReportRows(512 * KEPT_ENROLLMENTS_PER_HEAP_MB);
    const keptTimes: number[] = [];
    const keptCpu: number[] = [];
    const otherTimes: number[] = [];
    const otherCpu: number[] = [];
    const changedTimes: number[] = [];
    const scoredTimes: number[] = [];
    const cohortIds = (await db.cohort.findMany({ where: { programId }, select: { id: true }, orderBy: { id: "asc" } })).map((c) => c.id);
    for (let r = 0; r < RUNS + 1; r++) {
      // Cold: every row read and decoded.
      forgetDecodedReportRows();
      const cold = await runReport();
      report = cold.computed;
      shown = cold.computed;
      const [pageMs] = await time(() => renderToString(createElement(StaticRouterProvider, { router, context: routing, hydrate: false })));
      // Kept: nothing changed since, so no row is read again.
      const kept = await runReport();
      if (JSON.stringify(kept.computed) !== JSON.stringify(cold.computed))
        throw new Error("The report of kept rows differs from the cold one");
      // Kept rows, a report not asked for since they were read: computed from the kept rows
      // (another population each run: dosed or completers, from cohorts starting in or after
      // month r + 1 of 2024, so never the people of an earlier report, whose results are kept).
      const other = await runReport(`population=${["dosed", "completers"][r % 2]}&from=2024-0${1 + (r % 9)}-01`);
      // One cohort changed (a status reason edited): that cohort's rows are read again.
      const edited = cohortIds[(r * 7919) % cohortIds.length];
      await db.$executeRaw`UPDATE "Enrollment" SET "statusReason" = ${`Bench edit ${r}`} WHERE "id" = (SELECT "id" FROM "Enrollment" WHERE "cohortId" = ${edited} ORDER BY "id" LIMIT 1)`;
      const changed = await runReport();
      // One score changed (a PHQ-9 of that cohort takes the scores of another): its rows of
      // the index are rewritten in a copy.
      await db.$executeRaw`UPDATE "Assessment" SET "scaleValues" = (SELECT o."scaleValues" FROM "Assessment" o WHERE o."instrumentCode" = 'PHQ9' AND o."scaleValues" <> "Assessment"."scaleValues" ORDER BY o."id" LIMIT 1) WHERE "id" = (SELECT a."id" FROM "Assessment" a JOIN "Enrollment" e ON e."id" = a."enrollmentId" WHERE e."cohortId" = ${edited} AND a."instrumentCode" = 'PHQ9' ORDER BY a."id" LIMIT 1)`;
      const scored = await runReport();
      if (r === 0) {
        // Warm-up: the reports of the patched assemblies equal the same reports read cold.
        forgetDecodedReportRows();
        if (JSON.stringify(scored.computed) !== JSON.stringify((await runReport()).computed))
          throw new Error("The report after a one-cohort change differs from the same rows read cold");
        if (JSON.stringify(scored.computed) === JSON.stringify(changed.computed)) throw new Error("The score change changed no number");
        continue;
      }
      reportTimes.push(cold.ms);
      reportCpu.push(cold.cpuMs);
      keptTimes.push(kept.ms);
      keptCpu.push(kept.cpuMs);
      otherTimes.push(other.ms);
      otherCpu.push(other.cpuMs);
      changedTimes.push(changed.ms);
      scoredTimes.push(scored.ms);
      pageTimes.push(pageMs);
    }
    // As the server starts its report worker: the warm-up (decode the biggest programs' rows,
    // work out their default reports), then the first report, answered from the warm-up.
    const warmUpTimes: number[] = [];
    const afterWarmUpTimes: number[] = [];
    for (let r = 0; r < RUNS + 1; r++) {
      forgetDecodedReportRows();
      const [warmUpMs] = await time(() => warmProgramReports());
      const first = await runReport();
      if (r === 0) {
        forgetDecodedReportRows();
        if (JSON.stringify(first.computed) !== JSON.stringify((await runReport()).computed))
          throw new Error("The report after the warm-up differs from the same report read cold");
        continue;
      }
      warmUpTimes.push(warmUpMs);
      afterWarmUpTimes.push(first.ms);
    }
    // A kept report (ReportSnapshot): the default report worked out and kept in the database
    // (keep_report_ms), then asked for as after a restart, with nothing decoded in this process
    // (kept_report_ms): answered from the snapshot, checked equal to the same report read cold.
    const snapshotTask = async () => {
      const scope = await loadScope(viewer, { kind: "program", programId });
      const { filters, options } = parseScopeParams(new URLSearchParams(), scope);
      return { make: "report" as const, scope, filters, options, hideReasons: false };
    };
    keepReportSnapshots(0);
    forgetDecodedReportRows();
    const [keepMs] = await time(async () => runReportTask(await snapshotTask()));
    const keptReportTimes: number[] = [];
    const keptReportCpu: number[] = [];
    for (let r = 0; r < RUNS + 1; r++) {
      forgetDecodedReportRows();
      const hits = reportSnapshots.hits;
      const kept = await measured(async () => runReportTask(await snapshotTask()));
      if (reportSnapshots.hits !== hits + 1) throw new Error("The kept report was not found");
      if (r === 0) {
        forgetDecodedReportRows();
        if (JSON.stringify(kept.computed.report) !== JSON.stringify((await runReport()).computed))
          throw new Error("The kept report differs from the same report read cold");
        continue;
      }
      keptReportTimes.push(kept.ms);
      keptReportCpu.push(kept.cpuMs);
    }
    const snapshotBytes = (await db.reportSnapshot.findFirst({ where: { programId }, orderBy: { createdAt: "desc" } }))!.body.length;
    keepReportSnapshots(null);
    forgetDecodedReportRows();
    for (let r = 0; r < RUNS + 1; r++) {
      const [plainMs] = await time(async () => {
        const cohortIds = (await db.cohort.findMany({ where: { programId }, select: { id: true } })).map((c) => c.id);
        await readReportRows(db, cohortIds);
      });
      if (r > 0) plainTimes.push(plainMs);
    }
    clearInterval(sampler);
    const mb = (b: number) => Math.round(b / 2 ** 20);
    const row = {
      participants: n,
      build_s: Math.round(buildMs / 100) / 10,
      report_ms: Math.round(median(reportTimes) * 10) / 10,
      report_cpu_ms: Math.round(median(reportCpu) * 10) / 10,
      kept_ms: Math.round(median(keptTimes) * 10) / 10,
      kept_cpu_ms: Math.round(median(keptCpu) * 10) / 10,
      kept_rows_ms: Math.round(median(otherTimes) * 10) / 10,
      kept_rows_cpu_ms: Math.round(median(otherCpu) * 10) / 10,
      one_cohort_changed_ms: Math.round(median(changedTimes) * 10) / 10,
      one_score_changed_ms: Math.round(median(scoredTimes) * 10) / 10,
      warm_up_ms: Math.round(median(warmUpTimes) * 10) / 10,
      after_warm_up_ms: Math.round(median(afterWarmUpTimes) * 10) / 10,
      keep_report_ms: Math.round(keepMs * 10) / 10,
      kept_report_ms: Math.round(median(keptReportTimes) * 10) / 10,
      kept_report_cpu_ms: Math.round(median(keptReportCpu) * 10) / 10,
      kept_report_kb: Math.round(snapshotBytes / 1024),
      page_ms: Math.round(median(pageTimes) * 10) / 10,
      plain_read_ms: Math.round(median(plainTimes) * 10) / 10,
      ratio: Math.round((median(reportTimes) / median(plainTimes)) * 100) / 100,
      peak_rss_mb: mb(peakRss),
      rss_before_mb: mb(baseRss),
      peak_heap_mb: mb(peakHeap),
    };
    sizes.push(row);
    const m = report!.measures.find((x) => x.instrument === "PHQ9")!;
    log(
      `  report ${row.report_ms} ms (CPU ${row.report_cpu_ms} ms) · the same report again: ${row.kept_ms} ms (CPU ${row.kept_cpu_ms} ms), another report of the kept rows: ${row.kept_rows_ms} ms (CPU ${row.kept_rows_cpu_ms} ms), one cohort changed ${row.one_cohort_changed_ms} ms, one score changed ${row.one_score_changed_ms} ms · warm-up ${row.warm_up_ms} ms, then the report ${row.after_warm_up_ms} ms · worked out and kept ${row.keep_report_ms} ms, then after a restart ${row.kept_report_ms} ms (CPU ${row.kept_report_cpu_ms} ms; ${row.kept_report_kb} KB kept) · page ${row.page_ms} ms · plain read ${row.plain_read_ms} ms · ratio ${row.ratio} · peak RSS ${row.peak_rss_mb} MB (${row.rss_before_mb} MB before) · peak heap ${row.peak_heap_mb} MB (PHQ-9 n = ${m.n})`,
    );
    await built.disconnectDb();
    if (!values.keep) await built.fresh.drop();
  }
  if (values.json) console.log(JSON.stringify({ sizes }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
