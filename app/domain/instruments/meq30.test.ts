import { describe, expect, it } from "vitest";
import { MEQ30, scoreMeq30 } from "./meq30";
import { InvalidResponsesError } from "./scoring";

// Stand-alone MEQ30 order (Barrett 2015), see app/domain/instruments/README.md.
const SPEC = {
  mystical: [4, 5, 6, 9, 14, 15, 16, 18, 20, 21, 23, 24, 25, 26, 28],
  positive_mood: [2, 8, 12, 17, 27, 30],
  transcendence: [1, 7, 11, 13, 19, 22],
  ineffability: [3, 10, 29],
} as const;
type Factor = keyof typeof SPEC;
const FACTORS = Object.keys(SPEC) as Factor[];

function all(value: number): (number | null)[] {
  return new Array(30).fill(value);
}

describe("MEQ-30 definition", () => {
  it("ships no wording, six anchors 0–5", () => {
    expect(MEQ30.items).toHaveLength(30);
    expect(MEQ30.items.every((i) => i.text === null)).toBe(true);
    expect(MEQ30.anchors.map((a) => a.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(MEQ30.anchors[0].label).toBe("None; not at all");
    expect(MEQ30.licence.publicDomain).toBe(false);
  });

  it("factors partition the 30 items 15/6/6/3", () => {
    const seen = FACTORS.flatMap((f) => [...SPEC[f]]).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});

describe("MEQ-30 scoring", () => {
  it.each(Array.from({ length: 30 }, (_, i) => i + 1))("item %i counts in exactly its factor and the total", (item) => {
    const r = all(0);
    r[item - 1] = 5;
    const result = scoreMeq30(r);
    for (const f of FACTORS) {
      expect(result.scales[f].sum).toBe((SPEC[f] as readonly number[]).includes(item) ? 5 : 0);
    }
    expect(result.scales.total.sum).toBe(5);
  });

  it("reports factor means, sums and % of maximum, plus total mean and %", () => {
    // mystical all 4 → 60/75 = 80%; PM all 5 → 100%; TTS all 2 → 40%; ineffability 1,2,3 → 6/15 = 40%
    const r = all(0);
    for (const i of SPEC.mystical) r[i - 1] = 4;
    for (const i of SPEC.positive_mood) r[i - 1] = 5;
    for (const i of SPEC.transcendence) r[i - 1] = 2;
    r[2] = 1;
    r[9] = 2;
    r[28] = 3;
    const result = scoreMeq30(r);
    expect(result.scales.mystical).toMatchObject({ sum: 60, mean: 4, value: 4, percentOfMax: 80 });
    expect(result.scales.positive_mood).toMatchObject({ sum: 30, mean: 5, percentOfMax: 100 });
    expect(result.scales.transcendence).toMatchObject({ sum: 12, mean: 2, percentOfMax: 40 });
    expect(result.scales.ineffability).toMatchObject({ sum: 6, mean: 2, percentOfMax: 40 });
    expect(result.scales.total.sum).toBe(108);
    expect(result.scales.total.mean).toBeCloseTo(3.6, 12);
    expect(result.scales.total.percentOfMax).toBeCloseTo(72, 10);
  });

  it("is a complete mystical experience at exactly 60% on all four factors (45/18/18/9)", () => {
    const result = scoreMeq30(all(3));
    expect(FACTORS.map((f) => result.scales[f].sum)).toEqual([45, 18, 18, 9]);
    expect(FACTORS.map((f) => result.scales[f].percentOfMax)).toEqual([60, 60, 60, 60]);
    expect(result.extras.completeMysticalExperience).toBe(true);
    expect(result.extras.criteria.map((c) => c.requiredSum)).toEqual([45, 18, 18, 9]);
    expect(result.flags.map((f) => f.code)).toEqual(["complete_mystical_experience"]);
  });

  it.each(FACTORS)("is not complete when %s is one point under 60%", (factor) => {
    const r = all(3);
    r[SPEC[factor][0] - 1] = 2;
    const result = scoreMeq30(r);
    expect(result.extras.completeMysticalExperience).toBe(false);
    expect(result.extras.criteria.filter((c) => c.met === false).map((c) => c.factor)).toEqual([factor]);
    expect(result.flags).toEqual([]);
  });

  it("other factors high do not compensate for one short factor", () => {
    const r = all(5);
    for (const i of SPEC.ineffability) r[i - 1] = 3;
    r[SPEC.ineffability[2] - 1] = 2; // 8/15
    expect(scoreMeq30(r).extras.completeMysticalExperience).toBe(false);
  });

  it("a missing item invalidates its factor and the total; the others stay valid", () => {
    const r = all(3);
    r[10] = null; // item 11, transcendence
    const result = scoreMeq30(r);
    expect(result.scales.transcendence).toMatchObject({ valid: false, missingItems: [11], percentOfMax: null });
    expect(result.scales.total.valid).toBe(false);
    expect(result.scales.mystical.valid).toBe(true);
    expect(result.scales.positive_mood.valid).toBe(true);
    expect(result.scales.ineffability.valid).toBe(true);
    expect(result.extras.completeMysticalExperience).toBeNull();
  });

  it("rejects 6 and 2.5", () => {
    const r = all(0);
    r[0] = 6;
    expect(() => scoreMeq30(r)).toThrow(InvalidResponsesError);
    r[0] = 2.5;
    expect(() => scoreMeq30(r)).toThrow(InvalidResponsesError);
  });
});
