// The report rows are kept by triggers that run inside every write to an assessment, dosing
// record, enrollment, status change or participant (migration `report_rows`). Each trigger
// re-reads one enrollment's rows, so each of its lookups must be a seek by that enrollment.
// SQLite plans them without statistics (the app never runs ANALYZE), and an index that leads
// with a low-selectivity column can win: `DosingRecord(status, sessionId)` made the signed
// dosing lookup scan every signed record of the network (13.6 ms per trigger on the full-size
// benchmark database instead of ~0.01 ms). PostgreSQL plans from its statistics, so this is
// checked on SQLite only.
import { describe, expect, it } from "vitest";
import { dbReady, readRows } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

/** Each SELECT in a trigger body that reads one enrollment's rows, with that enrollment as `?`. */
function enrollmentLookups(body: string): string[] {
  const found: string[] = [];
  const key = /"enrollmentId" = (?:NEW\."enrollmentId"|OLD\."enrollmentId"|e\."id")/;
  let at = body.indexOf("SELECT");
  while (at >= 0) {
    // The statement runs to the parenthesis that closes its own subquery, or to the line's end.
    let depth = 0;
    let quoted = false;
    let end = at;
    for (; end < body.length && body[end] !== "\n" && (quoted || body[end] !== ";"); end++) {
      if (body[end] === "'") quoted = !quoted;
      else if (quoted) continue;
      else if (body[end] === "(") depth++;
      else if (body[end] === ")" && --depth < 0) break;
    }
    const text = body.slice(at, end);
    const inner = text.indexOf("SELECT", 6) < 0 ? text : "";
    if (inner && key.test(inner) && !/\bFROM "Enrollment" e\b/.test(inner)) {
      found.push(inner.replace(/(NEW|OLD)\."enrollmentId"|e\."id"/g, "?").replace(/,\s*$/, ""));
    }
    at = body.indexOf("SELECT", at + 6);
  }
  return found;
}

describe.skipIf(postgres)("report triggers' lookups (SQLite plans)", () => {
  it("seek each enrollment's rows by an index that starts with the enrollment", async () => {
    await dbReady();
    const triggers = await readRows(`SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "name" LIKE '%report%'`, []);
    expect(triggers.length).toBeGreaterThanOrEqual(12);
    const checked = new Set<string>();
    for (const [name, sql] of triggers) {
      for (const lookup of enrollmentLookups(sql as string)) {
        if (checked.has(lookup)) continue;
        checked.add(lookup);
        const alias = /FROM "\w+" (\w+)/.exec(lookup)?.[1];
        const plan = (await readRows(`EXPLAIN QUERY PLAN ${lookup}`, ["enrollment"])).map((r) => String(r[3]));
        const own = plan.filter((p) => new RegExp(`^(SEARCH|SCAN) ${alias}\\b`).test(p));
        expect(own, `${name as string}: ${lookup}\n${plan.join("\n")}`).toHaveLength(1);
        expect(own[0], `${name as string}: ${lookup}\n${plan.join("\n")}`).toMatch(
          /^SEARCH \w+ USING (COVERING )?INDEX \w+ \(enrollmentId=\?/,
        );
      }
    }
    // Status changes, signed dosing records, the heads and their dates, and the heads' texts.
    expect([...checked].map((l) => /FROM "(\w+)"/.exec(l)?.[1])).toEqual(
      expect.arrayContaining(["Assessment", "DosingRecord", "EnrollmentStatusChange"]),
    );
    expect(checked.size).toBeGreaterThanOrEqual(5);
  });
});
