import nodeIcal from "node-ical";
import { beforeAll, describe, expect, it } from "vitest";
import { unpackCalendarEvents, type PackedCalendarEvents } from "~/components/calendar/CalendarGrid";
import { FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { createProgramFromTemplate } from "~/models/program.server";
import * as sitesAdmin from "~/routes/admin.sites";
import * as calendar from "~/routes/calendar._index";
import * as feedPage from "~/routes/calendar.feed";
import * as cohortLayout from "~/routes/cohorts.$cohortId";
import * as cohortSchedule from "~/routes/cohorts.$cohortId._index";
import * as cohortConflicts from "~/routes/cohorts.$cohortId.conflicts";
import * as cohortsIndex from "~/routes/cohorts._index";
import * as cohortsNew from "~/routes/cohorts.new";
import * as personConflicts from "~/routes/conflicts";
import * as feedIcs from "~/routes/feeds.$token";
import * as login from "~/routes/login";
import * as programPage from "~/routes/programs.$programId";
import * as programsNew from "~/routes/programs.new";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { editorForm } from "../setup/factories-scheduling";
import { call, cookieFrom, formReply } from "../setup/http";

const META = { ip: "10.0.0.9", userAgent: "vitest" };

async function signIn(email: string) {
  const res = await call(login.action, "/login", "POST", { form: { email, password: TEST_PASSWORD } });
  expect(res.status).toBe(302);
  return cookieFrom(res.headers);
}

/** Weekly evening groups straddling the end of DST in Denver (1 Nov 2026). */
const WEEKLY: ProgramTemplate = {
  ...FIRST_RESPONDERS_TEMPLATE,
  name: "Weekly test program",
  measurePlan: [],
  sessionPlan: [
    {
      kind: "PREPARATION",
      title: "Preparation",
      dayOffset: 0,
      startTime: "18:00",
      durationMinutes: 120,
      requiredStaff: { FACILITATOR: 1 },
    },
    {
      kind: "DOSING",
      title: "Dosing 1",
      dayOffset: 7,
      startTime: "18:00",
      durationMinutes: 180,
      requiredStaff: { CLINICIAN: 1, FACILITATOR: 1 },
    },
    {
      kind: "INTEGRATION",
      title: "Integration 1",
      dayOffset: 14,
      startTime: "18:00",
      durationMinutes: 120,
      requiredStaff: { FACILITATOR: 1 },
    },
  ],
};

let coordinator: { id: string; email: string };
let facilitator: { id: string; email: string };
let facilitator2: { id: string; email: string };
let clinician: { id: string; email: string };
let analyst: { id: string; email: string };
let cookies: Record<string, string>;
let programId: string;
let siteId: string;
let roomId: string;
let room2Id: string;

async function counts() {
  const db = await dbReady();
  return {
    cohorts: await db.cohort.count(),
    sessions: await db.groupSession.count(),
    audits: await db.auditEvent.count({ where: { action: { startsWith: "session." } } }),
  };
}

function cohortForm(over: Record<string, string | string[]> = {}) {
  return {
    name: `Cohort ${Math.random().toString(36).slice(2, 8)}`,
    programId,
    startDate: "2026-10-27",
    timeZone: "America/Denver",
    siteId,
    roomId,
    capacity: "6",
    leadFacilitatorId: facilitator.id,
    clinicianIds: [clinician.id],
    ...over,
  };
}

beforeAll(async () => {
  coordinator = await createTestUser({ roles: ["COORDINATOR"] });
  facilitator = await createTestUser({ roles: ["FACILITATOR"], name: "Frankie Facilitator" });
  facilitator2 = await createTestUser({ roles: ["FACILITATOR"], name: "Morgan Facilitator" });
  clinician = await createTestUser({ roles: ["CLINICIAN"], name: "Casey Clinician" });
  analyst = await createTestUser({ roles: ["ANALYST"] });
  const admin = await createTestUser({ roles: ["ADMIN"] });
  cookies = {
    coordinator: await signIn(coordinator.email),
    facilitator: await signIn(facilitator.email),
    facilitator2: await signIn(facilitator2.email),
    analyst: await signIn(analyst.email),
    admin: await signIn(admin.email),
  };
  const program = await createProgramFromTemplate(coordinator, META, WEEKLY);
  programId = program.id;
  const siteRes = await call(sitesAdmin.action, "/admin/sites", "POST", {
    cookie: cookies.admin,
    form: { intent: "create-site", name: "Fort Collins clinic", timeZone: "America/Denver", address: "1 Main St" },
  });
  expect(siteRes.status).toBe(200);
  const db = await dbReady();
  siteId = (await db.site.findUniqueOrThrow({ where: { name: "Fort Collins clinic" } })).id;
  await call(sitesAdmin.action, "/admin/sites", "POST", {
    cookie: cookies.admin,
    form: { intent: "create-room", siteId, name: "Group room A", capacity: "10" },
  });
  await call(sitesAdmin.action, "/admin/sites", "POST", {
    cookie: cookies.admin,
    form: { intent: "create-room", siteId, name: "Group room B", capacity: "8" },
  });
  roomId = (await db.room.findFirstOrThrow({ where: { name: "Group room A" } })).id;
  room2Id = (await db.room.findFirstOrThrow({ where: { name: "Group room B" } })).id;
});

async function createCohortViaForm(form: Record<string, string | string[]>) {
  return call(cohortsNew.action, "/cohorts/new", "POST", { cookie: cookies.coordinator, form });
}

describe("creating a cohort", () => {
  let cohortId: string;

  it("generates every session at 18:00 local time across the end of DST", async () => {
    const res = await createCohortViaForm(cohortForm({ name: "DST cohort" }));
    expect(res.status).toBe(302);
    cohortId = res.headers.get("location")!.split("/").pop()!;
    const db = await dbReady();
    const sessions = await db.groupSession.findMany({ where: { cohortId }, orderBy: { startsAt: "asc" }, include: { staff: true } });
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      "2026-10-28T00:00:00.000Z", // 27 Oct 18:00 MDT (UTC-6)
      "2026-11-04T01:00:00.000Z", // 3 Nov 18:00 MST (UTC-7)
      "2026-11-11T01:00:00.000Z",
    ]);
    expect(sessions[1].endsAt.getTime() - sessions[1].startsAt.getTime()).toBe(180 * 60_000);
    // Clinicians staff the dosing session; the facilitator staffs all.
    expect(sessions[1].staff.map((s) => s.role).sort()).toEqual(["CLINICIAN", "FACILITATOR"]);
    expect(sessions[0].staff.map((s) => s.userId)).toEqual([facilitator.id]);
    const cohort = await db.cohort.findUniqueOrThrow({ where: { id: cohortId } });
    expect(cohort.endDate).toBe("2026-11-10");
    expect(await db.auditEvent.count({ where: { action: "cohort.create", entityId: cohortId } })).toBe(1);
  });

  it("refuses a room double-booking and writes nothing", async () => {
    const before = await counts();
    const res = await createCohortViaForm(cohortForm({ name: "Clashing cohort", leadFacilitatorId: facilitator2.id, clinicianIds: [] }));
    expect(res.status).toBe(409);
    const d = formReply<unknown, { conflicts: { blocking: { kind: string }[] } }>(res.data).details;
    expect(d.conflicts.blocking[0].kind).toBe("ROOM_DOUBLE_BOOKED");
    expect(await counts()).toEqual(before);
  });

  it("asks for acknowledgement of a staff double-booking, then saves with it", async () => {
    const form = cohortForm({ name: "Overlapping staff", roomId: room2Id, clinicianIds: [] });
    const first = await createCohortViaForm(form);
    expect(first.status).toBe(409);
    const warnings = formReply<unknown, { conflicts: { blocking: unknown[]; warnings: { key: string; kind: string }[] } }>(first.data)
      .details.conflicts;
    expect(warnings.blocking).toEqual([]);
    expect(warnings.warnings.some((w) => w.kind === "STAFF_DOUBLE_BOOKED")).toBe(true);
    const second = await createCohortViaForm({ ...form, acknowledged: warnings.warnings.map((w) => w.key) });
    expect(second.status).toBe(302);
    const db = await dbReady();
    const id = second.headers.get("location")!.split("/").pop()!;
    expect(await db.conflictAcknowledgement.count({ where: { cohortId: id } })).toBeGreaterThan(0);
    // The conflicts tab lists them as acknowledged.
    const page = await call(cohortConflicts.loader, `/cohorts/${id}/conflicts`, "GET", {
      cookie: cookies.coordinator,
      params: { cohortId: id },
    });
    const list = (page.data as { conflicts: { kind: string; acknowledged: unknown }[] }).conflicts;
    expect(list.filter((c) => c.kind === "STAFF_DOUBLE_BOOKED").every((c) => c.acknowledged)).toBe(true);
  });

  it("lists a person's conflicts; a facilitator only ever sees their own", async () => {
    const res = await call(personConflicts.loader, `/conflicts?user=${facilitator.id}`, "GET", { cookie: cookies.coordinator });
    const d = res.data as { person: { id: string }; conflicts: { kind: string }[] };
    expect(d.person.id).toBe(facilitator.id);
    expect(d.conflicts.some((c) => c.kind === "STAFF_DOUBLE_BOOKED")).toBe(true);
    const other = await call(personConflicts.loader, `/conflicts?user=${facilitator.id}`, "GET", { cookie: cookies.facilitator2 });
    expect((other.data as { person: { id: string } }).person.id).toBe(facilitator2.id);
    expect((other.data as { conflicts: unknown[] }).conflicts).toEqual([]);
  });

  it.each([
    ["capacity", "0", "capacity"],
    ["capacity", "1000", "capacity"],
    ["timeZone", "Mars/Olympus_Mons", "timeZone"],
    ["startDate", "2026-02-30", "startDate"],
    ["startDate", "31/12/2026", "startDate"],
  ])("rejects %s = %s with a field message and writes nothing", async (field, value, errorField) => {
    const before = await counts();
    const res = await createCohortViaForm(cohortForm({ [field]: value, roomId: "" }));
    expect(res.status).toBe(400);
    expect(formReply(res.data).errors[errorField]).toBeTruthy();
    expect(await counts()).toEqual(before);
  });

  describe("schedule edits", () => {
    it("moves a session, writes an audit row and keeps the local time", async () => {
      const db = await dbReady();
      const s = await db.groupSession.findFirstOrThrow({ where: { cohortId, planIndex: 2 } });
      const before = await counts();
      const res = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.coordinator,
        params: { cohortId },
        form: {
          intent: "move",
          sessionId: s.id,
          version: String(s.version),
          localDate: "2026-11-09",
          localStartTime: "17:30",
          localEndTime: "19:30",
          roomId,
        },
      });
      expect(res.status).toBe(200);
      const moved = await db.groupSession.findUniqueOrThrow({ where: { id: s.id } });
      expect(moved.startsAt.toISOString()).toBe("2026-11-10T00:30:00.000Z");
      expect(moved.version).toBe(s.version + 1);
      const after = await counts();
      expect(after.audits).toBe(before.audits + 1);
      const row = await db.auditEvent.findFirstOrThrow({ where: { action: "session.moved", entityId: s.id } });
      expect(row.actorId).toBe(coordinator.id);
    });

    it.each(["move", "add"])("refuses %s with the end before the start and writes nothing", async (intent) => {
      const db = await dbReady();
      const s = await db.groupSession.findFirstOrThrow({ where: { cohortId, planIndex: 0 } });
      const before = await counts();
      const res = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.coordinator,
        params: { cohortId },
        form: {
          intent,
          sessionId: s.id,
          title: "Extra",
          kind: "INTEGRATION",
          localDate: "2026-11-05",
          localStartTime: "18:00",
          localEndTime: "17:00",
        },
      });
      expect(res.status).toBe(400);
      expect(formReply(res.data).errors.localEndTime).toMatch(/after the start/);
      expect(await counts()).toEqual(before);
    });

    it("refuses an impossible date on move", async () => {
      const db = await dbReady();
      const s = await db.groupSession.findFirstOrThrow({ where: { cohortId, planIndex: 0 } });
      const res = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.coordinator,
        params: { cohortId },
        form: { intent: "move", sessionId: s.id, localDate: "2026-02-30", localStartTime: "18:00", localEndTime: "20:00" },
      });
      expect(res.status).toBe(400);
      expect(formReply(res.data).errors.localDate).toBeTruthy();
    });

    it("cancels a session with a reason (audited) and rejects an unknown intent", async () => {
      const db = await dbReady();
      const s = await db.groupSession.findFirstOrThrow({ where: { cohortId, planIndex: 0 } });
      const noReason = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.coordinator,
        params: { cohortId },
        form: { intent: "cancel", sessionId: s.id, reason: "" },
      });
      expect(noReason.status).toBe(400);
      const ok = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.coordinator,
        params: { cohortId },
        form: { intent: "cancel", sessionId: s.id, reason: "Facilitator ill" },
      });
      expect(ok.status).toBe(200);
      expect((await db.groupSession.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("CANCELLED");
      expect(await db.auditEvent.count({ where: { action: "session.cancelled", entityId: s.id } })).toBe(1);
      const bad = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.coordinator,
        params: { cohortId },
        form: { intent: "explode" },
      });
      expect(bad.status).toBe(400);
    });

    it("does not let a facilitator edit the schedule", async () => {
      const res = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
        cookie: cookies.facilitator,
        params: { cohortId },
        form: { intent: "cancel", sessionId: "x", reason: "nope" },
      });
      expect(res.status).toBe(403);
    });
  });

  describe("visibility", () => {
    it("gives a facilitator 404 for a cohort they are not assigned to, and lists only theirs", async () => {
      for (const loader of [cohortLayout.loader, cohortSchedule.loader, cohortConflicts.loader]) {
        const res = await call(loader, `/cohorts/${cohortId}`, "GET", { cookie: cookies.facilitator2, params: { cohortId } });
        expect(res.status).toBe(404);
      }
      const mine = await call(cohortLayout.loader, `/cohorts/${cohortId}`, "GET", { cookie: cookies.facilitator, params: { cohortId } });
      expect(mine.status).toBe(200);
      const list = await call(cohortsIndex.loader, "/cohorts", "GET", { cookie: cookies.facilitator2 });
      expect((list.data as { cohorts: unknown[] }).cohorts).toEqual([]);
    });

    it("shows an analyst the schedule and counts but no participant names", async () => {
      const db = await dbReady();
      const p = await db.participant.create({
        data: {
          code: "P-ZX81",
          firstName: "Quincy",
          lastName: "Uniquename",
          dateOfBirth: "1980-01-01",
          sex: "MALE",
          occupation: "FIREFIGHTER",
        },
      });
      await db.enrollment.create({ data: { participantId: p.id, cohortId, status: "ENROLLED" } });
      const layout = await call(cohortLayout.loader, `/cohorts/${cohortId}`, "GET", { cookie: cookies.analyst, params: { cohortId } });
      const schedule = await call(cohortSchedule.loader, `/cohorts/${cohortId}`, "GET", { cookie: cookies.analyst, params: { cohortId } });
      expect(layout.status).toBe(200);
      expect(schedule.status).toBe(200);
      expect((layout.data as { cohort: { counts: { enrolled: number } } }).cohort.counts.enrolled).toBe(1);
      expect((schedule.data as { sessions: unknown[] }).sessions).toHaveLength(3);
      const json = JSON.stringify([layout.data, schedule.data]);
      expect(json).not.toMatch(/Quincy|Uniquename/);
      expect((schedule.data as { canManage: boolean }).canManage).toBe(false);
    });

    it("shows the calendar with this week's sessions for 'my sessions'", async () => {
      const res = await call(calendar.loader, "/calendar?view=week&date=2026-11-03&mine=1", "GET", { cookie: cookies.facilitator });
      const events = unpackCalendarEvents((res.data as { events: PackedCalendarEvents }).events);
      expect(events.map((e) => [e.title, e.localStartTime])).toContainEqual(["Dosing 1", "18:00"]);
      const other = await call(calendar.loader, "/calendar?view=month&date=2026-11-03&mine=1", "GET", { cookie: cookies.facilitator2 });
      expect((other.data as { events: unknown[] }).events).toEqual([]);
    });
  });

  describe("calendar feed", () => {
    it("serves valid iCalendar without participant names, and 404 after revocation", async () => {
      const created = await call(feedPage.action, "/calendar/feed", "POST", { cookie: cookies.facilitator, form: { intent: "create" } });
      const url = formReply<{ url: string }>(created.data).data.url;
      expect(url).toMatch(/\/feeds\/[A-Za-z0-9_-]+\.ics$/);
      const token = url.split("/").pop()!;
      const db = await dbReady();
      const feed = await db.calendarFeed.findFirstOrThrow({ where: { userId: facilitator.id } });
      expect(feed.tokenHash).not.toContain(token.replace(".ics", ""));

      const res = await call(feedIcs.loader, `/feeds/${token}`, "GET", { params: { token } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/calendar/);
      const body = await res.response!.text();
      // Read with another iCalendar library, as a calendar client would.
      expect(body.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
      expect(body).toMatch(/\r\nVERSION:2\.0\r\n/);
      expect(body).toMatch(/\r\nPRODID:/);
      const parsed = nodeIcal.sync.parseICS(body);
      const events = Object.values(parsed).filter((c) => c.type === "VEVENT") as nodeIcal.VEvent[];
      // The facilitator staffs both cohorts created above: 3 + 3 sessions.
      expect(events.length).toBe(6);
      for (const ev of events) {
        expect(ev.uid).toBeTruthy();
        expect(ev.dtstamp).toBeTruthy();
        expect(ev.start).toBeInstanceOf(Date);
        expect(ev.end).toBeInstanceOf(Date);
        expect(String(ev.summary)).toBeTruthy();
      }
      const dosing = events.find((e) => String(e.summary) === "Dosing 1 — DST cohort")!;
      expect(new Date(dosing.start).toISOString()).toBe("2026-11-04T01:00:00.000Z");
      expect(String(dosing.description)).toContain("Local time: Tue 3 Nov 2026, 18:00 (America/Denver)");
      expect(String(dosing.location)).toContain("Group room A");
      expect(body).not.toMatch(/Quincy|Uniquename|P-ZX81/);

      // A coordinator staffs nothing, yet runs every cohort: their feed carries the running cohorts' sessions.
      const coordinatorFeed = await call(feedPage.action, "/calendar/feed", "POST", {
        cookie: cookies.coordinator,
        form: { intent: "create" },
      });
      const coordinatorToken = formReply<{ url: string }>(coordinatorFeed.data).data.url.split("/").pop()!;
      const coordinatorIcs = await call(feedIcs.loader, `/feeds/${coordinatorToken}`, "GET", { params: { token: coordinatorToken } });
      const coordinatorEvents = Object.values(nodeIcal.sync.parseICS(await coordinatorIcs.response!.text())).filter(
        (c) => c.type === "VEVENT",
      );
      expect(await db.sessionStaff.count({ where: { userId: coordinator.id } })).toBe(0);
      expect(coordinatorEvents.map((e) => String((e as nodeIcal.VEvent).summary))).toContain("Dosing 1 — DST cohort");

      const revoked = await call(feedPage.action, "/calendar/feed", "POST", { cookie: cookies.facilitator, form: { intent: "revoke" } });
      expect(revoked.status).toBe(200);
      expect((await call(feedIcs.loader, `/feeds/${token}`, "GET", { params: { token } })).status).toBe(404);
      expect((await call(feedIcs.loader, "/feeds/nonsense.ics", "GET", { params: { token: "nonsense.ics" } })).status).toBe(404);
    });
  });
});

