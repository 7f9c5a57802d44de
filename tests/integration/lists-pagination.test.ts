// The participant, cohort and safety-inbox lists read one page whatever the database's size: walking the
// pages shows every row exactly once in the chosen order, filters combine with paging,
// facilitators page through their own cohorts' participants only, each page audits exactly
// the participants it shows, and a malformed page parameter is the first page.
import { beforeAll, describe, expect, it } from "vitest";
import { COHORT_PAGE_SIZE } from "~/models/cohort.server";
import { PARTICIPANT_PAGE_SIZE } from "~/models/participant.server";
import { INBOX_PAGE_SIZE, recordSafetySignal } from "~/models/safetySignal.server";
import * as cohortsList from "~/routes/cohorts._index";
import * as participantsList from "~/routes/participants._index";
import * as safetyInbox from "~/routes/safety";
import { dbReady } from "~/utils/db.server";
import { auditMark } from "../setup/audit";
import { createTestCohort, createTestEnrollment, createTestParticipant, createTestSite } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

type PRow = { id: string; name: string; code: string; age: number; occupation: string };
type PList = { participants: PRow[]; total: number; previousCursor: string | null; nextCursor: string | null };
type CRow = { id: string; name: string; startDate: string; enrolled: number; status: string };
type CList = { cohorts: CRow[]; total: number; page: number; pages: number };

const N = PARTICIPANT_PAGE_SIZE * 2 + 7;
const COHORTS = COHORT_PAGE_SIZE + 5;
let coordinator: string;
let coordinatorId: string;
let facilitator: string;
let clinician: string;
let mineId: string;
let siteId: string;
const mineIds: string[] = [];

async function participants(cookie: string, query: string) {
  const res = await call(participantsList.loader, `/participants?${query}`, "GET", { cookie });
  expect(res.status).toBe(200);
  return res.data as PList;
}

/** Every page, following "Next" from the first; the rows in the order shown. */
async function walk(cookie: string, query: string) {
  const rows: PRow[] = [];
  let page = await participants(cookie, query);
  const first = page;
  expect(page.previousCursor).toBeNull();
  for (let i = 0; ; i++) {
    expect(i).toBeLessThan(20);
    rows.push(...page.participants);
    if (!page.nextCursor) break;
    page = await participants(cookie, `${query}&after=${page.nextCursor}`);
    expect(page.previousCursor).not.toBeNull();
  }
  return { rows, first, last: page };
}

