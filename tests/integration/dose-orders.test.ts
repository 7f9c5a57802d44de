// Dose orders (issue 14): a prescriber orders each participant's dose, signed with their
// password ("ordered by"); the dosing board refuses a dose that differs from the order until a
// prescriber amends it (a new signed version, the earlier one kept); the printed orders (PDF)
// carry every signature line with its meaning.
import { describe, expect, it } from "vitest";
import { STANDARD_PRE_DOSE_CHECKLIST } from "~/domain/scheduling";
import { NOT_A_PRESCRIBER } from "~/models/doseOrder.server";
import { SIGNATURE_PASSWORD_WRONG } from "~/models/signature.server";
import * as safety from "~/routes/safety";
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import * as dosingRoute from "~/routes/sessions.$sessionId.dosing";
import * as ordersRoute from "~/routes/sessions.$sessionId.orders";
import * as ordersPdfRoute from "~/routes/sessions.$sessionId.orders[.]pdf";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD } from "../setup/factories";
import { completeDischarge, createTestLot, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { pdfText } from "../setup/pdfText";

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
type Result = { ok: boolean; errors?: Record<string, string>; missing?: string[] };

async function fixture(participants = 2) {
  const f = await sessionFixture({ kind: "DOSING", participants });
  const db = await dbReady();
  const attendance: Record<string, string> = { intent: "attendance" };
  for (const p of f.people) {
    attendance[`status.${p.enrollment.id}`] = "PRESENT";
    attendance[`version.${p.enrollment.id}`] = "0";
  }
  const marked = await call(sessionRoute.action as never, `/sessions/${f.session.id}`, "POST", {
    cookie: f.facilitator.cookie,
    form: attendance,
    params: { sessionId: f.session.id },
  });
  expect(marked.data).toMatchObject({ ok: true });
  const prescriber = await signedInUser(["CLINICIAN"], { name: "Dr Orla Order" });
  await db.user.update({ where: { id: prescriber.user.id }, data: { isPrescriber: true, deaNumber: "BP1234563" } });
  await db.cohortStaff.create({ data: { cohortId: f.cohort.id, userId: prescriber.user.id, role: "CLINICIAN" } });
  const lot = await createTestLot(f.cohort.siteId, { totalMg: 500, recordedById: f.clinician.user.id });
  const params = { sessionId: f.session.id };
  const order = async (cookie: string, enrollmentId: string, form: Record<string, string>) => {
    const current = await db.doseOrder.findFirst({ where: { sessionId: f.session.id, enrollmentId, status: "ACTIVE" } });
    const res = await call(ordersRoute.action as never, `/sessions/${f.session.id}/orders`, "POST", {
      cookie,
      params,
      form: { intent: "order", enrollmentId, version: String(current?.version ?? 0), password: TEST_PASSWORD, ...form },
    });
    return { status: res.status, data: res.data as Result };
  };
  const board = async (cookie: string, enrollmentId: string, intent: string, form: Record<string, string> = {}) => {
    const rec = await db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: { sessionId: f.session.id, enrollmentId } } });
    const res = await call(dosingRoute.action as never, `/sessions/${f.session.id}/dosing`, "POST", {
      cookie,
      params,
      form: { intent, enrollmentId, version: String(rec?.version ?? 0), ...form },
    });
    return { status: res.status, data: res.data as Result };
  };
  const vitals = { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98" };
  const prepare = async (enrollmentId: string) => {
    const checklist = Object.fromEntries(STANDARD_PRE_DOSE_CHECKLIST.map((c) => [`answer.${c.key}`, "YES"]));
    expect((await board(f.clinician.cookie, enrollmentId, "checklist", checklist)).data).toMatchObject({ ok: true });
    expect((await board(f.clinician.cookie, enrollmentId, "predose_vitals", { ...vitals, takenAt: ago(250) })).data).toMatchObject({
      ok: true,
    });
  };
  const dose = (doseMg: string, extra: Record<string, string> = {}) => ({
    doseMg,
    weightKg: "80",
    route: "IM",
    lotId: lot.id,
    givenAt: ago(240),
    givenById: f.clinician.user.id,
    ...extra,
  });
  const finish = async (enrollmentId: string) => {
    for (const [intent, form] of [
      ["vitals", { ...vitals, takenAt: ago(200), timepoint: "POST_DOSE" }],
      ["discharge", completeDischarge(ago(60))],
    ] as const)
      expect((await board(f.clinician.cookie, enrollmentId, intent, form)).data).toMatchObject({ ok: true });
  };
  return { ...f, db, prescriber, lot, order, board, prepare, dose, finish, ids: f.people.map((p) => p.enrollment.id) };
}

