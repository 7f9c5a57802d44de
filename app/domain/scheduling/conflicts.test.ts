import { describe, expect, it } from "vitest";
import { mulberry32 } from "~/utils/random";
import { assessConflicts, conflictsInvolving, detectConflicts, type CohortWindow, type ConflictSessionInput } from "./conflicts";

const TZ = "America/Denver";
const at = (iso: string) => new Date(iso);
let seq = 0;
const session = (over: Partial<ConflictSessionInput> = {}): ConflictSessionInput => ({
  id: `s${++seq}`,
  cohortId: "A",
  cohortName: "Cohort A",
  title: "Integration group",
  startsAt: at("2026-11-03T16:00:00Z"), // 09:00 MST
  endsAt: at("2026-11-03T17:00:00Z"),
  roomId: null,
  staff: [],
  requiredStaff: {},
  status: "SCHEDULED",
  ...over,
});
const windows: Record<string, CohortWindow> = {
  A: { startDate: "2026-10-20", endDate: "2026-12-01", timeZone: TZ },
  B: { startDate: "2026-10-01", endDate: "2026-12-31", timeZone: TZ },
};
const fullDosingStaff = [
  { userId: "clin", role: "CLINICIAN" as const },
  { userId: "fac1", role: "FACILITATOR" as const },
  { userId: "fac2", role: "FACILITATOR" as const },
];

