// The calendar (week and month views) reads through the driver: sessions with their cohort,
// site and room in one statement, each on its local date in its cohort's zone; the viewer's
// cohorts only (a facilitator sees the cohorts they staff), "my sessions" and the site filter;
// and a month's busy days show a few sessions and how many more.
import { beforeAll, describe, expect, it } from "vitest";
import { unpackCalendarEvents, type PackedCalendarEvents } from "~/components/calendar/CalendarGrid";
import { calendarSessions } from "~/models/calendar.server";
import { siteChoices } from "~/models/site.server";
import * as calendarRoute from "~/routes/calendar._index";
import { dbReady } from "~/utils/db.server";
import { createTestCohort, createTestSite } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

let coordinator: { user: { id: string; email: string }; cookie: string };
let facilitator: { user: { id: string; email: string }; cookie: string };
const ids = { berlin: "", denver: "", closed: "", roomId: "", cohortA: "", cohortB: "", staffed: "" };

beforeAll(async () => {
  const db = await dbReady();
  coordinator = await signedInUser(["COORDINATOR"], { name: "Cal Coordinator" });
  facilitator = await signedInUser(["FACILITATOR"], { name: "Cal Facilitator" });
  const berlin = await createTestSite({ name: "Calendar Berlin", timeZone: "Europe/Berlin" });
  const denver = await createTestSite({ name: "Calendar Denver", timeZone: "America/Denver" });
  const closed = await db.site.create({ data: { name: "Calendar closed site", timeZone: "UTC", active: false } });
  Object.assign(ids, { berlin: berlin.id, denver: denver.id, closed: closed.id, roomId: berlin.rooms[0].id });
  const a = await createTestCohort({
    name: "Calendar A",
    siteId: berlin.id,
    timeZone: "Europe/Berlin",
    startDate: "2041-02-04",
    endDate: "2041-03-20",
  });
  const b = await createTestCohort({
    name: "Calendar B",
    siteId: denver.id,
    timeZone: "America/Denver",
    startDate: "2041-02-04",
    endDate: "2041-03-20",
  });
  ids.cohortA = a.id;
  ids.cohortB = b.id;
  await db.cohortStaff.create({ data: { cohortId: b.id, userId: facilitator.user.id, role: "FACILITATOR" } });
  const session = (cohortId: string, title: string, startsAt: string, minutes: number, extra: Record<string, unknown> = {}) =>
    db.groupSession.create({
      data: {
        cohortId,
        kind: "PREPARATION",
        title,
        startsAt: new Date(startsAt),
        endsAt: new Date(new Date(startsAt).getTime() + minutes * 60_000),
        ...extra,
      },
    });
  // Berlin is UTC+1 in February: 23:30 UTC on the 4th is 00:30 on the 5th there.
  await session(a.id, "Late preparation", "2041-02-04T23:30:00Z", 90, { roomId: berlin.rooms[0].id });
  await session(a.id, "Dosing session 1", "2041-02-05T09:00:00Z", 240, { kind: "DOSING", status: "CANCELLED", cancelReason: "Snow" });
  // Denver is UTC−7: 02:00 UTC on the 6th is 19:00 on the 5th there.
  const staffed = await session(b.id, "Evening preparation", "2041-02-06T02:00:00Z", 120);
  ids.staffed = staffed.id;
  await db.sessionStaff.create({ data: { sessionId: staffed.id, userId: facilitator.user.id, role: "FACILITATOR" } });
  await session(b.id, "Integration circle 1", "2041-02-07T16:00:00Z", 60, { kind: "INTEGRATION" });
  // A busy day in Denver: six sessions on 12 February.
  for (let i = 0; i < 6; i++) await session(b.id, `Busy ${i + 1}`, `2041-02-12T${String(15 + i).padStart(2, "0")}:00:00Z`, 45);
});

const coordinatorViewer = () => ({ id: coordinator.user.id, email: coordinator.user.email, roles: ["COORDINATOR"] });
const week = { from: "2041-02-04", to: "2041-02-10", mine: false };

