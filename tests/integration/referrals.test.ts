// Referrals end to end through the routes: staff entry, the public self-referral page
// (honeypot, rate limit), screening decided by the one eligibility engine, clinician-only
// clearance, and enrollment refused unless eligible and cleared — with the reason.
import { describe, expect, it } from "vitest";
import { screeningChecklist } from "~/domain/referrals";
import { BURNOUT_TEMPLATE } from "~/domain/scheduling";
import { SELF_REFERRAL_PER_ADDRESS } from "~/models/referral.server";
import * as login from "~/routes/login";
import * as refer from "~/routes/refer.$programId";
import * as referralPage from "~/routes/referrals.$referralId";
import * as referralList from "~/routes/referrals._index";
import * as referralNew from "~/routes/referrals.new";
import * as programReportFile from "~/routes/reports.program.$programId.$file";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { createTestCohort, createTestParticipant, ensureTestProgram } from "../setup/factories-scheduling";
import { call, cookieFrom, replyOf } from "../setup/http";

async function signedIn(roles: RoleCode[]) {
  const user = await createTestUser({ roles });
  const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD } });
  return { user, cookie: cookieFrom(res.headers) };
}

/** MBI-GS answers with the given EX, CY and PE item sums (items 0–6). */
function mbiForm(ex: number, cy: number, pe: number) {
  const r: number[] = new Array(16).fill(0);
  const fill = (items: number[], total: number) => {
    let left = total;
    for (const i of items) {
      r[i - 1] = Math.min(6, left);
      left -= r[i - 1];
    }
  };
  fill([1, 2, 3, 4, 6], ex);
  fill([8, 9, 13, 14, 15], cy);
  fill([5, 7, 10, 11, 12, 16], pe);
  return Object.fromEntries(r.map((v, i) => [`r.MBI_GS.${i + 1}`, String(v)]));
}

async function version(id: string) {
  return String((await (await dbReady()).referral.findUniqueOrThrow({ where: { id } })).version);
}

async function post(cookie: string, id: string, form: Record<string, string>, instrument?: string) {
  const path = `/referrals/${id}${instrument ? `?instrument=${instrument}` : ""}`;
  const res = await call(referralPage.action, path, "POST", {
    cookie,
    params: { referralId: id },
    form: { version: await version(id), ...form },
  });
  return { status: res.status, reply: res.status < 300 ? await replyOf(res) : res.status === 302 ? null : await replyOf(res) };
}

const today = new Date().toISOString().slice(0, 10);

async function newReferral(cookie: string, programId: string, lastName = "Okafor") {
  const res = await call(referralNew.action, "/referrals/new", "POST", {
    cookie,
    form: {
      programId,
      source: "CLINICIAN",
      sourceDetail: "Station 4 clinic",
      referredOn: today,
      firstName: "Robin",
      lastName,
      email: "robin@example.org",
      phone: "",
    },
  });
  expect(res.status).toBe(302);
  const id = res.headers.get("location")!.split("/").pop()!;
  return id;
}

async function screen(cookie: string, id: string, ex: number, cy: number, pe: number) {
  const m = await post(cookie, id, { intent: "measure", instrumentCode: "MBI_GS", completedOn: today, ...mbiForm(ex, cy, pe) }, "MBI_GS");
  expect(m.status).toBe(302);
}

async function checklistAllNo(cookie: string, id: string) {
  const form: Record<string, string> = { intent: "checklist" };
  for (const item of screeningChecklist(BURNOUT_TEMPLATE.contraindicationChecklist)) form[`c.${item.key}.answer`] = "NO";
  expect((await post(cookie, id, form)).status).toBe(302);
}

async function referral(id: string) {
  return (await dbReady()).referral.findUniqueOrThrow({ where: { id } });
}

const enrollForm = (cohortId: string) => ({ intent: "enroll", cohortId, dateOfBirth: "1984-04-12", sex: "FEMALE", occupation: "NURSE" });