describe("program versions", () => {
  it("saves an edit as a new version, keeps cohorts on theirs, and detects a stale edit", async () => {
    const db = await dbReady();
    const form = editorForm({ ...WEEKLY, description: "Edited" });
    const saved = await call(programPage.action, `/programs/${programId}`, "POST", {
      cookie: cookies.coordinator,
      params: { programId },
      form: { ...form, version: "1" },
    });
    expect(saved.status).toBe(200);
    expect((await db.program.findUniqueOrThrow({ where: { id: programId } })).version).toBe(2);
    const cohort = await db.cohort.findFirstOrThrow({ where: { name: "DST cohort" }, include: { programVersion: true } });
    expect(cohort.programVersion.version).toBe(1);
    const stale = await call(programPage.action, `/programs/${programId}`, "POST", {
      cookie: cookies.coordinator,
      params: { programId },
      form: { ...form, version: "1" },
    });
    expect(stale.status).toBe(409);
    expect(await db.programVersion.count({ where: { programId } })).toBe(2);
  });

  it("shows field messages for an invalid template and writes nothing", async () => {
    const db = await dbReady();
    const before = await db.program.count();
    const form = editorForm({ ...WEEKLY, name: "Broken" });
    form["sessionPlan.1.startTime"] = "25:00";
    form.eligibility = "{not json";
    form["safetyThresholds.preDoseDiastolicMax"] = "200";
    const res = await call(programsNew.action, "/programs/new", "POST", { cookie: cookies.coordinator, form });
    expect(res.status).toBe(400);
    const errors = formReply(res.data).errors;
    expect(errors["sessionPlan.1.startTime"]).toMatch(/HH:MM/);
    expect(errors.eligibility).toMatch(/JSON/);
    expect(errors["safetyThresholds.preDoseDiastolicMax"]).toBeTruthy();
    expect(await db.program.count()).toBe(before);
  });

  it("creates a program from the editor form", async () => {
    const res = await call(programsNew.action, "/programs/new", "POST", {
      cookie: cookies.coordinator,
      form: editorForm({ ...FIRST_RESPONDERS_TEMPLATE, name: "Copy of first responders" }),
    });
    expect(res.status).toBe(302);
    const db = await dbReady();
    const p = await db.program.findUniqueOrThrow({ where: { name: "Copy of first responders" }, include: { versions: true } });
    const def = JSON.parse(p.versions[0].definition);
    expect(def.sessionPlan).toHaveLength(FIRST_RESPONDERS_TEMPLATE.sessionPlan.length);
    expect(def.measurePlan).toEqual(FIRST_RESPONDERS_TEMPLATE.measurePlan);
    expect(def.eligibility).toEqual(FIRST_RESPONDERS_TEMPLATE.eligibility);
    expect(def.contraindicationChecklist).toEqual(FIRST_RESPONDERS_TEMPLATE.contraindicationChecklist);
  });
});
