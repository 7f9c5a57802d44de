import { describe, expect, it } from "vitest";
import { CADSS6, scoreCadss6 } from "./cadss6";
import { InvalidResponsesError, validateResponses } from "./scoring";

describe("CADSS-6", () => {
  it("uses the original CADSS item numbers 1, 2, 6, 7, 15, 22 with no wording", () => {
    expect(CADSS6.items.map((i) => i.number)).toEqual([1, 2, 6, 7, 15, 22]);
    expect(CADSS6.items.every((i) => i.text === null)).toBe(true);
    expect(CADSS6.licence.publicDomain).toBe(false);
    expect([CADSS6.min, CADSS6.max]).toEqual([0, 4]);
    expect(CADSS6.anchors.map((a) => a.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it("sums 0–24", () => {
    expect(scoreCadss6([4, 4, 4, 4, 4, 4]).scales.total.sum).toBe(24);
    expect(scoreCadss6([0, 0, 0, 0, 0, 0]).scales.total.sum).toBe(0);
    expect(scoreCadss6({ 1: 1, 2: 0, 6: 2, 7: 0, 15: 3, 22: 1 }).scales.total.sum).toBe(7);
  });

  it("counts each of its six items exactly once", () => {
    for (const item of [1, 2, 6, 7, 15, 22]) {
      const r: Record<number, number> = { 1: 0, 2: 0, 6: 0, 7: 0, 15: 0, 22: 0, [item]: 4 };
      expect(scoreCadss6(r).scales.total.sum).toBe(4);
    }
  });

  it("rejects CADSS items that are not in the short form", () => {
    expect(() => scoreCadss6({ 3: 1 })).toThrow(InvalidResponsesError);
    expect(validateResponses(CADSS6, { 3: 1 }).formErrors[0]).toMatch(/no item "3"/);
  });

  it("a missing item invalidates the total", () => {
    const result = scoreCadss6({ 1: 1, 2: 1, 6: 1, 7: 1, 15: 1 });
    expect(result.scales.total).toMatchObject({ valid: false, missingItems: [22] });
  });

  it("names items by their CADSS number in validation messages", () => {
    expect(validateResponses(CADSS6, { 1: 0, 2: 0, 6: 5, 7: 0, 15: 0 }).errorsByItem).toEqual({
      6: "Item 6: choose a value from 0 to 4",
      22: "Item 22 is required",
    });
  });
});
