// The home page reads a person's latest audit rows of one action: the analyst's last report view
// (the cohorts completed since) and the previous sign-in. SQLite plans without statistics (the
// app never runs ANALYZE): with AuditEvent(action, at) and AuditEvent(actorId, at) only, it
// walked every report view or sign-in of everyone, newest first, until this person's (4.5 ms on
// the full-size benchmark database for an analyst with no report view yet, and more as the
// network's history grows). Checked on SQLite; PostgreSQL plans from its statistics.
import { describe, expect, it } from "vitest";
import { LATEST_OWN_ACTION_SQL } from "~/models/worklist.server";
import { dbReady, readRows } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

describe.skipIf(postgres)("a person's latest audit rows of one action (SQLite plans)", () => {
  it("are a seek by the person and the action, newest first", async () => {
    await dbReady();
    for (const sql of [LATEST_OWN_ACTION_SQL(`a."at"`, 1), LATEST_OWN_ACTION_SQL(`a."at", a."ip"`, 2)]) {
      const plan = (await readRows(`EXPLAIN QUERY PLAN ${sql}`, ["someone", "report.view"])).map((r) => String(r[3]));
      expect(plan, plan.join("\n")).toHaveLength(1);
      expect(plan[0]).toMatch(/^SEARCH a USING (COVERING )?INDEX \w+ \(actorId=\? AND action=\?\)$/);
    }
  });
});
