// Finding 9: the person recorded as having given ketamine (chosen by id in the dosing
// form) must be an active clinician on the session's cohort staff; any other id is refused
// on the server with a field message, and nothing is written. Ledger witnesses follow the
// same rule (outside a session: an active user who may write the controlled-substance log).
import { describe, expect, it } from "vitest";
import { STANDARD_PRE_DOSE_CHECKLIST } from "~/domain/scheduling";
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import * as dosingRoute from "~/routes/sessions.$sessionId.dosing";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { createTestSite } from "../setup/factories-scheduling";
import { createTestLot, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

const GIVER_RULE = "Who gave the dose must be an active clinician on this cohort's staff";
type Result = { ok: boolean; errors?: Record<string, string> };

async function readyForDose() {
  const f = await sessionFixture({ kind: "DOSING", participants: 1 });
  const db = await dbReady();
  const enrollmentId = f.people[0].enrollment.id;
  const attendance = { intent: "attendance", [`status.${enrollmentId}`]: "PRESENT", [`version.${enrollmentId}`]: "0" };
  expect(
    (await call(sessionRoute.action, "/x", "POST", { cookie: f.facilitator.cookie, form: attendance, params: { sessionId: f.session.id } }))
      .status,
  ).toBe(200);
  const lot = await createTestLot(f.cohort.siteId, { totalMg: 500, recordedById: f.clinician.user.id });
  const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const record = () => db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: { sessionId: f.session.id, enrollmentId } } });
  const send = async (form: Record<string, string>) => {
    const res = await call(dosingRoute.action, `/sessions/${f.session.id}/dosing`, "POST", {
      cookie: f.clinician.cookie,
      params: { sessionId: f.session.id },
      form: { enrollmentId, version: String((await record())?.version ?? 0), ...form },
    });
    return { status: res.status, data: res.data as Result };
  };
  expect(
    (await send({ intent: "checklist", ...Object.fromEntries(STANDARD_PRE_DOSE_CHECKLIST.map((c) => [`answer.${c.key}`, "YES"])) })).status,
  ).toBe(200);
  expect(
    (await send({ intent: "predose_vitals", systolic: "122", diastolic: "78", heartRate: "72", spo2: "98", takenAt: ago(250) })).status,
  ).toBe(200);
  const dose = (givenById: string) =>
    send({ intent: "dose", doseMg: "40", weightKg: "80", route: "IM", lotId: lot.id, givenAt: ago(240), givenById });
  return { f, db, record, dose };
}

describe("who gave the dose", () => {
  it.each([
    ["an analyst", "analyst"],
    ["a deactivated clinician on the cohort's staff", "deactivated"],
    ["an active clinician not on this cohort's staff", "outsider"],
    ["a facilitator on the cohort's staff", "facilitator"],
    ["an unknown id", "unknown"],
  ] as const)("refuses %s with the rule in the field message and writes nothing", async (_label, who) => {
    const { f, db, record, dose } = await readyForDose();
    let id = "no-such-user";
    if (who === "analyst") id = (await createTestUser({ roles: ["ANALYST"] })).id;
    if (who === "outsider") id = (await createTestUser({ roles: ["CLINICIAN"] })).id;
    if (who === "facilitator") id = f.facilitator.user.id;
    if (who === "deactivated") {
      id = (await createTestUser({ roles: ["CLINICIAN"], active: false })).id;
      await db.cohortStaff.create({ data: { cohortId: f.cohort.id, userId: id, role: "CLINICIAN" } });
    }
    const before = await record();
    const audits = await db.auditEvent.count({ where: { action: "dosing.dose" } });
    const res = await dose(id);
    expect(res.status).toBe(400);
    expect(res.data.errors?.givenById).toBe(GIVER_RULE);
    expect(await record()).toEqual(before);
    expect(await db.auditEvent.count({ where: { action: "dosing.dose" } })).toBe(audits);
  });

  it("accepts a clinician on the cohort's staff", async () => {
    const { f, record, dose } = await readyForDose();
    const res = await dose(f.clinician.user.id);
    expect(res.data).toMatchObject({ ok: true });
    expect((await record())?.givenById).toBe(f.clinician.user.id);
  });
});

describe("signing re-checks who gave the dose", () => {
  it("refuses to sign when the giver left the cohort's staff after the dose was recorded", async () => {
    const { f, db, record, dose } = await readyForDose();
    const colleague = await createTestUser({ roles: ["CLINICIAN"] });
    const staff = await db.cohortStaff.create({ data: { cohortId: f.cohort.id, userId: colleague.id, role: "CLINICIAN" } });
    expect((await dose(colleague.id)).data).toMatchObject({ ok: true });
    await db.cohortStaff.delete({ where: { cohortId_userId_role: { cohortId: staff.cohortId, userId: staff.userId, role: staff.role } } });
    const draft = await record();
    const res = await call(dosingRoute.action, `/sessions/${f.session.id}/dosing`, "POST", {
      cookie: f.clinician.cookie,
      params: { sessionId: f.session.id },
      form: { intent: "sign", enrollmentId: draft!.enrollmentId, version: String(draft!.version), password: TEST_PASSWORD },
    });
    expect(res.status).toBe(400);
    expect((res.data as Result).errors?.givenById).toBe(GIVER_RULE);
    expect((await record())?.signedAt).toBeNull();
    // Only the pending administration written with the dose; the refused signature adds nothing.
    expect(await db.ledgerEntry.count({ where: { dosingRecordId: draft!.id } })).toBe(1);
  });
});

describe("ledger witnesses", () => {
  it("a witness without a session must be an active user who may write the controlled-substance log", async () => {
    const { assertMayHandleKetamine } = await import("~/models/ledger.server");
    const db = await dbReady();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const analyst = await createTestUser({ roles: ["ANALYST"] });
    const gone = await createTestUser({ roles: ["CLINICIAN"], active: false });
    for (const u of [analyst, gone]) {
      await expect(assertMayHandleKetamine(db, u.id, { cohortId: null }, "witness", "witnessEmail")).rejects.toThrow(
        "The witness must be an active user allowed to write the controlled-substance log",
      );
    }
    await expect(assertMayHandleKetamine(db, clinician.id, { cohortId: null }, "witness", "witnessEmail")).resolves.toBeUndefined();
  });

  it("the ledger refuses an entry whose witness is not eligible, whatever path wrote it", async () => {
    const { writeLedgerEntry } = await import("~/models/ledger.server");
    const db = await dbReady();
    const recorder = await signedInUser(["CLINICIAN"]);
    const analyst = await createTestUser({ roles: ["ANALYST"] });
    const site = await createTestSite();
    const lot = await createTestLot(site.id, { totalMg: 100, recordedById: recorder.user.id });
    const waste = (witnessId: string) =>
      writeLedgerEntry(db, { id: recorder.user.id, email: recorder.user.email }, { ip: null, userAgent: "test" }, lot.id, {
        type: "WASTE",
        amountUg: 1000,
        wasteMethod: "Drug disposal container",
        witnessId,
      });
    await expect(waste(analyst.id)).rejects.toThrow("The witness must be an active user allowed to write the controlled-substance log");
    expect(await db.ledgerEntry.count({ where: { lotId: lot.id } })).toBe(1);
    const witness = await createTestUser({ roles: ["CLINICIAN"] });
    await waste(witness.id);
    expect(await db.ledgerEntry.count({ where: { lotId: lot.id, type: "WASTE", witnessId: witness.id } })).toBe(1);
  });
});