beforeAll(async () => {
  const db = await dbReady();
  const coord = await signedInUser(["COORDINATOR"]);
  coordinator = coord.cookie;
  coordinatorId = coord.user.id;
  const fac = await signedInUser(["FACILITATOR"]);
  facilitator = fac.cookie;
  const clin = await signedInUser(["CLINICIAN"]);
  clinician = clin.cookie;
  const site = await createTestSite();
  siteId = site.id;
  const mine = await createTestCohort({
    siteId,
    staff: [
      { userId: fac.user.id, role: "LEAD_FACILITATOR" },
      { userId: clin.user.id, role: "CLINICIAN" },
    ],
    capacity: 200,
  });
  const other = await createTestCohort({ siteId, capacity: 200 });
  mineId = mine.id;
  // Shared last names (and first names) so the id tie-break decides, across page boundaries.
  for (let i = 0; i < N; i++) {
    const p = await createTestParticipant({
      firstName: `Ana${String(i % 4)}`,
      lastName: `Pagewalk${String(Math.floor(i / 6)).padStart(2, "0")}`,
      dateOfBirth: `19${60 + (i % 30)}-0${1 + (i % 9)}-15`,
      occupation: i % 3 ? "NURSE" : "EMS",
    });
    await createTestEnrollment({ participantId: p.id, cohortId: i % 2 ? mine.id : other.id, status: i % 5 ? "ACTIVE" : "WITHDRAWN" });
    if (i % 2) mineIds.push(p.id);
    // Safety signals on most participants: every priority, the same instant for several (the id decides).
    if (i % 7 !== 3) {
      const s = await recordSafetySignal(db, {
        kind: "PHQ9_ITEM9",
        priority: (["urgent", "high", "review"] as const)[i % 3],
        participantId: p.id,
        cohortId: i % 2 ? mine.id : other.id,
        sourceType: "Assessment",
        sourceId: `pagewalk-${i}`,
        detail: `Pagewalk signal ${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 4))),
      });
      // A second, open one for the clinician's cohort: more than a page of open signals.
      if (i % 2)
        await recordSafetySignal(db, {
          kind: "VITALS_OUT_OF_RANGE",
          priority: "high",
          participantId: p.id,
          cohortId: mine.id,
          sourceType: "VitalsReading",
          sourceId: `pagewalk-${i}`,
          detail: `Pagewalk vitals ${i}`,
          createdAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 4))),
        });
      if (i % 5 === 1)
        await db.safetySignal.update({ where: { id: s.id }, data: { acknowledgedAt: new Date(Date.UTC(2026, 5, 1 + (i % 9))) } });
    }
  }
  // More cohorts than a page, at one site, some with seats taken.
  await db.cohort.updateMany({ where: { id: { in: [mine.id, other.id] } }, data: { startDate: "2030-01-01" } });
  for (let i = 0; i < COHORTS - 2; i++) {
    await createTestCohort({
      siteId,
      startDate: `2031-${String(1 + (i % 12)).padStart(2, "0")}-01`,
      status: i % 4 ? "ENROLLING" : "PLANNED",
    });
  }
});

describe("participant list pages", () => {
  it("walks every participant once by name, and back again with Previous", async () => {
    const { rows, first, last } = await walk(coordinator, "q=Pagewalk");
    expect(first.total).toBe(N);
    expect(first.participants).toHaveLength(PARTICIPANT_PAGE_SIZE);
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.id)).size).toBe(N);
    const key = (r: PRow) => r.name;
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(key(a) < key(b) || (key(a) === key(b) && a.id < b.id), `${key(a)} ${a.id} before ${key(b)} ${b.id}`).toBe(true);
    }
    // Previous from the last page is the page before it, exactly.
    const back = await participants(coordinator, `q=Pagewalk&before=${last.previousCursor}`);
    expect(back.participants.map((r) => r.id)).toEqual(rows.slice(PARTICIPANT_PAGE_SIZE, 2 * PARTICIPANT_PAGE_SIZE).map((r) => r.id));
    expect(back.nextCursor).not.toBeNull();
  });

  it("sorts by age descending and by code across pages", async () => {
    const byAge = (await walk(coordinator, "q=Pagewalk&sort=age&dir=desc")).rows;
    expect(byAge).toHaveLength(N);
    expect(new Set(byAge.map((r) => r.id)).size).toBe(N);
    expect(byAge.map((r) => r.age)).toEqual([...byAge.map((r) => r.age)].sort((a, b) => b - a));
    const byCode = (await walk(coordinator, "q=Pagewalk&sort=code")).rows;
    expect(byCode.map((r) => r.code)).toEqual(byCode.map((r) => r.code).sort());
    expect(new Set(byCode.map((r) => r.id)).size).toBe(N);
  });

  it("combines filters with paging", async () => {
    const { rows, first } = await walk(coordinator, `q=Pagewalk&cohortId=${mineId}&status=ACTIVE&occupation=NURSE&sort=occupation`);
    const db = await dbReady();
    const expected = await db.participant.count({
      where: { lastName: { startsWith: "Pagewalk" }, occupation: "NURSE", enrollments: { some: { cohortId: mineId, status: "ACTIVE" } } },
    });
    expect(first.total).toBe(expected);
    expect(rows).toHaveLength(expected);
    expect(rows.every((r) => r.occupation === "NURSE" && mineIds.includes(r.id))).toBe(true);
  });

  it("pages a facilitator through their own cohort's participants only", async () => {
    const { rows, first } = await walk(facilitator, "q=Pagewalk");
    expect(first.total).toBe(mineIds.length);
    expect(rows.map((r) => r.id).sort()).toEqual([...mineIds].sort());
    // Someone else's participant as a cursor is ignored: the first page again.
    const db = await dbReady();
    const outsider = await db.participant.findFirstOrThrow({
      where: { lastName: { startsWith: "Pagewalk" }, id: { notIn: mineIds } },
    });
    const page = await participants(facilitator, `q=Pagewalk&after=${outsider.id}`);
    expect(page.participants.map((r) => r.id)).toEqual(first.participants.map((r) => r.id));
  });

  it("audits one row per page with only the participants shown", async () => {
    const db = await dbReady();
    // The coordinator's rows written after this point (auditMark).
    const last = await auditMark(coordinatorId);
    const page = await participants(coordinator, "q=Pagewalk&sort=code");
    const second = await participants(coordinator, `q=Pagewalk&sort=code&after=${page.nextCursor}`);
    const rows = await db.auditEvent.findMany({
      where: { action: "participant.view", actorId: coordinatorId, id: { gt: last } },
    });
    // Only this test's reads (other files run beside this one and read participants too).
    const audited = rows
      .map((r) => JSON.parse(r.details ?? "{}") as { participantIds: string[]; filters?: { q?: string } })
      .filter((d) => d.filters?.q === "Pagewalk")
      .map((d) => d.participantIds.sort().join());
    const shown = [page, second].map((p) =>
      p.participants
        .map((r) => r.id)
        .sort()
        .join(),
    );
    expect(audited.sort()).toEqual(shown.sort());
  });

  it("treats a malformed cursor or sort as the first page", async () => {
    const first = await participants(coordinator, "q=Pagewalk");
    for (const bad of ["after=%00%27;drop", "before=not a cursor", "after=nosuchparticipant", "sort=evil&dir=sideways", "status=NOPE"]) {
      const page = await participants(coordinator, `q=Pagewalk&${bad}`);
      expect(
        page.participants.map((r) => r.id),
        bad,
      ).toEqual(first.participants.map((r) => r.id));
    }
  });
});

describe("participant list filters", () => {
  it("lists only participants with open safety signals, across pages", async () => {
    const { rows, first } = await walk(coordinator, "q=Pagewalk&signals=open");
    const db = await dbReady();
    const expected = await db.participant.findMany({
      where: { lastName: { startsWith: "Pagewalk" }, safetySignals: { some: { acknowledgedAt: null } } },
      select: { id: true },
    });
    expect(first.total).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(PARTICIPANT_PAGE_SIZE);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((e) => e.id).sort());
  });
});

describe("safety inbox pages", () => {
  type SRow = { id: string; priority: string; at: string; acknowledgedAt: string | null; participantId: string };
  type SList = { signals: SRow[]; total: number; openCount: number; previousCursor: string | null; nextCursor: string | null };
  async function inbox(query: string) {
    const res = await call(safetyInbox.loader, `/safety?${query}`, "GET", { cookie: clinician });
    expect(res.status).toBe(200);
    return res.data as SList;
  }
  async function walkInbox(query: string) {
    const rows: SRow[] = [];
    let page = await inbox(query);
    const first = page;
    for (let i = 0; ; i++) {
      expect(i).toBeLessThan(20);
      rows.push(...page.signals);
      if (!page.nextCursor) break;
      page = await inbox(`${query}&after=${page.nextCursor}`);
    }
    return { rows, first, last: page };
  }
  const RANK = { urgent: 0, high: 1, review: 2 } as Record<string, number>;

  it("walks the clinician's open signals once, most urgent first, then newest", async () => {
    const db = await dbReady();
    const expected = await db.safetySignal.findMany({
      where: { acknowledgedAt: null, participantId: { in: mineIds } },
      select: { id: true },
    });
    expect(expected.length).toBeGreaterThan(INBOX_PAGE_SIZE);
    const { rows, first, last } = await walkInbox("view=open");
    expect(first.total).toBe(expected.length);
    expect(first.openCount).toBe(expected.length);
    expect(first.signals).toHaveLength(INBOX_PAGE_SIZE);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((e) => e.id).sort());
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      const order = RANK[a.priority] - RANK[b.priority] || b.at.localeCompare(a.at) || b.id.localeCompare(a.id);
      expect(order, `${a.priority} ${a.at} ${a.id} before ${b.priority} ${b.at} ${b.id}`).toBeLessThan(0);
    }
    const back = await inbox(`view=open&before=${last.previousCursor}`);
    expect(back.signals.map((r) => r.id)).toEqual(rows.slice(0, INBOX_PAGE_SIZE).map((r) => r.id));
  });

  it("walks the history latest acknowledgement first, and ignores a cursor from the other view", async () => {
    const db = await dbReady();
    const expected = await db.safetySignal.count({ where: { acknowledgedAt: { not: null }, participantId: { in: mineIds } } });
    const { rows, first } = await walkInbox("view=history");
    expect(first.total).toBe(expected);
    expect(rows).toHaveLength(expected);
    const acks = rows.map((r) => r.acknowledgedAt!);
    expect(acks).toEqual([...acks].sort().reverse());
    const open = await inbox("view=open");
    const page = await inbox(`view=history&after=${open.signals[0].id}`);
    expect(page.signals.map((r) => r.id)).toEqual(first.signals.map((r) => r.id));
  });
});

describe("cohort list pages", () => {
  async function cohorts(query: string) {
    const res = await call(cohortsList.loader, `/cohorts?${query}`, "GET", { cookie: coordinator });
    expect(res.status).toBe(200);
    return res.data as CList;
  }

  it("walks every cohort once, newest start first, with seats from one count", async () => {
    const first = await cohorts(`siteId=${siteId}`);
    expect(first.total).toBe(COHORTS);
    expect(first.pages).toBe(Math.ceil(COHORTS / COHORT_PAGE_SIZE));
    const rows: CRow[] = [];
    for (let p = 1; p <= first.pages; p++) rows.push(...(await cohorts(`siteId=${siteId}&page=${p}`)).cohorts);
    expect(rows).toHaveLength(COHORTS);
    expect(new Set(rows.map((r) => r.id)).size).toBe(COHORTS);
    expect(rows.map((r) => r.startDate)).toEqual([...rows.map((r) => r.startDate)].sort().reverse());
    const mine = rows.find((r) => r.id === mineId)!;
    expect(mine.enrolled).toBe(mineIds.length - mineIds.filter((_, i) => (2 * i + 1) % 5 === 0).length);
  });

  it("sorts by seats and by status server-side, and filters combine with paging", async () => {
    const bySeats = await cohorts(`siteId=${siteId}&sort=seats&dir=desc`);
    const seats = bySeats.cohorts.map((c) => c.enrolled);
    expect(seats).toEqual([...seats].sort((a, b) => b - a));
    expect(seats[0]).toBeGreaterThan(40);
    const planned = await cohorts(`siteId=${siteId}&status=PLANNED`);
    expect(planned.cohorts.every((c) => c.status === "PLANNED")).toBe(true);
    expect(planned.total).toBe(Math.ceil((COHORTS - 2) / 4));
    const byStatus: CRow[] = [];
    for (let p = 1; p <= bySeats.pages; p++) byStatus.push(...(await cohorts(`siteId=${siteId}&sort=status&page=${p}`)).cohorts);
    expect(byStatus.map((c) => c.status)).toEqual(
      [...byStatus.map((c) => c.status)].sort((a, b) => (a === b ? 0 : a === "PLANNED" ? -1 : 1)),
    );
    expect(new Set(byStatus.map((c) => c.id)).size).toBe(COHORTS);
  });

  it("treats a malformed page or sort as the first page", async () => {
    const first = await cohorts(`siteId=${siteId}`);
    for (const bad of ["page=abc", "page=-3", "page=1e99", "sort=evil", "dir=up", "status=NOPE"]) {
      const page = await cohorts(`siteId=${siteId}&${bad}`);
      expect(page.page, bad).toBe(1);
      expect(
        page.cohorts.map((c) => c.id),
        bad,
      ).toEqual(first.cohorts.map((c) => c.id));
    }
    // Past the end: the last page.
    expect((await cohorts(`siteId=${siteId}&page=999`)).page).toBe(first.pages);
  });
});
