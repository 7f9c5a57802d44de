// The home page's worklist, per role: items appear while there is work and leave when it is
// done, a facilitator or clinician sees only their own cohorts, an analyst sees no names.
import { describe, expect, it } from "vitest";
import { countOpenSignals, signalScope } from "~/models/safetySignal.server";
import type { Worklist } from "~/models/worklist.server";
import { needsYouOfWorklist } from "~/models/worklist.shared";
import * as root from "~/root";
import * as home from "~/routes/_index";
import * as accountRoute from "~/routes/account._index";
import * as cohortReport from "~/routes/reports.cohort.$cohortId._index";
import { dbReady } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import { createTestCohort, createTestEnrollment, createTestParticipant } from "../setup/factories-scheduling";
import { sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

const HOUR = 3_600_000;

async function homeOf(cookie: string) {
  const res = await call(home.loader as never, "/", "GET", { cookie });
  expect(res.status).toBe(200);
  return res.data as { worklist: Worklist; security: { previous: unknown; failedSincePrevious: number } };
}

/** An open PHQ-9 item 9 signal for the fixture's first participant. */
async function addItem9Signal(f: Awaited<ReturnType<typeof sessionFixture>>, sourceId: string) {
  const db = await dbReady();
  return db.safetySignal.create({
    data: {
      kind: "PHQ9_ITEM9",
      participantId: f.people[0].participant.id,
      cohortId: f.cohort.id,
      sourceType: "Assessment",
      sourceId,
      detail: "Item 9 answered above 0",
      priority: 0,
    },
  });
}

async function addAssessment(enrollmentId: string, key: string, opensInHours: number, closesInHours: number) {
  const db = await dbReady();
  return db.assessment.create({
    data: {
      enrollmentId,
      timepointKey: key,
      instrumentCode: "PHQ9",
      dueDate: "2026-01-01",
      windowOpens: new Date(Date.now() + opensInHours * HOUR),
      windowCloses: new Date(Date.now() + closesInHours * HOUR),
    },
  });
}

describe("facilitator's worklist", () => {
  it("lists today's session of their own cohort with its readiness, and its group note until it is signed", async () => {
    const mine = await sessionFixture({ kind: "INTEGRATION" });
    const other = await sessionFixture({ kind: "INTEGRATION" });
    const db = await dbReady();

    let w = (await homeOf(mine.facilitator.cookie)).worklist;
    expect(w.dosing).toBeNull();
    expect(w.safety).toBeNull();
    expect(w.offers).toBeNull();
    const session = w.sessions!.items.find((s) => s.id === mine.session.id)!;
    expect(session).toBeTruthy();
    expect(session.href).toBe(`/sessions/${mine.session.id}`);
    expect(session.checks.find((c) => c.label === "Attendance")).toMatchObject({ state: "todo", text: "Attendance not taken" });
    expect(session.checks.find((c) => c.label === "Records")).toMatchObject({ state: "todo", text: "Group note not written" });
    expect(session.ready).toBe(false);
    expect(w.sessions!.items.some((s) => s.id === other.session.id)).toBe(false);
    expect(w.notes!.items.map((n) => n.sessionId)).toContain(mine.session.id);
    expect(w.notes!.items.some((n) => n.sessionId === other.session.id)).toBe(false);

    // Attendance taken and the note signed: the note leaves the list and the session is ready.
    for (const p of mine.people)
      await db.attendance.create({
        data: { sessionId: mine.session.id, enrollmentId: p.enrollment.id, status: "PRESENT", recordedById: mine.facilitator.user.id },
      });
    await db.groupNote.create({
      data: { sessionId: mine.session.id, authorId: mine.facilitator.user.id, status: "SIGNED", signedAt: new Date() },
    });
    w = (await homeOf(mine.facilitator.cookie)).worklist;
    expect(w.notes!.items.some((n) => n.sessionId === mine.session.id)).toBe(false);
    const after = w.sessions!.items.find((s) => s.id === mine.session.id)!;
    expect(after.checks.find((c) => c.label === "Attendance")).toMatchObject({ state: "ok" });
    expect(after.checks.find((c) => c.label === "Records")).toMatchObject({ state: "ok", text: "Group note signed" });
  });

  it("counts overdue and due measures of their own cohorts only, and drops them once entered", async () => {
    const mine = await sessionFixture();
    const other = await sessionFixture();
    const overdue = await addAssessment(mine.people[0].enrollment.id, "baseline", -48, -1);
    await addAssessment(mine.people[1].enrollment.id, "baseline", -2, 24);
    await addAssessment(mine.people[0].enrollment.id, "later", 24, 72); // not open yet
    await addAssessment(other.people[0].enrollment.id, "baseline", -48, -1);

    let w = (await homeOf(mine.facilitator.cookie)).worklist;
    expect(w.measures!.items).toEqual([
      { cohortId: mine.cohort.id, cohortName: mine.cohort.name, overdue: 1, due: 1, href: `/cohorts/${mine.cohort.id}/measures` },
    ]);
    expect(w.measures!.overdue).toBe(1);
    expect(w.measures!.due).toBe(1);

    const db = await dbReady();
    await db.assessment.update({ where: { id: overdue.id }, data: { status: "COMPLETED", completedAt: new Date() } });
    w = (await homeOf(mine.facilitator.cookie)).worklist;
    expect(w.measures!.items[0]).toMatchObject({ overdue: 0, due: 1 });
    expect(w.measures!.overdue).toBe(0);
  });
});

describe("clinician's worklist", () => {
  it("shows unsigned dosing records, orders and staff mix of their dosing session, and open safety signals of their cohorts", async () => {
    const f = await sessionFixture({ kind: "DOSING" });
    const stranger = await signedInUser(["CLINICIAN"]);
    const db = await dbReady();
    await db.groupSession.update({
      where: { id: f.session.id },
      data: { requiredStaff: JSON.stringify({ CLINICIAN: 1, FACILITATOR: 1 }) },
    });
    await db.doseOrder.create({
      data: {
        sessionId: f.session.id,
        enrollmentId: f.people[0].enrollment.id,
        version: 1,
        unit: "MG",
        amount: "40",
        doseUg: 40_000,
        route: "IM",
        orderedById: f.clinician.user.id,
        signedAt: new Date(),
        signatureMeaning: "ordered by",
        signatureName: "Dr Clin",
      },
    });
    const record = await db.dosingRecord.create({ data: { sessionId: f.session.id, enrollmentId: f.people[0].enrollment.id } });
    const signal = await addItem9Signal(f, `a-${f.session.id}`);

    let w = (await homeOf(f.clinician.cookie)).worklist;
    expect(w.notes).toBeNull();
    const s = w.sessions!.items.find((x) => x.id === f.session.id)!;
    expect(s.href).toBe(`/sessions/${f.session.id}/dosing`);
    expect(s.checks.find((c) => c.label === "Staff")).toMatchObject({ state: "todo" });
    expect(s.checks.find((c) => c.label === "Orders")).toMatchObject({ state: "todo", text: "Orders written for 1 of 2" });
    expect(s.checks.find((c) => c.label === "Records")).toMatchObject({ state: "todo", text: "Dosing records signed: 0 of 1" });
    expect(w.dosing!.items.find((r) => r.sessionId === f.session.id)).toMatchObject({ text: "1 dosing record not signed" });
    expect(w.safety!.items.find((x) => x.id === signal.id)).toMatchObject({ title: expect.any(String), cohortName: f.cohort.name });
    expect(JSON.stringify(w.safety)).not.toContain(f.people[0].participant.lastName);

    // Another clinician's home has none of it.
    const theirs = (await homeOf(stranger.cookie)).worklist;
    expect(theirs.sessions!.items.some((x) => x.id === f.session.id)).toBe(false);
    expect(theirs.dosing!.items.some((x) => x.sessionId === f.session.id)).toBe(false);
    expect(theirs.safety!.items.some((x) => x.id === signal.id)).toBe(false);

    // Staffed, the record signed and the signal acknowledged: all of it leaves.
    await db.sessionStaff.createMany({
      data: [
        { sessionId: f.session.id, userId: f.clinician.user.id, role: "CLINICIAN" },
        { sessionId: f.session.id, userId: f.facilitator.user.id, role: "FACILITATOR" },
      ],
    });
    await db.dosingRecord.update({ where: { id: record.id }, data: { status: "SIGNED", signedAt: new Date() } });
    await db.safetySignal.update({ where: { id: signal.id }, data: { acknowledgedAt: new Date(), acknowledgedById: f.clinician.user.id } });
    w = (await homeOf(f.clinician.cookie)).worklist;
    const staffed = w.sessions!.items.find((x) => x.id === f.session.id)!;
    expect(staffed.checks.find((c) => c.label === "Staff")).toMatchObject({ state: "ok", text: "Staff mix met" });
    expect(staffed.checks.find((c) => c.label === "Records")).toMatchObject({ state: "ok" });
    expect(w.dosing!.items.some((r) => r.sessionId === f.session.id)).toBe(false);
    expect(w.safety!.items.some((x) => x.id === signal.id)).toBe(false);
  });

  it("shows the 24-hour follow-up clock of a serious adverse event", async () => {
    const f = await sessionFixture({ kind: "DOSING" });
    const db = await dbReady();
    const ae = await db.adverseEvent.create({
      data: {
        participantId: f.people[0].participant.id,
        cohortId: f.cohort.id,
        term: "HYPERTENSION",
        onsetAt: new Date(Date.now() - 2 * HOUR),
        description: "Raised blood pressure",
        grade: 3,
        serious: true,
        relatednessKetamine: "POSSIBLE",
        relatednessGroup: "UNLIKELY",
        expected: true,
        actionTaken: "NONE",
        outcome: "RECOVERING",
        recordedById: f.clinician.user.id,
        createdAt: new Date(Date.now() - HOUR),
      },
    });
    const signal = await db.safetySignal.create({
      data: {
        kind: "SERIOUS_AE",
        participantId: f.people[0].participant.id,
        cohortId: f.cohort.id,
        sourceType: "AdverseEvent",
        sourceId: ae.id,
        detail: "Serious",
        priority: 0,
      },
    });
    const w = (await homeOf(f.clinician.cookie)).worklist;
    const item = w.safety!.items.find((x) => x.id === signal.id)!;
    expect(item.clock).toMatchObject({ state: "due" });
    expect(item.clock!.text).toMatch(/^24-hour follow-up due by \w{3} \d+ \w{3} \d{4}, \d{2}:\d{2}$/);
  });
});

describe("coordinator's worklist", () => {
  it("sees every cohort's sessions, the open seat offers and the waitlists with free seats, but no records to sign", async () => {
    const coordinator = await signedInUser(["COORDINATOR"]);
    const a = await sessionFixture();
    const db = await dbReady();

    const offered = await createTestCohort({ capacity: 1, status: "ENROLLING", timeZone: "UTC" });
    const waiter = await createTestParticipant();
    const wait = await createTestEnrollment({ participantId: waiter.id, cohortId: offered.id, status: "WAITLISTED", waitlistPosition: 1 });
    const offer = await db.seatOffer.create({
      data: { enrollmentId: wait.id, cohortId: offered.id, expiresAt: new Date(Date.now() + 72 * HOUR) },
    });

    const roomy = await createTestCohort({ capacity: 3, status: "ENROLLING" });
    await createTestEnrollment({ participantId: (await createTestParticipant()).id, cohortId: roomy.id, status: "ENROLLED" });
    await createTestEnrollment({
      participantId: (await createTestParticipant()).id,
      cohortId: roomy.id,
      status: "WAITLISTED",
      waitlistPosition: 1,
    });

    let w = (await homeOf(coordinator.cookie)).worklist;
    expect(w.notes).toBeNull();
    expect(w.dosing).toBeNull();
    expect(w.safety).toBeNull();
    expect(w.reports).toBeNull();
    expect(w.sessions!.items.some((s) => s.id === a.session.id)).toBe(true);
    expect(w.offers!.items.find((o) => o.id === offer.id)).toMatchObject({
      cohortName: offered.name,
      href: `/cohorts/${offered.id}/roster`,
    });
    expect(w.waitlists!.items.find((c) => c.cohortId === roomy.id)).toMatchObject({ free: 2, waiting: 1 });
    // The offered cohort's only seat is held by the open offer: not a waitlist with free seats.
    expect(w.waitlists!.items.some((c) => c.cohortId === offered.id)).toBe(false);

    await db.seatOffer.update({ where: { id: offer.id }, data: { status: "DECLINED", closedAt: new Date() } });
    w = (await homeOf(coordinator.cookie)).worklist;
    expect(w.offers!.items.some((o) => o.id === offer.id)).toBe(false);
  });

  it("counts referrals waiting at each step the role may take: clearance only for clinicians, enrolling only for coordinators, none for facilitators", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const clinician = await signedInUser(["CLINICIAN"]);
    const facilitator = await signedInUser(["FACILITATOR"]);
    const steps = async (cookie: string) =>
      Object.fromEntries(((await homeOf(cookie)).worklist.referrals?.items ?? []).map((s) => [s.status, s.count]));
    const before = { coordinator: await steps(coordinator.cookie), clinician: await steps(clinician.cookie) };
    const { programId } = await createTestCohort();
    const refer = (status: string) =>
      db.referral.create({ data: { programId, source: "SELF", referredOn: "2026-11-30", firstName: "Wren", lastName: "Lark", status } });
    await refer("REFERRED");
    await refer("REFERRED");
    const eligible = await refer("ELIGIBLE");

    const coord = await steps(coordinator.cookie);
    expect(coord.REFERRED).toBe((before.coordinator.REFERRED ?? 0) + 2);
    expect(coord.ELIGIBLE).toBeUndefined(); // clearance is a clinician's step
    const clin = await steps(clinician.cookie);
    expect(clin.ELIGIBLE).toBe((before.clinician.ELIGIBLE ?? 0) + 1);
    expect(clin.REFERRED).toBe(coord.REFERRED); // clinicians may screen too
    expect(clin.CLEARED).toBeUndefined(); // enrolling is a coordinator's step
    expect((await homeOf(facilitator.cookie)).worklist.referrals).toBeNull();
    const home = await homeOf(coordinator.cookie);
    expect(JSON.stringify(home.worklist.referrals)).not.toContain("Lark"); // counts, never names

    await db.referral.update({ where: { id: eligible.id }, data: { status: "CLEARED" } });
    expect((await steps(clinician.cookie)).ELIGIBLE).toBe(before.clinician.ELIGIBLE ?? 0);
    expect((await steps(coordinator.cookie)).CLEARED).toBe((before.coordinator.CLEARED ?? 0) + 1);
  });
});

