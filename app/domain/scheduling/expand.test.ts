import { describe, expect, it } from "vitest";
import { cohortEndDate, computeTimepointDueDates, expandTemplate } from "./expand";
import { instantToLocal } from "./localTime";
import { BURNOUT_TEMPLATE, FIRST_RESPONDERS_TEMPLATE } from "./seedTemplates";
import type { ProgramTemplate } from "./types";

const HOUR = 3_600_000;

describe("expandTemplate across DST — America/Denver (clocks back 2026-11-01)", () => {
  const sessions = expandTemplate({ template: FIRST_RESPONDERS_TEMPLATE, startDate: "2026-10-20", timeZone: "America/Denver" });

  it("generates every planned session in order", () => {
    expect(sessions.map((s) => [s.index, s.kind, s.localDate])).toEqual([
      [0, "PREPARATION", "2026-10-20"],
      [1, "DOSING", "2026-10-27"],
      [2, "INTEGRATION", "2026-11-03"],
      [3, "DOSING", "2026-11-10"],
      [4, "INTEGRATION", "2026-11-17"],
      [5, "DOSING", "2026-11-24"],
      [6, "INTEGRATION", "2026-12-01"],
    ]);
  });

  it("the 18:00 group stays at 18:00 local; its UTC instant moves an hour later", () => {
    const before = sessions[0];
    const after = sessions[2];
    expect(before.localStartTime).toBe("18:00");
    expect(after.localStartTime).toBe("18:00");
    expect(before.startsAt.toISOString()).toBe("2026-10-21T00:00:00.000Z"); // MDT, UTC-6
    expect(after.startsAt.toISOString()).toBe("2026-11-04T01:00:00.000Z"); // MST, UTC-7
    // Two weeks apart on the wall clock, two weeks plus one hour in real time.
    expect(after.startsAt.getTime() - before.startsAt.getTime()).toBe(14 * 24 * HOUR + HOUR);
    for (const s of sessions) expect(instantToLocal(s.startsAt, "America/Denver").time).toBe(s.kind === "DOSING" ? "09:00" : "18:00");
  });

  it("dosing sessions keep 09:00 local; end = start + duration in elapsed minutes", () => {
    expect(sessions[1].startsAt.toISOString()).toBe("2026-10-27T15:00:00.000Z");
    expect(sessions[3].startsAt.toISOString()).toBe("2026-11-10T16:00:00.000Z");
    expect(sessions[1].endsAt.getTime() - sessions[1].startsAt.getTime()).toBe(240 * 60_000);
    expect(sessions[1].requiredStaff).toEqual({ CLINICIAN: 1, FACILITATOR: 2 });
    expect(sessions.every((s) => s.dstAdjustment === null)).toBe(true);
  });

  it("cohort end date is the last session's local date", () => {
    expect(cohortEndDate(sessions, "America/Denver")).toBe("2026-12-01");
  });
});

describe("expandTemplate across DST — Europe/Berlin (clocks forward 2026-03-29)", () => {
  const sessions = expandTemplate({ template: FIRST_RESPONDERS_TEMPLATE, startDate: "2026-03-10", timeZone: "Europe/Berlin" });
  it("the 18:00 group stays at 18:00 local; its UTC instant moves an hour earlier", () => {
    expect(sessions[2].localDate).toBe("2026-03-24");
    expect(sessions[2].startsAt.toISOString()).toBe("2026-03-24T17:00:00.000Z"); // CET, UTC+1
    expect(sessions[4].localDate).toBe("2026-04-07");
    expect(sessions[4].startsAt.toISOString()).toBe("2026-04-07T16:00:00.000Z"); // CEST, UTC+2
    expect(sessions[4].localStartTime).toBe("18:00");
    expect(sessions[4].startsAt.getTime() - sessions[2].startsAt.getTime()).toBe(14 * 24 * HOUR - HOUR);
  });
  it("the burnout program's 09:00 dosing stays 09:00 on both sides", () => {
    const burnout = expandTemplate({ template: BURNOUT_TEMPLATE, startDate: "2026-03-10", timeZone: "Europe/Berlin" });
    expect(burnout).toHaveLength(11);
    const dosing = burnout.filter((s) => s.kind === "DOSING");
    expect(dosing.map((s) => s.startsAt.toISOString().slice(11, 16))).toEqual(["08:00", "08:00", "08:00", "07:00", "07:00", "07:00"]);
    expect(dosing.every((s) => s.localStartTime === "09:00")).toBe(true);
    expect(dosing.every((s) => s.route === "SUBLINGUAL")).toBe(true);
  });
});

