import { describe, expect, it } from "vitest";
import { PHQ9, PHQ9_BANDS, scorePhq9 } from "./phq9";
import { InvalidResponsesError } from "./scoring";

/** n items whose sum is `total`, filled with the highest values first (item 9 last). */
function withTotal(total: number, n = 9, max = 3, keepLastZero = true): number[] {
  const out = new Array<number>(n).fill(0);
  let left = total;
  const limit = keepLastZero ? n - 1 : n;
  for (let i = 0; i < limit && left > 0; i++) {
    out[i] = Math.min(max, left);
    left -= out[i];
  }
  if (left > 0) throw new Error(`cannot build total ${total}`);
  return out;
}

describe("PHQ-9 definition", () => {
  it("has 9 items with the standard wording and the Pfizer notice", () => {
    expect(PHQ9.code).toBe("PHQ9");
    expect(PHQ9.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(PHQ9.items[0].text).toBe("Little interest or pleasure in doing things");
    expect(PHQ9.items[8].text).toBe("Thoughts that you would be better off dead or of hurting yourself in some way");
    expect(PHQ9.licence.publicDomain).toBe(true);
    expect(PHQ9.licence.notice).toBe(
      "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.",
    );
    expect(PHQ9.anchors.map((a) => a.label)).toEqual(["Not at all", "Several days", "More than half the days", "Nearly every day"]);
    expect(PHQ9.recallPeriod).toMatch(/^Over the last 2 weeks/);
  });

  it("carries the unscored functional-difficulty question as metadata, not as an item", () => {
    expect(PHQ9.supplementaryQuestions).toHaveLength(1);
    expect(PHQ9.supplementaryQuestions[0].scored).toBe(false);
    expect(PHQ9.supplementaryQuestions[0].anchors.map((a) => a.label)).toEqual([
      "Not difficult at all",
      "Somewhat difficult",
      "Very difficult",
      "Extremely difficult",
    ]);
    expect(() => scorePhq9({ ...Object.fromEntries(withTotal(0).map((v, i) => [i + 1, v])), 10: 2 })).toThrow(InvalidResponsesError);
  });

  it("exports the Kroenke 2001 bands for chart shading", () => {
    expect(PHQ9_BANDS).toEqual([
      { from: 0, to: 4, label: "Minimal" },
      { from: 5, to: 9, label: "Mild" },
      { from: 10, to: 14, label: "Moderate" },
      { from: 15, to: 19, label: "Moderately severe" },
      { from: 20, to: 27, label: "Severe" },
    ]);
  });
});

describe("PHQ-9 scoring", () => {
  it.each([
    [0, "Minimal"],
    [4, "Minimal"],
    [5, "Mild"],
    [9, "Mild"],
    [10, "Moderate"],
    [14, "Moderate"],
    [15, "Moderately severe"],
    [19, "Moderately severe"],
    [20, "Severe"],
    [24, "Severe"],
  ])("total %i is %s", (total, label) => {
    const result = scorePhq9(withTotal(total));
    expect(result.scales.total.sum).toBe(total);
    expect(result.scales.total.value).toBe(total);
    expect(result.scales.total.valid).toBe(true);
    expect(result.scales.total.band?.label).toBe(label);
  });

  it("maximum 27 is Severe", () => {
    const result = scorePhq9(new Array(9).fill(3));
    expect(result.scales.total.sum).toBe(27);
    expect(result.scales.total.band?.label).toBe("Severe");
    expect(result.scales.total.percentOfMax).toBe(100);
  });

  it.each([
    [9, false],
    [10, true],
  ])("screen positive at total %i → %s", (total, positive) => {
    expect(scorePhq9(withTotal(total)).extras.screenPositive).toBe(positive);
  });

  it("sums every item exactly once", () => {
    for (let item = 1; item <= 9; item++) {
      const responses = new Array(9).fill(0);
      responses[item - 1] = 3;
      expect(scorePhq9(responses).scales.total.sum).toBe(3);
    }
  });

  it("accepts a record keyed by item number", () => {
    const result = scorePhq9({ 1: 3, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 });
    expect(result.scales.total.sum).toBe(6);
    expect(result.responses[1]).toBe(3);
  });
});

describe("PHQ-9 item 9 suicidality flag", () => {
  it("raises a critical flag at a total of 1 when that point is item 9", () => {
    const result = scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(result.scales.total.sum).toBe(1);
    expect(result.scales.total.band?.label).toBe("Minimal");
    expect(result.extras.suicidality).toBe(true);
    const flag = result.flags.find((f) => f.code === "suicidality");
    expect(flag?.severity).toBe("critical");
  });

  it.each([1, 2, 3])("flags item 9 = %i", (v) => {
    const responses = [0, 0, 0, 0, 0, 0, 0, 0, v];
    expect(scorePhq9(responses).flags.map((f) => f.code)).toContain("suicidality");
  });

  it("does not flag item 9 = 0, even at a severe total", () => {
    const result = scorePhq9([3, 3, 3, 3, 3, 3, 3, 3, 0]);
    expect(result.scales.total.band?.label).toBe("Severe");
    expect(result.extras.suicidality).toBe(false);
    expect(result.flags).toEqual([]);
  });

  it("still flags item 9 when other items are missing and the total is invalid", () => {
    const result = scorePhq9([null, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(result.scales.total.valid).toBe(false);
    expect(result.flags.map((f) => f.code)).toContain("suicidality");
  });

  it("warns when item 9 is unanswered", () => {
    const result = scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, null]);
    expect(result.extras.suicidality).toBeNull();
    expect(result.flags.map((f) => f.code)).toEqual(["suicidality_unanswered"]);
  });
});

describe("PHQ-9 missing and invalid items", () => {
  it("makes the total invalid when any item is missing (no prorating)", () => {
    const result = scorePhq9([3, 3, 3, undefined, 3, 3, 3, 3, 0]);
    expect(result.complete).toBe(false);
    expect(result.missingItems).toEqual([4]);
    expect(result.scales.total).toMatchObject({ valid: false, sum: null, mean: null, value: null, band: null });
    expect(result.scales.total.missingItems).toEqual([4]);
    expect(result.extras.screenPositive).toBeNull();
  });

  it("treats an absent record key as missing", () => {
    const result = scorePhq9({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 9: 0 });
    expect(result.scales.total.missingItems).toEqual([8]);
  });

  it.each([
    [[4, 0, 0, 0, 0, 0, 0, 0, 0]],
    [[-1, 0, 0, 0, 0, 0, 0, 0, 0]],
    [[1.5, 0, 0, 0, 0, 0, 0, 0, 0]],
    [[NaN, 0, 0, 0, 0, 0, 0, 0, 0]],
  ])("rejects %j rather than scoring it", (responses) => {
    expect(() => scorePhq9(responses)).toThrow(InvalidResponsesError);
  });

  it("rejects a tenth response in an array", () => {
    expect(() => scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])).toThrow(/has 9 items/);
  });
});
