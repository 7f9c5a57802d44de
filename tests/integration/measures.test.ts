import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemoMeasures } from "~/demo/measures.server";
import { getInstrument } from "~/domain/instruments";
import { FIRST_RESPONDERS_TEMPLATE } from "~/domain/scheduling";
import { syncExpectedAssessments } from "~/models/assessment.server";
import { commitImport } from "~/models/measureImport.server";
import { hashToken } from "~/models/selfReport.server";
import * as wordingRoute from "~/routes/admin.instruments";
import * as assessmentRoute from "~/routes/assessments.$assessmentId";
import * as trackerRoute from "~/routes/cohorts.$cohortId.measures";
import * as login from "~/routes/login";
import * as importRoute from "~/routes/measures.import";
import * as selfReportRoute from "~/routes/q.$token";
import { toCsv } from "~/utils/csv";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { createMeasuredCohort, openWindow } from "../setup/factories-measures";
import { ensureTestProgram } from "../setup/factories-scheduling";
import { call, cookieFrom } from "../setup/http";

async function signIn(roles: ("COORDINATOR" | "CLINICIAN" | "ANALYST" | "ADMIN")[]) {
  const user = await createTestUser({ roles });
  const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD } });
  return { user, cookie: cookieFrom(res.headers) };
}

const ITEMS: Record<string, number> = { PHQ9: 9, GAD7: 7, PCL5: 20, MBI_HSS: 22, MBI_GS: 16, MEQ30: 30 };

function answers(codes: string[], value = 1, overrides: Record<string, string> = {}) {
  const form: Record<string, string> = {};
  for (const c of codes) for (let i = 1; i <= ITEMS[c]; i++) form[`r.${c}.${i}`] = String(value);
  return { ...form, ...overrides };
}

let coordinator: { user: { id: string }; cookie: string };

beforeAll(async () => {
  coordinator = await signIn(["COORDINATOR"]);
});

async function setupBaselineLink() {
  const { cohort, enrolled } = await createMeasuredCohort({ participants: 1 });
  await syncExpectedAssessments(cohort.id);
  const { enrollment } = enrolled[0];
  await openWindow(enrollment.id, "baseline");
  const res = await call(trackerRoute.action, `/cohorts/${cohort.id}/measures`, "POST", {
    cookie: coordinator.cookie,
    params: { cohortId: cohort.id },
    form: { intent: "create-link", enrollmentId: enrollment.id, timepointKey: "baseline" },
  });
  expect(res.status).toBe(200);
  const url = (res.data as { data: { url: string } }).data.url;
  // The printable QR code is an SVG of the same link.
  expect((res.data as { data: { qrSvg: string } }).data.qrSvg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/);
  const token = url.split("/q/")[1];
  return { cohort, enrollment, participant: enrolled[0].participant, token };
}

const BASELINE = ["GAD7", "PHQ9", "PCL5", "MBI_HSS"];

describe("expected assessments", () => {
  it("creates rows from the measure plan once, and follows a moved session for expected rows only", async () => {
    const db = await dbReady();
    const { cohort, enrolled } = await createMeasuredCohort({ participants: 2 });
    const first = await syncExpectedAssessments(cohort.id);
    const perEnrollment = FIRST_RESPONDERS_TEMPLATE.measurePlan.reduce((n, tp) => n + tp.instruments.length, 0);
    expect(first.created).toBe(2 * perEnrollment);
    expect((await syncExpectedAssessments(cohort.id)).created).toBe(0);
    const dosing1 = await db.assessment.findFirstOrThrow({ where: { enrollmentId: enrolled[0].enrollment.id, timepointKey: "dosing_1" } });
    const other = await db.assessment.findFirstOrThrow({ where: { enrollmentId: enrolled[1].enrollment.id, timepointKey: "dosing_1" } });
    await db.assessment.update({ where: { id: other.id }, data: { status: "COMPLETED", responses: "[]" } });
    const session = await db.groupSession.findFirstOrThrow({ where: { cohortId: cohort.id, planIndex: 1 } });
    await db.groupSession.update({
      where: { id: session.id },
      data: {
        startsAt: new Date(session.startsAt.getTime() + 2 * 86_400_000),
        endsAt: new Date(session.endsAt.getTime() + 2 * 86_400_000),
      },
    });
    const second = await syncExpectedAssessments(cohort.id);
    expect(second.updated).toBe(1);
    const moved = await db.assessment.findUniqueOrThrow({ where: { id: dosing1.id } });
    expect(moved.windowOpens.getTime()).toBe(dosing1.windowOpens.getTime() + 2 * 86_400_000);
    expect((await db.assessment.findUniqueOrThrow({ where: { id: other.id } })).dueDate).toBe(other.dueDate);
  });
});