describe("expandTemplate — sessions planned inside a DST gap or overlap", () => {
  const nightly: Pick<ProgramTemplate, "sessionPlan"> = {
    sessionPlan: [
      { kind: "FOLLOW_UP", title: "Gap", dayOffset: 19, startTime: "02:30", durationMinutes: 60, requiredStaff: {} },
      { kind: "FOLLOW_UP", title: "Overlap", dayOffset: 229, startTime: "02:30", durationMinutes: 60, requiredStaff: {} },
    ],
  };
  it("gap: shifted forward and flagged; overlap: earlier instant and flagged", () => {
    const [gap, overlap] = expandTemplate({ template: nightly, startDate: "2026-03-10", timeZone: "Europe/Berlin" });
    expect(gap.localDate).toBe("2026-03-29");
    expect(gap.localStartTime).toBe("03:30");
    expect(gap.dstAdjustment).toBe("SHIFTED_FORWARD");
    expect(overlap.localDate).toBe("2026-10-25");
    expect(overlap.localStartTime).toBe("02:30");
    expect(overlap.startsAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(overlap.dstAdjustment).toBe("AMBIGUOUS_EARLIER");
  });
  it("refuses an impossible start date or an unknown zone", () => {
    expect(() => expandTemplate({ template: nightly, startDate: "2026-02-30", timeZone: "Europe/Berlin" })).toThrow(/calendar date/);
    expect(() => expandTemplate({ template: nightly, startDate: "2026-03-10", timeZone: "Europe/Springfield" })).toThrow(/time zone/);
  });
});

describe("computeTimepointDueDates", () => {
  const tz = "America/Denver";
  const sessions = expandTemplate({ template: FIRST_RESPONDERS_TEMPLATE, startDate: "2026-10-20", timeZone: tz });
  const due = Object.fromEntries(
    computeTimepointDueDates(FIRST_RESPONDERS_TEMPLATE.measurePlan, sessions, "2026-10-20", tz).map((d) => [d.key, d]),
  );

  it("baseline: the week before the first group, closing at local midnight of the start day", () => {
    expect(due.baseline.dueDate).toBe("2026-10-13");
    expect(due.baseline.lastDay).toBe("2026-10-19");
    expect(due.baseline.windowOpens.toISOString()).toBe("2026-10-13T06:00:00.000Z");
    expect(due.baseline.windowCloses.toISOString()).toBe("2026-10-20T06:00:00.000Z");
    expect(due.baseline.instruments).toEqual(["GAD7", "PHQ9", "PCL5", "MBI_HSS"]);
  });
  it("MEQ-30 after each dosing opens when that session ends", () => {
    expect(due.dosing_1.dueDate).toBe("2026-10-27");
    expect(due.dosing_1.windowOpens.toISOString()).toBe("2026-10-27T19:00:00.000Z");
    expect(due.dosing_1.windowCloses.toISOString()).toBe("2026-10-31T06:00:00.000Z");
    expect(due.dosing_3.dueDate).toBe("2026-11-24");
    expect(due.dosing_3.windowCloses.toISOString()).toBe("2026-11-28T07:00:00.000Z"); // MST midnight
  });
  it("last group and the 2-week follow-up follow the last session", () => {
    expect(due.last_group.dueDate).toBe("2026-12-01");
    expect(due.last_group.windowOpens.toISOString()).toBe("2026-12-02T03:00:00.000Z");
    expect(due.followup_2w.dueDate).toBe("2026-12-15");
    expect(due.followup_2w.lastDay).toBe("2026-12-22");
    expect(due.followup_2w.windowOpens.toISOString()).toBe("2026-12-15T07:00:00.000Z");
    expect(due.followup_2w.windowCloses.toISOString()).toBe("2026-12-23T07:00:00.000Z");
  });
  it("LAST_SESSION skips a cancelled last session and follows an added one; SESSION follows a moved session", () => {
    const edited = sessions.map((s) => ({ ...s, status: s.index === 6 ? "CANCELLED" : "SCHEDULED" })) as Array<{
      index: number | null;
      startsAt: Date;
      endsAt: Date;
      status: string;
    }>;
    let d = computeTimepointDueDates(FIRST_RESPONDERS_TEMPLATE.measurePlan, edited, "2026-10-20", tz);
    expect(d.find((x) => x.key === "last_group")?.dueDate).toBe("2026-11-24");
    edited.push({ index: null, startsAt: new Date("2026-12-09T01:00:00Z"), endsAt: new Date("2026-12-09T03:00:00Z"), status: "SCHEDULED" });
    edited[1] = { ...edited[1], startsAt: new Date("2026-10-28T15:00:00Z"), endsAt: new Date("2026-10-28T19:00:00Z") };
    d = computeTimepointDueDates(FIRST_RESPONDERS_TEMPLATE.measurePlan, edited, "2026-10-20", tz);
    expect(d.find((x) => x.key === "last_group")?.dueDate).toBe("2026-12-08");
    expect(d.find((x) => x.key === "dosing_1")?.dueDate).toBe("2026-10-28");
  });
  it("burnout timepoints anchor to dosing sessions 2, 4 and 6", () => {
    const b = expandTemplate({ template: BURNOUT_TEMPLATE, startDate: "2026-03-10", timeZone: "Europe/Berlin" });
    const d = computeTimepointDueDates(BURNOUT_TEMPLATE.measurePlan, b, "2026-03-10", "Europe/Berlin");
    expect(d.map((x) => [x.key, x.dueDate])).toEqual([
      ["baseline", "2026-02-24"],
      ["post_session_2", "2026-03-17"],
      ["post_session_4", "2026-03-31"],
      ["post_session_6", "2026-04-14"],
    ]);
  });
  it("a missing anchor session is an error", () => {
    expect(() =>
      computeTimepointDueDates(
        [{ key: "x", label: "X", instruments: ["PHQ9"], anchor: { type: "SESSION", sessionIndex: 9 }, offsetDays: 0, windowDays: 0 }],
        sessions,
        "2026-10-20",
        tz,
      ),
    ).toThrow(/session 10/);
  });
});

describe("computeTimepointDueDates — session running past midnight", () => {
  it("the window still has windowDays full days after the session ends", () => {
    const tz = "Europe/Berlin";
    const late = expandTemplate({
      template: {
        sessionPlan: [{ kind: "DOSING", title: "Night", dayOffset: 0, startTime: "22:00", durationMinutes: 180, requiredStaff: {} }],
      },
      startDate: "2026-06-01",
      timeZone: tz,
    });
    const [d] = computeTimepointDueDates(
      [
        {
          key: "after",
          label: "After",
          instruments: ["MEQ30"],
          anchor: { type: "SESSION", sessionIndex: 0 },
          offsetDays: 0,
          windowDays: 0,
        },
      ],
      late,
      "2026-06-01",
      tz,
    );
    expect(d.dueDate).toBe("2026-06-01");
    expect(d.windowOpens.toISOString()).toBe("2026-06-01T23:00:00.000Z"); // 01:00 local on 2 June
    expect(d.lastDay).toBe("2026-06-02");
    expect(d.windowCloses.toISOString()).toBe("2026-06-02T22:00:00.000Z");
  });
});