describe("calendar reads", () => {
  it("returns the sessions of the days in start order, on their local dates, with cohort, site and room, in one statement", async () => {
    const { value, queries } = await counted(() => calendarSessions(coordinatorViewer(), { ...week, siteId: undefined }));
    const ours = value.filter((e) => e.cohortId === ids.cohortA || e.cohortId === ids.cohortB);
    expect(ours.map(({ id, ...rest }) => ({ ...rest, hasId: id.length > 0 }))).toEqual([
      {
        hasId: true,
        title: "Late preparation",
        kind: "PREPARATION",
        kindLabel: "Preparation group",
        status: "SCHEDULED",
        cohortId: ids.cohortA,
        cohortName: "Calendar A",
        site: "Calendar Berlin",
        room: "Group room",
        timeZone: "Europe/Berlin",
        localDate: "2041-02-05",
        localStartTime: "00:30",
        localEndTime: "02:00",
      },
      {
        hasId: true,
        title: "Dosing session 1",
        kind: "DOSING",
        kindLabel: "Dosing session",
        status: "CANCELLED",
        cohortId: ids.cohortA,
        cohortName: "Calendar A",
        site: "Calendar Berlin",
        room: null,
        timeZone: "Europe/Berlin",
        localDate: "2041-02-05",
        localStartTime: "10:00",
        localEndTime: "14:00",
      },
      {
        hasId: true,
        title: "Evening preparation",
        kind: "PREPARATION",
        kindLabel: "Preparation group",
        status: "SCHEDULED",
        cohortId: ids.cohortB,
        cohortName: "Calendar B",
        site: "Calendar Denver",
        room: null,
        timeZone: "America/Denver",
        localDate: "2041-02-05",
        localStartTime: "19:00",
        localEndTime: "21:00",
      },
      {
        hasId: true,
        title: "Integration circle 1",
        kind: "INTEGRATION",
        kindLabel: "Integration circle",
        status: "SCHEDULED",
        cohortId: ids.cohortB,
        cohortName: "Calendar B",
        site: "Calendar Denver",
        room: null,
        timeZone: "America/Denver",
        localDate: "2041-02-07",
        localStartTime: "09:00",
        localEndTime: "10:00",
      },
    ]);
    expect(queries).toBe(1);
  });

  it("a session on the edge of the days is placed by its local date, not its UTC date", async () => {
    // 23:30 UTC on 4 February is the 5th in Berlin: a view that ends on the 4th does not show it.
    const edge = await calendarSessions(coordinatorViewer(), { from: "2041-01-29", to: "2041-02-04", mine: false, siteId: ids.berlin });
    expect(edge.map((e) => e.title)).toEqual([]);
    const next = await calendarSessions(coordinatorViewer(), { from: "2041-02-05", to: "2041-02-05", mine: false, siteId: ids.berlin });
    expect(next.map((e) => e.title)).toEqual(["Late preparation", "Dosing session 1"]);
  });

  it("filters by site, shows a facilitator only the cohorts they staff, and 'my sessions' only theirs", async () => {
    const denverOnly = await calendarSessions(coordinatorViewer(), { ...week, siteId: ids.denver });
    expect(denverOnly.map((e) => e.title)).toEqual(["Evening preparation", "Integration circle 1"]);
    const facilitatorViewer = { id: facilitator.user.id, email: facilitator.user.email, roles: ["FACILITATOR"] };
    const theirs = await calendarSessions(facilitatorViewer, week);
    expect(theirs.map((e) => e.title)).toEqual(["Evening preparation", "Integration circle 1"]);
    const mine = await calendarSessions(facilitatorViewer, { ...week, mine: true });
    expect(mine.map((e) => e.id)).toEqual([ids.staffed]);
    expect(await calendarSessions(coordinatorViewer(), { ...week, mine: true })).toEqual([]);
  });

  it("lists active sites by name for the filter", async () => {
    const sites = await siteChoices();
    const names = sites.map((s) => s.name);
    expect(names).toContain("Calendar Berlin");
    expect(names).toContain("Calendar Denver");
    expect(names).not.toContain("Calendar closed site");
    expect(names).toEqual([...names].sort());
  });

  it("the month view shows a busy day's first three sessions and how many more; the week shows them all", async () => {
    const month = await call(calendarRoute.loader, `/calendar?view=month&date=2041-02-12&siteId=${ids.denver}`, "GET", {
      cookie: coordinator.cookie,
    });
    expect(month.status).toBe(200);
    const data = month.data as { events: PackedCalendarEvents; more: Record<string, number>; monthCount: number };
    expect(
      unpackCalendarEvents(data.events)
        .filter((e) => e.localDate === "2041-02-12")
        .map((e) => e.title),
    ).toEqual(["Busy 1", "Busy 2", "Busy 3"]);
    expect(data.more).toEqual({ "2041-02-12": 3 });
    expect(data.monthCount).toBe(8);
    const { value: weekRes, queries } = await counted(() =>
      call(calendarRoute.loader, `/calendar?view=week&date=2041-02-12&siteId=${ids.denver}`, "GET", { cookie: coordinator.cookie }),
    );
    const weekData = weekRes.data as { events: PackedCalendarEvents; more: Record<string, number> };
    expect(unpackCalendarEvents(weekData.events).map((e) => e.title)).toEqual(["Busy 1", "Busy 2", "Busy 3", "Busy 4", "Busy 5", "Busy 6"]);
    expect(weekData.more).toEqual({});
    expect(queries).toBe(3); // the session check, the sessions and the sites
  });
});
