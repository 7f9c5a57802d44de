import { beforeAll, describe, expect, it } from "vitest";
import { aeRatesForCohorts } from "~/models/adverseEvent.server";
import * as root from "~/root";
import * as aeDetail from "~/routes/adverse-events.$aeId";
import * as aeIndex from "~/routes/adverse-events._index";
import * as aeNew from "~/routes/adverse-events.new";
import * as aeCsv from "~/routes/adverse-events[.]csv";
import * as cohortAes from "~/routes/cohorts.$cohortId.adverse-events";
import * as login from "~/routes/login";
import * as participantAes from "~/routes/participants.$participantId.adverse-events";
import * as safety from "~/routes/safety";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { createSafetyCohort, createSafetyParticipant, markDosed } from "../setup/factories-safety";
import { call, cookieFrom, replyOf } from "../setup/http";

async function signIn(email: string) {
  const res = await call(login.action, "/login", "POST", { form: { email, password: TEST_PASSWORD } });
  expect(res.status).toBe(302);
  return cookieFrom(res.headers);
}

const baseForm = {
  term: "NAUSEA",
  onsetAt: "2026-09-08T11:05",
  description: "Nausea 35 minutes after the dose",
  grade: "1",
  relatednessKetamine: "PROBABLE",
  relatednessGroup: "UNRELATED",
  expected: "yes",
  action: "NONE",
  outcome: "RECOVERING",
};

let clinician: { id: string; email: string };
let facilitator: { id: string; email: string };
let otherFacilitator: { id: string; email: string };
let clinicianCookie: string;
let facilitatorCookie: string;
let otherCookie: string;
let cohortA: Awaited<ReturnType<typeof createSafetyCohort>>;
let cohortB: Awaited<ReturnType<typeof createSafetyCohort>>;
let alice: Awaited<ReturnType<typeof createSafetyParticipant>>;
let bob: Awaited<ReturnType<typeof createSafetyParticipant>>;
let carol: Awaited<ReturnType<typeof createSafetyParticipant>>;

beforeAll(async () => {
  clinician = await createTestUser({ roles: ["CLINICIAN"], name: "Dr. Test Clinician" });
  facilitator = await createTestUser({ roles: ["FACILITATOR"] });
  otherFacilitator = await createTestUser({ roles: ["FACILITATOR"] });
  cohortA = await createSafetyCohort({
    staff: [
      { userId: clinician.id, role: "CLINICIAN" },
      { userId: facilitator.id, role: "FACILITATOR" },
    ],
  });
  cohortB = await createSafetyCohort({ staff: [{ userId: otherFacilitator.id, role: "FACILITATOR" }] });
  alice = await createSafetyParticipant(cohortA.cohort.id, { firstName: "Alice", lastName: "Adams" });
  bob = await createSafetyParticipant(cohortA.cohort.id, { firstName: "Bob", lastName: "Brown" });
  carol = await createSafetyParticipant(cohortB.cohort.id, { firstName: "Carol", lastName: "Clark" });
  clinicianCookie = await signIn(clinician.email);
  facilitatorCookie = await signIn(facilitator.email);
  otherCookie = await signIn(otherFacilitator.email);
});

async function record(cookie: string, participantId: string, form: Record<string, string | string[]>, sessionId?: string) {
  const qs = `participantId=${participantId}${sessionId ? `&sessionId=${sessionId}` : ""}`;
  return call(aeNew.action, `/adverse-events/new?${qs}`, "POST", { cookie, form });
}
function createdId(res: { status: number; headers: Headers }) {
  expect(res.status).toBe(302);
  return res.headers.get("location")!.split("/").pop()!.split("?")[0];
}
const audits = async (action: string, entityId?: string) =>
  (await dbReady()).auditEvent.count({ where: { action, ...(entityId ? { entityId } : {}) } });

