// A lot's ledger page shows its entries a page at a time (the latest by default, earlier and
// later pages by entry number), each with its running balance over the whole lot; the audit row
// names the participants on the page shown; the reversal offers the page's entries.
import { describe, expect, it } from "vitest";
import { ledgerBalance } from "~/domain/safety";
import { toDomainEntry } from "~/models/ledger.server";
import * as lotRoute from "~/routes/ledger.lots.$lotId";
import { dbReady } from "~/utils/db.server";
import { createEnrolledTestParticipant, createTestCohort, createTestSite } from "../setup/factories-scheduling";
import { createTestLot, createTestSession, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

type Page = Awaited<ReturnType<typeof lotRoute.loader>>;

describe("a lot's ledger page", () => {
  it("pages the entries by number with running balances, audits the page's participants and keeps bad cursors harmless", async () => {
    const db = await dbReady();
    const clinician = await signedInUser(["CLINICIAN"]);
    const site = await createTestSite();
    const lot = await createTestLot(site.id, { totalMg: 10_000, recordedById: clinician.user.id });
    const cohort = await createTestCohort({ siteId: site.id });
    // 119 administrations of 50 mg after the receipt (entry 1): entries 2–5 to one participant
    // (on the first page only), the others to one of 7 more.
    const people: { id: string }[] = [];
    for (let i = 0; i < 8; i++) people.push((await createEnrolledTestParticipant(cohort.id)).participant);
    await db.ledgerEntry.createMany({
      data: Array.from({ length: 119 }, (_, i) => ({
        lotId: lot.id,
        seq: i + 2,
        type: "ADMINISTER",
        amountUg: 50_000,
        balanceAfterUg: lot.totalUg - (i + 1) * 50_000,
        participantId: i < 4 ? people[7].id : people[i % 7].id,
        recordedById: clinician.user.id,
        recordedAt: new Date(Date.UTC(2026, 10, 1) + i * 3_600_000),
      })),
    });
    const page = async (query = "") => {
      const res = await call(lotRoute.loader, `/ledger/lots/${lot.id}${query}`, "GET", {
        cookie: clinician.cookie,
        params: { lotId: lot.id },
      });
      expect(res.status).toBe(200);
      return (res.data as Page).ledger;
    };
    const balanceAt = (seq: number) => lot.totalUg - (seq - 1) * 50_000;

    const latest = await page();
    expect(latest.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(latest.rows.map((r) => r.balanceUg)).toEqual(latest.rows.map((r) => balanceAt(r.seq)));
    expect(latest.balanceUg).toBe(balanceAt(120));
    expect(latest.entries).toBe(120);
    expect(latest.shown).toEqual({ first: 71, last: 120, earlier: true, later: false });

    const earlier = await page("?before=71");
    expect(earlier.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 21 + i));
    expect(earlier.shown).toEqual({ first: 21, last: 70, earlier: true, later: true });
    const first = await page("?before=21");
    expect(first.rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + i));
    expect(first.rows[0]).toMatchObject({ type: "RECEIVE", balanceUg: lot.totalUg });
    expect(first.shown).toEqual({ first: 1, last: 20, earlier: false, later: true });
    const later = await page("?after=20");
    expect(later.rows.map((r) => r.seq)).toEqual(earlier.rows.map((r) => r.seq));
    // The balance shown for an entry does not depend on the page it is on.
    expect(later.rows.map((r) => r.balanceUg)).toEqual(earlier.rows.map((r) => r.balanceUg));

    // The audit row of a page names the participants on it.
    const lastAudit = async () =>
      JSON.stringify(
        await db.auditEvent.findFirstOrThrow({
          where: { actorId: clinician.user.id, entityType: "KetamineLot", entityId: lot.id },
          orderBy: [{ at: "desc" }, { id: "desc" }],
        }),
      );
    await page();
    const onLatest = await lastAudit();
    expect(people.slice(0, 7).every((p) => onLatest.includes(p.id))).toBe(true);
    expect(onLatest).not.toContain(people[7].id);
    await page("?before=21");
    expect(await lastAudit()).toContain(people[7].id);

    // Not an entry number: the latest page.
    for (const bad of ["?before=abc", "?after=-3", "?before=0", "?after=1e3"]) expect((await page(bad)).shown).toEqual(latest.shown);
  });

  it("shows every entry's names, codes, reversals and pending signatures as the ORM read them", async () => {
    const db = await dbReady();
    const clinician = await signedInUser(["CLINICIAN"]);
    const witness = await signedInUser(["CLINICIAN"], { name: "Wanda Witness" });
    const site = await createTestSite();
    const lot = await createTestLot(site.id, { totalMg: 1_000, recordedById: clinician.user.id });
    const cohort = await createTestCohort({ siteId: site.id });
    const session = await createTestSession(cohort.id, { kind: "DOSING" });
    const [a, b] = [await createEnrolledTestParticipant(cohort.id), await createEnrolledTestParticipant(cohort.id)];
    const record = (enrollmentId: string, signed: boolean) =>
      db.dosingRecord.create({
        data: {
          sessionId: session.id,
          enrollmentId,
          status: signed ? "SIGNED" : "DRAFT",
          doseUg: 50_000,
          signedAt: signed ? new Date() : null,
        },
      });
    const signed = await record(a.enrollment.id, true);
    const draft = await record(b.enrollment.id, false);
    const entry = (seq: number, data: Record<string, unknown>) =>
      db.ledgerEntry.create({
        data: { lotId: lot.id, seq, amountUg: 50_000, balanceAfterUg: 0, recordedById: clinician.user.id, ...data } as never,
      });
    await entry(2, { type: "ADMINISTER", participantId: a.participant.id, dosingRecordId: signed.id });
    await entry(3, { type: "ADMINISTER", participantId: b.participant.id, dosingRecordId: draft.id });
    const waste = await entry(4, { type: "WASTE", amountUg: 10_000, witnessId: witness.user.id, method: "Denaturing kit" });
    await entry(5, { type: "REVERSAL", amountUg: 10_000, reversesEntryId: waste.id, reason: "Recorded twice", witnessId: witness.user.id });
    await entry(6, {
      type: "INVENTORY_COUNT",
      amountUg: 0,
      physicalCountUg: 880_000,
      expectedUg: 900_000,
      explanation: "Spill",
      flagged: true,
    });
    await entry(7, { type: "LOSS_THEFT", amountUg: 5_000, dea106Required: true, note: "Vial cracked" });

    // The earlier read: the ORM's rows, names and codes looked up by id, pending when the dosing record is unsigned.
    const full = await db.ketamineLot.findUniqueOrThrow({ where: { id: lot.id }, include: { entries: { orderBy: { seq: "asc" } } } });
    const users = new Map((await db.user.findMany()).map((u) => [u.id, u.name]));
    const codes = new Map(
      (await db.participant.findMany({ where: { id: { in: [a.participant.id, b.participant.id] } } })).map((p) => [p.id, p.code]),
    );
    const unsigned = new Set((await db.dosingRecord.findMany({ where: { signedAt: null } })).map((r) => r.id));
    const balance = ledgerBalance(full.entries.map((e) => toDomainEntry(full, e)));
    const expected = full.entries.map((e, i) => ({
      seq: e.seq,
      type: e.type,
      deltaUg: balance.rows[i].deltaUg,
      balanceUg: balance.rows[i].balanceUg,
      reversed: balance.rows[i].reversed,
      recordedAt: e.recordedAt.toISOString(),
      recordedBy: users.get(e.recordedById),
      witness: e.witnessId ? users.get(e.witnessId) : null,
      participantCode: e.participantId ? codes.get(e.participantId) : null,
      reversesSeq: e.reversesEntryId ? full.entries.find((x) => x.id === e.reversesEntryId)!.seq : null,
      pending: e.type === "ADMINISTER" && !balance.rows[i].reversed && !!e.dosingRecordId && unsigned.has(e.dosingRecordId),
      flagged: e.flagged,
      dea106Required: e.dea106Required,
      method: e.method,
      physicalCountUg: e.physicalCountUg,
      expectedUg: e.expectedUg,
      explanation: e.explanation,
      note: e.note,
    }));
    const res = await call(lotRoute.loader, `/ledger/lots/${lot.id}`, "GET", { cookie: clinician.cookie, params: { lotId: lot.id } });
    const { ledger } = res.data as Page;
    expect(ledger.rows.map((r) => ({ ...Object.fromEntries(Object.keys(expected[0]).map((k) => [k, r[k as keyof typeof r]])) }))).toEqual(
      expected,
    );
    expect(ledger.rows.filter((r) => r.pending).map((r) => r.seq)).toEqual([3]);
    expect(ledger.balanceUg).toBe(balance.balanceUg);
    expect(ledger.lot).toMatchObject({
      lotNumber: lot.lotNumber,
      site: site.name,
      timeZone: site.timeZone,
      totalUg: lot.totalUg,
      vialCount: 1,
    });
    expect(ledger.lot.receivedAt).toBe(lot.receivedAt.toISOString());
  });
});
