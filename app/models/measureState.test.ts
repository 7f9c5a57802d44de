import { describe, expect, it } from "vitest";
import { cellState, describeQuestionnaire, questionnaireStates, seededRandom, windowDates } from "./measureState";

describe("cellState", () => {
  const a = { windowOpens: "2026-03-01T00:00:00Z", windowCloses: "2026-03-04T00:00:00Z" };
  it("derives not yet open / due / overdue from the window for expected assessments", () => {
    expect(cellState({ ...a, status: "EXPECTED" }, new Date("2026-02-28T23:59:59Z"))).toBe("not_open");
    expect(cellState({ ...a, status: "EXPECTED" }, new Date("2026-03-01T00:00:00Z"))).toBe("due");
    expect(cellState({ ...a, status: "EXPECTED" }, new Date("2026-03-03T23:59:59Z"))).toBe("due");
    expect(cellState({ ...a, status: "EXPECTED" }, new Date("2026-03-04T00:00:00Z"))).toBe("overdue");
  });
  it("keeps completed and missed whatever the date", () => {
    expect(cellState({ ...a, status: "COMPLETED" }, new Date("2026-01-01"))).toBe("completed");
    expect(cellState({ ...a, status: "MISSED" }, new Date("2026-01-01"))).toBe("missed");
  });
});

describe("seededRandom", () => {
  it("is deterministic per seed and in [0, 1)", () => {
    const x = seededRandom("P-001");
    const y = seededRandom("P-001");
    const xs = Array.from({ length: 50 }, x);
    expect(xs).toEqual(Array.from({ length: 50 }, y));
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(seededRandom("P-002")()).not.toBe(xs[0]);
  });
});

describe("describeQuestionnaire: one wording for a questionnaire's state and date", () => {
  // A window from 2 Nov 00:00 to 10 Nov 00:00 in Denver (07:00 UTC, MST).
  const a = { windowOpens: "2026-11-02T07:00:00Z", windowCloses: "2026-11-10T07:00:00Z" };
  const days = windowDates(a, "America/Denver");

  it("reads the window's days in the cohort's zone", () => {
    expect(days).toEqual({ opensOn: "2026-11-02", lastDay: "2026-11-09", overdueFrom: "2026-11-10" });
    // Zone matters: 20:00 UTC is already the next morning in Tokyo.
    expect(windowDates(a, "Asia/Tokyo")).toEqual({ opensOn: "2026-11-02", lastDay: "2026-11-09", overdueFrom: "2026-11-10" });
    expect(windowDates({ windowOpens: "2026-11-02T20:00:00Z", windowCloses: "2026-11-10T20:00:00Z" }, "Asia/Tokyo").lastDay).toBe(
      "2026-11-10",
    );
  });

  it("says when it opens, when it is due, since when it is overdue, when it was completed", () => {
    expect(describeQuestionnaire({ state: "not_open", ...days })).toBe("Opens Mon 2 Nov 2026");
    expect(describeQuestionnaire({ state: "due", ...days })).toBe("Due by Mon 9 Nov 2026");
    expect(describeQuestionnaire({ state: "overdue", ...days })).toBe("Overdue since Tue 10 Nov 2026");
    expect(describeQuestionnaire({ state: "completed", ...days, completedOn: "2026-11-08" })).toBe("Completed Sun 8 Nov 2026");
    expect(describeQuestionnaire({ state: "completed", ...days, completedOn: null })).toBe("Completed");
    expect(describeQuestionnaire({ state: "missed", ...days })).toBe("Missed");
  });

  it("agrees with cellState for the same window and moment", () => {
    const at = (iso: string) => describeQuestionnaire({ state: cellState({ status: "EXPECTED", ...a }, new Date(iso)), ...days });
    expect(at("2026-11-01T12:00:00Z")).toMatch(/^Opens /);
    expect(at("2026-11-09T23:00:00Z")).toBe("Due by Mon 9 Nov 2026");
    expect(at("2026-11-10T07:00:00Z")).toBe("Overdue since Tue 10 Nov 2026");
  });
});

describe("questionnaireStates: the tracker's per-request memo of states and words", () => {
  it("gives each questionnaire what cellState and describeQuestionnaire give it, windows as text or instants", () => {
    const now = new Date("2026-11-05T12:00:00Z");
    const zone = "America/Denver";
    const stateOf = questionnaireStates(zone, now);
    const windows = [
      { windowOpens: "2026-11-02T07:00:00Z", windowCloses: "2026-11-10T07:00:00Z" },
      { windowOpens: new Date("2026-11-02T07:00:00Z"), windowCloses: new Date("2026-11-10T07:00:00Z") },
      { windowOpens: "2026-11-06T07:00:00Z", windowCloses: "2026-11-09T07:00:00Z" },
      { windowOpens: "2026-10-01T06:00:00Z", windowCloses: "2026-10-04T06:00:00Z" },
    ];
    const rows = windows.flatMap((w) =>
      ["EXPECTED", "COMPLETED", "MISSED"].flatMap((status) =>
        [null, "2026-11-03", "2026-10-02"].map((completedOn) => ({ status, completedOn, ...w })),
      ),
    );
    // Twice over: the second pass is answered from the memo.
    for (const a of [...rows, ...rows]) {
      const state = cellState(a, now);
      expect(stateOf(a)).toEqual({ state, when: describeQuestionnaire({ state, ...windowDates(a, zone), completedOn: a.completedOn }) });
    }
    expect(stateOf(rows[0])).toBe(stateOf(rows[1]));
  });
});
