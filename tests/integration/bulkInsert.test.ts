// insertRows (app/utils/bulk.server.ts) writes rows as JSON the database expands: every
// value must read back as Prisma would have written it, on both providers.
import { describe, expect, it } from "vitest";
import { insertRows } from "~/utils/bulk.server";
import { dbReady } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";
import { createTestCohort } from "../setup/factories-scheduling";

const postgres = isPostgresUrl(process.env.DATABASE_URL ?? "");

describe(`insertRows (${postgres ? "PostgreSQL" : "SQLite"})`, () => {
  it("writes text, numbers, nulls and dates exactly, returns the ids in order and fills the stamps", async () => {
    const db = await dbReady();
    const cohort = await createTestCohort();
    const tricky = [`quote ' and "double"`, "back\\slash", "line\nbreak", "ünïcødé ✓ 😀", '{"a":[1,"x"]}', "-- ; DROP TABLE x", ""];
    const rows = tricky.map((title, i) => ({
      cohortId: cohort.id,
      planIndex: i === 0 ? null : i,
      kind: "INTEGRATION",
      title,
      startsAt: new Date(Date.UTC(2026, 0, 1 + i, 9, 30, 15, i * 7)),
      endsAt: new Date(Date.UTC(2026, 0, 1 + i, 11, 0, 0, 0)),
      requiredStaff: JSON.stringify({ CLINICIAN: i }),
      route: i % 2 ? "ORAL" : null,
      status: "SCHEDULED",
    }));
    const ids = await insertRows(db, "GroupSession", rows, ["createdAt", "updatedAt"]);
    expect(ids).toHaveLength(rows.length);
    expect(new Set(ids).size).toBe(rows.length);
    const stored = await db.groupSession.findMany({ where: { id: { in: ids } } });
    const byId = new Map(stored.map((s) => [s.id, s]));
    rows.forEach((row, i) => {
      const s = byId.get(ids[i])!;
      expect(s).toMatchObject({ ...row, version: 1, roomId: null, cancelReason: null });
      expect(s.startsAt.getTime()).toBe(row.startsAt.getTime());
      expect(Number.isNaN(s.createdAt.getTime())).toBe(false);
      expect(s.updatedAt.getTime()).toBe(s.createdAt.getTime());
    });
    if (!postgres) {
      // The same text form as a date Prisma binds itself.
      const made = await db.groupSession.create({
        data: { cohortId: cohort.id, kind: "INTEGRATION", title: "by Prisma", startsAt: rows[1].startsAt, endsAt: rows[1].endsAt },
      });
      const text = await db.$queryRawUnsafe<{ id: string; startsAt: string }[]>(
        `SELECT "id", CAST("startsAt" AS TEXT) AS "startsAt" FROM "GroupSession" WHERE "id" IN (?, ?)`,
        ids[1],
        made.id,
      );
      expect(text.find((t) => t.id === ids[1])!.startsAt).toBe(text.find((t) => t.id === made.id)!.startsAt);
    }
  });

  it("writes more rows than one statement takes, in order, and nothing for an empty list", async () => {
    const db = await dbReady();
    const cohort = await createTestCohort();
    const rows = Array.from({ length: 4_500 }, (_, i) => ({
      cohortId: cohort.id,
      planIndex: i,
      kind: "INTEGRATION",
      title: `Session ${i}`,
      startsAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      endsAt: new Date(Date.UTC(2026, 0, 1, 1, i)),
    }));
    const ids = await insertRows(db, "GroupSession", rows, ["createdAt", "updatedAt"]);
    const stored = await db.groupSession.findMany({ where: { cohortId: cohort.id }, select: { id: true, planIndex: true, title: true } });
    expect(stored).toHaveLength(rows.length);
    const index = new Map(ids.map((id, i) => [id, i]));
    for (const s of stored) expect(s).toMatchObject({ planIndex: index.get(s.id), title: `Session ${index.get(s.id)}` });
    expect(await insertRows(db, "GroupSession", [], ["createdAt"])).toEqual([]);
  });
});
