// The controlled-substance log (/ledger) shows each listed lot's balance and its flagged entries
// (count discrepancies). A lot's entries grow with every dose given from it: both must be seeks
// by the lot, never a read of its every entry. Without LedgerEntry(lotId, flagged) the flagged
// count read each entry's row (1.7 ms of the page's 2.2 ms of SQL on the 10,000-participant
// benchmark database). Checked on SQLite (it plans without statistics: the app never runs
// ANALYZE); PostgreSQL plans from its statistics.
import { describe, expect, it } from "vitest";
import { lotBalanceSql, lotFlaggedCountSql } from "~/models/ledger.server";
import { dbReady, readRows } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

describe.skipIf(postgres)("the ledger's per-lot reads (SQLite plans)", () => {
  it("count a lot's flagged entries from an index, without reading the entries", async () => {
    await dbReady();
    const plan = (await readRows(`EXPLAIN QUERY PLAN SELECT ${lotFlaggedCountSql("l")} FROM "KetamineLot" l`, [])).map((r) => String(r[3]));
    expect(plan.join("\n")).toMatch(/SEARCH f USING COVERING INDEX \w+ \(lotId=\? AND flagged=\?\)/);
  });

  it("read a lot's balance as one seek of its latest entry", async () => {
    await dbReady();
    const plan = (await readRows(`EXPLAIN QUERY PLAN SELECT ${lotBalanceSql("l")} FROM "KetamineLot" l`, [])).map((r) => String(r[3]));
    expect(plan.join("\n")).toMatch(/SEARCH e USING INDEX LedgerEntry_lotId_seq_key \(lotId=\?\)/);
  });
});