describe("analyst's worklist", () => {
  it("lists cohorts completed since the last report view, without names, sessions or measures", async () => {
    const analyst = await signedInUser(["ANALYST"]);
    const done = await createTestCohort({ status: "COMPLETED", startDate: "2026-01-05" });
    const person = await createTestParticipant({ firstName: "Quillon", lastName: "Zebedee" });
    await createTestEnrollment({ participantId: person.id, cohortId: done.id, status: "COMPLETED" });

    let w = (await homeOf(analyst.cookie)).worklist;
    expect(w.sessions).toBeNull();
    expect(w.measures).toBeNull();
    expect(w.notes).toBeNull();
    expect(w.offers).toBeNull();
    expect(w.reports!.lastViewed).toBeNull();
    expect(w.reports!.items.find((r) => r.cohortId === done.id)).toMatchObject({ href: `/reports/cohort/${done.id}` });
    expect(JSON.stringify(w)).not.toMatch(/Quillon|Zebedee/);

    // Opening the report is the "view": the cohort leaves; one completed later comes back in.
    const res = await call(cohortReport.loader as never, `/reports/cohort/${done.id}`, "GET", {
      cookie: analyst.cookie,
      params: { cohortId: done.id },
    });
    expect(res.status).toBe(200);
    w = (await homeOf(analyst.cookie)).worklist;
    expect(w.reports!.lastViewed).toMatch(/UTC$/);
    expect(w.reports!.items.some((r) => r.cohortId === done.id)).toBe(false);

    const later = await createTestCohort({ status: "ACTIVE", startDate: "2026-02-02" });
    const db = await dbReady();
    await db.cohort.update({ where: { id: later.id }, data: { status: "COMPLETED" } });
    w = (await homeOf(analyst.cookie)).worklist;
    expect(w.reports!.items.some((r) => r.cohortId === later.id)).toBe(true);
  });
});