describe("detectConflicts", () => {
  it("no conflicts for a well-staffed session inside its cohort", () => {
    expect(
      detectConflicts({
        sessions: [session({ requiredStaff: { CLINICIAN: 1, FACILITATOR: 2 }, staff: fullDosingStaff, roomId: "r1" })],
        cohortWindows: windows,
      }),
    ).toEqual([]);
  });

  it("room double-booked across cohorts blocks", () => {
    const a = session({ id: "a", roomId: "r1", roomName: "Aspen room" });
    const b = session({
      id: "b",
      cohortId: "B",
      cohortName: "Cohort B",
      roomId: "r1",
      startsAt: at("2026-11-03T16:30:00Z"),
      endsAt: at("2026-11-03T18:00:00Z"),
    });
    const c = detectConflicts({ sessions: [b, a], cohortWindows: windows });
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      kind: "ROOM_DOUBLE_BOOKED",
      severity: "block",
      sessionIds: ["a", "b"],
      roomId: "r1",
      cohortIds: ["A", "B"],
      key: "ROOM_DOUBLE_BOOKED:r1:a:b",
    });
    expect(c[0].message).toContain("Aspen room is already booked");
    expect(c[0].message).toContain("Cohort B");
    expect(c[0].message).toContain("09:00");
  });

  it("staff double-booked across cohorts warns and names the person", () => {
    const a = session({ id: "a", staff: [{ userId: "u7", role: "FACILITATOR", name: "Dana Ruiz" }] });
    const b = session({
      id: "b",
      cohortId: "B",
      cohortName: "Cohort B",
      startsAt: at("2026-11-03T16:59:00Z"),
      endsAt: at("2026-11-03T18:00:00Z"),
      staff: [
        { userId: "u7", role: "CLINICIAN" },
        { userId: "u8", role: "FACILITATOR" },
      ],
    });
    const c = detectConflicts({ sessions: [a, b], cohortWindows: windows });
    expect(c).toEqual([
      expect.objectContaining({
        kind: "STAFF_DOUBLE_BOOKED",
        severity: "warn",
        userIds: ["u7"],
        sessionIds: ["a", "b"],
        key: "STAFF_DOUBLE_BOOKED:u7:a:b",
      }),
    ]);
    expect(c[0].message).toMatch(
      /^Dana Ruiz is booked for "Integration group" \(Cohort A, .*\) and "Integration group" \(Cohort B, .*\) at overlapping times\.$/,
    );
  });

  it("touching intervals do not overlap (ends 10:00, next starts 10:00)", () => {
    const a = session({
      id: "a",
      roomId: "r1",
      staff: [{ userId: "u1", role: "FACILITATOR" }],
      startsAt: at("2026-11-03T16:00:00Z"),
      endsAt: at("2026-11-03T17:00:00Z"),
    });
    const b = session({
      id: "b",
      roomId: "r1",
      staff: [{ userId: "u1", role: "FACILITATOR" }],
      startsAt: at("2026-11-03T17:00:00Z"),
      endsAt: at("2026-11-03T18:00:00Z"),
    });
    expect(detectConflicts({ sessions: [a, b] })).toEqual([]);
    // ...but one minute of overlap is a conflict, both room and staff.
    const b2 = { ...b, startsAt: at("2026-11-03T16:59:00Z") };
    expect(
      detectConflicts({ sessions: [a, b2] })
        .map((c) => c.kind)
        .sort(),
    ).toEqual(["ROOM_DOUBLE_BOOKED", "STAFF_DOUBLE_BOOKED"]);
  });

  it("a session nested inside a long one is found even when others start in between", () => {
    const long = session({ id: "long", roomId: "r1", startsAt: at("2026-11-03T14:00:00Z"), endsAt: at("2026-11-03T20:00:00Z") });
    const other = session({ id: "other", roomId: "r2", startsAt: at("2026-11-03T15:00:00Z"), endsAt: at("2026-11-03T15:30:00Z") });
    const nested = session({ id: "nested", roomId: "r1", startsAt: at("2026-11-03T18:00:00Z"), endsAt: at("2026-11-03T19:00:00Z") });
    expect(detectConflicts({ sessions: [nested, other, long] }).map((c) => c.sessionIds)).toEqual([["long", "nested"]]);
  });

  it("cancelled sessions never conflict", () => {
    const a = session({ id: "a", roomId: "r1", staff: [{ userId: "u1", role: "FACILITATOR" }] });
    const b = session({
      id: "b",
      roomId: "r1",
      staff: [{ userId: "u1", role: "FACILITATOR" }],
      status: "CANCELLED",
      requiredStaff: { CLINICIAN: 1 },
      startsAt: at("2027-03-01T16:00:00Z"),
      endsAt: at("2027-03-01T17:00:00Z"),
    });
    const b2 = { ...b, startsAt: a.startsAt, endsAt: a.endsAt };
    expect(detectConflicts({ sessions: [a, b2], cohortWindows: windows })).toEqual([]);
    expect(detectConflicts({ sessions: [b], cohortWindows: windows })).toEqual([]);
  });

  it("dosing session without its staff mix warns with what is missing", () => {
    const s = session({
      id: "d1",
      title: "Dosing session 2",
      requiredStaff: { CLINICIAN: 1, FACILITATOR: 2 },
      staff: [{ userId: "fac1", role: "FACILITATOR" }],
    });
    const c = detectConflicts({ sessions: [s], cohortWindows: windows });
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({ kind: "STAFF_MIX_UNMET", severity: "warn", sessionIds: ["d1"], key: "STAFF_MIX_UNMET:d1" });
    expect(c[0].message).toMatch(
      /^"Dosing session 2" \(Cohort A, Tue 3 Nov 2026, 09:00\) needs at least 1 clinician and 2 facilitators; assign 1 clinician and 1 facilitator more\.$/,
    );
  });

  it("session outside its cohort's dates warns (local dates, inclusive)", () => {
    const firstDay = session({ id: "first", startsAt: at("2026-10-20T06:00:00Z"), endsAt: at("2026-10-20T07:00:00Z") }); // 00:00 MDT on the start date
    const lastDay = session({ id: "last", startsAt: at("2026-12-02T05:00:00Z"), endsAt: at("2026-12-02T07:00:00Z") }); // 22:00–24:00 MST on the end date
    expect(detectConflicts({ sessions: [firstDay, lastDay], cohortWindows: windows })).toEqual([]);
    const before = session({ id: "before", startsAt: at("2026-10-20T05:59:00Z"), endsAt: at("2026-10-20T06:30:00Z") }); // 23:59 the day before
    const after = session({ id: "after", startsAt: at("2026-12-02T06:30:00Z"), endsAt: at("2026-12-02T07:30:00Z") }); // runs past midnight
    const c = detectConflicts({ sessions: [before, after], cohortWindows: windows }).filter((x) => x.kind === "OUTSIDE_COHORT_DATES");
    expect(c.map((x) => x.sessionIds[0])).toEqual(["before", "after"]);
    expect(c[0].severity).toBe("warn");
    expect(c[0].message).toContain("outside the cohort's dates (Tue 20 Oct 2026 to Tue 1 Dec 2026)");
  });

  it("every kind at once, with stable keys regardless of input order", () => {
    const a = session({
      id: "a",
      roomId: "r1",
      staff: [{ userId: "u1", role: "FACILITATOR" }],
      requiredStaff: { CLINICIAN: 1 },
      startsAt: at("2027-01-05T16:00:00Z"),
      endsAt: at("2027-01-05T17:00:00Z"),
    });
    const b = session({
      id: "b",
      cohortId: "B",
      cohortName: "Cohort B",
      roomId: "r1",
      staff: [{ userId: "u1", role: "FACILITATOR" }],
      startsAt: at("2027-01-05T16:00:00Z"),
      endsAt: at("2027-01-05T17:00:00Z"),
    });
    const forward = detectConflicts({ sessions: [a, b], cohortWindows: windows });
    const backward = detectConflicts({ sessions: [b, a], cohortWindows: windows });
    expect(forward.map((c) => c.kind).sort()).toEqual([
      "OUTSIDE_COHORT_DATES",
      "OUTSIDE_COHORT_DATES",
      "ROOM_DOUBLE_BOOKED",
      "STAFF_DOUBLE_BOOKED",
      "STAFF_MIX_UNMET",
    ]);
    expect(backward.map((c) => c.key).sort()).toEqual(forward.map((c) => c.key).sort());
    expect(
      conflictsInvolving(forward, ["b"])
        .map((c) => c.kind)
        .sort(),
    ).toEqual(["OUTSIDE_COHORT_DATES", "ROOM_DOUBLE_BOOKED", "STAFF_DOUBLE_BOOKED"]);
  });
});

