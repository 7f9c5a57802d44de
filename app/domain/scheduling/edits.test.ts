import { describe, expect, it } from "vitest";
import { addSession, cancelSession, moveSession, shiftFollowing, toCohortSessions, type CohortSession } from "./edits";
import { expandTemplate } from "./expand";
import { instantToLocal } from "./localTime";
import { FIRST_RESPONDERS_TEMPLATE } from "./seedTemplates";

const TZ = "America/Denver";
const DAY = 1440;
const base = (): CohortSession[] =>
  toCohortSessions(expandTemplate({ template: FIRST_RESPONDERS_TEMPLATE, startDate: "2026-10-20", timeZone: TZ }), (i) => `s${i}`);
const local = (s: CohortSession) => instantToLocal(s.startsAt, TZ);
const ok = <T extends { ok: boolean }>(r: T) => {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
};

describe("moveSession", () => {
  it("moves one session to a new local date/time across DST, keeping its duration", () => {
    const r = ok(moveSession(base(), "s0", { localDate: "2026-11-02", localStartTime: "18:30" }, TZ));
    const moved = r.sessions.find((s) => s.id === "s0")!;
    expect(moved.startsAt.toISOString()).toBe("2026-11-03T01:30:00.000Z");
    expect(moved.endsAt.getTime() - moved.startsAt.getTime()).toBe(120 * 60_000);
    expect(r.sessions.map((s) => s.id)).toEqual(["s1", "s0", "s2", "s3", "s4", "s5", "s6"]); // re-sorted by time
    expect(r.changes).toEqual([
      {
        sessionId: "s0",
        action: "MOVED",
        before: { startsAt: new Date("2026-10-21T00:00:00Z"), endsAt: new Date("2026-10-21T02:00:00Z"), status: "SCHEDULED" },
        after: { startsAt: moved.startsAt, endsAt: moved.endsAt, status: "SCHEDULED" },
      },
    ]);
  });
  it("can change the duration; does not touch other sessions", () => {
    const before = base();
    const r = ok(moveSession(before, "s1", { localDate: "2026-10-27", localStartTime: "09:00", durationMinutes: 180 }, TZ));
    expect(r.sessions[1].endsAt.toISOString()).toBe("2026-10-27T18:00:00.000Z");
    expect(r.sessions.filter((s) => s.id !== "s1")).toEqual(before.filter((s) => s.id !== "s1"));
  });
  it("refuses unknown, cancelled or completed sessions and bad input", () => {
    const sessions = base();
    sessions[2] = { ...sessions[2], status: "CANCELLED", cancelReason: "Snow" };
    sessions[0] = { ...sessions[0], status: "COMPLETED" };
    expect(moveSession(sessions, "nope", { localDate: "2026-11-02", localStartTime: "18:00" }, TZ)).toEqual({
      ok: false,
      message: "That session is not part of this cohort",
    });
    expect(moveSession(sessions, "s2", { localDate: "2026-11-02", localStartTime: "18:00" }, TZ)).toEqual({
      ok: false,
      message: "A cancelled session cannot be moved",
    });
    expect(moveSession(sessions, "s0", { localDate: "2026-11-02", localStartTime: "18:00" }, TZ)).toEqual({
      ok: false,
      message: "A session that has already taken place cannot be moved",
    });
    expect(moveSession(sessions, "s1", { localDate: "2026-11-02", localStartTime: "7pm" }, TZ)).toEqual({
      ok: false,
      message: "Start time must be HH:MM (24-hour)",
    });
    expect(moveSession(sessions, "s1", { localDate: "2026-10-27", localStartTime: "09:00" }, TZ)).toEqual({
      ok: false,
      message: "The session is already at that time",
    });
  });
});