describe("the navigation's Home count", () => {
  async function rootOf(cookie: string, path = "/") {
    const { value: res, queries } = await counted(() => call(root.loader as never, path, "GET", { cookie }));
    expect(res.status).toBe(200);
    return { ...(res.data as { homeCount: number | null; safetyOpenCount: number | null }), queries };
  }

  it("is the home page's own total (unsigned notes + overdue measures for a facilitator), in a few queries, and falls as work is done", async () => {
    const f = await sessionFixture({ kind: "INTEGRATION" });
    await addAssessment(f.people[0].enrollment.id, "baseline", -48, -1); // overdue
    await addAssessment(f.people[1].enrollment.id, "baseline", -2, 24); // due, not overdue: not counted

    const nav = await rootOf(f.facilitator.cookie);
    const w = (await homeOf(f.facilitator.cookie)).worklist;
    expect(needsYouOfWorklist(w)).toMatchObject({ notes: 1, dosing: null, measuresOverdue: 1, safety: null, total: 2 });
    expect(nav.homeCount).toBe(2);
    expect(nav.safetyOpenCount).toBeNull();
    // Bounded on every page: the session, user and toast reads plus the count's few queries.
    expect(nav.queries).toBeGreaterThan(0);
    expect(nav.queries).toBeLessThanOrEqual(10);

    const db = await dbReady();
    await db.groupNote.create({
      data: { sessionId: f.session.id, authorId: f.facilitator.user.id, status: "SIGNED", signedAt: new Date() },
    });
    expect((await rootOf(f.facilitator.cookie)).homeCount).toBe(1);
  });

  it("adds a clinician's dosing sessions to sign and open safety signals, matching the home page", async () => {
    const f = await sessionFixture({ kind: "DOSING" });
    const db = await dbReady();
    await db.dosingRecord.create({ data: { sessionId: f.session.id, enrollmentId: f.people[0].enrollment.id } });
    await db.dosingRecord.create({ data: { sessionId: f.session.id, enrollmentId: f.people[1].enrollment.id } });
    await addItem9Signal(f, `nav-${f.session.id}`);
    const nav = await rootOf(f.clinician.cookie);
    const needs = needsYouOfWorklist((await homeOf(f.clinician.cookie)).worklist);
    expect(needs.dosing).toBe(1); // one session, however many drafts
    expect(needs.safety).toBe(1);
    expect(nav.homeCount).toBe(needs.total);
    expect(nav.safetyOpenCount).toBe(1);
    expect(nav.queries).toBeLessThanOrEqual(12);
  });

  it("the navigation's safety count (one statement through the driver) equals the inbox's Prisma scope for every role", async () => {
    const f = await sessionFixture({ kind: "DOSING" });
    const other = await sessionFixture({ kind: "DOSING" });
    const db = await dbReady();
    await addItem9Signal(f, `scope-${f.session.id}`);
    await addItem9Signal(other, `scope-${other.session.id}`);
    // Signals outside any cohort: one of a participant enrolled in f's cohort, one of a participant of other's.
    for (const [g, sourceId] of [
      [f, `none-${f.session.id}`],
      [other, `none-${other.session.id}`],
    ] as const) {
      await db.safetySignal.create({
        data: {
          kind: "PHQ9_ITEM9",
          participantId: g.people[1].participant.id,
          cohortId: null,
          sourceType: "Assessment",
          sourceId,
          detail: "x",
          priority: 0,
        },
      });
    }
    const admin = await signedInUser(["ADMIN"]);
    for (const viewer of [f.clinician.user, f.facilitator.user, other.clinician.user, admin.user]) {
      const roles = (await db.userRole.findMany({ where: { userId: viewer.id } })).map((r) => r.roleCode);
      const v = { id: viewer.id, email: viewer.email, roles };
      const expected = can(roles, "safety:inbox")
        ? await db.safetySignal.count({ where: { acknowledgedAt: null, ...(await signalScope(v)) } })
        : 0;
      expect(await countOpenSignals(v)).toBe(expected);
    }
    expect(await countOpenSignals({ id: f.clinician.user.id, email: f.clinician.user.email, roles: ["CLINICIAN"] })).toBeGreaterThanOrEqual(
      2,
    );
  });

  it("other pages reuse the person's count for a minute (one query for it: safety, live); the home page and their own change count afresh", async () => {
    const f = await sessionFixture({ kind: "INTEGRATION" });
    await addAssessment(f.people[0].enrollment.id, "baseline", -48, -1); // overdue
    const first = await rootOf(f.facilitator.cookie, "/cohorts");
    expect(first.homeCount).toBe(2); // the unsigned note and the overdue questionnaire

    const db = await dbReady();
    await db.groupNote.create({
      data: { sessionId: f.session.id, authorId: f.facilitator.user.id, status: "SIGNED", signedAt: new Date() },
    });
    const kept = await rootOf(f.facilitator.cookie, "/cohorts");
    expect(kept.homeCount).toBe(2); // written behind the app's back: the kept count, for up to a minute
    expect(kept.queries).toBeLessThan(first.queries);
    expect((await rootOf(f.facilitator.cookie, "/")).homeCount).toBe(1); // the home page counts afresh …
    expect((await rootOf(f.facilitator.cookie, "/cohorts")).homeCount).toBe(1); // … and the other pages follow it

    await addAssessment(f.people[1].enrollment.id, "baseline", -48, -1); // another overdue one
    expect((await rootOf(f.facilitator.cookie, "/cohorts")).homeCount).toBe(1);
    // A change of their own through the form seam (here: their notification settings) counts afresh.
    const saved = await call(accountRoute.action, "/account", "POST", {
      cookie: f.facilitator.cookie,
      form: { _form: "notifications", version: String(f.facilitator.user.version ?? 1), notifyByEmail: "on" },
    });
    expect(saved.status).toBe(200);
    expect((await rootOf(f.facilitator.cookie, "/cohorts")).homeCount).toBe(2);
  });
});

