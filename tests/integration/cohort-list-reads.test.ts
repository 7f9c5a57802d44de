// The cohorts list (listCohorts and the page's filter choices) reads through the driver
// (app/utils/db.server.ts readRows): what it returns for seeded cohorts (the values below are
// what the ORM reads returned before, on SQLite and PostgreSQL alike), in every sort, for a
// viewer who sees every cohort and for a facilitator who sees their own; and how many
// statements the list and the page's loader take.
import { beforeAll, describe, expect, it } from "vitest";
import { listCohorts } from "~/models/cohort.server";
import * as cohortsList from "~/routes/cohorts._index";
import { dbReady } from "~/utils/db.server";
import { createTestCohort, createTestEnrollment, createTestParticipant, createTestSite } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

let coordinator: { user: { id: string; email: string }; cookie: string };
let facilitator: { user: { id: string; email: string }; cookie: string };
let siteId: string;
let siteName: string;
const ids = { alpha: "", beta: "", gamma: "" };

beforeAll(async () => {
  const db = await dbReady();
  coordinator = await signedInUser(["COORDINATOR"], { name: "Cleo Coordinator" });
  facilitator = await signedInUser(["FACILITATOR"], { name: "Finn Listlead" });
  const other = await signedInUser(["FACILITATOR"], { name: "Abe Listlead" });
  const site = await createTestSite({ timeZone: "Europe/Berlin" });
  siteId = site.id;
  siteName = site.name;
  const alpha = await createTestCohort({
    name: "CL Alpha",
    siteId,
    timeZone: "Europe/Berlin",
    startDate: "2031-03-02",
    endDate: "2031-04-13",
    status: "ACTIVE",
    capacity: 8,
    staff: [
      { userId: facilitator.user.id, role: "LEAD_FACILITATOR" },
      { userId: other.user.id, role: "FACILITATOR" },
    ],
  });
  await db.cohort.update({ where: { id: alpha.id }, data: { roomId: site.rooms[0].id } });
  const beta = await createTestCohort({
    name: "CL Beta",
    siteId,
    startDate: "2031-05-04",
    endDate: "2031-06-15",
    status: "PLANNED",
    capacity: 6,
  });
  const gamma = await createTestCohort({
    name: "CL Gamma",
    siteId,
    startDate: "2030-12-01",
    endDate: "2031-01-12",
    status: "COMPLETED",
    capacity: 4,
    staff: [{ userId: other.user.id, role: "LEAD_FACILITATOR" }],
  });
  Object.assign(ids, { alpha: alpha.id, beta: beta.id, gamma: gamma.id });
  const session = (cohortId: string, day: string, status = "SCHEDULED") =>
    db.groupSession.create({
      data: {
        cohortId,
        kind: "PREPARATION",
        title: `Prep ${day}`,
        startsAt: new Date(`${day}T16:00:00Z`),
        endsAt: new Date(`${day}T18:00:00Z`),
        status,
      },
    });
  await session(alpha.id, "2031-03-03");
  await session(alpha.id, "2031-03-10");
  await session(alpha.id, "2031-03-17", "CANCELLED");
  await session(gamma.id, "2030-12-02", "COMPLETED");
  for (const [cohortId, status] of [
    [alpha.id, "ACTIVE"],
    [alpha.id, "ACTIVE"],
    [alpha.id, "COMPLETED"],
    [alpha.id, "WITHDRAWN"],
    [alpha.id, "WAITLISTED"],
    [gamma.id, "COMPLETED"],
  ]) {
    const p = await createTestParticipant();
    await createTestEnrollment({ participantId: p.id, cohortId, status });
  }
});

const coordinatorViewer = () => ({ id: coordinator.user.id, email: coordinator.user.email, roles: ["COORDINATOR"] });
const facilitatorViewer = () => ({ id: facilitator.user.id, email: facilitator.user.email, roles: ["FACILITATOR"] });