describe("referrals: screening, clearance and enrollment", () => {
  it("ineligible by the rule: eligible is refused with the engine's reason, and so is enrollment", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const cohort = await createTestCohort({ template: BURNOUT_TEMPLATE });
    const id = await newReferral(cookie, program.id);
    await screen(cookie, id, 23, 30, 0); // EX mean 4.6
    expect(await referral(id)).toMatchObject({ status: "SCREENING", ruleStatus: "INELIGIBLE", ruleReason: "EX sum 23 < 24" });
    await checklistAllNo(cookie, id);
    const eligible = await post(cookie, id, { intent: "outcome", outcome: "ELIGIBLE", on: today, reason: "" });
    expect(eligible.status).toBe(400);
    expect(eligible.reply?.errors.form).toBe("Not eligible by the program's rule: EX sum 23 < 24");
    expect((await post(cookie, id, { intent: "outcome", outcome: "INELIGIBLE", on: today, reason: "" })).status).toBe(302);
    expect(await referral(id)).toMatchObject({ status: "INELIGIBLE", statusReason: "EX sum 23 < 24", statusOn: today });
    const before = await (await dbReady()).participant.count();
    const enroll = await post(cookie, id, enrollForm(cohort.id));
    expect(enroll.status).toBe(400);
    expect(enroll.reply?.errors.form).toBe("Not eligible: EX sum 23 < 24");
    expect(await (await dbReady()).participant.count()).toBe(before);
    const audits = await (await dbReady()).auditEvent.findMany({ where: { entityId: id }, orderBy: { at: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["referral.create", "referral.measure", "referral.contraindications", "referral.outcome"]);
  });

  it("the published mean form of the rule gives 'EX 4.6 < 4.8'", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const db = await dbReady();
    const meanTemplate = {
      ...BURNOUT_TEMPLATE,
      name: `Burnout mean-form ${Math.random().toString(36).slice(2, 7)}`,
      eligibility: {
        instrument: "MBI_GS",
        rule: { all: [{ scale: "EX", op: ">=" as const, value: 4.8, on: "mean" as const }] },
      },
    };
    const { program } = await ensureTestProgram(meanTemplate);
    const id = await newReferral(cookie, program.id);
    await screen(cookie, id, 23, 30, 0);
    expect((await referral(id)).ruleReason).toBe("EX 4.6 < 4.8");
    await screen(cookie, id, 24, 30, 0);
    expect(await referral(id)).toMatchObject({ ruleStatus: "ELIGIBLE", ruleReason: "EX 4.8 ≥ 4.8" });
    expect(await db.referralMeasure.count({ where: { referralId: id } })).toBe(1);
  });

  it("an absolute contraindication, or an unknown answer, refuses eligible", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const id = await newReferral(cookie, program.id);
    await screen(cookie, id, 25, 20, 20);
    const unknown = await post(cookie, id, { intent: "outcome", outcome: "ELIGIBLE", on: today, reason: "" });
    expect(unknown.reply?.errors.form).toMatch(/Uncontrolled hypertension.*: not answered yet/);
    const form: Record<string, string> = { intent: "checklist" };
    for (const item of screeningChecklist(BURNOUT_TEMPLATE.contraindicationChecklist)) form[`c.${item.key}.answer`] = "NO";
    form["c.psychosis_history.answer"] = "YES";
    await post(cookie, id, form);
    const yes = await post(cookie, id, { intent: "outcome", outcome: "ELIGIBLE", on: today, reason: "" });
    expect(yes.reply?.errors.form).toBe("Contraindication: Personal history of psychosis or schizophrenia-spectrum disorder");
  });

  it("not cleared: only a clinician records clearance (a coordinator gets 403), and enrollment is refused with the reason", async () => {
    const coordinator = await signedIn(["COORDINATOR"]);
    const clinician = await signedIn(["CLINICIAN"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const cohort = await createTestCohort({ template: BURNOUT_TEMPLATE });
    const id = await newReferral(coordinator.cookie, program.id);
    await screen(coordinator.cookie, id, 24, 19, 36);
    await checklistAllNo(coordinator.cookie, id);
    expect((await post(coordinator.cookie, id, { intent: "outcome", outcome: "ELIGIBLE", on: today, reason: "" })).status).toBe(302);
    expect(await referral(id)).toMatchObject({ status: "ELIGIBLE", statusReason: "EX sum 24 ≥ 24; CY sum 19 ≥ 19" });

    const byCoordinator = await post(coordinator.cookie, id, { intent: "clearance", decision: "CLEARED", reason: "Looks fine" });
    expect(byCoordinator.status).toBe(403);
    expect((await referral(id)).clearance).toBeNull();
    const denied = await (await dbReady()).auditEvent.findFirst({ where: { entityId: id, action: "permission.denied" } });
    expect(denied?.actorId).toBe(coordinator.user.id);

    const tooEarly = await post(coordinator.cookie, id, enrollForm(cohort.id));
    expect(tooEarly.reply?.errors.form).toBe("Needs medical clearance by a clinician first.");

    const notCleared = await post(clinician.cookie, id, {
      intent: "clearance",
      decision: "NOT_CLEARED",
      reason: "BP 172/104 on two readings",
    });
    expect(notCleared.status).toBe(302);
    expect(await referral(id)).toMatchObject({ status: "NOT_CLEARED", clearance: "NOT_CLEARED", clearedById: clinician.user.id });
    const audit = await (await dbReady()).auditEvent.findFirstOrThrow({ where: { entityId: id, action: "referral.clearance" } });
    expect(audit.actorId).toBe(clinician.user.id);

    const refused = await post(coordinator.cookie, id, enrollForm(cohort.id));
    expect(refused.status).toBe(400);
    expect(refused.reply?.errors.form).toBe("Not medically cleared: BP 172/104 on two readings");
    expect((await referral(id)).participantId).toBeNull();

    const clinicianEnroll = await post(clinician.cookie, id, enrollForm(cohort.id));
    expect(clinicianEnroll.status).toBe(403);
  });

  it("eligible and cleared: enrolling creates the participant and seats them through the roster's code", async () => {
    const coordinator = await signedIn(["COORDINATOR"]);
    const clinician = await signedIn(["CLINICIAN"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const cohort = await createTestCohort({ template: BURNOUT_TEMPLATE });
    const id = await newReferral(coordinator.cookie, program.id, "Nakamura");
    await screen(coordinator.cookie, id, 30, 10, 20);
    await checklistAllNo(coordinator.cookie, id);
    const medical = await post(clinician.cookie, id, {
      intent: "medical",
      medicalHistory: "Mild asthma",
      currentMedications: "Sertraline 50 mg",
      allergies: "None known",
      systolic: "128",
      diastolic: "82",
      heartRate: "70",
      vitalsOn: today,
    });
    expect(medical.status).toBe(302);
    await post(coordinator.cookie, id, { intent: "outcome", outcome: "ELIGIBLE", on: today, reason: "" });
    await post(clinician.cookie, id, {
      intent: "clearance",
      decision: "CLEARED_WITH_CONDITIONS",
      reason: "Recheck BP before the first dose",
    });
    expect((await referral(id)).status).toBe("CLEARED");
    const missing = await post(coordinator.cookie, id, { intent: "enroll", cohortId: cohort.id });
    expect(missing.reply?.errors).toMatchObject({ dateOfBirth: "Enter the date of birth." });
    const res = await post(coordinator.cookie, id, enrollForm(cohort.id));
    expect(res.status).toBe(302);
    const r = await referral(id);
    expect(r.status).toBe("ENROLLED");
    const p = await (await dbReady()).participant.findUniqueOrThrow({ where: { id: r.participantId! }, include: { enrollments: true } });
    expect(p).toMatchObject({ firstName: "Robin", lastName: "Nakamura", email: "robin@example.org" });
    expect(p.enrollments).toEqual([expect.objectContaining({ cohortId: cohort.id, status: "ENROLLED", id: r.enrollmentId })]);
    expect(r.systolic).toBe(128);
    const again = await post(coordinator.cookie, id, enrollForm(cohort.id));
    expect(again.reply?.errors.form).toBe("Already enrolled.");
  });

  it("links an existing participant by code instead of creating a new record", async () => {
    const coordinator = await signedIn(["COORDINATOR"]);
    const clinician = await signedIn(["CLINICIAN"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const cohort = await createTestCohort({ template: BURNOUT_TEMPLATE });
    const earlier = await createTestParticipant();
    const id = await newReferral(coordinator.cookie, program.id, "Returning");
    await screen(coordinator.cookie, id, 26, 20, 20);
    await checklistAllNo(coordinator.cookie, id);
    await post(coordinator.cookie, id, { intent: "outcome", outcome: "ELIGIBLE", on: today, reason: "" });
    await post(clinician.cookie, id, { intent: "clearance", decision: "CLEARED", reason: "No change since last cohort" });
    const unknown = await post(coordinator.cookie, id, { intent: "enroll", cohortId: cohort.id, existingCode: "GK-NOSUCH" });
    expect(unknown.reply?.errors.existingCode).toBe("No participant has the code GK-NOSUCH.");
    const before = await (await dbReady()).participant.count();
    expect(
      (await post(coordinator.cookie, id, { intent: "enroll", cohortId: cohort.id, existingCode: earlier.code.toLowerCase() })).status,
    ).toBe(302);
    expect(await (await dbReady()).participant.count()).toBe(before);
    expect(await referral(id)).toMatchObject({ status: "ENROLLED", participantId: earlier.id });
  });

  it("refuses a stale version with a conflict", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const id = await newReferral(cookie, program.id);
    const res = await call(referralPage.action, `/referrals/${id}`, "POST", {
      cookie,
      params: { referralId: id },
      form: { intent: "outcome", version: "0", outcome: "WITHDREW", on: today, reason: "Changed their mind" },
    });
    expect(res.status).toBe(409);
  });
});

describe("the program report's CONSORT flow", () => {
  it("counts each person once: a waitlisted seat and a later place are one person, and screened-out referrals count", async () => {
    const db = await dbReady();
    const lead = await signedIn(["COORDINATOR", "ANALYST"]);
    const template = { ...BURNOUT_TEMPLATE, name: `Flow program ${Date.now()}-${Math.random().toString(36).slice(2, 7)}` };
    const { program } = await ensureTestProgram(template);
    const a = await createTestCohort({ template, startDate: "2031-03-02" });
    const b = await createTestCohort({ template, startDate: "2031-05-04" });
    const twice = await createTestParticipant();
    const once = await createTestParticipant();
    await db.enrollment.create({ data: { participantId: twice.id, cohortId: b.id, status: "WAITLISTED" } });
    await db.enrollment.create({ data: { participantId: twice.id, cohortId: a.id, status: "ACTIVE", consentDate: "2031-02-20" } });
    await db.enrollment.create({ data: { participantId: once.id, cohortId: a.id, status: "ENROLLED" } });
    const referral = (data: Record<string, unknown>) =>
      db.referral.create({
        data: { programId: program.id, source: "SELF", referredOn: "2031-01-05", firstName: "R", lastName: "Flow", ...data },
      });
    await referral({ participantId: twice.id, status: "ENROLLED", ruleStatus: "ELIGIBLE", clearance: "CLEARED" });
    await referral({ status: "INELIGIBLE", statusReason: "EX 4.6 < 4.8", ruleStatus: "INELIGIBLE" });
    await referral({ status: "NOT_CLEARED", ruleStatus: "ELIGIBLE", clearance: "NOT_CLEARED", clearanceReason: "BP 172/104" });
    await referral({ status: "WITHDREW", statusReason: "Changed jobs", ruleStatus: "ELIGIBLE", clearance: "CLEARED" });
    const res = await call(programReportFile.loader, `/reports/program/${program.id}/report.json`, "GET", {
      cookie: lead.cookie,
      params: { programId: program.id, file: "report.json" },
    });
    expect(res.status).toBe(200);
    const { flow } = JSON.parse(await res.response!.text());
    // 2 participants (one of them with two enrollments) + 3 referrals that never enrolled.
    expect(flow).toMatchObject({ referred: 5, screened: 5, eligible: 4, cleared: 3, enrolled: 2, consented: 1 });
    const csv = await call(programReportFile.loader, `/reports/program/${program.id}/export.csv?table=flow`, "GET", {
      cookie: lead.cookie,
      params: { programId: program.id, file: "export.csv" },
    });
    const table = await csv.response!.text();
    expect(table).toContain("Drop-out: Not medically cleared,1,BP 172/104");
    expect(table).toContain("Drop-out: Withdrew after clearance,1,Changed jobs");
    expect(table).not.toContain("Waitlisted");
  });
});

describe("referral list and page access", () => {
  it("filters by program and status, and keeps analysts and facilitators out", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const id = await newReferral(cookie, program.id, "Listed");
    await post(cookie, id, { intent: "outcome", outcome: "LOST_TO_CONTACT", on: today, reason: "Three calls, no answer" });
    const res = await call(referralList.loader, `/referrals?programId=${program.id}&status=LOST_TO_CONTACT&sort=name`, "GET", { cookie });
    const data = res.data as { referrals: { id: string; status: string; program: string }[] };
    expect(data.referrals.map((r) => r.id)).toContain(id);
    expect(data.referrals.every((r) => r.status === "LOST_TO_CONTACT" && r.program === program.name)).toBe(true);
    for (const role of ["ANALYST", "FACILITATOR"] as const) {
      const other = await signedIn([role]);
      expect((await call(referralList.loader, "/referrals", "GET", { cookie: other.cookie })).status).toBe(403);
      expect(
        (await call(referralPage.loader, `/referrals/${id}`, "GET", { cookie: other.cookie, params: { referralId: id } })).status,
      ).toBe(403);
    }
    const view = await call(referralPage.loader, `/referrals/${id}`, "GET", { cookie, params: { referralId: id } });
    expect(view.status).toBe(200);
    expect(await (await dbReady()).auditEvent.count({ where: { entityId: id, action: "referral.view" } })).toBe(1);
  });
});

describe("self-referral page", () => {
  const person = { firstName: "Jordan", lastName: "Reyes", email: "jordan@example.org", phone: "", notes: "Night shifts" };

  it("creates a REFERRED self-referral without a login, audited", async () => {
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const page = await call(refer.loader, `/refer/${program.id}`, "GET", { params: { programId: program.id } });
    expect(page.status).toBe(200);
    const res = await call(refer.action, `/refer/${program.id}`, "POST", {
      params: { programId: program.id },
      ip: "198.51.100.10",
      form: { ...person, lastName: "Reyes-self", website: "" },
    });
    expect(res.status).toBe(302);
    const r = await (await dbReady()).referral.findFirstOrThrow({ where: { lastName: "Reyes-self" } });
    expect(r).toMatchObject({
      status: "REFERRED",
      source: "SELF",
      programId: program.id,
      email: "jordan@example.org",
      notes: "Night shifts",
    });
    const audit = await (await dbReady()).auditEvent.findFirstOrThrow({ where: { entityId: r.id } });
    expect(audit).toMatchObject({ action: "referral.create", actorId: null, actorLabel: "self-referral page", ip: "198.51.100.10" });
  });

  it("a filled honeypot stores nothing but answers the same thank-you", async () => {
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const res = await call(refer.action, `/refer/${program.id}`, "POST", {
      params: { programId: program.id },
      ip: "198.51.100.11",
      form: { ...person, lastName: "Honeypot", website: "http://spam.example" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/refer/${program.id}?thanks=1`);
    expect(await (await dbReady()).referral.count({ where: { lastName: "Honeypot" } })).toBe(0);
  });

  it("asks for a way to reach them", async () => {
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const res = await call(refer.action, `/refer/${program.id}`, "POST", {
      params: { programId: program.id },
      ip: "198.51.100.12",
      form: { ...person, email: "", phone: "", website: "" },
    });
    expect(res.status).toBe(400);
  });

  it("is rate-limited per address: the request over the limit gets 429 and stores nothing", async () => {
    const { program } = await ensureTestProgram(BURNOUT_TEMPLATE);
    const send = (n: number, ip: string) =>
      call(refer.action, `/refer/${program.id}`, "POST", {
        params: { programId: program.id },
        ip,
        form: { ...person, lastName: `Limited-${n}`, website: "" },
      });
    for (let i = 0; i < SELF_REFERRAL_PER_ADDRESS; i++) expect((await send(i, "198.51.100.20")).status).toBe(302);
    const over = await send(99, "198.51.100.20");
    expect(over.status).toBe(429);
    expect(await (await dbReady()).referral.count({ where: { lastName: "Limited-99" } })).toBe(0);
    expect((await send(100, "198.51.100.21")).status).toBe(302);
  });

  it("is a 404 for an unknown program", async () => {
    const res = await call(refer.loader, "/refer/nope", "GET", { params: { programId: "nope" } });
    expect(res.status).toBe(404);
  });
});
