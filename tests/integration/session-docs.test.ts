import { describe, expect, it } from "vitest";
import { STANDARD_PRE_DOSE_CHECKLIST } from "~/domain/scheduling";
import { BOARD_CARDS_AT_ONCE } from "~/models/dosing.server";
import { WITNESS_ERROR } from "~/models/ledger.server";
import * as lotRoute from "~/routes/ledger.lots.$lotId";
import * as newLotRoute from "~/routes/ledger.lots.new";
import * as participantSessions from "~/routes/participants.$participantId.sessions";
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import * as dosingRoute from "~/routes/sessions.$sessionId.dosing";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD } from "../setup/factories";
import { createTestSite } from "../setup/factories-scheduling";
import { completeDischarge, createTestLot, markAttendance, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
type Result = { ok: boolean; errors?: Record<string, string>; missing?: string[]; message?: string };

function poster(route: { action: (a: never) => unknown }, path: string, params: Record<string, string>) {
  return async (cookie: string, form: Record<string, string>) => {
    const res = await call(route.action as never, path, "POST", { cookie, form, params });
    return { status: res.status, data: res.data as Result };
  };
}

const checklistAllYes = Object.fromEntries(STANDARD_PRE_DOSE_CHECKLIST.map((c) => [`answer.${c.key}`, "YES"]));

async function dosingFixture(participants = 1) {
  const f = await sessionFixture({ kind: "DOSING", participants });
  await markAttendance(f, []);
  const lot = await createTestLot(f.cohort.siteId, { totalMg: 500, recordedById: f.clinician.user.id });
  const post = poster(dosingRoute, `/sessions/${f.session.id}/dosing`, { sessionId: f.session.id });
  const db = await dbReady();
  const version = async (enrollmentId: string) =>
    String(
      (await db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: { sessionId: f.session.id, enrollmentId } } }))?.version ?? 0,
    );
  const send = async (enrollmentId: string, intent: string, form: Record<string, string> = {}) =>
    post(f.clinician.cookie, { intent, enrollmentId, version: await version(enrollmentId), ...form });
  return { ...f, lot, post, send, version, db };
}

