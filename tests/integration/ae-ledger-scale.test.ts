// Issue 17 (scale): /adverse-events pages (keyset on onset + id), the rates counted in SQL,
// and the lots' balances from one latest-entry query, checked against brute force.
import { beforeAll, describe, expect, it } from "vitest";
import { aeRatesPerDosingSession, isRelated, type Relatedness } from "~/domain/safety";
import { instantToLocal } from "~/domain/scheduling/localTime";
import { readerFor, type Viewer } from "~/models/access.server";
import { AE_PAGE_SIZE, aeRatesForCohorts, decodeAeCursor, listAdverseEventsPage, type AeFilters } from "~/models/adverseEvent.server";
import { inventoryDueDates } from "~/models/deaRecords.server";
import { listLotsPage, lotBalances } from "~/models/ledger.server";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createSafetyCohort, createSafetyParticipant, markDosed } from "../setup/factories-safety";
import { createTestLot } from "../setup/factories-sessions";
import { counted } from "../setup/statements";

const reader = (v: Viewer) => readerFor({ request: new Request("http://localhost/adverse-events") } as never, v);
const REL: Relatedness[] = ["UNRELATED", "UNLIKELY", "POSSIBLE", "PROBABLE", "DEFINITE"];

let facilitator: Viewer;
let cohortIds: string[];
let otherCohortId: string;
let zoneOf: Map<string, string>;

beforeAll(async () => {
  const db = await dbReady();
  const admin = await createTestUser({ roles: ["ADMIN"] });
  const f = await createTestUser({ roles: ["FACILITATOR"] });
  facilitator = { id: f.id, email: f.email, roles: ["FACILITATOR"] };
  const a = await createSafetyCohort({ staff: [{ userId: f.id, role: "FACILITATOR" }], timeZone: "America/Denver" });
  const b = await createSafetyCohort({ staff: [{ userId: f.id, role: "FACILITATOR" }], timeZone: "Europe/Berlin" });
  const c = await createSafetyCohort({ timeZone: "UTC" });
  cohortIds = [a.cohort.id, b.cohort.id];
  otherCohortId = c.cohort.id;
  zoneOf = new Map([a, b, c].map((x) => [x.cohort.id, x.cohort.timeZone]));
  let k = 0;
  for (const { cohort, sessions } of [a, b, c]) {
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await createSafetyParticipant(cohort.id));
    // The same person in cohorts a and b counts once per cohort.
    if (cohort.id === b.cohort.id) {
      const first = await db.enrollment.findFirstOrThrow({ where: { cohortId: a.cohort.id } });
      people.push({
        participant: { id: first.participantId },
        enrollment: await db.enrollment.create({ data: { participantId: first.participantId, cohortId: cohort.id, status: "ACTIVE" } }),
      } as never);
    }
    for (const [si, s] of sessions.entries())
      for (const [pi, p] of people.entries())
        if ((pi + si) % 4 !== 0) await markDosed(s.id, p.enrollment.id, admin.id, { signed: (pi + si) % 5 !== 1 });
    // 70 events per cohort: repeated onsets (ties broken by id), some without a session.
    for (let i = 0; i < 70; i++) {
      const p = people[i % people.length];
      const s = i % 7 === 0 ? null : sessions[i % sessions.length];
      await db.adverseEvent.create({
        data: {
          participantId: p.participant.id,
          cohortId: cohort.id,
          sessionId: s?.id ?? null,
          term: "NAUSEA",
          onsetAt: new Date(Date.UTC(2026, 8, 8, 5, 0) + Math.floor(i / 3) * 5 * 3_600_000),
          description: `event ${++k}`,
          grade: (i % 4) + 1,
          serious: i % 9 === 0,
          relatednessKetamine: REL[i % REL.length],
          relatednessGroup: "UNRELATED",
          expected: true,
          actionTaken: "NONE",
          outcome: "RECOVERED",
          recordedById: admin.id,
        },
      });
    }
  }
});