describe("assessConflicts", () => {
  const a = session({ id: "a", roomId: "r1", staff: [{ userId: "u1", role: "FACILITATOR" }] });
  const b = session({ id: "b", roomId: "r1", staff: [{ userId: "u1", role: "FACILITATOR" }] });
  it("a room double-booking can never be saved, even if 'acknowledged'", () => {
    const c = detectConflicts({ sessions: [a, b] });
    const r = assessConflicts(
      c,
      c.map((x) => x.key),
    );
    expect(r.canSave).toBe(false);
    expect(r.blocking.map((x) => x.kind)).toEqual(["ROOM_DOUBLE_BOOKED"]);
    expect(r.needsAcknowledgement).toEqual([]);
  });
  it("warnings can be saved once each is acknowledged", () => {
    const c = detectConflicts({ sessions: [a, { ...b, roomId: "r2" }] });
    expect(assessConflicts(c).canSave).toBe(false);
    expect(assessConflicts(c).needsAcknowledgement.map((x) => x.kind)).toEqual(["STAFF_DOUBLE_BOOKED"]);
    expect(assessConflicts(c, [c[0].key]).canSave).toBe(true);
  });
});

describe("detectConflicts involving some sessions", () => {
  it("finds exactly what conflictsInvolving keeps of every conflict, in the same order", () => {
    // Random calendars (seeded): three cohorts, two rooms, four people, overlapping sessions,
    // staff mixes met or not, some outside their cohort's dates, some cancelled.
    const random = mulberry32(12345);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const people = ["u1", "u2", "u3", "u4"];
    const cohortWindows: Record<string, CohortWindow> = {
      A: { startDate: "2026-11-01", endDate: "2026-11-10", timeZone: TZ },
      B: { startDate: "2026-11-03", endDate: "2026-11-20", timeZone: "America/New_York" },
      C: { startDate: "2026-11-01", endDate: "2026-11-30", timeZone: TZ },
    };
    for (let round = 0; round < 40; round++) {
      const sessions = Array.from({ length: 25 }, (_, i) => {
        const start = Date.UTC(2026, 10, 1 + Math.floor(random() * 14), Math.floor(random() * 24), pick([0, 30]));
        const staff = people.filter(() => random() < 0.3).map((userId) => ({ userId, role: pick(["FACILITATOR", "CLINICIAN"] as const) }));
        return session({
          id: `r${round}s${i}`,
          cohortId: pick(["A", "B", "C"]),
          startsAt: new Date(start),
          endsAt: new Date(start + pick([60, 90, 180, 600]) * 60_000),
          roomId: pick([null, "room1", "room2"]),
          roomName: "Room",
          staff,
          requiredStaff: pick([{}, { FACILITATOR: 1 }, { CLINICIAN: 1, FACILITATOR: 1 }]),
          status: random() < 0.1 ? "CANCELLED" : "SCHEDULED",
        });
      });
      const all = detectConflicts({ sessions, cohortWindows });
      for (const involving of [
        sessions.filter((s) => s.cohortId === "A").map((s) => s.id),
        sessions.filter((s) => s.staff.some((st) => st.userId === "u2")).map((s) => s.id),
        [sessions[0].id],
        [],
      ]) {
        expect(detectConflicts({ sessions, cohortWindows, involving })).toEqual(conflictsInvolving(all, involving));
      }
      expect(all.length).toBeGreaterThan(0);
    }
  });
});
