import { describe, expect, it } from "vitest";
import { cellState, seededRandom } from "./measureState";

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
