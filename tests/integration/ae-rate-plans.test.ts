// The adverse event rates (a cohort's adverse events tab, the AE list's rates) count dosed
// participants per dosing session in the database. SQLite plans without statistics (the app
// never runs ANALYZE): joined from the dosing records, where the dosed participants are
// materialized for the events' LEFT JOIN, it walked every dosing record of every cohort (24 ms
// on the full-size benchmark database, growing with the network's history). The records are
// sought by the cohorts' dosing sessions, and an AE's matching dosing by its enrollment's records.
// Checked on SQLite; PostgreSQL plans from its statistics.
import { describe, expect, it } from "vitest";
import { aeRateStatement } from "~/models/adverseEvent.server";
import { dbReady, readRows, sqlInList } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

describe.skipIf(postgres)("adverse event rates (SQLite plans)", () => {
  it("seek the dosing records by session and by enrollment, and read no table whole", async () => {
    await dbReady();
    const cohorts = sqlInList(["c1", "c2"]);
    const plan = (await readRows(`EXPLAIN QUERY PLAN ${aeRateStatement(cohorts.sql)}`, [cohorts.param, cohorts.param])).map((r) =>
      String(r[3]),
    );
    const shown = plan.join("\n");
    expect(
      plan.some((line) => /^SEARCH d USING (COVERING )?INDEX \w+ \(sessionId=\?/.test(line)),
      shown,
    ).toBe(true);
    expect(
      plan.some((line) => /^SEARCH d USING (COVERING )?INDEX \w+ \(enrollmentId=\?/.test(line)),
      shown,
    ).toBe(true);
    expect(
      plan.some((line) => /^SEARCH e USING (COVERING )?INDEX \w+ \(participantId=\? AND cohortId=\?/.test(line)),
      shown,
    ).toBe(true);
    // Only the subqueries, CTEs and the cohort list are walked whole.
    const scans = plan.filter((line) => /^SCAN /.test(line) && !/^SCAN (\(subquery-\d+\)|s|w|json_each VIRTUAL TABLE.*)$/.test(line));
    expect(scans, shown).toEqual([]);
  });
});