describe("ordering doses", () => {
  it("a clinician who is not a prescriber cannot order; a facilitator is refused by permission", async () => {
    const x = await fixture(1);
    const res = await x.order(x.clinician.cookie, x.ids[0], { unit: "MG", amount: "40", route: "IM" });
    expect(res.status).toBe(400);
    expect(res.data.errors?.form).toBe(NOT_A_PRESCRIBER);
    const fac = await x.order(x.facilitator.cookie, x.ids[0], { unit: "MG", amount: "40", route: "IM" });
    expect(fac.status).toBe(403);
    expect(await x.db.doseOrder.count({ where: { sessionId: x.session.id } })).toBe(0);
  });

  it("ordering is signed: a wrong password writes nothing; the right one stores the meaning and the signer's name", async () => {
    const x = await fixture(1);
    const wrong = await x.order(x.prescriber.cookie, x.ids[0], { unit: "MG", amount: "40", route: "IM", password: "not-my-password" });
    expect(wrong.data.errors?.password).toBe(SIGNATURE_PASSWORD_WRONG);
    expect(await x.db.doseOrder.count({ where: { sessionId: x.session.id } })).toBe(0);
    const ok = await x.order(x.prescriber.cookie, x.ids[0], { unit: "MG_PER_KG", amount: "0.5", weightKg: "80", route: "IM" });
    expect(ok.data).toMatchObject({ ok: true });
    const stored = await x.db.doseOrder.findFirstOrThrow({ where: { sessionId: x.session.id } });
    expect(stored).toMatchObject({ version: 1, status: "ACTIVE", doseUg: 40_000, weightG: 80_000, signatureMeaning: "ordered by" });
    expect(stored.signatureName).toBe("Dr Orla Order");
  });

  it("outside the program's range needs the prescriber's override and reason, and raises a DOSE_OUT_OF_RANGE signal", async () => {
    const x = await fixture(1);
    const refused = await x.order(x.prescriber.cookie, x.ids[0], { unit: "MG", amount: "100", route: "IM" });
    expect(refused.data.errors?.amount).toMatch(/^1.25 mg\/kg is above this program's range for Intramuscular \(IM\)/);
    const noReason = await x.order(x.prescriber.cookie, x.ids[0], { unit: "MG", amount: "100", route: "IM", overrideDoseRange: "on" });
    expect(noReason.data.errors?.reason).toMatch(/^Write the reason for ordering outside the protocol/);
    const ok = await x.order(x.prescriber.cookie, x.ids[0], {
      unit: "MG",
      amount: "100",
      route: "IM",
      overrideDoseRange: "on",
      reason: "Tolerance after earlier sessions, discussed with the medical director",
    });
    expect(ok.data).toMatchObject({ ok: true });
    const order = await x.db.doseOrder.findFirstOrThrow({ where: { sessionId: x.session.id } });
    const signal = await x.db.safetySignal.findFirst({ where: { sourceType: "DoseOrder", sourceId: order.id } });
    expect(signal?.kind).toBe("DOSE_OUT_OF_RANGE");
    // The prescriber's inbox links the signal to the session's orders.
    const inbox = await call(safety.loader as never, "/safety", "GET", { cookie: x.prescriber.cookie });
    const listed = (inbox.data as { signals: { id: string; sourceHref: string | null; detail: string }[] }).signals.find(
      (s) => s.id === signal!.id,
    );
    expect(listed?.sourceHref).toBe(`/sessions/${x.session.id}/orders`);
    expect(listed?.detail).toMatch(/Overridden by Dr Orla Order: "Tolerance after earlier sessions/);
  });
});

describe("administration against the order", () => {
  it("a dose that differs is refused naming the order; after a signed amendment it is saved; the old version is kept", async () => {
    const x = await fixture(2);
    const [a, b] = x.ids;
    expect((await x.order(x.prescriber.cookie, a, { unit: "MG", amount: "40", route: "IM" })).data).toMatchObject({ ok: true });
    await x.prepare(a);
    await x.prepare(b);
    const differs = await x.board(x.clinician.cookie, a, "dose", x.dose("45"));
    expect(differs.status).toBe(400);
    expect(differs.data.errors?.doseMg).toBe("Ordered 40 mg IM by Dr Orla Order; amend the order to give 45 mg");
    const route = await x.board(x.clinician.cookie, a, "dose", x.dose("40", { route: "SUBLINGUAL" }));
    expect(route.data.errors?.route).toBe("Ordered 40 mg IM by Dr Orla Order; amend the order to give it sublingual / lozenge");
    // The session uses orders: a participant without one cannot be dosed.
    const none = await x.board(x.clinician.cookie, b, "dose", x.dose("40"));
    expect(none.data.errors?.doseMg).toBe("No order for this participant — a prescriber must order first");
    // An amendment needs a reason, then the new dose is accepted.
    const noReason = await x.order(x.prescriber.cookie, a, { unit: "MG", amount: "45", route: "IM" });
    expect(noReason.data.errors?.reason).toBe("Write why the order is amended (the earlier order is kept)");
    const amended = await x.order(x.prescriber.cookie, a, { unit: "MG", amount: "45", route: "IM", reason: "Weighed 90 kg on arrival" });
    expect(amended.data).toMatchObject({ ok: true });
    const versions = await x.db.doseOrder.findMany({ where: { sessionId: x.session.id, enrollmentId: a }, orderBy: { version: "asc" } });
    expect(versions.map((v) => [v.version, v.status, v.doseUg])).toEqual([
      [1, "SUPERSEDED", 40_000],
      [2, "ACTIVE", 45_000],
    ]);
    expect((await x.board(x.clinician.cookie, a, "dose", x.dose("45"))).data).toMatchObject({ ok: true });
    // Amended again after the dose was saved: the record cannot be signed until the dose matches.
    await x.order(x.prescriber.cookie, a, { unit: "MG", amount: "50", route: "IM", reason: "Second thoughts on the dose" });
    await x.finish(a);
    const blocked = await x.board(x.clinician.cookie, a, "sign", { password: TEST_PASSWORD });
    expect(blocked.data.missing).toContain(
      "The dose does not match the order: Ordered 50 mg IM by Dr Orla Order; amend the order to give 45 mg",
    );
  });

  it("a session without orders keeps dosing as before", async () => {
    const x = await fixture(1);
    await x.prepare(x.ids[0]);
    expect((await x.board(x.clinician.cookie, x.ids[0], "dose", x.dose("40"))).data).toMatchObject({ ok: true });
  });

  it("an mg/kg order is compared at the weight recorded with the dose", async () => {
    const x = await fixture(1);
    await x.order(x.prescriber.cookie, x.ids[0], { unit: "MG_PER_KG", amount: "0.5", weightKg: "80", route: "IM" });
    await x.prepare(x.ids[0]);
    const atNewWeight = await x.board(x.clinician.cookie, x.ids[0], "dose", x.dose("40", { weightKg: "82.5" }));
    expect(atNewWeight.data.errors?.doseMg).toBe(
      "Ordered 0.5 mg/kg IM (41.25 mg at 82.5 kg) by Dr Orla Order; amend the order to give 40 mg",
    );
    expect((await x.board(x.clinician.cookie, x.ids[0], "dose", x.dose("41.25", { weightKg: "82.5" }))).data).toMatchObject({ ok: true });
  });
});

describe("printed orders", () => {
  it("the PDF lists the order versions and every signature line with its meaning", async () => {
    const x = await fixture(1);
    const a = x.ids[0];
    await x.order(x.prescriber.cookie, a, { unit: "MG", amount: "40", route: "IM", repeatDoseMg: "10", repeatAfterMinutes: "20" });
    await x.order(x.prescriber.cookie, a, { unit: "MG", amount: "45", route: "IM", reason: "Weighed 90 kg on arrival" });
    await x.prepare(a);
    expect((await x.board(x.clinician.cookie, a, "dose", x.dose("45"))).data).toMatchObject({ ok: true });
    await x.finish(a);
    expect((await x.board(x.clinician.cookie, a, "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
    const res = await call(ordersPdfRoute.loader as never, `/sessions/${x.session.id}/orders.pdf`, "GET", {
      cookie: x.clinician.cookie,
      params: { sessionId: x.session.id },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(Buffer.from(await res.response!.arrayBuffer()));
    expect(text).toMatch(/Signed by Dr Orla Order, .+ — ordered by/);
    expect(text).toMatch(new RegExp(`Signed by ${x.clinician.user.name}, .+ — administered by`));
    expect(text).toContain("40 mg IM; may repeat once, 10 mg, at least 20 min after the dose");
    expect(text).toContain("Amended (replaced by version 2)");
    expect(text).toContain("Weighed 90 kg on arrival");
    // Read by clinicians; a facilitator is refused.
    const fac = await call(ordersPdfRoute.loader as never, `/sessions/${x.session.id}/orders.pdf`, "GET", {
      cookie: x.facilitator.cookie,
      params: { sessionId: x.session.id },
    });
    expect(fac.status).toBe(403);
  });
});
