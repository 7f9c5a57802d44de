import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { itemsForTotal } from "~/domain/reports/testSupport";
import * as login from "~/routes/login";
import * as reportsIndex from "~/routes/reports._index";
import * as cohortFile from "~/routes/reports.cohort.$cohortId.$file";
import * as cohortPage from "~/routes/reports.cohort.$cohortId._index";
import * as programFile from "~/routes/reports.program.$programId.$file";
import * as programPage from "~/routes/reports.program.$programId._index";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";
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

const fixtures = path.resolve("tests/fixtures/prepost");
const ds1 = fs
  .readFileSync(path.join(fixtures, "ds1_phq9_n32_ties.csv"), "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(","))
  .map(([id, pre, post]) => ({ id, pre: Number(pre), post: Number(post) }));
const expected = JSON.parse(fs.readFileSync(path.join(fixtures, "expected.json"), "utf8")).datasets["ds1_phq9_n32_ties.csv"];

async function signInAs(roles: RoleCode[]) {
  const user = await createTestUser({ roles });
  const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD } });
  return cookieFrom(res.headers);
}

function expectClose(actual: unknown, want: unknown, at = "") {
  if (typeof want === "number") {
    expect(typeof actual, at).toBe("number");
    expect(Math.abs((actual as number) - want), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
  } else if (Array.isArray(want)) want.forEach((w, i) => expectClose((actual as unknown[])[i], w, `${at}[${i}]`));
  else if (want && typeof want === "object")
    for (const [k, w] of Object.entries(want)) expectClose((actual as Record<string, unknown>)[k], w, `${at}.${k}`);
  else expect(actual, at).toEqual(want);
}

function expectMatchesR(measure: Record<string, unknown>) {
  for (const key of ["n", "pre", "post", "change", "t_test", "wilcoxon", "effect"]) expectClose(measure[key], expected[key], key);
}

type PageData = Awaited<ReturnType<typeof cohortPage.loader>>;

let ctx: { cohortId: string; programId: string; cohortName: string };
let analyst: string;

beforeAll(async () => {
  const { cohort, program } = await createReportCohort({ name: "Report Cohort A" });
  const session = await addDosingSession(cohort.id, "2026-03-10T14:00:00Z");
  for (const [i, row] of ds1.entries()) {
    const { enrollment } = await addReportParticipant(cohort.id, {
      code: `RPT-${String(i + 1).padStart(3, "0")}`,
      sex: i % 2 ? "FEMALE" : "MALE",
      occupation: i % 3 ? "NURSE" : "EMS",
      lastName: `Secretname${i}`,
    });
    await addCompletedAssessment(enrollment.id, "baseline", "PHQ9", itemsForTotal(row.pre, 9, 3), "2026-02-20");
    await addCompletedAssessment(enrollment.id, "post_session_6", "PHQ9", itemsForTotal(row.post, 9, 3), "2026-04-20");
    if (i < 10) await addSignedDosing(session.id, enrollment.id);
  }
  // Drop-outs: one ineligible, one withdrawn with only a baseline.
  await addReportParticipant(cohort.id, {
    code: "RPT-X01",
    status: "INELIGIBLE",
    reason: "Below the eligibility cut-off",
    lastName: "Secretname-x1",
  });
  const w = await addReportParticipant(cohort.id, {
    code: "RPT-X02",
    status: "WITHDRAWN",
    reason: "Moved away",
    lastName: "Secretname-x2",
  });
  await addCompletedAssessment(w.enrollment.id, "baseline", "PHQ9", itemsForTotal(20, 9, 3), "2026-02-20");
  ctx = { cohortId: cohort.id, programId: program.id, cohortName: cohort.name };
  analyst = await signInAs(["ANALYST"]);
});

describe("cohort report", () => {
  it("gives the PHQ-9 pre/post numbers R computes for the same data", async () => {
    const res = await call(cohortPage.loader, `/reports/cohort/${ctx.cohortId}`, "GET", {
      cookie: analyst,
      params: { cohortId: ctx.cohortId },
    });
    expect(res.status).toBe(200);
    const d = res.data as PageData;
    // Defaults: the first and last timepoints that share instruments.
    expect(d.selected.pre).toBe("baseline");
    expect(d.selected.post).toBe("post_session_6");
    const phq = d.report!.measures.find((m) => m.instrument === "PHQ9" && m.scale === "total")!;
    expectMatchesR(phq as never);
    expect(phq.excluded.missingPost).toBe(1);
    expect(d.report!.flow).toMatchObject({ referred: 34, screened: 34, eligible: 33, enrolled: 33, dosed: 10, completed: 32 });
    // Status reasons are typed by staff and may name someone: analysts get the stage only.
    expect(d.report!.flow.dropouts).toContainEqual({ stage: "Withdrew after enrolling", reason: "Reason not shown (free text)", count: 1 });
    const text = JSON.stringify(d);
    expect(text).not.toMatch(/Secretname|Avery|example\.org|NaN/);
  });

  it("serves report.json in the documented schema, audit-logged", async () => {
    const db = await dbReady();
    const before = await db.auditEvent.count({ where: { action: "report.export" } });
    const res = await call(cohortFile.loader, `/reports/cohort/${ctx.cohortId}/report.json?pre=baseline&post=post_session_6`, "GET", {
      cookie: analyst,
      params: { cohortId: ctx.cohortId, file: "report.json" },
    });
    expect(res.status).toBe(200);
    const json = JSON.parse(await res.response!.text());
    expect(Object.keys(json)).toEqual(["pre", "post", "flow", "measures", "small_cells", "subgroups", "categories"]);
    expect(json.small_cells).toMatchObject({ threshold: 5 });
    expect(json.flow).toMatchObject({ enrolled: 33, completed: 32 });
    const phq = json.measures.find((m: { instrument: string }) => m.instrument === "PHQ9");
    expect(Object.keys(phq)).toEqual(["instrument", "scale", "n", "pre", "post", "change", "t_test", "wilcoxon", "effect", "responders"]);
    expectMatchesR(phq);
    expect(phq.responders).toMatchObject({ count: ds1.filter((r) => r.pre - r.post >= 5).length });
    expect(await db.auditEvent.count({ where: { action: "report.export" } })).toBe(before + 1);
  });

  it("exports CSV tables and refuses unknown tables and files", async () => {
    const params = { cohortId: ctx.cohortId, file: "export.csv" };
    const ok = await call(cohortFile.loader, `/reports/cohort/${ctx.cohortId}/export.csv?table=prepost`, "GET", {
      cookie: analyst,
      params,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/text\/csv/);
    const csv = await ok.response!.text();
    expect(csv.split("\r\n")[0]).toMatch(/^instrument,scale,n,pre_median/);
    expect(csv).toMatch(/\nPHQ9,total,32,12.5,10,15.5,13.15625,/);
    const bad = await call(cohortFile.loader, `/reports/cohort/${ctx.cohortId}/export.csv?table=nope`, "GET", { cookie: analyst, params });
    expect(bad.status).toBe(400);
    const missing = await call(cohortFile.loader, `/reports/cohort/${ctx.cohortId}/secrets.csv`, "GET", {
      cookie: analyst,
      params: { cohortId: ctx.cohortId, file: "secrets.csv" },
    });
    expect(missing.status).toBe(404);
  });

  it("exports a de-identified long-format dataset with a date shift and no names", async () => {
    const res = await call(cohortFile.loader, `/reports/cohort/${ctx.cohortId}/dataset.csv?shift=10`, "GET", {
      cookie: analyst,
      params: { cohortId: ctx.cohortId, file: "dataset.csv" },
    });
    expect(res.status).toBe(200);
    const text = await res.response!.text();
    const lines = text.trim().split("\r\n");
    expect(lines[0].split(",")).toContain("participant_code");
    expect(lines).toHaveLength(1 + 33 * 2 - 1); // 32 with two PHQ-9s, the withdrawn one with baseline only
    expect(text).not.toMatch(/Secretname|Avery|example\.org|555 0100/);
    for (const l of lines.slice(1)) expect(l.split(",").at(-1)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Codes are made for the export (never the RPT-… codes staff see); every baseline was on
    // 2026-02-20, ten days before the cohort start, and is shifted by at most 10 days.
    expect(text).not.toMatch(/RPT-/);
    const baselines = lines.filter((l) => l.includes(",baseline,")).map((l) => l.split(","));
    expect(baselines.length).toBeGreaterThan(0);
    for (const cells of baselines) {
      expect(cells[0]).toMatch(/^X-[0-9A-F]{10}$/);
      expect(cells.at(-2)).toBe("-10");
      expect(Math.abs(Date.parse(cells.at(-1)!) - Date.parse("2026-02-20")) / 86_400_000).toBeLessThanOrEqual(10);
    }
    const dict = await call(cohortFile.loader, `/reports/cohort/${ctx.cohortId}/dictionary.md`, "GET", {
      cookie: analyst,
      params: { cohortId: ctx.cohortId, file: "dictionary.md" },
    });
    expect(await dict.response!.text()).toMatch(/\| participant_code \|/);
    const audit = await (
      await dbReady()
    ).auditEvent.findFirst({ where: { action: "report.export", summary: { contains: "de-identified dataset" } } });
    expect(audit?.summary).toMatch(/33 participants, date shift ±10 days/);
  });

  it("filters and lets the user choose timepoints; the same timepoint twice is explained and replaced by the default pair", async () => {
    const res = await call(cohortPage.loader, `/reports/cohort/${ctx.cohortId}?sex=FEMALE&pre=baseline&post=baseline`, "GET", {
      cookie: analyst,
      params: { cohortId: ctx.cohortId },
    });
    const d = res.data as PageData;
    expect(d.problems.join(" ")).toMatch(/same timepoint/);
    expect(d.report!.pre).not.toBe(d.report!.post);
    const phq = d.report!.measures.find((m) => m.instrument === "PHQ9")!;
    expect(phq.n).toBeGreaterThan(0);
    expect(JSON.stringify(d)).not.toMatch(/NaN/);
  });
});

describe("permissions", () => {
  it("a facilitator gets 403 on program and cohort reports; a clinician too", async () => {
    for (const role of ["FACILITATOR", "CLINICIAN"] as const) {
      const cookie = await signInAs([role]);
      expect(
        (await call(programPage.loader, `/reports/program/${ctx.programId}`, "GET", { cookie, params: { programId: ctx.programId } }))
          .status,
      ).toBe(403);
      expect(
        (
          await call(programFile.loader, `/reports/program/${ctx.programId}/report.json`, "GET", {
            cookie,
            params: { programId: ctx.programId, file: "report.json" },
          })
        ).status,
      ).toBe(403);
      expect(
        (await call(cohortPage.loader, `/reports/cohort/${ctx.cohortId}`, "GET", { cookie, params: { cohortId: ctx.cohortId } })).status,
      ).toBe(403);
      expect((await call(reportsIndex.loader, "/reports", "GET", { cookie })).status).toBe(403);
    }
  });

  it("a coordinator opens program reports but cannot download the de-identified dataset", async () => {
    const cookie = await signInAs(["COORDINATOR"]);
    const res = await call(programPage.loader, `/reports/program/${ctx.programId}`, "GET", {
      cookie,
      params: { programId: ctx.programId },
    });
    expect(res.status).toBe(200);
    const d = res.data as PageData;
    expect(d.links.canExportDataset).toBe(false);
    // The cohort filter offers every cohort of a small program (newestCohortChoices: the newest 100).
    expect(d.scope.cohortCount).toBeGreaterThan(0);
    expect(d.scope).toMatchObject({ moreCohorts: false, cohortCount: d.scope.cohorts.length });
    expectMatchesR(d.report!.measures.find((m) => m.instrument === "PHQ9")! as never);
    const ds = await call(programFile.loader, `/reports/program/${ctx.programId}/dataset.csv`, "GET", {
      cookie,
      params: { programId: ctx.programId, file: "dataset.csv" },
    });
    expect(ds.status).toBe(403);
  });

  it("an unknown cohort is a 404", async () => {
    expect((await call(cohortPage.loader, "/reports/cohort/nope", "GET", { cookie: analyst, params: { cohortId: "nope" } })).status).toBe(
      404,
    );
  });

  it("lists cohorts and programs for analysts", async () => {
    const res = await call(reportsIndex.loader, "/reports", "GET", { cookie: analyst });
    const d = res.data as Awaited<ReturnType<typeof reportsIndex.loader>>;
    expect(d.canProgram).toBe(true);
    expect(d.cohorts.map((c) => c.id)).toContain(ctx.cohortId);
    expect(d.programs.map((p) => p.id)).toContain(ctx.programId);
    // Every program by name, with how many cohorts it has and whether it is archived.
    const db = await dbReady();
    const programs = await db.program.findMany({ select: { id: true, name: true, archived: true, _count: { select: { cohorts: true } } } });
    const expected = programs
      .map((p) => ({ id: p.id, name: p.name, archived: p.archived, cohorts: p._count.cohorts }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    expect(d.programs).toEqual(expected);
    expect(d.programs.find((p) => p.id === ctx.programId)!.cohorts).toBeGreaterThan(0);
  });

  it("lists the cohorts a page at a time, newest first, sorted and filtered by the server, in a few statements", async () => {
    // A network's years of cohorts: 60 more, planned, starting in 2040 (newer than the rest).
    const db = await dbReady();
    const like = await db.cohort.findUniqueOrThrow({
      where: { id: ctx.cohortId },
      select: { programId: true, programVersionId: true, siteId: true, timeZone: true, capacity: true },
    });
    for (let i = 0; i < 60; i++) {
      const day = String(1 + (i % 28)).padStart(2, "0");
      await db.cohort.create({
        data: {
          ...like,
          name: `Reports index ${String(i).padStart(2, "0")}`,
          startDate: `2040-0${1 + Math.floor(i / 28)}-${day}`,
          endDate: "2041-01-01",
          status: "PLANNED",
        },
      });
    }
    type Data = Awaited<ReturnType<typeof reportsIndex.loader>>;
    const list = async (query: string) => {
      const { value, queries } = await counted(() => call(reportsIndex.loader, `/reports${query}`, "GET", { cookie: analyst }));
      expect(value.status).toBe(200);
      return { d: value.data as Data, queries };
    };
    const first = await list("");
    expect(first.d.cohorts).toHaveLength(50);
    expect(first.d.cohorts.every((c) => c.name.startsWith("Reports index"))).toBe(true);
    expect(first.d.cohorts.map((c) => c.startDate)).toEqual([...first.d.cohorts.map((c) => c.startDate)].sort().reverse());
    expect(first.d.total).toBeGreaterThanOrEqual(61);
    expect(first.d.pages).toBe(Math.ceil(first.d.total / 50));
    // The session check, the cohorts (their order, then the page's in full) and the programs.
    expect(first.queries).toBeLessThanOrEqual(5);
    const second = await list("?page=2");
    expect(second.d.page).toBe(2);
    expect(second.d.cohorts.map((c) => c.id)).not.toContain(first.d.cohorts[0].id);
    expect(second.d.cohorts.map((c) => c.id)).toContain(ctx.cohortId);
    const planned = await list("?status=PLANNED&sort=name&dir=asc");
    expect(planned.d.total).toBe(await db.cohort.count({ where: { status: "PLANNED" } }));
    expect(planned.d.cohorts.every((c) => c.status === "PLANNED")).toBe(true);
    const names = planned.d.cohorts.map((c) => c.name);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y)));
  });
});

describe("command line", () => {
  const run = promisify(execFile);
  // SQLite: a fresh file of its own (the CLI migrates it; the test's file is held open in
  // WAL mode by this process). PostgreSQL: this test file's database.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gk-report-"));
  const url = process.env.DATABASE_URL!.startsWith("file:") ? `file:${path.join(dir, "cli.db")}` : process.env.DATABASE_URL!;
  const cli = (args: string[]) =>
    run(process.execPath, [inject("cliEntry"), ...args], {
      env: { ...process.env, DATABASE_URL: url },
      maxBuffer: 10 * 1024 * 1024,
    });

  it("imports a CSV with the CLI and reports the same numbers as R", async () => {
    const file = path.join(dir, "ds1.csv");
    const header = [
      "participant_code",
      "cohort",
      "timepoint",
      "instrument",
      "completed_on",
      ...Array.from({ length: 9 }, (_, i) => `item_${i + 1}`),
    ];
    const rows = ds1.flatMap((r, i) => [
      [`CLI-${i + 1}`, "CLI Cohort", "baseline", "PHQ9", "2026-01-05", ...itemsForTotal(r.pre, 9, 3)],
      [`CLI-${i + 1}`, "CLI Cohort", "post_session_6", "PHQ9", "2026-02-25", ...itemsForTotal(r.post, 9, 3)],
    ]);
    fs.writeFileSync(file, [header, ...rows].map((r) => r.join(",")).join("\n") + "\n");
    const program = "Burnout program — 6 sessions";
    await cli(["import-measures", file, "--program", program, "--create-missing"]);
    const { stdout } = await cli(["report", "--cohort", "CLI Cohort", "--pre", "baseline", "--post", "post_session_6", "--json"]);
    const json = JSON.parse(stdout);
    expect(json.pre).toBe("baseline");
    expectMatchesR(json.measures.find((m: { instrument: string; scale: string }) => m.instrument === "PHQ9" && m.scale === "total"));
    const bad = await cli(["report", "--cohort", "CLI Cohort", "--pre", "nope", "--json"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/Unknown timepoint/);
  }, 120_000);
});
