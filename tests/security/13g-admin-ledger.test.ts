// Finding 13g: the permission map gave administrators `ledger:write` (and `ledger:read`),
// though the role table keeps controlled substances with clinicians. An administrator now
// can neither open nor write the controlled-substance log; clinicians still can.
import { describe, expect, it } from "vitest";
import * as ledgerIndex from "~/routes/ledger._index";
import * as ledgerLot from "~/routes/ledger.lots.$lotId";
import * as ledgerLotsNew from "~/routes/ledger.lots.new";
import * as ledgerPrint from "~/routes/ledger.print";
import { dbReady } from "~/utils/db.server";
import { createTestSite } from "../setup/factories-scheduling";
import { createTestLot, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

describe("controlled-substance log and administrators (finding 13g)", () => {
  it("refuses an administrator every ledger page and write, and keeps clinicians' access", async () => {
    const admin = await signedInUser(["ADMIN"]);
    const clinician = await signedInUser(["CLINICIAN"]);
    const site = await createTestSite();
    const lot = await createTestLot(site.id, { recordedById: clinician.user.id });
    const db = await dbReady();
    const entries = await db.ledgerEntry.count();

    expect((await call(ledgerIndex.loader, "/ledger", "GET", { cookie: admin.cookie })).status).toBe(403);
    expect((await call(ledgerPrint.loader, "/ledger/print", "GET", { cookie: admin.cookie })).status).toBe(403);
    expect(
      (await call(ledgerLot.loader, `/ledger/lots/${lot.id}`, "GET", { cookie: admin.cookie, params: { lotId: lot.id } })).status,
    ).toBe(403);
    expect((await call(ledgerLotsNew.loader, "/ledger/lots/new", "GET", { cookie: admin.cookie })).status).toBe(403);
    const write = await call(ledgerLot.action, `/ledger/lots/${lot.id}`, "POST", {
      cookie: admin.cookie,
      params: { lotId: lot.id },
      form: { intent: "LOSS", amountMg: "1", note: "test" },
    });
    expect(write.status).toBe(403);
    expect(await db.ledgerEntry.count()).toBe(entries);

    expect((await call(ledgerIndex.loader, "/ledger", "GET", { cookie: clinician.cookie })).status).toBe(200);
    expect(
      (await call(ledgerLot.loader, `/ledger/lots/${lot.id}`, "GET", { cookie: clinician.cookie, params: { lotId: lot.id } })).status,
    ).toBe(200);
  });
});
