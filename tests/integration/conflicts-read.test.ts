// A cohort's conflicts tab reads its sessions and every other cohort's overlapping ones through
// the driver: the same conflicts as the ORM's nested reads found (the reference below is the
// earlier code), in a pinned number of statements.
import { describe, expect, it } from "vitest";
import { conflictsInvolving, detectConflicts } from "~/domain/scheduling";
import type { Prisma } from "~/generated/prisma/client";
import {
  acknowledgeConflict,
  cohortConflicts,
  otherSessionsOverlapping,
  ownAndOverlappingIds,
  personConflicts,
  toConflictInput,
  windowOf,
} from "~/models/session.server";
import { dbReady, readRows } from "~/utils/db.server";
import { isPostgresUrl } from "../../prisma/adapters";
import { createTestUser } from "../setup/factories";
import { createTestCohort, createTestSite } from "../setup/factories-scheduling";
import { counted } from "../setup/statements";

const META = { ip: "10.0.0.7", userAgent: "vitest" };

const sessionInclude = {
  cohort: { select: { id: true, name: true, startDate: true, endDate: true, timeZone: true } },
  room: { select: { id: true, name: true } },
  staff: { include: { user: { select: { id: true, name: true } } } },
} as const;

/** Live sessions through the ORM as the earlier code read them, and their span. */
async function ormSessions(where: Prisma.GroupSessionWhereInput) {
  const db = await dbReady();
  const own = await db.groupSession.findMany({
    where: { ...where, status: { not: "CANCELLED" } },
    include: sessionInclude,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const from = new Date(Math.min(...own.map((s) => s.startsAt.getTime())));
  const to = new Date(Math.max(...own.map((s) => s.endsAt.getTime())));
  return { db, own, from, to };
}

/** The conflicts as the ORM's reads gave them before (own sessions, then the others overlapping their span). */
async function reference(cohortId: string) {
  const { db, own, from, to } = await ormSessions({ cohortId });
  if (own.length === 0) return [];
  const cohort = await db.cohort.findUniqueOrThrow({ where: { id: cohortId } });
  const others = await otherSessionsOverlapping(db, from, to, cohortId);
  return conflictsInvolving(
    detectConflicts({
      sessions: [...own.map(toConflictInput), ...others.sessions],
      cohortWindows: { ...others.windows, [cohortId]: windowOf(cohort) },
    }),
    own.map((s) => s.id),
  );
}

/** A person's conflicts as the ORM's reads gave them before. */
async function personReference(userId: string, visibleCohortIds: string[] | null) {
  const { db, own, from, to } = await ormSessions({
    staff: { some: { userId } },
    endsAt: { gt: new Date(Date.now() - 30 * 86_400_000) },
    ...(visibleCohortIds ? { cohortId: { in: visibleCohortIds } } : {}),
  });
  if (own.length === 0) return [];
  const all = await otherSessionsOverlapping(db, from, to, null);
  return detectConflicts({ sessions: all.sessions, cohortWindows: all.windows }).filter(
    (c) => c.sessionIds.some((id) => own.some((o) => o.id === id)) && (c.userIds.length === 0 || c.userIds.includes(userId)),
  );
}

describe("a cohort's conflicts", () => {
  it("are the ones the ORM's reads found: rooms and staff booked twice, staff mixes, dates; cancelled and distant sessions left out", async () => {
    const db = await dbReady();
    const site = await createTestSite({ timeZone: "America/Denver" });
    const room = site.rooms[0];
    const [f1, f2] = [await createTestUser({ roles: ["FACILITATOR"] }), await createTestUser({ roles: ["FACILITATOR"] })];
    const coordinator = await createTestUser({ roles: ["COORDINATOR"] });
    const a = await createTestCohort({ siteId: site.id, startDate: "2027-02-01", endDate: "2027-02-28" });
    const b = await createTestCohort({ siteId: site.id, startDate: "2027-02-01", endDate: "2027-03-15" });
    const c = await createTestCohort({ siteId: site.id, startDate: "2027-06-01", endDate: "2027-06-30" });
    const at = (iso: string) => new Date(iso);
    const session = (
      cohortId: string,
      title: string,
      startsAt: string,
      endsAt: string,
      opts: { roomId?: string | null; staff?: { userId: string; role: string }[]; required?: object; status?: string } = {},
    ) =>
      db.groupSession.create({
        data: {
          cohortId,
          kind: "INTEGRATION",
          title,
          startsAt: at(startsAt),
          endsAt: at(endsAt),
          roomId: opts.roomId ?? null,
          status: opts.status ?? "SCHEDULED",
          requiredStaff: JSON.stringify(opts.required ?? { FACILITATOR: 1 }),
          staff: { create: opts.staff ?? [] },
        },
      });
    const fac = (u: { id: string }) => ({ userId: u.id, role: "FACILITATOR" });
    // Cohort A: in the room with F1 (B is there too, with F1 and F2); a dosing group short of a
    // clinician that overlaps B's with F1; a cancelled one over B's; one after A's last day.
    await session(a.id, "A1", "2027-02-02T01:00:00Z", "2027-02-02T03:00:00Z", { roomId: room.id, staff: [fac(f1)] });
    await session(a.id, "A2", "2027-02-09T01:00:00Z", "2027-02-09T04:00:00Z", {
      staff: [fac(f1)],
      required: { CLINICIAN: 1, FACILITATOR: 1 },
    });
    await session(a.id, "A3", "2027-02-16T01:00:00Z", "2027-02-16T03:00:00Z", { roomId: room.id, staff: [fac(f1)], status: "CANCELLED" });
    await session(a.id, "A4", "2027-03-02T01:00:00Z", "2027-03-02T03:00:00Z", { staff: [fac(f2)] });
    await session(b.id, "B1", "2027-02-02T02:00:00Z", "2027-02-02T04:00:00Z", { roomId: room.id, staff: [fac(f1), fac(f2)] });
    await session(b.id, "B2", "2027-02-09T00:00:00Z", "2027-02-09T01:30:00Z", { staff: [fac(f1)] });
    // B's own trouble (not A's): short of staff, and over the cancelled A3 in the room.
    await session(b.id, "B3", "2027-02-16T01:30:00Z", "2027-02-16T02:30:00Z", { roomId: room.id, required: { FACILITATOR: 2 } });
    // A's short evening session, overlapped by a twelve-hour day of B's with F1 that started
    // eleven and a half hours before it (as long as a session can be: the read looks back that far).
    await session(a.id, "A5", "2027-02-20T10:00:00Z", "2027-02-20T11:00:00Z", { staff: [fac(f1)] });
    await session(b.id, "B4", "2027-02-19T22:30:00Z", "2027-02-20T10:30:00Z", { staff: [fac(f1)] });
    // Cohort C, months later, in the same room with F1: nothing of A's.
    await session(c.id, "C1", "2027-06-02T01:00:00Z", "2027-06-02T03:00:00Z", { roomId: room.id, staff: [fac(f1)] });

    const { value: found, queries } = await counted(() => cohortConflicts(a.id, { roles: ["COORDINATOR"] }));
    const expected = await reference(a.id);
    expect(found.map(({ acknowledged, ...rest }) => (expect(acknowledged).toBeNull(), rest))).toEqual(expected);
    expect(found.map((x) => x.kind).sort()).toEqual([
      "OUTSIDE_COHORT_DATES",
      "ROOM_DOUBLE_BOOKED",
      "STAFF_DOUBLE_BOOKED",
      "STAFF_DOUBLE_BOOKED",
      "STAFF_DOUBLE_BOOKED",
      "STAFF_MIX_UNMET",
    ]);
    expect(found.some((x) => x.kind === "STAFF_DOUBLE_BOOKED" && x.message.includes('"B4"'))).toBe(true);
    expect(found.find((x) => x.kind === "ROOM_DOUBLE_BOOKED")!.message).toMatch(/Group room is already booked: "A1" .* overlaps "B1"/);
    // The sessions, their staff, and the acknowledgements with their authors' names.
    expect(queries).toBe(3);

    // B's view: its own trouble too; the same as the reference.
    expect((await cohortConflicts(b.id)).map(({ acknowledged: _, ...rest }) => rest)).toEqual(await reference(b.id));
    // A cohort without live sessions has none.
    const empty = await createTestCohort({ siteId: site.id });
    expect(await cohortConflicts(empty.id)).toEqual([]);

    // A person's conflicts (the /conflicts page): every cohort's, or those of the cohorts the
    // viewer may see; the same as the reference, in the same three statements.
    const strip = (list: { acknowledged: unknown }[]) => list.map(({ acknowledged: _, ...rest }) => rest);
    for (const [person, visible] of [
      [f1, null],
      [f2, null],
      [f1, [b.id]],
      [f1, [c.id]],
      [f2, []],
    ] as const) {
      const mine = await counted(() => personConflicts(person.id, visible ? [...visible] : null, true));
      expect(strip(mine.value)).toEqual(await personReference(person.id, visible ? [...visible] : null));
      if (mine.value.length) expect(mine.queries).toBe(3);
    }
    expect((await personConflicts(f1.id, null, true)).map((x) => x.kind)).toContain("ROOM_DOUBLE_BOOKED");
    expect(await personConflicts(coordinator.id, null, true)).toEqual([]);

    // An acknowledged warning says by whom; the note only to those who see staff notes.
    const warning = found.find((x) => x.kind === "STAFF_MIX_UNMET")!;
    await acknowledgeConflict({ id: coordinator.id, email: coordinator.email }, META, a.id, warning.key, "Clinician on call covers it");
    const after = await cohortConflicts(a.id, { roles: ["COORDINATOR"] });
    expect(after.find((x) => x.key === warning.key)!.acknowledged).toMatchObject({
      by: coordinator.name,
      note: "Clinician on call covers it",
    });
    expect((await cohortConflicts(a.id, { roles: ["ANALYST"] })).find((x) => x.key === warning.key)!.acknowledged!.note).toBeNull();
  });
});

// SQLite plans without statistics (the app never runs ANALYZE). Each of the cohort's or
// person's sessions seeks the sessions starting in the longest session's length before it; the
// earlier read (every session between their first start and last end) walked every earlier
// session of the network to test its end.
describe.skipIf(isPostgresUrl(process.env.DATABASE_URL ?? ""))("the conflicts' read (SQLite plans)", () => {
  it("seeks the overlapping sessions by start and reads no table whole", async () => {
    await dbReady();
    for (const [own, params] of [
      [`o."cohortId" = ? AND o."status" <> 'CANCELLED'`, ["c1"]],
      [
        `o."status" <> 'CANCELLED' AND o."endsAt" > ? AND o."id" IN (SELECT p."sessionId" FROM "SessionStaff" p WHERE p."userId" = ?)`,
        ["2027-01-01", "u1"],
      ],
    ] as const) {
      const ids = ownAndOverlappingIds(own, params);
      const plan = (await readRows(`EXPLAIN QUERY PLAN ${ids.sql}`, ids.params)).map((r) => String(r[3]));
      const shown = plan.join("\n");
      expect(
        plan.some((line) => /^SEARCH x USING (COVERING )?INDEX GroupSession_startsAt_idx \(startsAt>\? AND startsAt<\?\)/.test(line)),
        shown,
      ).toBe(true);
      expect(
        plan.filter((line) => /^SCAN /.test(line)),
        shown,
      ).toEqual([]);
    }
  });
});