describe("self-report links", () => {
  it("stores only the token's hash, scores and audits a submission, and refuses a second one", async () => {
    const db = await dbReady();
    const { enrollment, token } = await setupBaselineLink();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const link = await db.selfReportLink.findFirstOrThrow({ where: { enrollmentId: enrollment.id } });
    expect(link.tokenHash).toBe(hashToken(token));
    const page = await call(selfReportRoute.loader, `/q/${token}`, "GET", { params: { token } });
    expect((page.data as { state: string; questionnaires: unknown[] }).state).toBe("ok");
    expect((page.data as { questionnaires: unknown[] }).questionnaires).toHaveLength(4);
    // The crisis line is the site's setting, never a number written into the page.
    expect((page.data as { crisisLine: string | null }).crisisLine).toBeNull();
    await db.site.update({
      where: { id: (await db.cohort.findUniqueOrThrow({ where: { id: enrollment.cohortId } })).siteId },
      data: { crisisLine: "Call the Loveland crisis line: 555 0100" },
    });
    const withLine = await call(selfReportRoute.loader, `/q/${token}`, "GET", { params: { token } });
    expect((withLine.data as { crisisLine: string | null }).crisisLine).toBe("Call the Loveland crisis line: 555 0100");

    const res = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "submit", ...answers(BASELINE, 1, { "r.PHQ9.9": "0" }) },
    });
    expect(res.status).toBe(302);
    const done = await db.assessment.findMany({ where: { enrollmentId: enrollment.id, timepointKey: "baseline" } });
    expect(done.every((a) => a.status === "COMPLETED" && a.source === "SELF_REPORT" && a.scoringVersion)).toBe(true);
    const phq = done.find((a) => a.instrumentCode === "PHQ9")!;
    expect(JSON.parse(phq.scores!).scales[0]).toMatchObject({ key: "total", value: 8, band: "Mild" });
    expect(await db.auditEvent.count({ where: { action: "self_report.submit", entityId: link.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "assessment.complete", entityId: phq.id } })).toBe(1);
    expect(await db.safetySignal.count({ where: { sourceId: phq.id } })).toBe(0);

    const again = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "submit", ...answers(BASELINE, 2) },
    });
    expect(again.status).toBe(409);
    expect(again.data).toEqual({ kind: "gone", state: "used" });
    const used = await call(selfReportRoute.loader, `/q/${token}`, "GET", { params: { token } });
    expect((used.data as { state: string }).state).toBe("used");
    expect(JSON.parse((await db.assessment.findUniqueOrThrow({ where: { id: phq.id } })).responses!)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0]);
  });

  it("refuses expired and revoked links with the same page, revealing nothing", async () => {
    const db = await dbReady();
    const a = await setupBaselineLink();
    await db.selfReportLink.updateMany({ where: { enrollmentId: a.enrollment.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call(selfReportRoute.loader, `/q/${a.token}`, "GET", { params: { token: a.token } });
    expect(expired.data).toEqual({ state: "invalid", thanks: false, saved: false, questionnaires: [] });
    const expiredPost = await call(selfReportRoute.action, `/q/${a.token}`, "POST", {
      params: { token: a.token },
      form: { intent: "submit", ...answers(BASELINE) },
    });
    expect(expiredPost.status).toBe(409);

    const b = await setupBaselineLink();
    const link = await db.selfReportLink.findFirstOrThrow({ where: { enrollmentId: b.enrollment.id } });
    const revoke = await call(trackerRoute.action, `/cohorts/${b.cohort.id}/measures`, "POST", {
      cookie: coordinator.cookie,
      params: { cohortId: b.cohort.id },
      form: { intent: "revoke-link", linkId: link.id },
    });
    expect(revoke.status).toBe(200);
    const revoked = await call(selfReportRoute.loader, `/q/${b.token}`, "GET", { params: { token: b.token } });
    expect(revoked.data).toEqual({ state: "invalid", thanks: false, saved: false, questionnaires: [] });
    const unknown = await call(selfReportRoute.loader, `/q/nonsense-token-that-does-not-exist`, "GET", {
      params: { token: "nonsense-token-that-does-not-exist" },
    });
    expect(unknown.data).toEqual(revoked.data);
    expect(await db.assessment.count({ where: { enrollmentId: { in: [a.enrollment.id, b.enrollment.id] }, status: "COMPLETED" } })).toBe(0);
  });

  it("saves a draft to finish later and lists every unanswered item on submit", async () => {
    const db = await dbReady();
    const { enrollment, token } = await setupBaselineLink();
    const draft = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "draft", "r.PHQ9.1": "2", "r.GAD7.3": "1" },
    });
    expect(draft.status).toBe(302);
    const phq = await db.assessment.findFirstOrThrow({
      where: { enrollmentId: enrollment.id, timepointKey: "baseline", instrumentCode: "PHQ9" },
    });
    expect(JSON.parse(phq.draftResponses!)["1"]).toBe(2);
    expect(phq.status).toBe("EXPECTED");
    const partial = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "submit", ...answers(["GAD7", "PHQ9", "PCL5"]) },
    });
    expect(partial.status).toBe(400);
    // Messages by field name, r.<CODE>.<item> (the radio groups' names).
    const errors = (partial.data as { errors: Record<string, string> }).errors;
    expect([...new Set(Object.keys(errors).map((name) => name.split(".")[1]))]).toEqual(["MBI_HSS"]);
    expect(Object.keys(errors).filter((name) => name.startsWith("r.MBI_HSS."))).toHaveLength(22);
    expect(errors["r.MBI_HSS.1"]).toMatch(/Item 1/);
  });

  it("PHQ-9 item 9 = 1 raises a safety signal in the same transaction", async () => {
    const db = await dbReady();
    const { cohort, participant, enrollment, token } = await setupBaselineLink();
    const res = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "submit", ...answers(BASELINE, 0, { "r.PHQ9.9": "1" }) },
    });
    expect(res.status).toBe(302);
    const phq = await db.assessment.findFirstOrThrow({
      where: { enrollmentId: enrollment.id, timepointKey: "baseline", instrumentCode: "PHQ9" },
    });
    const signals = await db.safetySignal.findMany({ where: { participantId: participant.id } });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      kind: "PHQ9_ITEM9",
      sourceType: "Assessment",
      sourceId: phq.id,
      cohortId: cohort.id,
      acknowledgedAt: null,
      priority: 1, // high: answered 1
    });
    expect(signals[0].detail).toMatch(/item 9/);
  });

  it("PHQ-9 item 9 = 2 raises an urgent signal (stored priority, the inbox's first order)", async () => {
    const db = await dbReady();
    const { participant, token } = await setupBaselineLink();
    const res = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "submit", ...answers(BASELINE, 0, { "r.PHQ9.9": "2" }) },
    });
    expect(res.status).toBe(302);
    const signals = await db.safetySignal.findMany({ where: { participantId: participant.id } });
    expect(signals.map((s) => [s.kind, s.priority])).toEqual([["PHQ9_ITEM9", 0]]);
  });
});

