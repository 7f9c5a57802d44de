// DEA records (21 CFR 1304) on the controlled-substance ledger: receipts with the supplier's
// DEA number, Form 41 destructions with two witnesses, Form 106 losses, signed inventories and
// the inspection packet whose reconciliation is checked here against the raw ledger entries.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { formatMg } from "~/domain/safety";
import { writeLedgerEntry } from "~/models/ledger.server";
import * as csvRoute from "~/routes/ledger.inspection[.]csv";
import * as pdfRoute from "~/routes/ledger.inspection[.]pdf";
import * as inventoryRoute from "~/routes/ledger.inventory";
import * as lotRoute from "~/routes/ledger.lots.$lotId";
import * as newLotRoute from "~/routes/ledger.lots.new";
import * as recordsRoute from "~/routes/ledger.records";
import { parseCsv } from "~/utils/csv";
import { dbReady } from "~/utils/db.server";
import { TEST_PASSWORD, resetLoginLimits } from "../setup/factories";
import { createTestParticipant, createTestSite } from "../setup/factories-scheduling";
import { sessionFixture, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { pdfText } from "../setup/pdfText";

type Reply = { ok: boolean; errors?: Record<string, string>; message?: string };

beforeEach(resetLoginLimits);

const RECEIPT = {
  product: "Ketamine HCl injection, USP",
  concentrationMgPerMl: "50",
  vialVolumeMl: "10",
  vialCount: "4",
  supplier: "Front Range Pharma",
  supplierAddress: "100 Supply Way, Denver CO 80202",
  invoiceNumber: "INV-77",
  expiryDate: "2099-01-31",
};

async function fixture() {
  const clinician = await signedInUser(["CLINICIAN"]);
  const w1 = await signedInUser(["CLINICIAN"]);
  const w2 = await signedInUser(["CLINICIAN"]);
  const site = await createTestSite();
  const db = await dbReady();
  const receive = (extra: Record<string, string>) =>
    call(newLotRoute.action, "/ledger/lots/new", "POST", {
      cookie: clinician.cookie,
      form: { ...RECEIPT, lotNumber: `K-${Math.random().toString(36).slice(2, 7)}`, siteId: site.id, ...extra },
    });
  const lotPost = (lotId: string, form: Record<string, string>) =>
    call(lotRoute.action, `/ledger/lots/${lotId}`, "POST", { cookie: clinician.cookie, form, params: { lotId } }).then((r) => ({
      status: r.status,
      data: r.data as Reply,
    }));
  return { clinician, w1, w2, site, db, receive, lotPost };
}

const destroy = (w1: string, w2: string, p1 = TEST_PASSWORD, p2 = TEST_PASSWORD) => ({
  intent: "DESTROY",
  amountMg: "100",
  wasteMethod: "Reverse distributor's denaturing kit",
  destructionReason: "Expired stock",
  destroyedOn: "2026-12-02",
  place: "Pharmacy room, Loveland",
  witnessEmail: w1,
  witnessPassword: p1,
  witness2Email: w2,
  witness2Password: p2,
});

describe("receipt records", () => {
  it("refuses a bad supplier DEA number next to the field and writes nothing; stores a valid one", async () => {
    const f = await fixture();
    const bad = await f.receive({ supplierDeaNumber: "PS1234564" });
    expect(bad.status).toBe(400);
    expect((bad.data as Reply).errors?.supplierDeaNumber).toMatch(/check digit does not match/);
    const missing = await f.receive({ supplierDeaNumber: "" });
    expect((missing.data as Reply).errors?.supplierDeaNumber).toBe("Enter the supplier's DEA registration number");
    expect(await f.db.ketamineLot.count({ where: { siteId: f.site.id } })).toBe(0);
    expect(await f.db.ledgerEntry.count({ where: { lot: { siteId: f.site.id } } })).toBe(0);
    expect((await f.receive({ supplierDeaNumber: "ps 123 4563" })).status).toBe(302);
    expect(await f.db.ketamineLot.findFirstOrThrow({ where: { siteId: f.site.id } })).toMatchObject({
      supplier: "Front Range Pharma",
      supplierAddress: "100 Supply Way, Denver CO 80202",
      supplierDeaNumber: "PS1234563",
    });
  });
});

describe("destruction (Form 41)", () => {
  it("needs two distinct witnesses, neither the recorder, each with their own password", async () => {
    const f = await fixture();
    await f.receive({ supplierDeaNumber: "PS1234563" });
    const lot = await f.db.ketamineLot.findFirstOrThrow({ where: { siteId: f.site.id } });
    const same = await f.lotPost(lot.id, destroy(f.w1.user.email, f.w1.user.email));
    expect(same.data.errors?.witness2Email).toMatch(/two different people/);
    const self = await f.lotPost(lot.id, destroy(f.w1.user.email, f.clinician.user.email));
    expect(self.data.errors?.witness2Email).toMatch(/different person/);
    const wrong = await f.lotPost(lot.id, destroy(f.w1.user.email, f.w2.user.email, TEST_PASSWORD, "not it"));
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors?.witness2Password).toBeTruthy();
    const one = await f.lotPost(lot.id, { ...destroy(f.w1.user.email, ""), witness2Email: "", witness2Password: "" });
    expect(one.status).toBe(400);
    expect(await f.db.ledgerEntry.count({ where: { lotId: lot.id, type: "DESTROY" } })).toBe(0);
    expect(await f.db.deaDestruction.count({ where: { siteId: f.site.id } })).toBe(0);
    const ok = await f.lotPost(lot.id, destroy(f.w1.user.email, f.w2.user.email));
    expect(ok.status).toBe(200);
    const entry = await f.db.ledgerEntry.findFirstOrThrow({ where: { lotId: lot.id, type: "DESTROY" } });
    expect(entry.balanceAfterUg).toBe(2_000_000 - 100_000);
    expect(await f.db.deaDestruction.findUniqueOrThrow({ where: { ledgerEntryId: entry.id } })).toMatchObject({
      witness1Id: f.w1.user.id,
      witness2Id: f.w2.user.id,
      place: "Pharmacy room, Loveland",
    });
  });
});

