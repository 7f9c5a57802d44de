import { describe, expect, it } from "vitest";
import { parseReportParams } from "./params";

const timepoints = [
  { key: "baseline", label: "Baseline", instruments: ["PHQ9"] },
  { key: "mid", label: "Mid-program", instruments: ["PHQ9"] },
  { key: "last_group", label: "After the last group", instruments: ["PHQ9"] },
];
const ctx = { timepoints, defaults: { pre: "baseline", post: "last_group" }, cohortIds: ["c1"] };
const parse = (query: string) => parseReportParams(new URLSearchParams(query), ctx);

describe("parseReportParams: timepoints", () => {
  it("takes a pre/post pair in plan order", () => {
    const p = parse("pre=mid&post=last_group");
    expect([p.options.pre, p.options.post]).toEqual(["mid", "last_group"]);
    expect(p.problems).toEqual([]);
  });

  it("refuses post before pre, or the same timepoint twice, and says so with labels", () => {
    const reversed = parse("pre=last_group&post=baseline");
    expect([reversed.options.pre, reversed.options.post]).toEqual(["baseline", "last_group"]);
    expect(reversed.problems).toEqual([
      "The post timepoint (Baseline) comes before the pre timepoint (After the last group) in the measure plan: using the program's default pair.",
    ]);
    const same = parse("pre=mid&post=mid");
    expect([same.options.pre, same.options.post]).toEqual(["baseline", "last_group"]);
    expect(same.problems[0]).toMatch(/same timepoint \(Mid-program\)/);
  });

  it("falls back to the default for an unknown key", () => {
    const p = parse("pre=nope&post=mid");
    expect([p.options.pre, p.options.post]).toEqual(["baseline", "mid"]);
    expect(p.problems).toEqual(["Unknown pre timepoint “nope”: using the program's default."]);
  });
});