describe("licensed wording", () => {
  it('an admin stores MBI-HSS wording that then replaces "Item N" on the participant\'s form', async () => {
    const db = await dbReady();
    const admin = await signIn(["ADMIN"]);
    const res = await call(wordingRoute.action, "/admin/instruments", "POST", {
      cookie: admin.cookie,
      form: { intent: "save", code: "MBI_HSS", "item.1": "Locally licensed wording one", "item.2": "" },
    });
    expect(res.status).toBe(200);
    expect(await db.instrumentWording.count({ where: { instrumentCode: "MBI_HSS" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "instrument_wording.update" } })).toBe(1);
    const denied = await call(wordingRoute.loader, "/admin/instruments", "GET", { cookie: coordinator.cookie });
    expect(denied.status).toBe(403);
    const { token } = await setupBaselineLink();
    const page = await call(selfReportRoute.loader, `/q/${token}`, "GET", { params: { token } });
    const mbi = (page.data as { questionnaires: { code: string; items: { text: string }[] }[] }).questionnaires.find(
      (q) => q.code === "MBI_HSS",
    )!;
    expect(mbi.items[0].text).toBe("Locally licensed wording one");
    expect(mbi.items[1].text).toBe("Item 2");
  });

  it("a link opened before its window opens says when to come back", async () => {
    const db = await dbReady();
    const { enrollment, token } = await setupBaselineLink();
    await db.assessment.updateMany({
      where: { enrollmentId: enrollment.id, timepointKey: "baseline" },
      data: { windowOpens: new Date(Date.now() + 86_400_000) },
    });
    const page = await call(selfReportRoute.loader, `/q/${token}`, "GET", { params: { token } });
    expect((page.data as { state: string; opensAt: string }).state).toBe("not_open");
    const post = await call(selfReportRoute.action, `/q/${token}`, "POST", {
      params: { token },
      form: { intent: "submit", ...answers(BASELINE) },
    });
    expect(post.status).toBe(409);
  });
});