describe("recording adverse events", () => {
  it("a facilitator records an AE in their own cohort, but gets 404 in another cohort", async () => {
    const own = await record(facilitatorCookie, alice.participant.id, baseForm, cohortA.sessions[0].id);
    const id = createdId(own);
    const db = await dbReady();
    const ae = await db.adverseEvent.findUniqueOrThrow({ where: { id } });
    expect(ae).toMatchObject({
      cohortId: cohortA.cohort.id,
      sessionId: cohortA.sessions[0].id,
      term: "NAUSEA",
      grade: 1,
      serious: false,
      status: "OPEN",
    });
    // 11:05 in Denver (MDT, UTC-6) is 17:05 UTC.
    expect(ae.onsetAt.toISOString()).toBe("2026-09-08T17:05:00.000Z");
    expect(await audits("adverse_event.create", id)).toBe(1);

    const before = await db.adverseEvent.count();
    const page = await call(aeNew.loader, `/adverse-events/new?participantId=${carol.participant.id}`, "GET", {
      cookie: facilitatorCookie,
    });
    expect(page.status).toBe(404);
    const post = await record(facilitatorCookie, carol.participant.id, baseForm);
    expect(post.status).toBe(404);
    const viaSession = await record(facilitatorCookie, alice.participant.id, baseForm, cohortB.sessions[0].id);
    expect(viaSession.status).toBe(404);
    expect(await db.adverseEvent.count()).toBe(before);
    const detail = await call(aeDetail.loader, `/adverse-events/${id}`, "GET", { cookie: otherCookie, params: { aeId: id } });
    expect(detail.status).toBe(404);
  });

  it.each([
    ["onset in the future", { onsetAt: "2099-01-01T10:00" }, "onsetAt", /future/],
    ["resolution before onset", { outcome: "RECOVERED", resolvedAt: "2026-09-08T10:00" }, "resolvedAt", /before the onset/],
    ["grade 7", { grade: "7" }, "grade", /between 1 and 5/],
    ["serious without a criterion", { seriousClaimed: "on" }, "seriousCriteria", /at least one seriousness criterion/],
  ])("refuses %s with a field message and writes nothing", async (_name, patch, field, message) => {
    const db = await dbReady();
    const [aes, signals, events] = await Promise.all([
      db.adverseEvent.count(),
      db.safetySignal.count(),
      db.auditEvent.count({ where: { action: { startsWith: "adverse_event" } } }),
    ]);
    const res = await record(clinicianCookie, alice.participant.id, { ...baseForm, ...patch });
    expect(res.status).toBe(400);
    const body = await replyOf(res);
    expect(body.errors[field]).toMatch(message);
    expect(body.values.description).toBe(baseForm.description);
    expect(await db.adverseEvent.count()).toBe(aes);
    expect(await db.safetySignal.count()).toBe(signals);
    expect(await db.auditEvent.count({ where: { action: { startsWith: "adverse_event" } } })).toBe(events);
  });
});