describe("inspection packet", () => {
  it("reconciles received − administered − wasted − destroyed − lost with the raw entries and the last inventory", async () => {
    const f = await fixture();
    await f.receive({ supplierDeaNumber: "PS1234563", lotNumber: "A-1" });
    await f.receive({ supplierDeaNumber: "PS1234563", lotNumber: "B-1", vialCount: "2" });
    const lotA = await f.db.ketamineLot.findFirstOrThrow({ where: { siteId: f.site.id, lotNumber: "A-1" } });
    const lotB = await f.db.ketamineLot.findFirstOrThrow({ where: { siteId: f.site.id, lotNumber: "B-1" } });
    const participant = await createTestParticipant();
    const actor = { id: f.clinician.user.id, email: f.clinician.user.email };
    const meta = { ip: null, userAgent: "test" };
    await writeLedgerEntry(f.db, actor, meta, lotA.id, { type: "ADMINISTER", amountUg: 120_000, participantId: participant.id });
    const mistaken = await writeLedgerEntry(f.db, actor, meta, lotA.id, {
      type: "ADMINISTER",
      amountUg: 80_000,
      participantId: participant.id,
    });
    await writeLedgerEntry(f.db, actor, meta, lotA.id, {
      type: "REVERSAL",
      reversesEntryId: mistaken.id,
      reason: "Wrong lot",
      amountUg: 0,
    });
    expect(
      (
        await f.lotPost(lotA.id, {
          intent: "WASTE",
          amountMg: "7.5",
          wasteMethod: "Drug disposal container",
          witnessEmail: f.w1.user.email,
          witnessPassword: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect((await f.lotPost(lotB.id, destroy(f.w1.user.email, f.w2.user.email))).status).toBe(200);
    const loss = await f.lotPost(lotA.id, {
      intent: "LOSS_THEFT",
      amountMg: "12",
      reason: "Vial missing from the safe",
      discoveredOn: "2026-12-04",
      lossType: "THEFT",
      policeNotified: "yes",
      policeReportNumber: "",
    });
    expect(loss.data.errors?.policeReportNumber).toMatch(/police report number/);
    expect(
      (
        await f.lotPost(lotA.id, {
          intent: "LOSS_THEFT",
          amountMg: "12",
          reason: "Vial missing from the safe",
          discoveredOn: "2026-12-04",
          lossType: "THEFT",
          policeNotified: "yes",
          policeReportNumber: "LPD-2026-991",
        })
      ).status,
    ).toBe(200);
    const lossReport = await f.db.deaLossReport.findFirstOrThrow({ where: { siteId: f.site.id } });
    expect(lossReport.reportDueOn).toBe("2026-12-07"); // discovered Friday → Monday
    const reported = await call(recordsRoute.action, `/ledger/records?site=${f.site.id}`, "POST", {
      cookie: f.clinician.cookie,
      form: { intent: "reported", lossReportId: lossReport.id, reportedToDeaOn: "2026-12-07" },
    });
    expect(reported.status).toBe(200);
    const again = await call(recordsRoute.action, `/ledger/records?site=${f.site.id}`, "POST", {
      cookie: f.clinician.cookie,
      form: { intent: "reported", lossReportId: lossReport.id, reportedToDeaOn: "2026-12-08" },
    });
    expect(again.status).toBe(409);

    // Registrant details, check digit verified.
    const badReg = await call(recordsRoute.action, `/ledger/records?site=${f.site.id}`, "POST", {
      cookie: f.clinician.cookie,
      form: {
        intent: "registrant",
        siteId: f.site.id,
        deaRegistrationNumber: "RL1234564",
        deaRegistrantName: "X",
        deaRegistrantAddress: "Y",
      },
    });
    expect((badReg.data as Reply).errors?.deaRegistrationNumber).toMatch(/check digit/);
    await call(recordsRoute.action, `/ledger/records?site=${f.site.id}`, "POST", {
      cookie: f.clinician.cookie,
      form: {
        intent: "registrant",
        siteId: f.site.id,
        deaRegistrationNumber: "RL1234563",
        deaRegistrantName: "Loveland KAP Clinic",
        deaRegistrantAddress: "1 Main St, Loveland CO",
      },
    });

    // Inventory: lot A counted 2.5 mg short (explained), lot B exact. An unexplained difference is refused.
    const balA = 2_000_000 - 120_000 - 7_500 - 12_000;
    const balB = 1_000_000 - 100_000;
    const inventoryForm = (explanation: string, password = TEST_PASSWORD) => ({
      siteId: f.site.id,
      kind: "INITIAL",
      takenOn: "2026-12-08",
      timeOfDay: "CLOSE",
      "lines[0].lotId": lotA.id,
      "lines[0].fullContainers": "3",
      "lines[0].openedContainers": "1",
      "lines[0].openedEstimateMl": "7.2", // 360 mg; ledger has 360.5 mg in the opened vial
      "lines[0].explanation": explanation,
      "lines[1].lotId": lotB.id,
      "lines[1].fullContainers": "1",
      "lines[1].openedContainers": "1",
      "lines[1].openedEstimateMl": "8",
      "lines[1].explanation": "",
      password,
    });
    const postInventory = (form: Record<string, string>) =>
      call(inventoryRoute.action, `/ledger/inventory?site=${f.site.id}`, "POST", { cookie: f.clinician.cookie, form });
    const unexplained = await postInventory(inventoryForm(""));
    expect((unexplained.data as Reply).errors?.["lines.0.explanation"]).toMatch(/0.5 mg less than the ledger's/);
    const badPassword = await postInventory(inventoryForm("Opened vial estimated by eye", "wrong"));
    expect((badPassword.data as Reply).errors?.password).toBeTruthy();
    expect(await f.db.deaInventory.count({ where: { siteId: f.site.id } })).toBe(0);
    expect((await postInventory(inventoryForm("Opened vial estimated by eye"))).status).toBe(302);
    const inventory = await f.db.deaInventory.findFirstOrThrow({ where: { siteId: f.site.id }, include: { lines: true } });
    expect(inventory).toMatchObject({ signatureMeaning: "inventoried by", kind: "INITIAL" });
    expect(await f.db.ledgerEntry.count({ where: { lotId: { in: [lotA.id, lotB.id] }, type: "INVENTORY_COUNT" } })).toBe(2);

    // Independently from the raw entries: received − administered − wasted − destroyed − lost.
    const entries = await f.db.ledgerEntry.findMany({ where: { lotId: { in: [lotA.id, lotB.id] } } });
    const byId = new Map(entries.map((e) => [e.id, e]));
    const net = (type: string) =>
      entries.filter((e) => e.type === type).reduce((s, e) => s + e.amountUg, 0) -
      entries.filter((e) => e.type === "REVERSAL" && byId.get(e.reversesEntryId!)?.type === type).reduce((s, e) => s + e.amountUg, 0);
    const expected = net("RECEIVE") - net("ADMINISTER") - net("WASTE") - net("DESTROY") - net("LOSS_THEFT");
    expect(expected).toBe(balA + balB);
    const counted = inventory.lines.reduce((s, l) => s + l.countedUg, 0);
    expect(counted).toBe(balA + balB - 500);

    const year = new Date().getUTCFullYear();
    const q = `site=${f.site.id}&from=${year - 1}-01-01&to=${year + 1}-12-31`;
    const csvRes = await call(csvRoute.loader, `/ledger/inspection.csv?${q}`, "GET", { cookie: f.clinician.cookie });
    expect(csvRes.status).toBe(200);
    const records = parseCsv(await csvRes.response!.text());
    const header = records[0].fields;
    const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r.fields[i]])));
    const total = (name: string) => rows.find((r) => r.section === "reconciliation_total" && r.detail === name)?.amount_mg;
    expect(total("received")).toBe(formatMg(net("RECEIVE")));
    expect(total("administered")).toBe(formatMg(net("ADMINISTER")));
    expect(total("wasted")).toBe(formatMg(net("WASTE")));
    expect(total("destroyed")).toBe(formatMg(net("DESTROY")));
    expect(total("lost")).toBe(formatMg(net("LOSS_THEFT")));
    expect(total("onHand")).toBe(formatMg(expected));
    expect(total("lastInventoryCounted")).toBe(formatMg(counted));
    const recon = rows.find((r) => r.section === "reconciliation")!;
    expect(recon.amount_mg).toBe(formatMg(expected));
    expect(recon.explanation).toBe("reconciles with explained discrepancies");
    expect(rows.filter((r) => r.section === "discrepancy")).toEqual([
      expect.objectContaining({
        amount_mg: "-0.5",
        explanation: "Opened vial estimated by eye",
        detail: expect.stringMatching(/^Lot A-1/),
      }),
    ]);
    expect(rows.filter((r) => r.section === "receipt").map((r) => r.party_dea_number)).toEqual(["PS1234563", "PS1234563"]);
    // Administrations by participant code, never by name.
    const admins = rows.filter((r) => r.section === "administration");
    expect(admins.map((r) => r.participant_code)).toEqual([participant.code, participant.code]);
    const csvText = records.map((r) => r.fields.join(",")).join("\n");
    expect(csvText).not.toContain(participant.lastName);
    expect(rows.find((r) => r.section === "registrant")?.party_dea_number).toBe("RL1234563");
    expect(rows.find((r) => r.section === "loss")?.detail).toMatch(/LPD-2026-991.*reported to DEA: 2026-12-07/);

    const pdfRes = await call(pdfRoute.loader, `/ledger/inspection.pdf?${q}`, "GET", { cookie: f.clinician.cookie });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(Buffer.from(await pdfRes.response!.arrayBuffer())).replace(/\n/g, " ");
    expect(text).toContain(`administered ${formatMg(net("ADMINISTER"))} mg`);
    expect(text).toMatch(new RegExp(`= ${formatMg(expected).replace(",", ",")} mg; on hand per ledger`));
    expect(text).toContain("Reconciles with the explained discrepancies below.");
    expect(text).toContain("Opened vial estimated by eye");
    expect(text).toContain("PS1234563");
    // Dates for people in the house format (the CSV above keeps ISO dates for machines).
    expect(text).toContain("7 Dec 2026");
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(text).not.toContain(participant.lastName);

    // A coordinator reads the packet; a facilitator may not.
    const coordinator = await signedInUser(["COORDINATOR"]);
    expect((await call(csvRoute.loader, `/ledger/inspection.csv?${q}`, "GET", { cookie: coordinator.cookie })).status).toBe(200);
    const facilitator = await signedInUser(["FACILITATOR"]);
    expect((await call(csvRoute.loader, `/ledger/inspection.csv?${q}`, "GET", { cookie: facilitator.cookie })).status).toBe(403);
    expect((await call(inventoryRoute.action, "/ledger/inventory", "POST", { cookie: coordinator.cookie, form: {} })).status).toBe(403);

    // The database itself keeps the records: no UPDATE or DELETE gets through, whatever connects.
    const destruction = await f.db.deaDestruction.findFirstOrThrow({ where: { siteId: f.site.id } });
    const refused = [
      `UPDATE "DeaInventory" SET "kind" = 'BIENNIAL' WHERE "id" = '${inventory.id}'`,
      `DELETE FROM "DeaInventory" WHERE "id" = '${inventory.id}'`,
      `UPDATE "DeaInventoryLine" SET "countedUg" = 0 WHERE "id" = '${inventory.lines[0].id}'`,
      `DELETE FROM "DeaInventoryLine" WHERE "id" = '${inventory.lines[0].id}'`,
      `UPDATE "DeaDestruction" SET "method" = 'x' WHERE "id" = '${destruction.id}'`,
      `DELETE FROM "DeaDestruction" WHERE "id" = '${destruction.id}'`,
      `UPDATE "DeaLossReport" SET "description" = 'x' WHERE "id" = '${lossReport.id}'`,
      `UPDATE "DeaLossReport" SET "reportedToDeaOn" = '2026-12-09' WHERE "id" = '${lossReport.id}'`,
      `DELETE FROM "DeaLossReport" WHERE "id" = '${lossReport.id}'`,
    ];
    for (const sql of refused) await expect(f.db.$executeRawUnsafe(sql), sql).rejects.toThrow(/append-only/);
    expect((await f.db.deaLossReport.findUniqueOrThrow({ where: { id: lossReport.id } })).reportedToDeaOn).toBe("2026-12-07");
    expect(await f.db.deaInventoryLine.count({ where: { inventoryId: inventory.id } })).toBe(inventory.lines.length);
  });
});

describe("demo data", () => {
  it("gives the demo lot supplier details and the demo site an initial inventory, and its packet reconciles", async () => {
    const { seedDemoSessionDocs } = await import("~/demo/dosing.server");
    const { buildInspectionPacket } = await import("~/models/deaRecords.server");
    const { readerFor } = await import("~/models/access.server");
    const f = await sessionFixture({ kind: "DOSING", participants: 3 });
    const db = await dbReady();
    await seedDemoSessionDocs(db, { completedCohortId: f.cohort.id });
    const lot = await db.ketamineLot.findFirstOrThrow({ where: { siteId: f.cohort.siteId, lotNumber: "DEMO-KET-0001" } });
    expect(lot).toMatchObject({ supplierDeaNumber: "PD1234563", supplierAddress: expect.stringContaining("Denver") });
    expect(await db.deaInventory.count({ where: { siteId: f.cohort.siteId, kind: "INITIAL" } })).toBe(1);
    const reader = readerFor(
      { request: new Request("http://localhost/ledger/inspection.csv"), context: {} },
      { ...f.clinician.user, roles: ["CLINICIAN"] },
    );
    const year = new Date().getUTCFullYear();
    const packet = (await buildInspectionPacket(reader, { siteId: f.cohort.siteId, from: `${year - 1}-01-01`, to: `${year + 1}-12-31` }))!;
    expect(packet.registrant.deaRegistrationNumber).toBe("FL1234563");
    expect(packet.administrations.length).toBeGreaterThan(0);
    expect(packet.reconciliation).toMatchObject({ reconciles: true, exact: true, inventoryCountedUg: lot.totalUg });
    expect(packet.reconciliation.expectedUg).toBe(packet.reconciliation.onHandUg);
  });
});

describe("retention", () => {
  it("has no delete path for lots, ledger entries, inventories, losses or destructions", () => {
    const root = path.resolve(__dirname, "../../app");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) {
          if (e.name !== "generated") walk(path.join(dir, e.name));
        } else if (/\.tsx?$/.test(e.name)) files.push(path.join(dir, e.name));
      }
    };
    walk(root);
    const models = ["ketamineLot", "ledgerEntry", "deaInventory", "deaInventoryLine", "deaLossReport", "deaDestruction"];
    const deletes = new RegExp(
      `\\b(${models.join("|")})\\.(delete|deleteMany)\\b|DELETE\\s+FROM\\s+"(KetamineLot|LedgerEntry|Dea\\w+)"`,
      "i",
    );
    const offenders = files.filter((file) => deletes.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
    // The ledger's pages offer no delete intent.
    for (const file of files.filter((f) => /routes[/\\]ledger\./.test(f))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/intent"?\s*[:=]\s*"?(delete|remove)/i);
    }
  });
});