async function walk(viewer: Viewer, filters: AeFilters) {
  const ids: string[] = [];
  let before: string | null = null;
  let total = -1;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listAdverseEventsPage(reader(viewer), filters, { before: decodeAeCursor(before) });
    expect(page.rows.length).toBeLessThanOrEqual(AE_PAGE_SIZE);
    total = page.total;
    ids.push(...page.rows.map((r) => r.id));
    if (!page.olderCursor) break;
    before = page.olderCursor;
  }
  return { ids, total };
}

async function expected(filters: AeFilters, scope: string[]) {
  const db = await dbReady();
  const all = await db.adverseEvent.findMany({ where: { cohortId: { in: scope } }, orderBy: [{ onsetAt: "desc" }, { id: "desc" }] });
  return all
    .filter((e) => (filters.cohortId ? e.cohortId === filters.cohortId : true))
    .filter((e) => (filters.grade ? e.grade === filters.grade : true))
    .filter((e) => (filters.serious === undefined ? true : e.serious === filters.serious))
    .filter((e) => (filters.related === undefined ? true : isRelated(e.relatednessKetamine as Relatedness) === filters.related))
    .filter((e) => {
      const day = instantToLocal(e.onsetAt, zoneOf.get(e.cohortId!) ?? "UTC").date;
      return (!filters.from || day >= filters.from) && (!filters.to || day <= filters.to);
    })
    .map((e) => e.id);
}