describe("the safety inbox", () => {
  it("a serious AE raises a signal; acknowledging needs a note and a follow-up; every step is audited", async () => {
    const res = await record(
      clinicianCookie,
      bob.participant.id,
      {
        ...baseForm,
        term: "ELEVATED_BLOOD_PRESSURE",
        grade: "3",
        seriousClaimed: "on",
        seriousCriteria: ["HOSPITALIZATION", "IMPORTANT_MEDICAL_EVENT"],
        action: "REFERRED_FOR_CARE",
        actionDetails: "Sent to the emergency department",
      },
      cohortA.sessions[0].id,
    );
    const aeId = createdId(res);
    const db = await dbReady();
    const signals = await db.safetySignal.findMany({ where: { sourceType: "AdverseEvent", sourceId: aeId } });
    expect(signals.map((s) => `${s.kind} ${s.priority}`).sort()).toEqual(["AE_GRADE_3_PLUS 1", "SERIOUS_AE 0"]);
    expect(signals.every((s) => s.cohortId === cohortA.cohort.id && s.participantId === bob.participant.id)).toBe(true);

    const inbox = await call(safety.loader, "/safety", "GET", { cookie: clinicianCookie });
    const open = (
      inbox.data as {
        signals: {
          id: string;
          kind: string;
          participant: string;
          cohort: string;
          sourceHref: string;
          blockedReason: string | null;
          detail: string;
        }[];
      }
    ).signals;
    const serious = open.find((s) => s.kind === "SERIOUS_AE")!;
    expect(serious).toMatchObject({ participant: "Bob Brown", cohort: cohortA.cohort.name, sourceHref: `/adverse-events/${aeId}` });
    expect(serious.detail).toMatch(/hospitalization/i);
    expect(serious.blockedReason).toMatch(/follow-up/);

    const nav = await call(root.loader, "/", "GET", { cookie: clinicianCookie });
    expect((nav.data as { safetyOpenCount: number }).safetyOpenCount).toBe(2);
    const facNav = await call(root.loader, "/", "GET", { cookie: facilitatorCookie });
    expect((facNav.data as { safetyOpenCount: number | null }).safetyOpenCount).toBeNull();
    // Facilitators do not work the inbox.
    expect((await call(safety.loader, "/safety", "GET", { cookie: facilitatorCookie })).status).toBe(403);

    const noNote = await call(safety.action, "/safety", "POST", {
      cookie: clinicianCookie,
      form: { intent: "acknowledge", signalId: serious.id, note: "  " },
    });
    expect(noNote.status).toBe(400);
    expect((await replyOf(noNote)).errors.note).toMatch(/action taken/);
    const noFollowUp = await call(safety.action, "/safety", "POST", {
      cookie: clinicianCookie,
      form: { intent: "acknowledge", signalId: serious.id, note: "Called the ED" },
    });
    expect(noFollowUp.status).toBe(400);
    expect((await replyOf(noFollowUp)).errors.note).toMatch(/follow-up/);
    expect((await db.safetySignal.findUniqueOrThrow({ where: { id: serious.id } })).acknowledgedAt).toBeNull();

    const fu = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { intent: "follow-up", note: "Phoned: discharged from ED, BP 134/86" },
    });
    expect(fu.status).toBe(200);
    const ack = await call(safety.action, "/safety", "POST", {
      cookie: clinicianCookie,
      form: { intent: "acknowledge", signalId: serious.id, note: "Reviewed ED notes; dose reduced next session" },
    });
    expect(ack.status).toBe(200);
    const acked = await db.safetySignal.findUniqueOrThrow({ where: { id: serious.id } });
    expect(acked.acknowledgedById).toBe(clinician.id);
    expect(acked.acknowledgmentNote).toBe("Reviewed ED notes; dose reduced next session");

    const history = await call(safety.loader, "/safety?view=history", "GET", { cookie: clinicianCookie });
    expect((history.data as { signals: { id: string }[] }).signals.map((s) => s.id)).toContain(serious.id);
    expect(((await call(root.loader, "/", "GET", { cookie: clinicianCookie })).data as { safetyOpenCount: number }).safetyOpenCount).toBe(
      1,
    );

    // Close needs a final outcome; then close, reopen.
    const version = (await db.adverseEvent.findUniqueOrThrow({ where: { id: aeId } })).version;
    const early = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { intent: "close", version: String(version), password: TEST_PASSWORD },
    });
    expect(early.status).toBe(409);
    const save = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: {
        ...baseForm,
        intent: "save",
        version: String(version),
        term: "ELEVATED_BLOOD_PRESSURE",
        grade: "3",
        seriousClaimed: "on",
        seriousCriteria: "HOSPITALIZATION",
        action: "REFERRED_FOR_CARE",
        outcome: "RECOVERED",
        resolvedAt: "2026-09-09T09:00",
        groupSessionId: cohortA.sessions[0].id,
      },
    });
    expect(save.status).toBe(200);
    const stale = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { ...baseForm, intent: "save", version: String(version) },
    });
    expect(stale.status).toBe(409);
    expect((stale.data as { errors: { form: string } }).errors.form).toMatch(/Someone else changed/);
    // Facilitators record but do not close.
    expect(
      (
        await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
          cookie: facilitatorCookie,
          params: { aeId },
          form: { intent: "close", version: String(version + 1), password: TEST_PASSWORD },
        })
      ).status,
    ).toBe(403);
    const wrongPassword = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { intent: "close", version: String(version + 1), password: "not the password" },
    });
    expect((wrongPassword.data as { errors: { password: string } }).errors.password).toMatch(/That is not your password/);
    expect((await db.adverseEvent.findUniqueOrThrow({ where: { id: aeId } })).status).toBe("OPEN");
    const close = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { intent: "close", version: String(version + 1), password: TEST_PASSWORD },
    });
    expect(close.status).toBe(200);
    expect(await db.adverseEvent.findUniqueOrThrow({ where: { id: aeId } })).toMatchObject({
      status: "CLOSED",
      closedMeaning: "reviewed by",
    });
    const editClosed = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { ...baseForm, intent: "save", version: String(version + 2) },
    });
    expect(editClosed.status).toBe(409);
    const noReason = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { intent: "reopen", version: String(version + 2), reason: "" },
    });
    expect(noReason.status).toBe(400);
    const reopen = await call(aeDetail.action, `/adverse-events/${aeId}`, "POST", {
      cookie: clinicianCookie,
      params: { aeId },
      form: { intent: "reopen", version: String(version + 2), reason: "New information from the hospital" },
    });
    expect(reopen.status).toBe(200);
    expect((await db.adverseEvent.findUniqueOrThrow({ where: { id: aeId } })).status).toBe("OPEN");

    expect(await audits("adverse_event.create", aeId)).toBe(1);
    expect(await audits("adverse_event.follow_up", aeId)).toBe(1);
    expect(await audits("adverse_event.update", aeId)).toBe(1);
    expect(await audits("adverse_event.close", aeId)).toBe(1);
    expect(await audits("adverse_event.reopen", aeId)).toBe(1);
    expect(await audits("safety_signal.acknowledge", serious.id)).toBe(1);
  });

  it("scopes signals to the clinician's cohorts", async () => {
    const db = await dbReady();
    await db.safetySignal.create({
      data: {
        kind: "PHQ9_ITEM9",
        participantId: carol.participant.id,
        cohortId: cohortB.cohort.id,
        sourceType: "Assessment",
        sourceId: "a-1",
        detail: "Item 9 scored 1 of 3.",
      },
    });
    const inbox = await call(safety.loader, "/safety", "GET", { cookie: clinicianCookie });
    expect((inbox.data as { signals: { participant: string }[] }).signals.map((s) => s.participant)).not.toContain("Carol Clark");
  });
});

