import { describe, expect, it } from "vitest";
import { newestCohortChoices } from "./lists";

const cohort = (id: string, startDate: string) => ({ id, name: `Cohort ${id}`, startDate });
// Oldest first, as a program report's scope reads them.
const cohorts = [
  cohort("a", "2025-01-06"),
  cohort("b", "2025-03-03"),
  cohort("c", "2025-03-03"),
  cohort("d", "2026-02-02"),
  cohort("e", "2026-09-07"),
];

describe("newestCohortChoices", () => {
  it("offers every cohort, newest first, when they fit", () => {
    expect(newestCohortChoices(cohorts, [], 5)).toEqual({
      options: ["e", "d", "b", "c", "a"].map((id) => cohorts.find((c) => c.id === id)),
      more: false,
    });
  });

  it("offers the newest up to the limit and says more are left out", () => {
    const { options, more } = newestCohortChoices(cohorts, [], 3);
    expect(options.map((c) => c.id)).toEqual(["e", "d", "b"]);
    expect(more).toBe(true);
  });

  it("adds a chosen older cohort after the newest, once, and ignores a chosen one not in the list", () => {
    expect(newestCohortChoices(cohorts, ["a", "zz"], 2).options.map((c) => c.id)).toEqual(["e", "d", "a"]);
    expect(newestCohortChoices(cohorts, ["e"], 2).options.map((c) => c.id)).toEqual(["e", "d"]);
  });
});