describe("account security on the home page", () => {
  it("names the previous sign-in (not this one) and counts failed sign-ins since it, for this person only", async () => {
    const me = await signedInUser(["COORDINATOR"]);
    const other = await signedInUser(["COORDINATOR"]);
    expect((await homeOf(me.cookie)).security).toEqual({ previous: null, failedSincePrevious: 0 });

    const db = await dbReady();
    const at = (iso: string) => new Date(iso);
    const event = (action: string, when: string, actor: { id: string; email: string } | null, label: string, ip: string) => ({
      action,
      at: at(when),
      actorId: actor?.id ?? null,
      actorLabel: label,
      entityType: "User",
      entityId: actor?.id ?? null,
      summary: action,
      ip,
    });
    await db.auditEvent.createMany({
      data: [
        event("auth.login", "2026-01-02T08:00:00Z", me.user, me.user.email, "198.51.100.1"),
        event("auth.login_failed", "2026-01-02T07:00:00Z", null, me.user.email, "203.0.113.9"), // before the previous
        event("auth.login", "2026-01-05T09:30:00Z", me.user, me.user.email, "198.51.100.7"), // the previous
        event("auth.login_failed", "2026-01-06T10:00:00Z", null, me.user.email, "203.0.113.9"),
        event("auth.login_failed", "2026-01-07T11:00:00Z", null, me.user.email, "203.0.113.9"),
        event("auth.login_failed", "2026-01-07T11:00:00Z", null, other.user.email, "203.0.113.9"), // someone else
        event("auth.login", "2026-01-06T12:00:00Z", other.user, other.user.email, "198.51.100.2"), // someone else
      ],
    });
    // The test's own sign-in (now) is the latest; the one of 5 January is the previous.
    expect((await homeOf(me.cookie)).security).toEqual({
      previous: { at: "Mon 5 Jan 2026, 09:30 UTC", ip: "198.51.100.7" },
      failedSincePrevious: 2,
    });
  });
});
