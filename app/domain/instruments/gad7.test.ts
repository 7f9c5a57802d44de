import { describe, expect, it } from "vitest";
import { GAD7, GAD7_BANDS, scoreGad7 } from "./gad7";
import { InvalidResponsesError } from "./scoring";

function withTotal(total: number): number[] {
  const out = new Array<number>(7).fill(0);
  let left = total;
  for (let i = 0; i < 7 && left > 0; i++) {
    out[i] = Math.min(3, left);
    left -= out[i];
  }
  return out;
}

describe("GAD-7", () => {
  it("ships the public-domain wording, anchors and notice", () => {
    expect(GAD7.code).toBe("GAD7");
    expect(GAD7.items).toHaveLength(7);
    expect(GAD7.items.every((i) => typeof i.text === "string" && i.text.length > 0)).toBe(true);
    expect(GAD7.items[1].text).toBe("Not being able to stop or control worrying");
    expect(GAD7.items[3].text).toBe("Trouble relaxing");
    expect(GAD7.licence.notice).toContain("No permission required to reproduce, translate, display or distribute.");
    expect(GAD7.anchors.map((a) => a.value)).toEqual([0, 1, 2, 3]);
  });

  it("exports its bands", () => {
    expect(GAD7_BANDS).toEqual([
      { from: 0, to: 4, label: "Minimal" },
      { from: 5, to: 9, label: "Mild" },
      { from: 10, to: 14, label: "Moderate" },
      { from: 15, to: 21, label: "Severe" },
    ]);
  });

  it.each([
    [0, "Minimal"],
    [4, "Minimal"],
    [5, "Mild"],
    [9, "Mild"],
    [10, "Moderate"],
    [14, "Moderate"],
    [15, "Severe"],
    [21, "Severe"],
  ])("total %i is %s", (total, label) => {
    const result = scoreGad7(withTotal(total));
    expect(result.scales.total.sum).toBe(total);
    expect(result.scales.total.band?.label).toBe(label);
  });

  it.each([
    [9, false],
    [10, true],
  ])("screen positive at %i → %s", (total, positive) => {
    expect(scoreGad7(withTotal(total)).extras.screenPositive).toBe(positive);
  });

  it("sums every item exactly once", () => {
    for (let item = 1; item <= 7; item++) {
      const r = new Array(7).fill(0);
      r[item - 1] = 2;
      expect(scoreGad7(r).scales.total.sum).toBe(2);
    }
  });

  it("invalidates the total when an item is missing", () => {
    const result = scoreGad7([1, 1, 1, null, 1, 1, 1]);
    expect(result.scales.total.valid).toBe(false);
    expect(result.scales.total.missingItems).toEqual([4]);
    expect(result.extras.screenPositive).toBeNull();
  });

  it("rejects out-of-range and non-integer responses", () => {
    expect(() => scoreGad7([0, 0, 0, 0, 0, 0, 4])).toThrow(InvalidResponsesError);
    expect(() => scoreGad7([0, 0, 0, 0, 0, 0, 2.5])).toThrow(InvalidResponsesError);
    expect(() => scoreGad7({ 8: 1 })).toThrow(InvalidResponsesError);
  });
});
