// The cohort schedule tab (getSchedule and the site's rooms) reads through the driver
// (app/utils/db.server.ts readRows): what it returns for a seeded cohort (the values below are
// what the ORM reads returned before, on SQLite and PostgreSQL alike), staff free text only for
// those who may read it, and how many statements the model and the tab's loader take.
import { beforeAll, describe, expect, it } from "vitest";
import { getSchedule } from "~/models/session.server";
import * as scheduleRoute from "~/routes/cohorts.$cohortId._index";
import { dbReady } from "~/utils/db.server";
import { createTestCohort, createTestSite } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

let coordinator: { user: { id: string; email: string }; cookie: string };
let cohortId = "";
let roomId = "";
let siteId = "";
const staffIds = { a: "", b: "" };

beforeAll(async () => {
  const db = await dbReady();
  coordinator = await signedInUser(["COORDINATOR"], { name: "Sky Coordinator" });
  const a = await signedInUser(["FACILITATOR"], { name: "Ari Schedule" });
  const b = await signedInUser(["CLINICIAN"], { name: "Bea Schedule" });
  staffIds.a = a.user.id;
  staffIds.b = b.user.id;
  const site = await createTestSite({ timeZone: "Europe/Berlin" });
  siteId = site.id;
  roomId = site.rooms[0].id;
  await db.room.create({ data: { siteId, name: "Annex", capacity: null } });
  await db.room.create({ data: { siteId, name: "Closed room", capacity: 4, active: false } });
  const cohort = await createTestCohort({
    name: "Schedule reads",
    siteId,
    timeZone: "Europe/Berlin",
    startDate: "2032-03-01",
    endDate: "2032-04-12",
  });
  cohortId = cohort.id;
  const s1 = await db.groupSession.create({
    data: {
      cohortId,
      planIndex: 0,
      kind: "PREPARATION",
      title: "Preparation group",
      startsAt: new Date("2032-03-02T17:00:00Z"),
      endsAt: new Date("2032-03-02T19:30:00Z"),
      roomId,
      requiredStaff: JSON.stringify({ FACILITATOR: 1, CLINICIAN: 1 }),
    },
  });
  await db.sessionStaff.createMany({
    data: [
      { sessionId: s1.id, userId: a.user.id, role: "FACILITATOR" },
      { sessionId: s1.id, userId: b.user.id, role: "CLINICIAN" },
    ],
  });
  // Summer time in Berlin: UTC+2.
  await db.groupSession.create({
    data: {
      cohortId,
      planIndex: 1,
      kind: "DOSING",
      title: "Dosing session 1",
      startsAt: new Date("2032-03-30T08:00:00Z"),
      endsAt: new Date("2032-03-30T12:00:00Z"),
      status: "CANCELLED",
      cancelReason: "Clinician ill",
      version: 3,
    },
  });
  await db.groupSession.create({
    data: {
      cohortId,
      kind: "INTEGRATION",
      title: "Extra integration",
      startsAt: new Date("2032-03-02T17:00:00Z"),
      endsAt: new Date("2032-03-02T18:00:00Z"),
      requiredStaff: "not json",
    },
  });
});

const viewer = (roles: string[]) => ({ roles });

describe("schedule reads", () => {
  it("returns every session in order, in local time, with room, staff and required mix", async () => {
    const { value, queries } = await counted(() => getSchedule(cohortId, viewer(["COORDINATOR"])));
    const rows = value.map(({ id, ...rest }) => ({ ...rest, hasId: typeof id === "string" && id.length > 0 }));
    expect(rows).toEqual([
      {
        hasId: true,
        planIndex: 0,
        kind: "PREPARATION",
        title: "Preparation group",
        startsAt: "2032-03-02T17:00:00.000Z",
        endsAt: "2032-03-02T19:30:00.000Z",
        localDate: "2032-03-02",
        localStartTime: "18:00",
        localEndTime: "20:30",
        when: value[0].when,
        durationMinutes: 150,
        roomId,
        roomName: "Group room",
        staff: [
          { userId: staffIds.a, name: "Ari Schedule", role: "FACILITATOR" },
          { userId: staffIds.b, name: "Bea Schedule", role: "CLINICIAN" },
        ].sort((x, y) => (x.userId < y.userId ? -1 : 1)),
        requiredStaff: { FACILITATOR: 1, CLINICIAN: 1 },
        status: "SCHEDULED",
        cancelReason: null,
        version: 1,
      },
      {
        hasId: true,
        planIndex: null,
        kind: "INTEGRATION",
        title: "Extra integration",
        startsAt: "2032-03-02T17:00:00.000Z",
        endsAt: "2032-03-02T18:00:00.000Z",
        localDate: "2032-03-02",
        localStartTime: "18:00",
        localEndTime: "19:00",
        when: value[1].when,
        durationMinutes: 60,
        roomId: null,
        roomName: null,
        staff: [],
        requiredStaff: {},
        status: "SCHEDULED",
        cancelReason: null,
        version: 1,
      },
      {
        hasId: true,
        planIndex: 1,
        kind: "DOSING",
        title: "Dosing session 1",
        startsAt: "2032-03-30T08:00:00.000Z",
        endsAt: "2032-03-30T12:00:00.000Z",
        localDate: "2032-03-30",
        localStartTime: "10:00",
        localEndTime: "14:00",
        when: value[2].when,
        durationMinutes: 240,
        roomId: null,
        roomName: null,
        staff: [],
        requiredStaff: {},
        status: "CANCELLED",
        cancelReason: "Clinician ill",
        version: 3,
      },
    ]);
    // Two sessions at the same instant keep the id order.
    expect(value[0].id < value[1].id).toBe(true);
    expect(value[0].when).toMatch(/2 Mar 2032, 18:00$/);
    expect(value[2].when).toMatch(/30 Mar 2032, 10:00$/);
    expect(queries).toBe(2);
  });

  it("hides staff free text (a cancellation's reason) from those who may not read it", async () => {
    const rows = await getSchedule(cohortId, viewer(["ANALYST"]));
    expect(rows.map((r) => r.cancelReason)).toEqual([null, null, null]);
  });

  it("the tab's loader lists the site's active rooms by name", async () => {
    const { value: res, queries } = await counted(() =>
      call(scheduleRoute.loader, `/cohorts/${cohortId}`, "GET", { cookie: coordinator.cookie, params: { cohortId } }),
    );
    expect(res.status).toBe(200);
    const data = res.data as { rooms: { id: string; name: string; capacity: number | null }[]; sessions: unknown[]; timeZone: string };
    expect(data.timeZone).toBe("Europe/Berlin");
    expect(data.sessions).toHaveLength(3);
    expect(data.rooms.map(({ name, capacity }) => ({ name, capacity }))).toEqual([
      { name: "Annex", capacity: null },
      { name: "Group room", capacity: 10 },
    ]);
    expect(queries).toBe(5); // the session check, cohort access, the schedule (2) and the rooms; 10 through the ORM
  });
});
