// Dosing-day guardrails (issue 14, first slice): the program's mg/kg range per route is a hard
// stop only a prescriber can override (with a reason, raising a safety signal, audited);
// signatures need the signer's password again (throttled) and store their meaning; a record
// is signed only for a participant marked present.
import { describe, expect, it } from "vitest";
import { STANDARD_PRE_DOSE_CHECKLIST } from "~/domain/scheduling";
import { SIGNATURE_PASSWORD_WRONG, SIGNATURE_THROTTLED } from "~/models/signature.server";
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import * as dosingRoute from "~/routes/sessions.$sessionId.dosing";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD } from "../setup/factories";
import { completeDischarge, createTestLot, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
type Result = { ok: boolean; errors?: Record<string, string>; missing?: string[] };

async function post(
  route: { action: (a: never) => unknown },
  path: string,
  params: Record<string, string>,
  cookie: string,
  form: Record<string, string>,
) {
  const res = await call(route.action as never, path, "POST", { cookie, form, params });
  return { status: res.status, data: res.data as Result };
}

async function markAttendance(f: Awaited<ReturnType<typeof sessionFixture>>, status: string) {
  const db = await dbReady();
  const form: Record<string, string> = { intent: "attendance" };
  for (const p of f.people) {
    const row = await db.attendance.findUnique({
      where: { sessionId_enrollmentId: { sessionId: f.session.id, enrollmentId: p.enrollment.id } },
    });
    form[`status.${p.enrollment.id}`] = status;
    form[`version.${p.enrollment.id}`] = String(row?.version ?? 0);
  }
  const res = await post(sessionRoute, `/sessions/${f.session.id}`, { sessionId: f.session.id }, f.facilitator.cookie, form);
  expect(res.data).toMatchObject({ ok: true });
}

/** A dosing session of the reference "first responders" program (IM 0.5–1 mg/kg, sublingual 1–4), a lot, and a prescriber on staff. */
async function fixture({ attendance = "PRESENT" as string | null } = {}) {
  const f = await sessionFixture({ kind: "DOSING", participants: 1 });
  if (attendance) await markAttendance(f, attendance);
  const db = await dbReady();
  const prescriber = await signedInUser(["CLINICIAN"], { name: "Dr Presley Prescriber" });
  await db.user.update({ where: { id: prescriber.user.id }, data: { isPrescriber: true, deaNumber: "BP1234563" } });
  await db.cohortStaff.create({ data: { cohortId: f.cohort.id, userId: prescriber.user.id, role: "CLINICIAN" } });
  const lot = await createTestLot(f.cohort.siteId, { totalMg: 500, recordedById: f.clinician.user.id });
  const enrollmentId = f.people[0].enrollment.id;
  const where = { sessionId_enrollmentId: { sessionId: f.session.id, enrollmentId } };
  const record = () => db.dosingRecord.findUnique({ where });
  const send = async (cookie: string, intent: string, form: Record<string, string> = {}) =>
    post(dosingRoute, `/sessions/${f.session.id}/dosing`, { sessionId: f.session.id }, cookie, {
      intent,
      enrollmentId,
      version: String((await record())?.version ?? 0),
      ...form,
    });
  const dose = (doseMg: string, extra: Record<string, string> = {}) => ({
    doseMg,
    weightKg: "80",
    route: "IM",
    lotId: lot.id,
    givenAt: ago(240),
    givenById: f.clinician.user.id,
    ...extra,
  });
  return { ...f, db, prescriber, lot, enrollmentId, record, send, dose };
}

type Fx = Awaited<ReturnType<typeof fixture>>;

/** Everything but the dose and the signature. */
async function documentAround(x: Fx, cookie: string, doseForm: Record<string, string>) {
  const vitals = { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98" };
  const steps: [string, Record<string, string>][] = [
    ["checklist", Object.fromEntries(STANDARD_PRE_DOSE_CHECKLIST.map((c) => [`answer.${c.key}`, "YES"]))],
    ["predose_vitals", { ...vitals, takenAt: ago(250) }],
    ["dose", doseForm],
    ["vitals", { ...vitals, takenAt: ago(200), timepoint: "POST_DOSE" }],
    ["discharge", completeDischarge(ago(60))],
  ];
  for (const [intent, form] of steps) {
    const res = await x.send(cookie, intent, form);
    expect(res.data, `${intent}: ${JSON.stringify(res.data)}`).toMatchObject({ ok: true });
  }
}

describe("dose range per program and route", () => {
  it("a dose outside the cohort's range is refused without a prescriber's override, naming the range; at each limit it is accepted", async () => {
    const x = await fixture();
    const c = x.clinician.cookie;
    await x.send(c, "predose_vitals", { systolic: "120", diastolic: "80", heartRate: "70", spo2: "98", takenAt: ago(250) });
    const above = await x.send(c, "dose", x.dose("120"));
    expect(above.status).toBe(400);
    expect(above.data.errors?.doseMg).toBe(
      "1.50 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg). Only a prescriber can override the range, with a reason",
    );
    const below = await x.send(c, "dose", x.dose("39.99"));
    expect(below.data.errors?.doseMg).toMatch(/^0.4999 mg\/kg is below this program's range for Intramuscular \(IM\) \(0.5–1 mg\/kg\)/);
    // A clinician who is not a prescriber cannot override, however good the reason.
    const notPrescriber = await x.send(
      c,
      "dose",
      x.dose("120", { overrideDoseRange: "on", doseOverrideReason: "Tolerance after five sessions" }),
    );
    expect(notPrescriber.status).toBe(400);
    expect(notPrescriber.data.errors?.overrideDoseRange).toMatch(/^Only a prescriber .* can override the range: 1.50 mg\/kg is above/);
    expect((await x.record())?.doseUg).toBeNull();
    expect(await x.db.safetySignal.count({ where: { cohortId: x.cohort.id } })).toBe(0);
    // Sublingual has its own range (1–4 mg/kg): 80 mg at 80 kg is its lowest dose.
    expect((await x.send(c, "dose", x.dose("79.99", { route: "SUBLINGUAL" }))).data.errors?.doseMg).toMatch(/below .*Sublingual/);
    expect((await x.send(c, "dose", x.dose("80", { route: "SUBLINGUAL" }))).data).toMatchObject({ ok: true });
    expect((await x.send(c, "dose", x.dose("40"))).data).toMatchObject({ ok: true });
    expect((await x.send(c, "dose", x.dose("80"))).data).toMatchObject({ ok: true });
    expect((await x.record())?.doseUg).toBe(80_000);
    expect((await x.record())?.doseOverrideReason).toBeNull();
  });

  it("a prescriber's override stores the reason, raises a high-priority DOSE_OUT_OF_RANGE signal and is audited; the record can then be signed", async () => {
    const x = await fixture();
    const p = x.prescriber.cookie;
    await x.send(p, "predose_vitals", { systolic: "120", diastolic: "80", heartRate: "70", spo2: "98", takenAt: ago(250) });
    const noReason = await x.send(p, "dose", x.dose("120", { overrideDoseRange: "on" }));
    expect(noReason.data.errors?.doseOverrideReason).toMatch(/Write the reason for giving a dose outside the range/);
    const unticked = await x.send(p, "dose", x.dose("120"));
    expect(unticked.data.errors?.doseMg).toMatch(/To give it, tick the prescriber's override and write the reason$/);
    const reason = "Tolerance after five sessions; discussed with medical director";
    await documentAround(x, p, x.dose("120", { overrideDoseRange: "on", doseOverrideReason: reason }));
    const rec = await x.record();
    expect(rec).toMatchObject({ doseUg: 120_000, doseOverrideReason: reason, doseOverrideById: x.prescriber.user.id });
    const signal = await x.db.safetySignal.findFirstOrThrow({ where: { kind: "DOSE_OUT_OF_RANGE", sourceId: rec!.id } });
    expect(signal).toMatchObject({ participantId: x.people[0].participant.id, cohortId: x.cohort.id, priority: 1 });
    expect(signal.detail).toBe(
      `1.50 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg). Overridden by Dr Presley Prescriber: "${reason}"`,
    );
    const audited = await x.db.auditEvent.findFirstOrThrow({ where: { action: "dosing.dose_range_override", entityId: rec!.id } });
    expect(audited.actorId).toBe(x.prescriber.user.id);
    expect(audited.details).toContain(reason);
    // The nurse signs what the prescriber authorised.
    expect((await x.send(x.clinician.cookie, "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
    expect(await x.record()).toMatchObject({ status: "SIGNED", signatureMeaning: "administered by", signatureName: "Dr Clin" });
  });
});

describe("signatures with password re-entry", () => {
  it("signing is refused without the signer's correct password, writes nothing, and is throttled after 5 wrong ones", async () => {
    const x = await fixture();
    const c = x.clinician.cookie;
    await documentAround(x, c, x.dose("60"));
    const before = await x.record();
    const missing = await x.send(c, "sign");
    expect(missing.data.errors?.password).toBe("Enter your password to sign");
    for (let i = 0; i < 5; i++) {
      const wrong = await x.send(c, "sign", { password: `not my password ${i}` });
      expect(wrong.status).toBe(400);
      expect(wrong.data.errors?.password).toBe(SIGNATURE_PASSWORD_WRONG);
    }
    const throttled = await x.send(c, "sign", { password: TEST_PASSWORD });
    expect(throttled.status).toBe(400);
    expect(throttled.data.errors?.password).toBe(SIGNATURE_THROTTLED);
    const after = await x.record();
    expect(after).toMatchObject({ version: before!.version, signedAt: null, signatureMeaning: null });
    // Only the pending administration written with the dose; a refused signature adds nothing.
    expect(await x.db.ledgerEntry.count({ where: { dosingRecordId: before!.id } })).toBe(1);
    expect(await x.db.throttleAttempt.count({ where: { scope: "signature.account", key: x.clinician.user.id, outcome: "FAILED" } })).toBe(
      5,
    );
    expect(await x.db.auditEvent.count({ where: { action: "auth.login_failed", entityId: x.clinician.user.id } })).toBe(5);
    // Another signer is not affected by this one's failures.
    expect((await x.send(x.prescriber.cookie, "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
  });

  it("a group note is signed with the author's password and stores 'authored by'", async () => {
    const x = await fixture();
    const sessionPost = (cookie: string, form: Record<string, string>) =>
      post(sessionRoute, `/sessions/${x.session.id}`, { sessionId: x.session.id }, cookie, form);
    const f = x.facilitator.cookie;
    expect(
      (await sessionPost(f, { intent: "save-note", version: "0", themes: "Trust", process: "Open", interventions: "Grounding" })).data,
    ).toMatchObject({
      ok: true,
    });
    const wrong = await sessionPost(f, { intent: "sign-note", version: "1", password: "not it at all" });
    expect(wrong.data.errors?.password).toBe(SIGNATURE_PASSWORD_WRONG);
    expect((await x.db.groupNote.findUniqueOrThrow({ where: { sessionId: x.session.id } })).status).toBe("DRAFT");
    expect((await sessionPost(f, { intent: "sign-note", version: "1", password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
    expect(await x.db.groupNote.findUniqueOrThrow({ where: { sessionId: x.session.id } })).toMatchObject({
      status: "SIGNED",
      signatureMeaning: "authored by",
      signatureName: "Fran Facilitator",
    });
  });
});

describe("a dosing record is signed only for a participant marked present", () => {
  it("refuses when attendance was not taken, and when the participant is marked absent; nothing is signed", async () => {
    const x = await fixture({ attendance: null });
    const c = x.clinician.cookie;
    await documentAround(x, c, x.dose("60"));
    const notTaken = await x.send(c, "sign", { password: TEST_PASSWORD });
    expect(notTaken.status).toBe(400);
    expect(notTaken.data.missing).toContain(
      `Attendance has not been taken: ${x.people[0].participant.firstName} ${x.people[0].participant.lastName} must be marked present at this session before signing`,
    );
    await markAttendance(x, "ABSENT");
    const absent = await x.send(c, "sign", { password: TEST_PASSWORD });
    expect(absent.status).toBe(400);
    expect(absent.data.missing?.join("\n")).toMatch(/is marked absent: only a participant marked present can have a dosing record signed/);
    expect((await x.record())?.signedAt).toBeNull();
    // Refused before the password was checked: no attempt was spent.
    expect(await x.db.throttleAttempt.count({ where: { scope: "signature.account", key: x.clinician.user.id } })).toBe(0);
    await markAttendance(x, "LATE");
    expect((await x.send(c, "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
  });
});

describe("prescribers on the admin user page", () => {
  it("only clinicians can be prescribers, and a prescriber needs a DEA number with a valid check digit (stored normalised)", async () => {
    const usersRoute = await import("~/routes/admin.users.$userId");
    const admin = await signedInUser(["ADMIN"]);
    const db = await dbReady();
    const edit = async (userId: string, form: Record<string, string>) => {
      const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { roles: true } });
      const roles = form.roles ? [form.roles] : u.roles.map((r) => r.roleCode);
      const res = await call(usersRoute.action, `/admin/users/${userId}`, "POST", {
        cookie: admin.cookie,
        params: { userId },
        form: { intent: "save", version: String(u.version), name: u.name, email: u.email, roles: roles[0], ...form },
      });
      return res.data as Result;
    };
    const facilitator = await signedInUser(["FACILITATOR"]);
    expect((await edit(facilitator.user.id, { isPrescriber: "on", deaNumber: "AB1234563" })).errors?.isPrescriber).toBe(
      "Only clinicians can be prescribers: give the Clinician role too",
    );
    const clinician = await signedInUser(["CLINICIAN"]);
    expect((await edit(clinician.user.id, { isPrescriber: "on", deaNumber: "" })).errors?.deaNumber).toBe(
      "A prescriber needs a DEA registration number",
    );
    expect((await edit(clinician.user.id, { isPrescriber: "on", deaNumber: "AB123456" })).errors?.deaNumber).toBe(
      "A DEA number is two letters and seven digits, e.g. AB1234563",
    );
    expect((await edit(clinician.user.id, { isPrescriber: "on", deaNumber: "AB1234564" })).errors?.deaNumber).toMatch(
      /check digit does not match \(the last digit should be 3\)/,
    );
    expect((await edit(clinician.user.id, { deaNumber: "AB1234563" })).errors?.deaNumber).toMatch(/kept only for prescribers/);
    expect(await db.user.findUniqueOrThrow({ where: { id: clinician.user.id } })).toMatchObject({ isPrescriber: false, deaNumber: null });
    expect(await edit(clinician.user.id, { isPrescriber: "on", deaNumber: " ab 1234563 " })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: clinician.user.id } })).toMatchObject({
      isPrescriber: true,
      deaNumber: "AB1234563",
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "user.update", entityId: clinician.user.id },
      orderBy: { at: "desc" },
    });
    expect(audit.details).toContain("AB1234563");
  });
});
