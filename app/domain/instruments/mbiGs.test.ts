import { describe, expect, it } from "vitest";
import { MBI_GS, scoreMbiGs } from "./mbiGs";
import { InvalidResponsesError } from "./scoring";

// Keys from the published MBI-GS key (app/domain/instruments/README.md), typed in here so a wrong key in mbiGs.ts fails the test.
const SPEC = {
  EX: [1, 2, 3, 4, 6],
  CY: [8, 9, 13, 14, 15],
  PE: [5, 7, 10, 11, 12, 16],
} as const;

function responses(values: Record<number, number | null>, fill = 0): Record<number, number | null> {
  const out: Record<number, number | null> = {};
  for (let i = 1; i <= 16; i++) out[i] = fill;
  return { ...out, ...values };
}

describe("MBI-GS definition", () => {
  it("ships no item wording (licensed) but ships the anchors", () => {
    expect(MBI_GS.items).toHaveLength(16);
    expect(MBI_GS.items.every((i) => i.text === null)).toBe(true);
    expect(MBI_GS.instructions).toBeNull();
    expect(MBI_GS.licence.publicDomain).toBe(false);
    expect(MBI_GS.licence.notice).toMatch(/Mind Garden/);
    expect(MBI_GS.anchors.map((a) => a.label)).toEqual([
      "Never",
      "A few times a year or less",
      "Once a month or less",
      "A few times a month",
      "Once a week",
      "A few times a week",
      "Every day",
    ]);
  });

  it("has EX, CY, PE mean scales 0–6 and no total", () => {
    expect(MBI_GS.scales.map((s) => [s.key, s.method, s.min, s.max, s.improvement])).toEqual([
      ["EX", "mean", 0, 6, "decrease"],
      ["CY", "mean", 0, 6, "decrease"],
      ["PE", "mean", 0, 6, "increase"],
    ]);
  });
});

describe("MBI-GS subscales", () => {
  it.each(Array.from({ length: 16 }, (_, i) => i + 1))("item %i counts in exactly its subscale", (item) => {
    const result = scoreMbiGs(responses({ [item]: 6 }));
    for (const key of ["EX", "CY", "PE"] as const) {
      expect(result.scales[key].sum).toBe((SPEC[key] as readonly number[]).includes(item) ? 6 : 0);
    }
  });

  it("gives means 0–6 and integer sums", () => {
    // EX items 5,5,5,5,4 → 24 → 4.8; CY 4,4,4,4,3 → 19 → 3.8; PE 4,4,4,4,4,5 → 25 → 4.1667
    const result = scoreMbiGs(
      responses({ 1: 5, 2: 5, 3: 5, 4: 5, 6: 4, 8: 4, 9: 4, 13: 4, 14: 4, 15: 3, 5: 4, 7: 4, 10: 4, 11: 4, 12: 4, 16: 5 }),
    );
    expect(result.scales.EX).toMatchObject({ sum: 24, value: 4.8, method: "mean" });
    expect(result.scales.CY).toMatchObject({ sum: 19, value: 3.8 });
    expect(result.scales.PE.sum).toBe(25);
    expect(result.scales.PE.mean).toBeCloseTo(25 / 6, 12);
    expect(result.scales.PE.value).toBe(result.scales.PE.mean);
  });

  it("reaches the ends of the range", () => {
    const max = scoreMbiGs(responses({}, 6));
    expect([max.scales.EX.mean, max.scales.CY.mean, max.scales.PE.mean]).toEqual([6, 6, 6]);
    expect([max.scales.EX.sum, max.scales.CY.sum, max.scales.PE.sum]).toEqual([30, 30, 36]);
    const min = scoreMbiGs(responses({}, 0));
    expect([min.scales.EX.mean, min.scales.CY.mean, min.scales.PE.mean]).toEqual([0, 0, 0]);
  });

  it.each([
    [3, "EX"],
    [9, "CY"],
    [16, "PE"],
  ] as const)("missing item %i invalidates only %s", (item, key) => {
    const result = scoreMbiGs(responses({ [item]: null }, 2));
    for (const k of ["EX", "CY", "PE"] as const) {
      if (k === key) {
        expect(result.scales[k]).toMatchObject({ valid: false, mean: null, sum: null, missingItems: [item] });
      } else {
        expect(result.scales[k]).toMatchObject({ valid: true, mean: 2 });
      }
    }
    expect(result.complete).toBe(false);
    expect(result.missingItems).toEqual([item]);
  });

  it("rejects 7, −1 and 3.5", () => {
    expect(() => scoreMbiGs(responses({ 1: 7 }))).toThrow(InvalidResponsesError);
    expect(() => scoreMbiGs(responses({ 1: -1 }))).toThrow(InvalidResponsesError);
    expect(() => scoreMbiGs(responses({ 1: 3.5 }))).toThrow(InvalidResponsesError);
  });

  it("has the ≥1-point responder rule on all three subscales and no pinned reliability", () => {
    expect(MBI_GS.changeThresholds.responder).toMatchObject({ scales: ["EX", "CY", "PE"], points: 1 });
    expect(MBI_GS.changeThresholds.testRetest).toBeNull();
  });
});