describe("staff entry", () => {
  async function baselinePhq() {
    const db = await dbReady();
    const { cohort, enrolled } = await createMeasuredCohort({ participants: 1 });
    await syncExpectedAssessments(cohort.id);
    return db.assessment.findFirstOrThrow({
      where: { enrollmentId: enrolled[0].enrollment.id, timepointKey: "baseline", instrumentCode: "PHQ9" },
    });
  }

  it("gives a message per out-of-range or missing item and writes nothing", async () => {
    const db = await dbReady();
    const a = await baselinePhq();
    const before = await db.auditEvent.count({ where: { entityId: a.id } });
    const form = { intent: "save", version: String(a.version), completedOn: "2026-01-10", ...answers(["PHQ9"], 1, { "r.PHQ9.3": "7" }) };
    delete (form as Record<string, string>)["r.PHQ9.5"];
    const res = await call(assessmentRoute.action, `/assessments/${a.id}`, "POST", {
      cookie: coordinator.cookie,
      params: { assessmentId: a.id },
      form,
    });
    expect(res.status).toBe(400);
    const errors = (res.data as { errors: Record<string, string> }).errors;
    expect(errors["r.PHQ9.3"]).toMatch(/Item 3/);
    expect(errors["r.PHQ9.5"]).toMatch(/Item 5 is required/);
    expect(Object.keys(errors)).toEqual(["r.PHQ9.3", "r.PHQ9.5"]);
    const after = await db.assessment.findUniqueOrThrow({ where: { id: a.id } });
    expect(after).toMatchObject({ status: "EXPECTED", responses: null, version: a.version });
    expect(await db.auditEvent.count({ where: { entityId: a.id } })).toBe(before);
  });

  it("scores on save, keeps the previous answers as a revision on edit, and detects a stale version", async () => {
    const db = await dbReady();
    const a = await baselinePhq();
    const opts = { cookie: coordinator.cookie, params: { assessmentId: a.id } };
    const save = await call(assessmentRoute.action, `/assessments/${a.id}`, "POST", {
      ...opts,
      form: { intent: "save", version: String(a.version), completedOn: "2026-01-10", ...answers(["PHQ9"], 2, { "r.PHQ9.9": "0" }) },
    });
    expect(save.status).toBe(302);
    const saved = await db.assessment.findUniqueOrThrow({ where: { id: a.id } });
    expect(saved).toMatchObject({
      status: "COMPLETED",
      source: "STAFF",
      enteredById: coordinator.user.id,
      completedOn: "2026-01-10",
      scoringVersion: "phq9@1",
    });
    expect(JSON.parse(saved.scores!).scales[0].value).toBe(16);

    const noReason = await call(assessmentRoute.action, `/assessments/${a.id}`, "POST", {
      ...opts,
      form: { intent: "save", version: String(saved.version), completedOn: "2026-01-10", ...answers(["PHQ9"], 1, { "r.PHQ9.9": "0" }) },
    });
    expect(noReason.status).toBe(400);
    expect((noReason.data as { errors: Record<string, string> }).errors.reason).toMatch(/why/);

    const edit = await call(assessmentRoute.action, `/assessments/${a.id}`, "POST", {
      ...opts,
      form: {
        intent: "save",
        version: String(saved.version),
        completedOn: "2026-01-10",
        reason: "Transcription error",
        ...answers(["PHQ9"], 1, { "r.PHQ9.9": "0" }),
      },
    });
    expect(edit.status).toBe(302);
    const revisions = await db.assessmentRevision.findMany({ where: { assessmentId: a.id } });
    expect(revisions).toHaveLength(1);
    expect(JSON.parse(revisions[0].responses)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 0]);
    expect(revisions[0].reason).toBe("Transcription error");
    expect(await db.auditEvent.count({ where: { entityId: a.id, action: "assessment.edit" } })).toBe(1);

    const stale = await call(assessmentRoute.action, `/assessments/${a.id}`, "POST", {
      ...opts,
      form: {
        intent: "save",
        version: String(saved.version),
        completedOn: "2026-01-10",
        reason: "Another",
        ...answers(["PHQ9"], 3, { "r.PHQ9.9": "0" }),
      },
    });
    expect(stale.status).toBe(409);
    expect(JSON.parse((await db.assessment.findUniqueOrThrow({ where: { id: a.id } })).scores!).scales[0].value).toBe(8);
  });

  it("hides assessments of cohorts outside a clinician's scope (404)", async () => {
    const a = await baselinePhq();
    const clinician = await signIn(["CLINICIAN"]);
    const res = await call(assessmentRoute.loader, `/assessments/${a.id}`, "GET", {
      cookie: clinician.cookie,
      params: { assessmentId: a.id },
    });
    expect(res.status).toBe(404);
  });
});