describe("/adverse-events pages", () => {
  it("names each row's participant (code for a facilitator), cohort and session, and shows the onset in the cohort's zone", async () => {
    const db = await dbReady();
    // Through the driver: the count and the page (names joined) together, the follow-ups, the audit row.
    const { value: page, queries } = await counted(() => listAdverseEventsPage(reader(facilitator), {}));
    expect(queries).toBe(4);
    const events = await db.adverseEvent.findMany({ where: { id: { in: page.rows.map((r) => r.id) } } });
    const people = new Map(
      (await db.participant.findMany({ where: { id: { in: events.map((e) => e.participantId) } } })).map((p) => [p.id, p]),
    );
    const cohorts = new Map((await db.cohort.findMany({ where: { id: { in: cohortIds } } })).map((c) => [c.id, c]));
    const sessions = new Map((await db.groupSession.findMany({ where: { cohortId: { in: cohortIds } } })).map((x) => [x.id, x]));
    const byId = new Map(
      events.map((e) => [
        e.id,
        {
          ...e,
          participant: people.get(e.participantId)!,
          cohort: cohorts.get(e.cohortId!),
          session: e.sessionId ? sessions.get(e.sessionId) : null,
        },
      ]),
    );
    expect(page.rows.some((r) => r.session === null) && page.rows.some((r) => r.session !== null)).toBe(true);
    for (const row of page.rows) {
      const e = byId.get(row.id)!;
      expect(row).toMatchObject({
        participant: e.participant.firstName ? `${e.participant.firstName} ${e.participant.lastName ?? ""}`.trim() : e.participant.code,
        cohort: e.cohort!.name,
        session: e.session?.title ?? null,
        timeZone: e.cohort!.timeZone,
        onsetDate: instantToLocal(e.onsetAt, e.cohort!.timeZone).date,
      });
    }
  });

  it("walks more than one page, each event exactly once, newest onset first, scoped to the facilitator's cohorts", async () => {
    const { ids, total } = await walk(facilitator, {});
    const want = await expected({}, cohortIds);
    expect(want.length).toBe(140);
    expect(ids).toEqual(want);
    expect(total).toBe(140);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("walks back with the newer cursor to the same pages", async () => {
    const first = await listAdverseEventsPage(reader(facilitator), {});
    const second = await listAdverseEventsPage(reader(facilitator), {}, { before: decodeAeCursor(first.olderCursor) });
    const back = await listAdverseEventsPage(reader(facilitator), {}, { after: decodeAeCursor(second.newerCursor) });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.newerCursor).toBeNull();
  });

  it("combines filters with paging (grade, related, serious, local onset dates per cohort zone, cohort)", async () => {
    const cases: AeFilters[] = [
      { related: true },
      { related: false, grade: 2 },
      { serious: true },
      { from: "2026-09-10", to: "2026-09-14" },
      { from: "2026-09-12", cohortId: cohortIds[1], related: true },
      { cohortId: otherCohortId },
    ];
    for (const f of cases) {
      const { ids, total } = await walk(facilitator, f);
      const want = f.cohortId === otherCohortId ? [] : await expected(f, cohortIds);
      expect(ids, JSON.stringify(f)).toEqual(want);
      expect(total).toBe(want.length);
    }
  });
});

describe("AE rates in SQL", () => {
  async function bruteForce(ids: string[]) {
    const db = await dbReady();
    const sessions = await db.groupSession.findMany({
      where: { cohortId: { in: ids }, kind: "DOSING", status: { not: "CANCELLED" } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });
    const numberOf = new Map<string, number>();
    const per = new Map<string, number>();
    for (const s of sessions) {
      per.set(s.cohortId, (per.get(s.cohortId) ?? 0) + 1);
      numberOf.set(s.id, per.get(s.cohortId)!);
    }
    const records = await db.dosingRecord.findMany({
      where: { sessionId: { in: sessions.map((s) => s.id) }, status: "SIGNED", givenAt: { not: null } },
    });
    const enr = new Map((await db.enrollment.findMany()).map((e) => [e.id, e]));
    const key = (c: string | null, p: string) => `${c ?? "-"}:${p}`;
    const dosings = records.map((d) => ({
      participantId: key(enr.get(d.enrollmentId)!.cohortId, enr.get(d.enrollmentId)!.participantId),
      sessionNumber: numberOf.get(d.sessionId)!,
    }));
    const events = (await db.adverseEvent.findMany({ where: { cohortId: { in: ids } } })).map((a) => ({
      participantId: key(a.cohortId, a.participantId),
      sessionNumber: a.sessionId ? (numberOf.get(a.sessionId) ?? null) : null,
      related: isRelated(a.relatednessKetamine as Relatedness),
      serious: a.serious,
    }));
    const r = aeRatesPerDosingSession({ dosings, events });
    const count = new Map<number, number>();
    for (const e of events) if (e.sessionNumber !== null) count.set(e.sessionNumber, (count.get(e.sessionNumber) ?? 0) + 1);
    return { ...r, sessions: r.sessions.map((s) => ({ ...s, aeCount: count.get(s.sessionNumber) ?? 0 })) };
  }

  it("equals the in-memory computation on the same data", async () => {
    for (const ids of [cohortIds, [cohortIds[0]], [cohortIds[1]], [...cohortIds, otherCohortId]]) {
      const got = await aeRatesForCohorts(ids);
      expect(got).toEqual(await bruteForce(ids));
      expect(got.sessions.length).toBeGreaterThan(0);
    }
    expect(await aeRatesForCohorts([])).toEqual({ sessions: [], eventsWithoutSession: 0, eventsWithoutMatchingDosing: 0 });
  });
});

describe("lot balances", () => {
  it("equal the last entry's balance (the old nested take: 1) and the sum of the entries", async () => {
    const db = await dbReady();
    const u = await createTestUser({ roles: ["CLINICIAN"] });
    const site = await db.site.create({ data: { name: `Ledger site ${Math.random()}`, timeZone: "UTC" } });
    const lots = [];
    for (let i = 0; i < 8; i++) {
      const lot = await createTestLot(site.id, { recordedById: u.id, totalMg: 100 });
      let balance = 100_000;
      for (let seq = 2; seq <= 2 + i * 3; seq++) {
        const amount = seq === 2 + i * 3 && i % 2 === 1 ? balance : Math.min(balance, 7_000 + seq * 100);
        balance -= amount;
        await db.ledgerEntry.create({
          data: {
            lotId: lot.id,
            seq,
            type: "WASTE",
            amountUg: amount,
            balanceAfterUg: balance,
            recordedById: u.id,
            flagged: i === 7 && seq <= 3,
          },
        });
      }
      lots.push(lot);
    }
    const got = await lotBalances(
      db,
      lots.map((l) => l.id),
    );
    const old = await db.ketamineLot.findMany({ where: { siteId: site.id }, include: { entries: { orderBy: { seq: "desc" }, take: 1 } } });
    for (const l of old) expect(got.get(l.id)).toBe(l.entries[0]?.balanceAfterUg ?? 0);
    for (const l of lots) {
      const entries = await db.ledgerEntry.findMany({ where: { lotId: l.id } });
      const sum = entries.reduce((s, e) => s + (e.type === "RECEIVE" ? e.amountUg : -e.amountUg), 0);
      expect(got.get(l.id)).toBe(sum);
    }
    const current = await listLotsPage({ show: "current", page: 1 });
    const all = await listLotsPage({ show: "all", page: 1 });
    expect(current.counts.all).toBe(all.counts.all);
    expect(current.lots.every((l) => l.balanceUg > 0)).toBe(true);
    const emptyIds = lots.filter((l) => got.get(l.id) === 0).map((l) => l.id);
    expect(emptyIds.length).toBeGreaterThan(0);
    expect(emptyIds.length).toBeLessThan(lots.length);
    expect(current.lots.some((l) => emptyIds.includes(l.id))).toBe(false);
    // The counts and the page's order against every lot's latest entry, read through the ORM.
    const everyLot = await db.ketamineLot.findMany({
      include: { entries: { orderBy: { seq: "desc" }, take: 1 } },
      orderBy: [{ expiryDate: "asc" }, { lotNumber: "asc" }, { id: "asc" }],
    });
    const withStock = everyLot.filter((l) => (l.entries[0]?.balanceAfterUg ?? 0) > 0);
    expect(current.counts).toEqual({ all: everyLot.length, current: withStock.length });
    expect(current.lots.map((l) => l.id)).toEqual(withStock.slice(0, 50).map((l) => l.id));
    expect(all.lots.map((l) => l.id)).toEqual(everyLot.slice(0, 50).map((l) => l.id));
    // A row through the driver: its site, amounts, flagged entries; the page in two statements.
    const flaggedLot = lots[7]; // its entries of seq 2 and 3 were written flagged
    const { value: again, queries } = await counted(() => listLotsPage({ show: "all", page: 1 }));
    expect(queries).toBe(2);
    const row = again.lots.find((l) => l.id === flaggedLot.id);
    const stored = await db.ketamineLot.findUniqueOrThrow({ where: { id: flaggedLot.id } });
    expect(row).toEqual({
      id: stored.id,
      lotNumber: stored.lotNumber,
      product: stored.product,
      site: site.name,
      siteId: site.id,
      concentrationMgPerMl: stored.concentrationMgPerMl,
      vialVolumeMl: stored.vialVolumeMl,
      vialCount: stored.vialCount,
      receivedUg: stored.totalUg,
      balanceUg: got.get(stored.id),
      expiryDate: stored.expiryDate,
      expired: new Date().toISOString().slice(0, 10) > stored.expiryDate,
      flaggedEntries: 2,
    });
    // The inventory reminders: one statement; a site never counted has no last date and nothing due.
    const { value: sites, queries: dueQueries } = await counted(() => inventoryDueDates());
    expect(dueQueries).toBe(1);
    expect(sites.find((x) => x.siteId === site.id)).toEqual({
      siteId: site.id,
      site: site.name,
      lastOn: null,
      dueBy: null,
      overdue: false,
    });
  });
});
