// The cohorts list (listCohorts and the page's filter choices) reads through the driver
// (app/utils/db.server.ts readRows): what it returns for seeded cohorts (the values below are
// what the ORM reads returned before, on SQLite and PostgreSQL alike), in every sort, for a
// viewer who sees every cohort and for a facilitator who sees their own; and how many
// statements the list and the page's loader take.
import { beforeAll, describe, expect, it } from "vitest";
import { listCohorts } from "~/models/cohort.server";
import * as cohortsList from "~/routes/cohorts._index";
import { dbReady, readRows } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";
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

  it("pages by start and end date in the database: equal dates newest start first, then by id; a page past the last shows the last", async () => {
    // 120 more cohorts at a site of their own, three to a start date, some sharing an end date.
    const db = await dbReady();
    const site = await createTestSite();
    const made: { id: string; startDate: string; endDate: string }[] = [];
    for (let i = 0; i < 120; i++) {
      const startDate = `2032-${String(1 + Math.floor(i / 3 / 28)).padStart(2, "0")}-${String(1 + (Math.floor(i / 3) % 28)).padStart(2, "0")}`;
      const endDate = `2033-01-${String(1 + (i % 5)).padStart(2, "0")}`;
      const c = await db.cohort.create({
        data: {
          ...(await db.cohort.findUniqueOrThrow({
            where: { id: ids.beta },
            select: { programId: true, programVersionId: true, timeZone: true, capacity: true, status: true },
          })),
          name: `CL Paged ${i}`,
          siteId: site.id,
          startDate,
          endDate,
        },
      });
      made.push({ id: c.id, startDate, endDate });
    }
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const expected = {
      "start desc": [...made].sort((a, b) => b.startDate.localeCompare(a.startDate) || byId(a, b)),
      "start asc": [...made].sort((a, b) => a.startDate.localeCompare(b.startDate) || byId(a, b)),
      "end asc": [...made].sort((a, b) => a.endDate.localeCompare(b.endDate) || b.startDate.localeCompare(a.startDate) || byId(a, b)),
      "end desc": [...made].sort((a, b) => b.endDate.localeCompare(a.endDate) || b.startDate.localeCompare(a.startDate) || byId(a, b)),
    };
    for (const [key, want] of Object.entries(expected)) {
      const [sort, dir] = key.split(" ") as ["start" | "end", "asc" | "desc"];
      const seen: string[] = [];
      for (const page of [1, 2, 3]) {
        const { value, queries } = await counted(() => listCohorts(coordinatorViewer(), { siteId: site.id }, { sort, dir, page }));
        expect({ total: value.total, pages: value.pages, page: value.page }).toEqual({ total: 120, pages: 3, page });
        expect(queries).toBe(2);
        seen.push(...value.cohorts.map((c) => c.id));
      }
      expect(seen, key).toEqual(want.map((c) => c.id));
    }
    // A page past the last: the last page (two more statements to find it).
    const past = await counted(() => listCohorts(coordinatorViewer(), { siteId: site.id }, { page: 9 }));
    expect({ page: past.value.page, pages: past.value.pages, total: past.value.total }).toEqual({ page: 3, pages: 3, total: 120 });
    expect(past.value.cohorts.map((c) => c.id)).toEqual(expected["start desc"].slice(100).map((c) => c.id));
    expect(past.queries).toBe(4);
    // Nothing to show: no page, no statement for the page's cohorts.
    const none = await listCohorts(coordinatorViewer(), { siteId: site.id, status: "CANCELLED" }, { page: 2 });
    expect({ total: none.total, page: none.page, pages: none.pages, cohorts: none.cohorts }).toEqual({
      total: 0,
      page: 1,
      pages: 1,
      cohorts: [],
    });
  });

  it.skipIf(isPostgresUrl(process.env.DATABASE_URL ?? ""))("reads the default order from Cohort(startDate) (SQLite plan)", async () => {
    const plan = (
      await readRows(`EXPLAIN QUERY PLAN SELECT c."id" FROM "Cohort" c WHERE 1 = 1 ORDER BY c."startDate" DESC, c."id" ASC LIMIT 50`, [])
    ).map((r) => String(r[3]));
    expect(plan.join("\n")).toMatch(/SCAN c USING (COVERING )?INDEX Cohort_startDate_idx/);
  });
});