describe("CSV import", () => {
  const header = [
    "participant_code",
    "cohort",
    "timepoint",
    "instrument",
    "completed_on",
    ...Array.from({ length: 9 }, (_, i) => `item_${i + 1}`),
  ];

  async function importFixture() {
    const { cohort, enrolled } = await createMeasuredCohort({ participants: 2 });
    const program = await (await dbReady()).program.findUniqueOrThrow({ where: { id: cohort.programId } });
    return { cohort, enrolled, program, codes: enrolled.map((e) => e.participant.code) };
  }

  it("writes nothing when one row is bad and reports its line", async () => {
    const db = await dbReady();
    const { cohort, program, codes } = await importFixture();
    const csv = toCsv(header, [
      [codes[0], cohort.name, "baseline", "PHQ9", "2026-01-05", 1, 1, 1, 1, 1, 1, 1, 1, 0],
      [codes[1], cohort.name, "baseline", "PHQ9", "2026-01-05", 1, 1, 9, 1, 1, 1, 1, 1, 0],
      [codes[1], cohort.name, "baseline", "GAD7", "2026-01-05", 1, 1, 1, 1, 1, 1, 1],
    ]);
    const res = await call(importRoute.action, "/measures/import", "POST", {
      cookie: coordinator.cookie,
      form: { intent: "commit", programId: program.id, csv, fileName: "bad.csv" },
    });
    expect(res.status).toBe(400);
    const preview = (res.data as { preview: { errors: { line: number; message: string }[] } }).preview;
    expect(preview.errors).toHaveLength(1);
    expect(preview.errors[0]).toMatchObject({ line: 3 });
    expect(preview.errors[0].message).toMatch(/item_3/);
    expect(await db.assessment.count({ where: { enrollment: { cohortId: cohort.id }, status: "COMPLETED" } })).toBe(0);
    expect(await db.importBatch.count()).toBe(0);
  });

  it("imports a valid file with scores and a PHQ-9 signal, then refuses the same file as a duplicate", async () => {
    const db = await dbReady();
    const { cohort, program, codes, enrolled } = await importFixture();
    const csv = toCsv(header, [
      [codes[0], cohort.name, "baseline", "PHQ9", "2026-01-05", 2, 2, 2, 2, 2, 2, 2, 2, 2],
      [codes[1], cohort.name, "baseline", "GAD7", "2026-01-05", 1, 1, 1, 1, 1, 1, 1],
    ]);
    const form = { intent: "commit", programId: program.id, csv, fileName: "good.csv" };
    const ok = await call(importRoute.action, "/measures/import", "POST", { cookie: coordinator.cookie, form });
    expect(ok.status).toBe(200);
    expect((ok.data as { kind: string }).kind).toBe("committed");
    const imported = await db.assessment.findMany({ where: { importBatchId: { not: null } } });
    expect(imported).toHaveLength(2);
    expect(imported.every((a) => a.source === "IMPORT" && a.status === "COMPLETED")).toBe(true);
    const phq = imported.find((a) => a.instrumentCode === "PHQ9")!;
    expect(JSON.parse(phq.scores!).scales[0].value).toBe(18);
    // The same signal as a questionnaire entered by hand: item 9 answered 2 is urgent.
    const signals = await db.safetySignal.findMany({ where: { sourceId: phq.id, participantId: enrolled[0].participant.id } });
    expect(signals.map((s) => [s.kind, s.priority, s.detail])).toEqual([
      [
        "PHQ9_ITEM9",
        0,
        "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered 2 (import). Same-day clinician risk assessment needed, whatever the total score.",
      ],
    ]);
    expect(await db.auditEvent.count({ where: { action: "measure.import", actorId: coordinator.user.id } })).toBe(1);

    const twice = await call(importRoute.action, "/measures/import", "POST", { cookie: coordinator.cookie, form });
    expect(twice.status).toBe(400);
    const preview = (twice.data as { preview: { duplicate: boolean; errors: { message: string }[] } }).preview;
    expect(preview.duplicate).toBe(true);
    expect(preview.errors[0].message).toMatch(/already imported/);
    expect(await db.importBatch.count()).toBe(1);
  });

  it("is refused to analysts", async () => {
    const analyst = await signIn(["ANALYST"]);
    const res = await call(importRoute.loader, "/measures/import", "GET", { cookie: analyst.cookie });
    expect(res.status).toBe(403);
  });
});

