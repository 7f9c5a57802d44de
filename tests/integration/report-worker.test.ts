// Program reports computed in the report worker thread (app/utils/reportWorker.server.ts)
// equal the same reports computed in the server's thread, page and downloads (JSON, table
// CSV, de-identified dataset, dictionary with its re-identification risk) alike; the
// worker's statements are counted as the request's; a worker that dies fails its reports
// with a clear error and the next report starts a new one; an idle worker stops; a worker
// started warm (as the server starts it) answers the first report from the rows it kept; a
// report a worker kept in the database answers a new worker without reading the rows, and the
// server's thread answers it while a new worker warms up.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemsForTotal } from "~/domain/reports/testSupport";
import { forgetDecodedReportRows, keepDecodedReportRows } from "~/models/reportData.server";
import { keepReportSnapshots } from "~/models/reportSnapshot.server";
import { warmProgramReports } from "~/models/reportTask.server";
import * as login from "~/routes/login";
import * as programFile from "~/routes/reports.program.$programId.$file";
import * as programPage from "~/routes/reports.program.$programId._index";
import { dbReady } from "~/utils/db.server";
import { forgetProgramReportWeights, programReportWeight, REPORT_HEAP_BYTES_PER_ENROLLMENT } from "~/utils/reportLoaders.server";
import { configureReportWorker, reportWorkerRunning, reportWorkerWarmed } from "~/utils/reportWorker.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import {
  addCompletedAssessment,
  addDosingSession,
  addReportParticipant,
  addSignedDosing,
  createReportCohort,
} from "../setup/factories-reports";
import { call, cookieFrom } from "../setup/http";
import { counted } from "../setup/statements";

const WORKER = new URL("../../app/server/reportWorker.ts", import.meta.url);
const BUSY_WORKER = new URL("../setup/busy-report-worker.ts", import.meta.url);
const rows = fs
  .readFileSync(path.resolve("tests/fixtures/prepost/ds1_phq9_n32_ties.csv"), "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(",").map(Number));

let programId: string;
let analyst: string;
let coordinator: string;

async function signInAs(roles: ("ANALYST" | "COORDINATOR")[]) {
  const user = await createTestUser({ roles });
  return cookieFrom((await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD } })).headers);
}

beforeAll(async () => {
  const { cohort, program } = await createReportCohort({ name: "Worker Cohort" });
  programId = program.id;
  const session = await addDosingSession(cohort.id, "2026-03-10T14:00:00Z");
  for (const [i, [, pre, post]] of rows.entries()) {
    const { enrollment } = await addReportParticipant(cohort.id, {
      code: `WRK-${String(i + 1).padStart(3, "0")}`,
      sex: i % 2 ? "FEMALE" : "MALE",
      occupation: i % 3 ? "NURSE" : "EMS",
    });
    await addCompletedAssessment(enrollment.id, "baseline", "PHQ9", itemsForTotal(pre, 9, 3), "2026-02-20");
    await addCompletedAssessment(enrollment.id, "post_session_6", "PHQ9", itemsForTotal(post, 9, 3), "2026-04-20");
    if (i < 10) await addSignedDosing(session.id, enrollment.id);
  }
  await addReportParticipant(cohort.id, { code: "WRK-X01", status: "WITHDRAWN", reason: "Moved away, told Dr Secretname" });
  analyst = await signInAs(["ANALYST"]);
  coordinator = await signInAs(["COORDINATOR"]);
  // The program's heap weight is counted once while its cohorts are the same: counted here, so
  // that every view compared below takes the same statements whichever test runs first.
  await programReportWeight({ id: programId, cohorts: await programCohorts() });
});

afterAll(() => configureReportWorker(null));

/** The program's cohorts in the report scope's order (start date, id), as the page's loader asks. */
async function programCohorts() {
  const db = await dbReady();
  return db.cohort.findMany({ where: { programId }, select: { id: true }, orderBy: [{ startDate: "asc" }, { id: "asc" }] });
}

async function page(cookie: string, query = "") {
  const { value: res, queries } = await counted(() =>
    call(programPage.loader, `/reports/program/${programId}${query}`, "GET", { cookie, params: { programId } }),
  );
  expect(res.status).toBe(200);
  return { data: res.data as Awaited<ReturnType<typeof programPage.loader>>, queries };
}

