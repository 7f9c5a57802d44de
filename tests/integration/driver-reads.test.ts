// The reads that go straight through the driver (readRows, app/utils/db.server.ts): the same
// rows on both databases, and on PostgreSQL each text is prepared once per connection under a
// name made from it, so that PostgreSQL does not parse and plan it again on every run.
import { describe, expect, it } from "vitest";
import { dbReady, onPostgres, readRow, readRows, readRowsPlannedEachRun } from "~/utils/db.server";

describe("reads through the driver", () => {
  it("answers with the same rows run after run, and on PostgreSQL keeps each text prepared under its name", async () => {
    await dbReady();
    const sql = `SELECT r."code", r."name" FROM "Role" r WHERE r."code" = ? ORDER BY r."code"`;
    const first = await readRows(sql, ["ADMIN"]);
    expect(first).toHaveLength(1);
    expect(first[0][0]).toBe("ADMIN");
    for (let i = 0; i < 6; i++) expect(await readRows(sql, ["ADMIN"])).toEqual(first);
    expect(await readRows(sql, ["NOBODY"])).toEqual([]);
    if (!onPostgres()) return;
    // The pool hands the last idle connection back out: the same one ran the reads above.
    const prepared = await readRows(`SELECT "name", "statement" FROM pg_prepared_statements WHERE "statement" LIKE ?`, [
      `%FROM "Role" r WHERE r."code" = $1%`,
    ]);
    expect(prepared).toHaveLength(1);
    expect(prepared[0][0]).toMatch(/^read_[\w-]{24}$/);
    // Another text is another statement; a text that fails is refused as before.
    await readRow(`SELECT COUNT(*) FROM "Role" r WHERE r."code" <> ?`, ["ADMIN"]);
    await expect(readRows(`SELECT "nope" FROM "Role" WHERE "code" = ?`, ["ADMIN"])).rejects.toThrow();
    expect(await readRows(sql, ["ADMIN"])).toEqual(first);
  });

  it("plans a read for its values on every run when asked (readRowsPlannedEachRun): never kept under a name", async () => {
    await dbReady();
    const sql = `SELECT r."code" FROM "Role" r WHERE r."code" = ? AND r."name" <> 'plannedEachRunProbe'`;
    for (let i = 0; i < 7; i++) expect(await readRowsPlannedEachRun(sql, ["ADMIN"])).toEqual([["ADMIN"]]);
    if (!onPostgres()) return;
    const kept = () =>
      readRows(`SELECT COUNT(*) FROM pg_prepared_statements WHERE "statement" LIKE ? AND "statement" NOT LIKE ?`, [
        "%plannedEachRunProbe%",
        "%pg_prepared_statements%",
      ]);
    expect(Number((await kept())[0][0])).toBe(0);
    // The same text through readRows is kept (on the connection the pool hands back out), so the count above could see it.
    await readRows(sql, ["ADMIN"]);
    expect(Number((await kept())[0][0])).toBe(1);
  });
});