describe("import performance", () => {
  it("imports 2,000+ rows with --create-missing in seconds", async () => {
    const db = await dbReady();
    const template = FIRST_RESPONDERS_TEMPLATE;
    const { program } = await ensureTestProgram(template);
    const header = [
      "participant_code",
      "cohort",
      "timepoint",
      "instrument",
      "completed_on",
      ...Array.from({ length: 30 }, (_, i) => `item_${i + 1}`),
    ];
    const rows: (string | number)[][] = [header];
    for (let c = 0; c < 24; c++) {
      for (let p = 0; p < 6; p++) {
        const code = `PERF-${c}-${p}`;
        for (const tp of template.measurePlan) {
          for (const inst of tp.instruments) {
            const n = getInstrument(inst).items.length;
            rows.push([code, `Perf cohort ${c}`, tp.key, inst, "2025-02-03", ...Array.from({ length: n }, (_, i) => (i + p) % 2)]);
          }
        }
      }
    }
    expect(rows.length - 1).toBeGreaterThanOrEqual(2000);
    const started = Date.now();
    const result = await commitImport(
      null,
      { ip: null, userAgent: "test" },
      { csvText: toCsv(header, rows.slice(1)), fileName: "perf.csv", program: { id: program.id }, createMissing: true, actorLabel: "test" },
    );
    const seconds = (Date.now() - started) / 1000;
    expect(result.errors).toEqual([]);
    expect(result.batchId).toBeTruthy();
    expect(await db.assessment.count({ where: { importBatchId: result.batchId } })).toBe(rows.length - 1);
    expect(await db.cohort.count({ where: { name: { startsWith: "Perf cohort" } } })).toBe(24);
    expect(seconds).toBeLessThan(30);
  }, 120_000);
});