describe("cohort list reads", () => {
  it("returns each cohort's columns, newest start first, in a few statements", async () => {
    const { value, queries } = await counted(() => listCohorts(coordinatorViewer(), { siteId }));
    expect({ total: value.total, page: value.page, pages: value.pages, sort: value.sort, dir: value.dir }).toEqual({
      total: 3,
      page: 1,
      pages: 1,
      sort: "start",
      dir: "desc",
    });
    const rows = value.cohorts.map(({ id, programId, ...rest }) => ({
      ...rest,
      id: id === ids.alpha ? "alpha" : id === ids.beta ? "beta" : "gamma",
      hasProgram: !!programId,
    }));
    expect(rows).toEqual([
      {
        id: "beta",
        name: "CL Beta",
        program: "Group KAP for first responders — 7 weeks",
        hasProgram: true,
        programVersion: 1,
        site: siteName,
        room: null,
        startDate: "2031-05-04",
        endDate: "2031-06-15",
        timeZone: "America/Denver",
        status: "PLANNED",
        capacity: 6,
        enrolled: 0,
        sessions: 0,
        lead: null,
      },
      {
        id: "alpha",
        name: "CL Alpha",
        program: "Group KAP for first responders — 7 weeks",
        hasProgram: true,
        programVersion: 1,
        site: siteName,
        room: "Group room",
        startDate: "2031-03-02",
        endDate: "2031-04-13",
        timeZone: "Europe/Berlin",
        status: "ACTIVE",
        capacity: 8,
        enrolled: 3,
        sessions: 2,
        lead: "Finn Listlead",
      },
      {
        id: "gamma",
        name: "CL Gamma",
        program: "Group KAP for first responders — 7 weeks",
        hasProgram: true,
        programVersion: 1,
        site: siteName,
        room: null,
        startDate: "2030-12-01",
        endDate: "2031-01-12",
        timeZone: "America/Denver",
        status: "COMPLETED",
        capacity: 4,
        enrolled: 1,
        sessions: 1,
        lead: "Abe Listlead",
      },
    ]);
    expect(queries).toBe(2);
  });

  it("sorts by every column on the server, with empty values last", async () => {
    const order = async (sort: string, dir: "asc" | "desc") =>
      (await listCohorts(coordinatorViewer(), { siteId }, { sort: sort as never, dir })).cohorts.map((c) => c.name.slice(3));
    expect(await order("name", "asc")).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(await order("name", "desc")).toEqual(["Gamma", "Beta", "Alpha"]);
    expect(await order("status", "asc")).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(await order("start", "asc")).toEqual(["Gamma", "Alpha", "Beta"]);
    expect(await order("end", "desc")).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(await order("seats", "desc")).toEqual(["Alpha", "Gamma", "Beta"]);
    expect(await order("seats", "asc")).toEqual(["Beta", "Gamma", "Alpha"]);
    expect(await order("lead", "asc")).toEqual(["Gamma", "Alpha", "Beta"]);
    expect(await order("lead", "desc")).toEqual(["Alpha", "Gamma", "Beta"]);
    // Equal values: newest start first.
    expect(await order("site", "asc")).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(await order("program", "desc")).toEqual(["Beta", "Alpha", "Gamma"]);
    const { queries } = await counted(() => listCohorts(coordinatorViewer(), { siteId }, { sort: "seats", dir: "desc" }));
    expect(queries).toBe(2);
  });

  it("filters by status and program, and a facilitator lists only the cohorts they staff", async () => {
    const planned = await listCohorts(coordinatorViewer(), { siteId, status: "PLANNED" });
    expect(planned.cohorts.map((c) => c.name)).toEqual(["CL Beta"]);
    const programId = planned.cohorts[0].programId;
    expect((await listCohorts(coordinatorViewer(), { siteId, programId })).total).toBe(3);
    expect((await listCohorts(coordinatorViewer(), { siteId, programId: "no-such-program" })).total).toBe(0);
    const mine = await listCohorts(facilitatorViewer(), {});
    expect(mine.cohorts.map((c) => c.name)).toEqual(["CL Alpha"]);
    expect(mine.total).toBe(1);
  });

  it("the page's loader lists the filter choices by name, in five statements", async () => {
    const { value: res, queries } = await counted(() =>
      call(cohortsList.loader, `/cohorts?siteId=${siteId}`, "GET", { cookie: coordinator.cookie }),
    );
    expect(res.status).toBe(200);
    const data = res.data as { sites: { id: string; name: string }[]; programs: { id: string; name: string }[]; cohorts: unknown[] };
    expect(data.cohorts).toHaveLength(3);
    expect(data.sites).toContainEqual({ id: siteId, name: siteName });
    expect(data.sites.map((s) => s.name)).toEqual([...data.sites.map((s) => s.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(data.programs.map((p) => p.name)).toContain("Group KAP for first responders — 7 weeks");
    expect(Object.keys(data.programs[0]).sort()).toEqual(["id", "name"]);
    expect(queries).toBe(5); // the session check, the list (2), the sites and the programs; 18 through the ORM
  });
});