async function file(cookie: string, name: string, query = "") {
  const res = await call(programFile.loader, `/reports/program/${programId}/${name}${query}`, "GET", {
    cookie,
    params: { programId, file: name },
  });
  expect(res.status).toBe(200);
  return res.response!.text();
}

/** A dataset without its export-only codes, which are random per export and order the rows. */
const codeless = (csv: string) =>
  csv
    .replace(/X-[0-9A-F]{10}/g, "X-code")
    .split("\n")
    .sort()
    .join("\n");

/** An analyst's and a coordinator's view of the whole program, and an analyst's filtered one. */
const threeViews = () =>
  [
    [analyst, ""],
    [coordinator, ""],
    [analyst, "?sex=FEMALE&population=completers"],
  ] as const;

describe("program reports in the report worker", () => {
  it("count the program's report rows for their heap weight once while its cohorts are the same", async () => {
    const db = await dbReady();
    // In the report scope's order (start date, id), as the page's loader asks.
    const cohorts = await db.cohort.findMany({
      where: { programId },
      select: { id: true },
      orderBy: [{ startDate: "asc" }, { id: "asc" }],
    });
    forgetProgramReportWeights();
    const first = await counted(() => programReportWeight({ id: programId, cohorts }));
    expect(first).toEqual({ value: (rows.length + 1) * REPORT_HEAP_BYTES_PER_ENROLLMENT, queries: 1 });
    expect(await counted(() => programReportWeight({ id: programId, cohorts }))).toEqual({ value: first.value, queries: 0 });
    // Another cohort (created or removed): counted again.
    const more = await counted(() => programReportWeight({ id: programId, cohorts: [...cohorts, { id: "another-cohort" }] }));
    expect(more).toEqual({ value: first.value, queries: 1 });
    // Kept again for the program's cohorts, as before this test (the views compared below count the same).
    expect((await counted(() => programReportWeight({ id: programId, cohorts }))).queries).toBe(1);
  });

  it("equal the reports computed in the server's thread, with the same statements counted", async () => {
    const views = threeViews();
    configureReportWorker(null);
    const here = [];
    for (const [cookie, query] of views) here.push(await page(cookie, query));
    const json = await file(analyst, "report.json");
    const csv = await file(coordinator, "export.csv", "?table=prepost");
    const dataset = codeless(await file(analyst, "dataset.csv", "?population=all"));
    const dictionary = await file(analyst, "dictionary.md", "?minCellSize=5");

    configureReportWorker({ url: WORKER, heapMb: 256 });
    for (const [k, [cookie, query]] of views.entries()) {
      const there = await page(cookie, query);
      expect(there.data).toEqual(here[k].data);
      expect(there.queries).toBe(here[k].queries);
    }
    expect(reportWorkerRunning()).toBe(true);
    expect(await file(analyst, "report.json")).toBe(json);
    expect(await file(coordinator, "export.csv", "?table=prepost")).toBe(csv);
    expect(codeless(await file(analyst, "dataset.csv", "?population=all"))).toBe(dataset);
    expect(await file(analyst, "dictionary.md", "?minCellSize=5")).toBe(dictionary);
    expect(dataset.split("\n").length).toBeGreaterThan(rows.length);
    expect(dictionary).toMatch(/With these filters, \d+ of \d+ participant enrollments have a combination/);

    // What was compared is a real report: the analyst sees no typed reasons, the coordinator does.
    expect(here[0].data.report!.measures.find((m) => m.instrument === "PHQ9")!.n).toBe(rows.length);
    expect(JSON.stringify(here[0].data)).not.toContain("Secretname");
    expect(JSON.stringify(here[1].data)).toContain("Secretname");
    expect(here[0].queries).toBeGreaterThan(3);
  });

  it("asked for at once, the same report is shared only among viewers asking for the same thing, in the worker and here", async () => {
    const views = threeViews();
    configureReportWorker(null);
    const alone: Awaited<ReturnType<typeof page>>["data"][] = [];
    for (const [cookie, query] of views) alone.push((await page(cookie, query)).data);
    for (const config of [null, { url: WORKER, heapMb: 256 }]) {
      configureReportWorker(config);
      // Four of each view at once, interleaved: those that share a run must be asking for the same thing.
      const asked = Array.from({ length: 12 }, (_, i) => i % 3);
      const answers = await Promise.all(asked.map((k) => page(views[k][0], views[k][1])));
      answers.forEach((answer, i) => expect(answer.data).toEqual(alone[asked[i]]));
      expect(JSON.stringify(answers[0].data)).not.toContain("Secretname");
      expect(JSON.stringify(answers[1].data)).toContain("Secretname");
    }
  });

  it("a worker that dies fails its report with an error, and the next report starts a new worker", async () => {
    configureReportWorker({ url: new URL("../setup/crashingReportWorker.ts", import.meta.url), heapMb: 64 });
    await expect(page(analyst)).rejects.toThrow("The report worker stopped (exit code 3).");
    expect(reportWorkerRunning()).toBe(false);
    configureReportWorker({ url: WORKER, heapMb: 256 });
    expect((await page(analyst)).data.report!.measures.find((m) => m.instrument === "PHQ9")!.n).toBe(rows.length);
  });

  it("an idle worker stops and gives its memory back", async () => {
    // The idle time is long enough that the page's own work after the report (its audit row,
    // the reply) cannot outlast it on a loaded machine (50 ms did on PostgreSQL in CI).
    configureReportWorker({ url: WORKER, heapMb: 256, idleMs: 1500 });
    await page(analyst);
    expect(reportWorkerRunning()).toBe(true);
    await expect.poll(() => reportWorkerRunning(), { timeout: 15_000 }).toBe(false);
  });

  it("started warm, the worker reads the programs' rows and default reports first: the first report reads no report row", async () => {
    for (const cookie of [analyst, coordinator]) {
      // A worker started by the report: the report reads every report row.
      configureReportWorker({ url: WORKER, heapMb: 256 });
      const cold = await page(cookie);
      expect(await reportWorkerWarmed()).toBeNull();
      configureReportWorker({ url: WORKER, heapMb: 256, warm: true });
      expect(reportWorkerRunning()).toBe(true);
      const warmed = await reportWorkerWarmed();
      expect(warmed!.programs).toBeGreaterThanOrEqual(1);
      expect(warmed!.enrollments).toBeGreaterThanOrEqual(rows.length + 1);
      // The default views (with and without typed reasons) were worked out in the warm-up: the
      // same answer, without reading the report rows and their score texts, nor the dosing
      // sessions and adverse events (read in the warm-up under the same stamps).
      const warm = await page(cookie);
      expect(warm.data).toEqual(cold.data);
      expect(warm.queries).toBe(cold.queries - 4);
    }
  });

  it("a report a worker kept (through its own connection) answers a new worker without reading the rows, and the server's thread answers it while a worker warms up", async () => {
    keepReportSnapshots(0);
    try {
      // Whether the server's thread or a worker starting up reads a report's sessions and
      // adverse events depends on timing: the server's thread keeps none, so both read them.
      forgetDecodedReportRows();
      configureReportWorker({ url: WORKER, heapMb: 256 });
      const first = await page(analyst, "?population=dosed");
      expect(await (await dbReady()).reportSnapshot.count({ where: { programId } })).toBeGreaterThanOrEqual(1);
      // A new worker has nothing decoded: the kept report answers, without the report rows and
      // their score texts (nor the first's two writes that kept it).
      forgetDecodedReportRows();
      configureReportWorker({ url: WORKER, heapMb: 256 });
      const again = await page(analyst, "?population=dosed");
      expect(again.data).toEqual(first.data);
      expect(again.queries).toBe(first.queries - 4);
      // A worker warming up is busy reading rows for seconds (here one that never answers): the
      // server's thread looks the kept report up and answers without it.
      forgetDecodedReportRows();
      configureReportWorker({ url: BUSY_WORKER, heapMb: 256, warm: true });
      const whileWarming = await page(analyst, "?population=dosed");
      expect(whileWarming.data).toEqual(first.data);
      expect(whileWarming.queries).toBe(again.queries);
    } finally {
      keepReportSnapshots(2_000);
      configureReportWorker(null);
    }
  });

  it("warms only the programs whose enrollments fit the decoded rows the thread keeps", async () => {
    configureReportWorker(null);
    try {
      keepDecodedReportRows(rows.length);
      expect(await warmProgramReports()).toEqual({ programs: 0, enrollments: 0 });
      keepDecodedReportRows(20_000);
      const warmed = await warmProgramReports();
      expect(warmed.programs).toBeGreaterThanOrEqual(1);
      expect(warmed.enrollments).toBeGreaterThanOrEqual(rows.length + 1);
    } finally {
      keepDecodedReportRows(20_000);
    }
  });
});