describe("demo measures", () => {
  it("seeds item-level histories scored by the domain code, improving pre to post", async () => {
    const db = await dbReady();
    const past = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
    const { cohort, enrolled } = await createMeasuredCohort({ participants: 6, startDate: past, status: "COMPLETED" });
    // The demo's answers are drawn from a generator seeded by participant code and cohort
    // name: fixed here, so the drawn answers are the same in every run (random test codes
    // made the outcome differ between runs: it failed once in CI).
    await db.cohort.update({ where: { id: cohort.id }, data: { name: "Demo measures cohort" } });
    for (const [i, { participant }] of enrolled.entries()) {
      await db.participant.update({ where: { id: participant.id }, data: { code: `GK-DEMO${i + 1}` } });
    }
    await seedDemoMeasures(db, { completedCohortId: cohort.id });
    const done = await db.assessment.findMany({ where: { enrollment: { cohortId: cohort.id }, status: "COMPLETED" } });
    expect(done.length).toBeGreaterThan(60);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const totals = (tp: string) =>
      done.filter((a) => a.instrumentCode === "PHQ9" && a.timepointKey === tp).map((a) => JSON.parse(a.scores!).scales[0].value as number);
    expect(median(totals("baseline"))).toBeGreaterThan(median(totals("last_group")) + 3);
    expect(done.every((a) => a.scoringVersion && a.responses)).toBe(true);
    expect(await db.safetySignal.count({ where: { cohortId: cohort.id } })).toBe(0);
  });
});

describe("import-measures CLI", () => {
  const cli = (args: string[], dbFile: string) =>
    spawnSync(process.execPath, [inject("cliEntry"), "import-measures", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: `file:${dbFile}`, NODE_ENV: "test" },
      encoding: "utf8",
      timeout: 120_000,
    });

  it("imports into an empty database with --create-missing and exits non-zero for a bad file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gk-cli-"));
    const dbFile = path.join(dir, "cli.db");
    const header = [
      "participant_code",
      "cohort",
      "timepoint",
      "instrument",
      "completed_on",
      ...Array.from({ length: 7 }, (_, i) => `item_${i + 1}`),
    ];
    const good = path.join(dir, "good.csv");
    fs.writeFileSync(
      good,
      toCsv(header, [
        ["H-001", "Historic 2024", "baseline", "GAD7", "2024-03-01", 2, 2, 2, 2, 1, 1, 1],
        ["H-001", "Historic 2024", "last_group", "GAD7", "2024-04-15", 1, 1, 1, 1, 0, 0, 0],
        ["H-002", "Historic 2024", "baseline", "GAD7", "2024-03-02", 3, 2, 2, 2, 1, 1, 1],
      ]),
    );
    const bad = path.join(dir, "bad.csv");
    fs.writeFileSync(bad, toCsv(header, [["H-003", "Historic 2024", "nonsense", "GAD7", "2024-03-01", 1, 1, 1, 1, 1, 1, 1]]));
    const program = FIRST_RESPONDERS_TEMPLATE.name;

    const ok = cli([good, "--program", program, "--create-missing"], dbFile);
    expect(ok.stderr).not.toMatch(/problem/);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Imported 3 questionnaire/);

    const failed = cli([bad, "--program", program, "--create-missing"], dbFile);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/line 2: unknown timepoint "nonsense"/);

    const again = cli([good, "--program", program, "--create-missing"], dbFile);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already imported/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