describe("shiftFollowing", () => {
  it("shifting by whole days keeps the local wall-clock time across the DST change", () => {
    const r = ok(shiftFollowing(base(), "s1", 7 * DAY, TZ));
    expect(r.sessions.map((s) => [s.id, local(s).date, local(s).time])).toEqual([
      ["s0", "2026-10-20", "18:00"],
      ["s1", "2026-11-03", "09:00"],
      ["s2", "2026-11-10", "18:00"],
      ["s3", "2026-11-17", "09:00"],
      ["s4", "2026-11-24", "18:00"],
      ["s5", "2026-12-01", "09:00"],
      ["s6", "2026-12-08", "18:00"],
    ]);
    // Dosing 1 moved from MDT to MST: 7 days + 1 hour of real time.
    expect(r.sessions[1].startsAt.toISOString()).toBe("2026-11-03T16:00:00.000Z");
    expect(r.changes.map((c) => c.sessionId)).toEqual(["s1", "s2", "s3", "s4", "s5", "s6"]);
    expect(r.sessions.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === (s.kind === "DOSING" ? 240 : 120) * 60_000)).toBe(true);
  });
  it("a minutes shift is wall-clock minutes and can roll over midnight", () => {
    const r = ok(shiftFollowing(base(), "s6", 30, TZ));
    expect(local(r.sessions[6])).toEqual({ date: "2026-12-01", time: "18:30" });
    const late = ok(shiftFollowing(base(), "s6", 6 * 60 + 15, TZ));
    expect(local(late.sessions[6])).toEqual({ date: "2026-12-02", time: "00:15" });
    const back = ok(shiftFollowing(base(), "s2", -DAY, TZ));
    expect(local(back.sessions[2])).toEqual({ date: "2026-11-02", time: "18:00" });
  });
  it("leaves cancelled sessions and earlier sessions alone", () => {
    const sessions = base();
    sessions[4] = { ...sessions[4], status: "CANCELLED", cancelReason: "Facilitator ill" };
    const r = ok(shiftFollowing(sessions, "s3", DAY, TZ));
    expect(r.sessions.find((s) => s.id === "s4")!.startsAt).toEqual(sessions[4].startsAt);
    expect(r.sessions.find((s) => s.id === "s2")!.startsAt).toEqual(sessions[2].startsAt);
    expect(r.changes.map((c) => c.sessionId)).toEqual(["s3", "s5", "s6"]);
  });
  it("refuses zero, fractional and oversized shifts", () => {
    expect(shiftFollowing(base(), "s1", 0, TZ).ok).toBe(false);
    expect(shiftFollowing(base(), "s1", 1.5, TZ).ok).toBe(false);
    expect(shiftFollowing(base(), "s1", 61 * DAY, TZ)).toEqual({
      ok: false,
      message: "Sessions can be shifted by at most 60 days at a time",
    });
  });
});

describe("cancelSession", () => {
  it("requires a reason", () => {
    expect(cancelSession(base(), "s2", "")).toEqual({ ok: false, message: "Give a reason for cancelling the session" });
    expect(cancelSession(base(), "s2", "   ")).toEqual({ ok: false, message: "Give a reason for cancelling the session" });
  });
  it("marks the session cancelled with the trimmed reason; cannot cancel twice", () => {
    const r = ok(cancelSession(base(), "s2", "  Blizzard warning  "));
    expect(r.sessions[2]).toMatchObject({ id: "s2", status: "CANCELLED", cancelReason: "Blizzard warning" });
    expect(r.changes[0]).toMatchObject({ sessionId: "s2", action: "CANCELLED", after: { status: "CANCELLED" } });
    expect(cancelSession(r.sessions, "s2", "again")).toEqual({ ok: false, message: "A cancelled session cannot be cancelled" });
  });
});

describe("addSession", () => {
  it("adds an extra session at local time with index null, in time order", () => {
    const r = ok(
      addSession(
        base(),
        {
          id: "x1",
          kind: "INTEGRATION",
          title: " Extra integration circle ",
          localDate: "2026-11-05",
          localStartTime: "18:00",
          durationMinutes: 90,
          requiredStaff: { FACILITATOR: 1 },
        },
        TZ,
      ),
    );
    const added = r.sessions.find((s) => s.id === "x1")!;
    expect(added).toMatchObject({ index: null, title: "Extra integration circle", status: "SCHEDULED", route: null });
    expect(added.startsAt.toISOString()).toBe("2026-11-06T01:00:00.000Z");
    expect(r.sessions.map((s) => s.id)).toEqual(["s0", "s1", "s2", "x1", "s3", "s4", "s5", "s6"]);
    expect(r.changes).toEqual([
      { sessionId: "x1", action: "ADDED", before: null, after: { startsAt: added.startsAt, endsAt: added.endsAt, status: "SCHEDULED" } },
    ]);
  });
  it("refuses duplicates, bad durations and a route on a group", () => {
    const input = {
      id: "s1",
      kind: "INTEGRATION" as const,
      title: "Extra",
      localDate: "2026-11-05",
      localStartTime: "18:00",
      durationMinutes: 90,
      requiredStaff: {},
    };
    expect(addSession(base(), input, TZ)).toEqual({ ok: false, message: "A session with that id already exists" });
    expect(addSession(base(), { ...input, id: "x", durationMinutes: 10 }, TZ)).toEqual({
      ok: false,
      message: "Duration must be between 15 and 720 minutes",
    });
    expect(addSession(base(), { ...input, id: "x", route: "IM" }, TZ)).toEqual({ ok: false, message: "Only dosing sessions have a route" });
  });
});