async function completeRecord(d: Awaited<ReturnType<typeof dosingFixture>>, enrollmentId: string, doseMg = "40") {
  const vitals = { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98" };
  for (const [intent, form] of [
    ["checklist", checklistAllYes],
    ["predose_vitals", { ...vitals, takenAt: ago(250) }],
    ["dose", { doseMg, weightKg: "80", route: "IM", lotId: d.lot.id, givenAt: ago(240), givenById: d.clinician.user.id }],
    ["vitals", { ...vitals, takenAt: ago(200), timepoint: "POST_DOSE" }],
    ["cadss", { item1: "1", item2: "0", item6: "2", item7: "0", item15: "1", item22: "0", observations: "Calm" }],
    ["discharge", completeDischarge(ago(60))],
  ] as const) {
    const res = await d.send(enrollmentId, intent, form as Record<string, string>);
    expect(res.data, `${intent}: ${JSON.stringify(res.data)}`).toMatchObject({ ok: true });
  }
}

describe("attendance and group notes", () => {
  it("saves attendance for the whole roster in one form and audits it; clinicians and analysts cannot write", async () => {
    const f = await sessionFixture({ participants: 3 });
    await markAttendance(f, ["PRESENT", "LATE", "ABSENT"]);
    const db = await dbReady();
    expect(await db.attendance.count({ where: { sessionId: f.session.id } })).toBe(3);
    expect(await db.auditEvent.count({ where: { action: "attendance.save", entityId: f.session.id } })).toBe(1);
    const clin = await call(sessionRoute.action, "/x", "POST", {
      cookie: f.clinician.cookie,
      form: { intent: "attendance" },
      params: { sessionId: f.session.id },
    });
    expect(clin.status).toBe(403);
    const analyst = await signedInUser(["ANALYST"]);
    expect((await call(sessionRoute.loader, "/x", "GET", { cookie: analyst.cookie, params: { sessionId: f.session.id } })).status).toBe(
      403,
    );
    const outsider = await signedInUser(["FACILITATOR"]);
    expect((await call(sessionRoute.loader, "/x", "GET", { cookie: outsider.cookie, params: { sessionId: f.session.id } })).status).toBe(
      404,
    );
    const reader = await call(sessionRoute.loader, "/x", "GET", { cookie: f.clinician.cookie, params: { sessionId: f.session.id } });
    expect(reader.status).toBe(200);
  });

  it("a signed note cannot be edited by any intent; only addenda and a co-signature by another facilitator", async () => {
    const f = await sessionFixture({ participants: 2 });
    await markAttendance(f, ["PRESENT", "PRESENT"]);
    const post = poster(sessionRoute, `/sessions/${f.session.id}`, { sessionId: f.session.id });
    const [a, b] = f.people;
    const saved = await post(f.facilitator.cookie, {
      intent: "save-note",
      version: "0",
      themes: "Trust",
      process: "Open",
      interventions: "Grounding",
      [`observation.${a.enrollment.id}`]: "A spoke first",
      [`observation.${b.enrollment.id}`]: "B listened",
    });
    expect(saved.data).toMatchObject({ ok: true });
    expect((await post(f.cofacilitator.cookie, { intent: "sign-note", version: "1", password: TEST_PASSWORD })).data.errors?.form).toMatch(
      /Only the author/,
    );
    expect((await post(f.facilitator.cookie, { intent: "sign-note", version: "1", password: TEST_PASSWORD })).data).toMatchObject({
      ok: true,
    });
    const db = await dbReady();
    const before = await db.groupNote.findUniqueOrThrow({ where: { sessionId: f.session.id }, include: { observations: true } });
    const attempts: Record<string, string>[] = [
      { intent: "save-note", version: String(before.version), themes: "Changed" },
      { intent: "save-note", version: "0", themes: "Changed", [`observation.${a.enrollment.id}`]: "Changed" },
      { intent: "sign-note", version: String(before.version), password: TEST_PASSWORD },
    ];
    for (const form of attempts) {
      const res = await post(f.facilitator.cookie, form);
      expect(res.status).toBe(400);
      expect(res.data.errors?.form).toMatch(/signed .*can no longer be edited; add an addendum/);
    }
    expect((await post(f.facilitator.cookie, { intent: "cosign-note" })).data.errors?.form).toMatch(/author cannot co-sign/);
    expect((await post(f.cofacilitator.cookie, { intent: "cosign-note" })).data).toMatchObject({ ok: true });
    expect((await post(f.cofacilitator.cookie, { intent: "note-addendum", text: "Late correction" })).data).toMatchObject({ ok: true });
    expect((await post(f.facilitator.cookie, { intent: "note-addendum", text: "Second" })).data).toMatchObject({ ok: true });
    expect((await post(f.facilitator.cookie, { intent: "bogus" })).status).toBe(400);
    const after = await db.groupNote.findUniqueOrThrow({
      where: { sessionId: f.session.id },
      include: { observations: true, addenda: { orderBy: { createdAt: "asc" } } },
    });
    expect(after.themes).toBe("Trust");
    expect(after.observations.map((o) => o.text).sort()).toEqual(before.observations.map((o) => o.text).sort());
    expect(after.cosignedById).toBe(f.cofacilitator.user.id);
    expect(after.addenda.map((x) => x.text)).toEqual(["Late correction", "Second"]);
  });

  it("a signed note keeps the attendance and observations it was signed with; a later attendance change is an automatic addendum", async () => {
    const f = await sessionFixture({ participants: 2 });
    await markAttendance(f, ["PRESENT", "PRESENT"]);
    const post = poster(sessionRoute, `/sessions/${f.session.id}`, { sessionId: f.session.id });
    const [a, b] = f.people;
    await post(f.facilitator.cookie, {
      intent: "save-note",
      version: "0",
      themes: "Trust",
      [`observation.${a.enrollment.id}`]: "A spoke first",
      [`observation.${b.enrollment.id}`]: "B listened",
    });
    expect((await post(f.facilitator.cookie, { intent: "sign-note", version: "1", password: TEST_PASSWORD })).data).toMatchObject({
      ok: true,
    });
    const db = await dbReady();
    const signed = await db.groupNote.findUniqueOrThrow({ where: { sessionId: f.session.id } });
    expect(JSON.parse(signed.signedSnapshot!)).toMatchObject({
      attendance: expect.arrayContaining([
        { enrollmentId: a.enrollment.id, code: a.participant.code, status: "PRESENT" },
        { enrollmentId: b.enrollment.id, code: b.participant.code, status: "PRESENT" },
      ]),
      observations: expect.arrayContaining([{ enrollmentId: b.enrollment.id, code: b.participant.code, text: "B listened" }]),
    });
    // B is marked absent the next day, by the co-facilitator.
    const changed = await post(f.cofacilitator.cookie, {
      intent: "attendance",
      [`status.${b.enrollment.id}`]: "ABSENT",
      [`version.${b.enrollment.id}`]: "1",
    });
    expect(changed.data).toMatchObject({ ok: true });
    const after = await db.groupNote.findUniqueOrThrow({ where: { sessionId: f.session.id }, include: { addenda: true } });
    expect(after.signedSnapshot).toBe(signed.signedSnapshot);
    expect(after.version).toBe(signed.version);
    expect(after.addenda).toHaveLength(1);
    expect(after.addenda[0]).toMatchObject({ kind: "ATTENDANCE_CHANGE", authorId: f.cofacilitator.user.id });
    expect(after.addenda[0].text).toMatch(
      new RegExp(
        `^Attendance changed after signing: .*${b.participant.code}.* from present to absent, by ${f.cofacilitator.user.name} at `,
      ),
    );
    // The page shows the signed snapshot (B present, B's observation) and the addendum as such.
    const page = await call(sessionRoute.loader, "/x", "GET", { cookie: f.facilitator.cookie, params: { sessionId: f.session.id } });
    const note = (
      page.data as {
        note: {
          snapshot: { attendance: { enrollmentId: string; status: string }[]; observations: { text: string }[] };
          addenda: { kind: string }[];
        };
      }
    ).note;
    expect(note.snapshot.attendance.find((x) => x.enrollmentId === b.enrollment.id)?.status).toBe("PRESENT");
    expect(note.snapshot.observations.map((o) => o.text).sort()).toEqual(["A spoke first", "B listened"]);
    expect(note.addenda.map((x) => x.kind)).toEqual(["ATTENDANCE_CHANGE"]);
    // Saving the same status again (or a changed attendance note only) adds no addendum.
    await post(f.cofacilitator.cookie, {
      intent: "attendance",
      [`status.${b.enrollment.id}`]: "ABSENT",
      [`version.${b.enrollment.id}`]: "2",
    });
    expect(await db.noteAddendum.count({ where: { noteId: signed.id } })).toBe(1);
  });

  it("a participant's record shows their own observations, never another member's observations or names", async () => {
    const f = await sessionFixture({ participants: 2 });
    await markAttendance(f, ["PRESENT", "PRESENT"]);
    const [a, b] = f.people;
    const post = poster(sessionRoute, `/sessions/${f.session.id}`, { sessionId: f.session.id });
    await post(f.facilitator.cookie, {
      intent: "save-note",
      version: "0",
      themes: `Shared theme mentioning ${b.participant.firstName}`,
      process: "p",
      interventions: "i",
      [`observation.${a.enrollment.id}`]: "OBS-FOR-A",
      [`observation.${b.enrollment.id}`]: "OBS-FOR-B",
    });
    const res = await call(participantSessions.loader, "/x", "GET", {
      cookie: f.facilitator.cookie,
      params: { participantId: a.participant.id },
    });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.data);
    expect(text).toContain("OBS-FOR-A");
    expect(text).toContain("PRESENT");
    expect(text).not.toContain("OBS-FOR-B");
    expect(text).not.toContain(b.participant.firstName);
    expect(text).not.toContain(b.participant.lastName);
    expect(text).not.toContain(b.participant.code);
    expect(text).not.toContain("Shared theme");
  });
});