describe("lists, export and rates", () => {
  it("filters the program list, exports the same rows as CSV (audited) and shows the participant and cohort tabs", async () => {
    const all = await call(aeIndex.loader, "/adverse-events", "GET", { cookie: clinicianCookie });
    const rows = (all.data as { rows: { serious: boolean; participant: string }[] }).rows;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const serious = await call(aeIndex.loader, "/adverse-events?serious=yes", "GET", { cookie: clinicianCookie });
    expect((serious.data as { rows: { serious: boolean }[] }).rows.every((r) => r.serious)).toBe(true);
    const none = await call(aeIndex.loader, "/adverse-events?from=2030-01-01", "GET", { cookie: clinicianCookie });
    expect((none.data as { rows: unknown[] }).rows).toHaveLength(0);

    const csv = await call(aeCsv.loader, "/adverse-events.csv?serious=yes", "GET", { cookie: clinicianCookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const text = await csv.response!.text();
    expect(text.split("\r\n")[0]).toMatch(/^id,participant,cohort/);
    expect(text).toContain("Bob Brown");
    expect(text).not.toContain("Alice Adams");
    expect(await audits("adverse_event.export")).toBe(1);

    const other = await call(aeIndex.loader, "/adverse-events", "GET", { cookie: otherCookie });
    expect((other.data as { rows: unknown[] }).rows).toHaveLength(0);

    const tab = await call(participantAes.loader, `/participants/${alice.participant.id}/adverse-events`, "GET", {
      cookie: facilitatorCookie,
      params: { participantId: alice.participant.id },
    });
    expect((tab.data as { rows: unknown[] }).rows).toHaveLength(1);
    expect(
      (
        await call(participantAes.loader, `/participants/${carol.participant.id}/adverse-events`, "GET", {
          cookie: facilitatorCookie,
          params: { participantId: carol.participant.id },
        })
      ).status,
    ).toBe(404);
    const cohortTab = await call(cohortAes.loader, `/cohorts/${cohortA.cohort.id}/adverse-events`, "GET", {
      cookie: clinicianCookie,
      params: { cohortId: cohortA.cohort.id },
    });
    expect((cohortTab.data as { rows: unknown[] }).rows.length).toBeGreaterThanOrEqual(2);
    expect(
      (
        await call(cohortAes.loader, `/cohorts/${cohortB.cohort.id}/adverse-events`, "GET", {
          cookie: clinicianCookie,
          params: { cohortId: cohortB.cohort.id },
        })
      ).status,
    ).toBe(404);
  });

  it("computes rates per dosing session with participants dosed at that session as the denominator", async () => {
    const { cohort, sessions } = await createSafetyCohort({ staff: [{ userId: clinician.id, role: "CLINICIAN" }] });
    const people: Awaited<ReturnType<typeof createSafetyParticipant>>[] = [];
    for (let i = 0; i < 4; i++) people.push(await createSafetyParticipant(cohort.id));
    // Session 1: all four dosed; session 2: three dosed (one only in draft); session 3: none.
    for (const p of people) await markDosed(sessions[0].id, p.enrollment.id, clinician.id);
    for (const p of people.slice(0, 3)) await markDosed(sessions[1].id, p.enrollment.id, clinician.id);
    await markDosed(sessions[1].id, people[3].enrollment.id, clinician.id, { signed: false });
    const at = (s: number, p: number, form: Record<string, string | string[]> = {}) =>
      record(clinicianCookie, people[p].participant.id, { ...baseForm, onsetAt: "2026-09-08T11:30", ...form }, sessions[s].id);
    createdId(await at(0, 0)); // related (probable)
    createdId(await at(0, 0, { term: "DIZZINESS" })); // same participant, counted once
    createdId(await at(0, 1, { relatednessKetamine: "UNLIKELY" }));
    createdId(
      await at(1, 2, {
        onsetAt: "2026-09-22T11:30",
        seriousClaimed: "on",
        seriousCriteria: "IMPORTANT_MEDICAL_EVENT",
        relatednessKetamine: "POSSIBLE",
      }),
    );
    createdId(await record(clinicianCookie, people[3].participant.id, { ...baseForm })); // no session

    const rates = await aeRatesForCohorts([cohort.id]);
    expect(
      rates.sessions.map((s) => [
        s.label,
        s.participantsDosed,
        s.withAnyAe.count,
        s.withAnyAe.percent,
        s.withRelatedAe.count,
        s.withSeriousAe.count,
        s.aeCount,
      ]),
    ).toEqual([
      ["1st dosing session", 4, 2, 50, 1, 0, 3],
      ["2nd dosing session", 3, 1, 33.3, 1, 1, 1],
    ]);
    expect(rates.eventsWithoutSession).toBe(1);
    const page = await call(cohortAes.loader, `/cohorts/${cohort.id}/adverse-events`, "GET", {
      cookie: clinicianCookie,
      params: { cohortId: cohort.id },
    });
    expect((page.data as { rates: typeof rates }).rates.sessions[1].withSeriousAe).toEqual({ count: 1, percent: 33.3 });

    // The program-wide list computes rates for a chosen cohort, or across all cohorts when asked.
    const listRates = async (query: string) =>
      ((await call(aeIndex.loader, `/adverse-events${query}`, "GET", { cookie: clinicianCookie })).data as { rates: typeof rates | null })
        .rates;
    expect(await listRates("")).toBeNull();
    expect((await listRates(`?cohortId=${cohort.id}`))!.sessions).toEqual((await aeRatesForCohorts([cohort.id])).sessions);
    expect((await listRates("?rates=all"))!.sessions.length).toBeGreaterThan(0);
  });
});

describe("demo data", () => {
  it("seeds a few realistic AEs once, with signed dosing at the active cohort's first dosing session", async () => {
    const { seedDemoAdverseEvents } = await import("~/demo/adverseEvents.server");
    const db = await dbReady();
    const completed = await createSafetyCohort({ staff: [{ userId: clinician.id, role: "CLINICIAN" }] });
    const active = await createSafetyCohort({ staff: [{ userId: clinician.id, role: "CLINICIAN" }] });
    for (let i = 0; i < 3; i++) await createSafetyParticipant(completed.cohort.id);
    for (let i = 0; i < 4; i++) await createSafetyParticipant(active.cohort.id);
    const ids = { completedCohortId: completed.cohort.id, activeCohortId: active.cohort.id };
    await seedDemoAdverseEvents(db, ids);
    await seedDemoAdverseEvents(db, ids);
    const aes = await db.adverseEvent.findMany({
      where: { cohortId: { in: [ids.completedCohortId, ids.activeCohortId] } },
      orderBy: { onsetAt: "asc" },
    });
    expect(aes.map((a) => `${a.term} ${a.grade}`).sort()).toEqual(["DIZZINESS 1", "ELEVATED_BLOOD_PRESSURE 2", "NAUSEA 1"]);
    expect(aes).toHaveLength(3);
    expect(aes.filter((a) => a.status === "CLOSED").map((a) => a.term)).toEqual(["DIZZINESS"]);
    expect(aes.find((a) => a.term === "NAUSEA")!.relatednessKetamine).toBe("PROBABLE");
    const rates = await aeRatesForCohorts([ids.activeCohortId]);
    expect(rates.sessions[0]).toMatchObject({ participantsDosed: 4, withAnyAe: { count: 1, percent: 25 } });
  });
});