describe("dosing board", () => {
  it("BP 165/105 with a 140/90 limit blocks dosing until a clinician gives an override reason (flagged for review)", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    await d.send(e, "predose_vitals", { systolic: "165", diastolic: "105", heartRate: "80", spo2: "98", takenAt: ago(30) });
    const dose = { doseMg: "40", weightKg: "80", route: "IM", lotId: d.lot.id, givenAt: ago(20), givenById: d.clinician.user.id };
    const blocked = await d.send(e, "dose", dose);
    expect(blocked.status).toBe(400);
    expect(blocked.data.errors?.form).toMatch(
      /Dosing is blocked: Systolic BP 165 mmHg is above the pre-dose limit of 140 mmHg; Diastolic BP 105/,
    );
    const short = await d.send(e, "override", { reason: "ok" });
    expect(short.data.errors?.reason).toMatch(/at least 10 characters/);
    expect(await d.db.safetySignal.count({ where: { cohortId: d.cohort.id } })).toBe(0);
    expect((await d.send(e, "override", { reason: "Repeat reading after rest 138/88; physician approved" })).data).toMatchObject({
      ok: true,
    });
    const signal = await d.db.safetySignal.findFirstOrThrow({ where: { kind: "BP_OVERRIDE", cohortId: d.cohort.id } });
    expect(signal.participantId).toBe(d.people[0].participant.id);
    expect(signal.cohortId).toBe(d.cohort.id);
    expect((await d.send(e, "dose", dose)).data).toMatchObject({ ok: true });
  });

  it("bad input gets a specific message and writes nothing", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    const otherSite = await createTestSite();
    const foreignLot = await createTestLot(otherSite.id, { recordedById: d.clinician.user.id });
    const base = { systolic: "120", diastolic: "80", heartRate: "70", spo2: "98", takenAt: ago(300) };
    const bp = await d.send(e, "predose_vitals", { ...base, systolic: "300", diastolic: "20" });
    expect(bp.data.errors?.systolic).toBe("Systolic BP must be between 50 and 260 mmHg");
    const spo2 = await d.send(e, "predose_vitals", { ...base, spo2: "120" });
    expect(spo2.data.errors?.spo2).toBe("SpO2 must be between 50 and 100%");
    expect(await d.db.dosingRecord.count({ where: { sessionId: d.session.id } })).toBe(0);
    await d.send(e, "predose_vitals", base);
    const v = await d.version(e);
    const dose = { doseMg: "40", weightKg: "80", route: "IM", lotId: d.lot.id, givenAt: ago(240), givenById: d.clinician.user.id };
    expect((await d.send(e, "dose", { ...dose, doseMg: "0" })).data.errors?.doseMg).toBe("Dose must be more than 0 mg");
    expect((await d.send(e, "dose", { ...dose, doseMg: "10000" })).data.errors?.doseMg).toBe("Dose must be at most 1,000 mg");
    expect((await d.send(e, "dose", { ...dose, lotId: foreignLot.id })).data.errors?.lotId).toMatch(/held at another site/);
    expect((await d.send(e, "vitals", { ...base, spo2: "120", takenAt: ago(10) })).data.errors?.spo2).toBe(
      "SpO2 must be between 50 and 100%",
    );
    expect(await d.version(e)).toBe(v);
    expect(await d.db.vitalsReading.count({ where: { dosingRecord: { sessionId: d.session.id } } })).toBe(0);
    await d.send(e, "dose", dose);
    const before = await d.version(e);
    const early = await d.send(e, "discharge", { orientedToBaseline: "on", dischargedAt: ago(300) });
    expect(early.data.errors?.dischargedAt).toBe("Discharge time cannot be before the time the dose was given");
    expect(await d.version(e)).toBe(before);
    expect((await d.db.dosingRecord.findFirstOrThrow({ where: { sessionId: d.session.id } })).dischargedAt).toBeNull();
  });

  it("flags out-of-range vitals as a safety signal", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    const res = await d.send(e, "vitals", {
      systolic: "150",
      diastolic: "90",
      heartRate: "80",
      spo2: "88",
      takenAt: ago(5),
      timepoint: "POST_DOSE",
    });
    expect(res.data).toMatchObject({ ok: true });
    const reading = await d.db.vitalsReading.findFirstOrThrow({ where: { dosingRecord: { sessionId: d.session.id } } });
    expect(reading.outOfRange).toBe(true);
    const signal = await d.db.safetySignal.findFirstOrThrow({ where: { kind: "VITALS_OUT_OF_RANGE", cohortId: d.cohort.id } });
    expect(signal.detail).toMatch(/SpO2 88% is below 92%/);
  });

  it("signs only when complete, creates the linked ADMINISTER entry, and then refuses every edit (only addenda)", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    const early = await d.send(e, "sign", { password: TEST_PASSWORD });
    expect(early.status).toBe(400);
    expect(early.data.missing?.length).toBeGreaterThan(0);
    await completeRecord(d, e);
    expect((await d.send(e, "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
    const record = await d.db.dosingRecord.findFirstOrThrow({ where: { sessionId: d.session.id } });
    expect(record.status).toBe("SIGNED");
    const entry = await d.db.ledgerEntry.findFirstOrThrow({ where: { dosingRecordId: record.id } });
    expect(await d.db.ledgerEntry.count({ where: { dosingRecordId: record.id } })).toBe(1);
    expect(entry).toMatchObject({ type: "ADMINISTER", amountUg: 40_000, balanceAfterUg: 460_000, seq: 2 });
    for (const intent of ["checklist", "predose_vitals", "override", "dose", "vitals", "cadss", "discharge", "sign"]) {
      const res = await d.send(e, intent, {
        doseMg: "1",
        systolic: "120",
        diastolic: "80",
        heartRate: "70",
        spo2: "98",
        takenAt: ago(1),
        reason: "a long enough reason",
      });
      expect(res.status, intent).toBe(400);
      expect(res.data.errors?.form, intent).toMatch(/signed .*can no longer be edited; add an addendum/);
    }
    const unchanged = await d.db.dosingRecord.findFirstOrThrow({ where: { sessionId: d.session.id }, include: { vitals: true } });
    expect(unchanged.version).toBe(record.version);
    expect(unchanged.vitals).toHaveLength(1);
    expect((await d.send(e, "addendum", { text: "Dose time corrected: 10:05" })).data).toMatchObject({ ok: true });
    expect(await d.db.dosingAddendum.count({ where: { dosingRecord: { sessionId: d.session.id } } })).toBe(1);
  });

  it("refuses a dose above the lot balance when it is recorded, writing nothing", async () => {
    const d = await dosingFixture();
    const small = await createTestLot(d.cohort.siteId, { totalMg: 30, recordedById: d.clinician.user.id });
    const e = d.people[0].enrollment.id;
    await d.send(e, "checklist", checklistAllYes);
    await d.send(e, "predose_vitals", { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98", takenAt: ago(250) });
    const res = await d.send(e, "dose", dose(d, { lotId: small.id, doseMg: "40" }));
    expect(res.status).toBe(400);
    expect(res.data.errors?.doseMg).toMatch(/Only 30 mg remain in lot/);
    expect((await d.db.dosingRecord.findFirstOrThrow({ where: { sessionId: d.session.id } })).doseUg).toBeNull();
    expect(await d.db.ledgerEntry.count({ where: { lotId: small.id, type: "ADMINISTER" } })).toBe(0);
  });
});

const dose = (d: Awaited<ReturnType<typeof dosingFixture>>, over: Record<string, string> = {}) => ({
  doseMg: "40",
  weightKg: "80",
  route: "IM",
  lotId: d.lot.id,
  givenAt: ago(240),
  givenById: d.clinician.user.id,
  ...over,
});

async function predose(d: Awaited<ReturnType<typeof dosingFixture>>, e: string) {
  expect((await d.send(e, "checklist", checklistAllYes)).data).toMatchObject({ ok: true });
  const res = await d.send(e, "predose_vitals", { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98", takenAt: ago(250) });
  expect(res.data).toMatchObject({ ok: true });
}

const balanceOf = async (lotId: string) =>
  (await (await dbReady()).ledgerEntry.findFirstOrThrow({ where: { lotId }, orderBy: { seq: "desc" } })).balanceAfterUg;

describe("dosing-day integrity", () => {
  it("the balance drops when the dose is recorded, before signing; the entry is pending until signed; a corrected dose reverses it", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    await predose(d, e);
    expect((await d.send(e, "dose", dose(d))).data).toMatchObject({ ok: true });
    const record = await d.db.dosingRecord.findFirstOrThrow({ where: { sessionId: d.session.id } });
    expect(record.signedAt).toBeNull();
    expect(await balanceOf(d.lot.id)).toBe(460_000);
    const ledger = await call(lotRoute.loader, "/x", "GET", { cookie: d.clinician.cookie, params: { lotId: d.lot.id } });
    const rows = (ledger.data as { ledger: { rows: { type: string; pending: boolean }[] } }).ledger.rows;
    expect(rows.filter((r) => r.type === "ADMINISTER").map((r) => r.pending)).toEqual([true]);
    // Corrected to 45 mg before signing: the 40 mg entry is reversed and a 45 mg one appended.
    const corrected = await d.send(e, "dose", dose(d, { doseMg: "45" }));
    expect(corrected.data, JSON.stringify(corrected.data)).toMatchObject({ ok: true });
    expect(await balanceOf(d.lot.id)).toBe(455_000);
    const entries = await d.db.ledgerEntry.findMany({ where: { lotId: d.lot.id }, orderBy: { seq: "asc" } });
    expect(entries.map((x) => [x.type, x.amountUg, x.balanceAfterUg])).toEqual([
      ["RECEIVE", 500_000, 500_000],
      ["ADMINISTER", 40_000, 460_000],
      ["REVERSAL", 40_000, 500_000],
      ["ADMINISTER", 45_000, 455_000],
    ]);
    // Saving the same dose again writes nothing more; signing leaves the balance as it is.
    await d.send(e, "dose", dose(d, { doseMg: "45" }));
    expect(await d.db.ledgerEntry.count({ where: { lotId: d.lot.id } })).toBe(4);
    for (const [intent, form] of [
      ["vitals", { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98", takenAt: ago(200), timepoint: "POST_DOSE" }],
      ["cadss", { item1: "1", item2: "0", item6: "2", item7: "0", item15: "1", item22: "0" }],
      ["discharge", completeDischarge(ago(60))],
    ] as const)
      expect((await d.send(e, intent, form as Record<string, string>)).data, intent).toMatchObject({ ok: true });
    expect((await d.send(e, "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
    expect(await balanceOf(d.lot.id)).toBe(455_000);
    expect(await d.db.ledgerEntry.count({ where: { lotId: d.lot.id } })).toBe(4);
    // The board prompts for the waste of the opened vial's remainder (one 500 mg vial, 45 mg given).
    const board = await call(dosingRoute.loader, "/x", "GET", { cookie: d.clinician.cookie, params: { sessionId: d.session.id } });
    const lots = (board.data as { board: { lots: { id: string; openVialUg: number }[] } }).board.lots;
    expect(lots.find((l) => l.id === d.lot.id)?.openVialUg).toBe(455_000);
    const after = await call(lotRoute.loader, "/x", "GET", { cookie: d.clinician.cookie, params: { lotId: d.lot.id } });
    expect((after.data as { ledger: { rows: { pending: boolean }[] } }).ledger.rows.some((r) => r.pending)).toBe(false);
  });

  it("refuses administration from a lot that expired before the session's date", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    const expired = await createTestLot(d.cohort.siteId, { lotNumber: "OLD-1", recordedById: d.clinician.user.id });
    const day = (offset: number) => new Date(d.session.startsAt.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    await d.db.ketamineLot.update({ where: { id: expired.id }, data: { expiryDate: day(-2) } });
    await predose(d, e);
    const res = await d.send(e, "dose", dose(d, { lotId: expired.id }));
    expect(res.status).toBe(400);
    expect(res.data.errors?.lotId).toMatch(/^Lot OLD-1 expired on .*, before this session's date .*: choose another lot$/);
    expect(await d.db.ledgerEntry.count({ where: { lotId: expired.id, type: "ADMINISTER" } })).toBe(0);
    // The dosing board suggests the lot that expires first among those with enough left, and never the expired one.
    const soon = await createTestLot(d.cohort.siteId, { lotNumber: "SOON-1", recordedById: d.clinician.user.id });
    await d.db.ketamineLot.update({ where: { id: soon.id }, data: { expiryDate: day(20) } });
    const board = await call(dosingRoute.loader, "/x", "GET", { cookie: d.clinician.cookie, params: { sessionId: d.session.id } });
    const b = (board.data as { board: { suggestedLotId: string | null; lots: { id: string }[] } }).board;
    expect(b.suggestedLotId).toBe(soon.id);
    expect(b.lots.map((l) => l.id)).not.toContain(expired.id);
  });

  it("refuses \u201cvitals within range\u201d after an out-of-range last reading, naming it", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    await predose(d, e);
    await d.send(e, "dose", dose(d));
    const discharge = completeDischarge(ago(60));
    const none = await d.send(e, "discharge", discharge);
    expect(none.data.errors?.vitalsWithinRange).toMatch(/No vitals have been recorded after the dose/);
    await d.send(e, "vitals", { systolic: "124", diastolic: "80", heartRate: "72", spo2: "98", takenAt: ago(200), timepoint: "POST_DOSE" });
    await d.send(e, "vitals", {
      systolic: "160",
      diastolic: "102",
      heartRate: "88",
      spo2: "97",
      takenAt: ago(70),
      timepoint: "PRE_DISCHARGE",
    });
    const refused = await d.send(e, "discharge", discharge);
    expect(refused.status).toBe(400);
    expect(refused.data.errors?.vitalsWithinRange).toMatch(/^The last reading \(160\/102 mmHg.*BP 160\/102 mmHg is above 140\/90/);
    expect((await d.db.dosingRecord.findFirstOrThrow({ where: { sessionId: d.session.id } })).dischargeChecklist).toBeNull();
    await d.send(e, "vitals", {
      systolic: "128",
      diastolic: "82",
      heartRate: "76",
      spo2: "98",
      takenAt: ago(62),
      timepoint: "PRE_DISCHARGE",
    });
    expect((await d.send(e, "discharge", discharge)).data).toMatchObject({ ok: true });
    // A later out-of-range reading blocks signing until discharge is rechecked.
    await d.send(e, "vitals", { systolic: "162", diastolic: "104", heartRate: "80", spo2: "97", takenAt: ago(61), timepoint: "OTHER" });
    await d.send(e, "cadss", { item1: "1", item2: "0", item6: "2", item7: "0", item15: "1", item22: "0" });
    const sign = await d.send(e, "sign", { password: TEST_PASSWORD });
    expect(sign.status).toBe(400);
    expect(sign.data.missing?.join(" ")).toMatch(/Vitals within range.*162\/104/);
  });

  it("a time outside the session window is kept only with the clinician's confirmation", async () => {
    const d = await dosingFixture();
    const e = d.people[0].enrollment.id;
    // The session was eight days ago; a time stamped today (the walkthrough's "now" default) is refused with the warning on the field.
    const startsAt = new Date(Date.now() - 8 * 86_400_000);
    await d.db.groupSession.update({
      where: { id: d.session.id },
      data: { startsAt, endsAt: new Date(startsAt.getTime() + 4 * 3_600_000) },
    });
    const vitals = { systolic: "122", diastolic: "78", heartRate: "72", spo2: "98", takenAt: ago(60) };
    const refused = await d.send(e, "predose_vitals", vitals);
    expect(refused.status).toBe(400);
    expect(refused.data.errors?.takenAt).toMatch(/^Time taken \(.*\) is after this session's window .*The time is correct/);
    expect((await d.db.dosingRecord.findFirst({ where: { sessionId: d.session.id } }))?.preDoseSystolic ?? null).toBeNull();
    const confirmed = await d.send(e, "predose_vitals", { ...vitals, timeConfirmed: "on" });
    expect(confirmed.data).toMatchObject({ ok: true });
    // Inside the window needs no confirmation.
    const inside = new Date(startsAt.getTime() + 30 * 60_000).toISOString();
    expect((await d.send(e, "predose_vitals", { ...vitals, takenAt: inside })).data).toMatchObject({ ok: true });
  });
});

describe("large dosing board", () => {
  it("shows an overview of everyone and one card at a time above BOARD_CARDS_AT_ONCE attending", async () => {
    const n = BOARD_CARDS_AT_ONCE + 2;
    const d = await dosingFixture(n);
    const ids = d.people.map((p) => p.enrollment.id);
    await completeRecord(d, ids[0]);
    expect((await d.send(ids[0], "sign", { password: TEST_PASSWORD })).data).toMatchObject({ ok: true });
    type Board = { board: { cards: { enrollmentId: string }[] }; overview: { enrollmentId: string; state: string }[] | null };
    const open = async (query = "") =>
      (
        await call(dosingRoute.loader, `/sessions/${d.session.id}/dosing${query}`, "GET", {
          cookie: d.clinician.cookie,
          params: { sessionId: d.session.id },
        })
      ).data as Board;
    const first = await open();
    expect(first.overview!.map((o) => o.enrollmentId).sort()).toEqual([...ids].sort());
    expect(first.overview!.find((o) => o.enrollmentId === ids[0])!.state).toMatch(/^Signed by/);
    expect(new Set(first.overview!.filter((o) => o.enrollmentId !== ids[0]).map((o) => o.state))).toEqual(new Set(["Not started"]));
    // The first card not yet signed, then whichever the overview links to.
    expect(first.board.cards.map((c) => c.enrollmentId)).toHaveLength(1);
    expect(first.board.cards[0].enrollmentId).not.toBe(ids[0]);
    expect((await open(`?p=${ids[0]}`)).board.cards.map((c) => c.enrollmentId)).toEqual([ids[0]]);
    expect((await open("?p=not-on-this-board")).board.cards).toHaveLength(1);
  });
});

describe("controlled-substance ledger", () => {
  async function ledgerFixture() {
    const clinician = await signedInUser(["CLINICIAN"]);
    const witness = await signedInUser(["CLINICIAN"]);
    const site = await createTestSite();
    const lotNumber = `K-${Math.random().toString(36).slice(2, 7)}`;
    const created = await call(newLotRoute.action, "/ledger/lots/new", "POST", {
      cookie: clinician.cookie,
      form: {
        lotNumber,
        product: "Ketamine",
        concentrationMgPerMl: "50",
        vialVolumeMl: "10",
        vialCount: "2",
        supplier: "S",
        supplierAddress: "1 Test Way, Denver CO",
        supplierDeaNumber: "PS1234563",
        invoiceNumber: "I-1",
        expiryDate: "2099-01-31",
        siteId: site.id,
      },
    });
    expect(created.status).toBe(302);
    const db = await dbReady();
    const lot = await db.ketamineLot.findFirstOrThrow({ where: { lotNumber } });
    const post = poster(lotRoute, `/ledger/lots/${lot.id}`, { lotId: lot.id });
    return { clinician, witness, lot, post, db };
  }

  it("receiving an expired lot needs an explicit confirmation; one expiring within 30 days is received with a warning", async () => {
    const clinician = await signedInUser(["CLINICIAN"]);
    const site = await createTestSite();
    const db = await dbReady();
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: site.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
      new Date(),
    );
    const shift = (days: number) => {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    const receive = (lotNumber: string, expiryDate: string, extra: Record<string, string> = {}) =>
      call(newLotRoute.action, "/ledger/lots/new", "POST", {
        cookie: clinician.cookie,
        form: {
          lotNumber,
          product: "Ketamine",
          concentrationMgPerMl: "50",
          vialVolumeMl: "10",
          vialCount: "1",
          supplier: "S",
          supplierAddress: "1 Test Way, Denver CO",
          supplierDeaNumber: "PS1234563",
          invoiceNumber: "I-1",
          expiryDate,
          siteId: site.id,
          ...extra,
        },
      });
    const refused = await receive("EXP-1", shift(-1));
    expect(refused.status).toBe(400);
    expect((refused.data as Result).errors?.receiveExpired).toMatch(/^This lot expired on .*Tick \u201cReceive this expired lot\u201d/);
    expect(await db.ketamineLot.count({ where: { siteId: site.id } })).toBe(0);
    expect((await receive("EXP-1", shift(-1), { receiveExpired: "on" })).status).toBe(302);
    const soon = await receive("SOON-1", shift(10));
    expect(soon.status).toBe(302);
    expect(await db.ketamineLot.count({ where: { siteId: site.id } })).toBe(2);
    const audits = await db.auditEvent.findMany({ where: { action: "ledger.lot_create", actorId: clinician.user.id } });
    expect(audits.map((a) => JSON.parse(a.details ?? "{}").expiryWarning).sort()).toEqual(["expired", "soon"]);
  });

  it("creates the lot with its RECEIVE entry and refuses a withdrawal beyond the balance", async () => {
    const l = await ledgerFixture();
    expect(l.lot.totalUg).toBe(1_000_000);
    const res = await l.post(l.clinician.cookie, { intent: "TRANSFER_OUT", amountMg: "1000.001", counterparty: "Clinic B" });
    expect(res.status).toBe(400);
    expect(res.data.errors?.amountMg).toBe(`Only 1,000 mg remain in lot ${l.lot.lotNumber}`);
    const loss = await l.post(l.clinician.cookie, { intent: "LOSS_THEFT", amountMg: "5000" });
    expect(loss.status).toBe(400);
    expect(await l.db.ledgerEntry.count({ where: { lotId: l.lot.id } })).toBe(1);
    const ok = await l.post(l.clinician.cookie, {
      intent: "LOSS_THEFT",
      amountMg: "10",
      reason: "Vial broken in transit, not recoverable",
      discoveredOn: "2026-12-04",
      lossType: "LOST_IN_TRANSIT",
      policeNotified: "no",
    });
    expect(ok.data.message).toMatch(/Report it to the DEA \(Form 106\) within one business day/);
    expect(await l.db.ledgerEntry.findFirstOrThrow({ where: { lotId: l.lot.id, type: "LOSS_THEFT" } })).toMatchObject({
      dea106Required: true,
      flagged: true,
      balanceAfterUg: 990_000,
    });
    const coordinator = await signedInUser(["COORDINATOR"]);
    expect((await l.post(coordinator.cookie, { intent: "LOSS_THEFT", amountMg: "1", reason: "x" })).status).toBe(403);
  });

  it("refuses a waste without a valid witness password, or witnessed by the recorder, and accepts a real witness", async () => {
    const l = await ledgerFixture();
    const waste = { intent: "WASTE", amountMg: "2.5", wasteMethod: "Drug disposal container" };
    const wrong = await l.post(l.clinician.cookie, { ...waste, witnessEmail: l.witness.user.email, witnessPassword: "wrong password" });
    expect(wrong.data.errors?.witnessPassword).toBe(WITNESS_ERROR);
    const self = await l.post(l.clinician.cookie, { ...waste, witnessEmail: l.clinician.user.email, witnessPassword: TEST_PASSWORD });
    expect(self.data.errors?.witnessEmail).toMatch(/different person/);
    const facilitator = await signedInUser(["FACILITATOR"]);
    const unqualified = await l.post(l.clinician.cookie, {
      ...waste,
      witnessEmail: facilitator.user.email,
      witnessPassword: TEST_PASSWORD,
    });
    expect(unqualified.status).toBe(400);
    // The same answer as a wrong password: the form must not tell whether it was right.
    expect(unqualified.data.errors).toEqual({ witnessPassword: WITNESS_ERROR });
    expect(await l.db.ledgerEntry.count({ where: { lotId: l.lot.id, type: "WASTE" } })).toBe(0);
    const ok = await l.post(l.clinician.cookie, { ...waste, witnessEmail: l.witness.user.email, witnessPassword: TEST_PASSWORD });
    expect(ok.data).toMatchObject({ ok: true });
    expect(await l.db.ledgerEntry.findFirstOrThrow({ where: { lotId: l.lot.id, type: "WASTE" } })).toMatchObject({
      witnessId: l.witness.user.id,
      amountUg: 2500,
      balanceAfterUg: 997_500,
    });
  });

  it("flags an unexplained count discrepancy and corrects by reversal, never by edit", async () => {
    const l = await ledgerFixture();
    const unexplained = await l.post(l.clinician.cookie, { intent: "INVENTORY_COUNT", amountMg: "990" });
    expect(unexplained.data.errors?.amountMg).toMatch(/explain the discrepancy/);
    expect(
      (await l.post(l.clinician.cookie, { intent: "INVENTORY_COUNT", amountMg: "990", explanation: "Counting error suspected" })).data,
    ).toMatchObject({ ok: true });
    expect(await l.db.ledgerEntry.findFirstOrThrow({ where: { lotId: l.lot.id, type: "INVENTORY_COUNT" } })).toMatchObject({
      flagged: true,
      expectedUg: 1_000_000,
      physicalCountUg: 990_000,
    });
    await l.post(l.clinician.cookie, { intent: "TRANSFER_OUT", amountMg: "100", counterparty: "Clinic B" });
    const out = await l.db.ledgerEntry.findFirstOrThrow({ where: { lotId: l.lot.id, type: "TRANSFER_OUT" } });
    expect((await l.post(l.clinician.cookie, { intent: "REVERSAL", reversesEntryId: out.id, reason: "Wrong lot" })).data).toMatchObject({
      ok: true,
    });
    expect((await l.post(l.clinician.cookie, { intent: "REVERSAL", reversesEntryId: out.id, reason: "Again" })).status).toBe(400);
    const last = await l.db.ledgerEntry.findFirstOrThrow({ where: { lotId: l.lot.id, type: "REVERSAL" } });
    expect(last.balanceAfterUg).toBe(1_000_000);
    await expect(l.db.ledgerEntry.update({ where: { id: out.id }, data: { amountUg: 1 } })).rejects.toThrow();
  });
});

describe("demo seed", () => {
  it("seedDemoSessionDocs documents the completed cohort deterministically with a consistent ledger", async () => {
    const { seedDemoSessionDocs } = await import("~/demo/dosing.server");
    const { getLotLedger } = await import("~/models/ledger.server");
    const f = await sessionFixture({ kind: "DOSING", participants: 3 });
    const db = await dbReady();
    await db.groupSession.create({
      data: {
        cohortId: f.cohort.id,
        kind: "INTEGRATION",
        title: "Circle",
        startsAt: new Date(Date.now() - 86_400_000),
        endsAt: new Date(Date.now() - 86_000_000),
      },
    });
    await seedDemoSessionDocs(db, { completedCohortId: f.cohort.id });
    await seedDemoSessionDocs(db, { completedCohortId: f.cohort.id });
    const lot = await db.ketamineLot.findFirstOrThrow({ where: { siteId: f.cohort.siteId, lotNumber: "DEMO-KET-0001" } });
    const { readerFor } = await import("~/models/access.server");
    const reader = readerFor(
      { request: new Request("http://localhost/ledger"), context: {} },
      { ...f.clinician.user, roles: ["CLINICIAN"] },
    );
    const ledger = (await getLotLedger(reader, lot.id))!;
    const signed = await db.dosingRecord.findMany({ where: { sessionId: f.session.id, status: "SIGNED" } });
    expect(signed.length).toBeGreaterThan(0);
    const administered = signed.reduce((s, r) => s + r.doseUg!, 0);
    expect(ledger.balanceUg).toBe(lot.totalUg - administered);
    const sessionIds = (await db.groupSession.findMany({ where: { cohortId: f.cohort.id } })).map((s) => s.id);
    expect(await db.groupNote.count({ where: { sessionId: { in: sessionIds }, status: "SIGNED" } })).toBe(2);
  });
});
