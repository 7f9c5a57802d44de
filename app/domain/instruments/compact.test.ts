import { describe, expect, it } from "vitest";
import { mulberry32 } from "~/utils/random";
import { compactScaleValues, parseScaleValues, scaleValuesHeadline, scoreHeadline } from "./compact";
import { getInstrument, listInstruments } from "./index";
import type { ScaleDefinition } from "./types";

describe("compactScaleValues", () => {
  it("stores the integer sum of each valid scale and nothing else for PHQ-9", () => {
    const r = getInstrument("PHQ9").score([1, 2, 3, 0, 1, 2, 3, 0, 1]);
    expect(compactScaleValues(r)).toBe('{"total":13}');
  });

  it("stores MBI-GS subscale sums (means are recomputed exactly on read)", () => {
    const def = getInstrument("MBI_GS");
    const r = def.score(def.items.map((_, i) => i % 7));
    const text = compactScaleValues(r);
    const parsed = parseScaleValues("MBI_GS", text)!;
    for (const s of Object.values(r.scales)) {
      expect(parsed.scales[s.key]).toEqual({ value: s.value, sum: s.sum, mean: s.mean, valid: true });
    }
    expect(text.length).toBeLessThan(40);
  });

  it("leaves invalid scales out and keeps the MEQ-30 complete-experience flag", () => {
    const def = getInstrument("MEQ30");
    const all5 = def.score(def.items.map(() => 5));
    expect(parseScaleValues("MEQ30", compactScaleValues(all5))!.completeMystical).toBe(true);
    const all0 = def.score(def.items.map(() => 0));
    expect(parseScaleValues("MEQ30", compactScaleValues(all0))!.completeMystical).toBe(false);
    const missing = getInstrument("PHQ9").score([1, 2, null, 0, 1, 2, 3, 0, 1]);
    const parsed = parseScaleValues("PHQ9", compactScaleValues(missing))!;
    expect(parsed.scales.total).toBeUndefined();
    expect(parsed.completeMystical).toBeNull();
  });

  it("accepts the stored form (scales as a list) and gives the same text", () => {
    const r = getInstrument("GAD7").score([3, 2, 1, 0, 1, 2, 3]);
    const stored = {
      instrument: "GAD7",
      scales: Object.values(r.scales).map(({ key, method, valid, sum, mean, value }) => ({ key, method, valid, sum, mean, value })),
      extras: r.extras,
    };
    expect(compactScaleValues(stored)).toBe(compactScaleValues(r));
  });

  it("keeps a scale whose values do not follow sum ÷ item count exactly as given", () => {
    const text = compactScaleValues({
      instrument: "PHQ9",
      scales: [{ key: "total", method: "sum", items: [1, 2], valid: true, sum: 3, mean: 1.4, value: 3 }],
    });
    expect(text).toBe('{"total":[3,3,1.4]}');
    expect(parseScaleValues("PHQ9", text)!.scales.total).toEqual({ value: 3, sum: 3, mean: 1.4, valid: true });
  });

  it("round-trips value, sum and mean bit for bit for every instrument (random answers, some missing)", () => {
    const random = mulberry32(7);
    for (const def of listInstruments()) {
      for (let n = 0; n < 200; n++) {
        const responses = def.items.map(() => (random() < 0.03 ? null : Math.floor(random() * (def.max - def.min + 1)) + def.min));
        const r = def.score(responses);
        const parsed = parseScaleValues(def.code, compactScaleValues(r))!;
        for (const s of def.scales as readonly ScaleDefinition[]) {
          const scale = (r.scales as Record<string, { valid: boolean; value: number | null; sum: number | null; mean: number | null }>)[
            s.key
          ];
          if (!scale.valid) expect(parsed.scales[s.key]).toBeUndefined();
          else expect(parsed.scales[s.key]).toEqual({ value: scale.value, sum: scale.sum, mean: scale.mean, valid: true });
        }
        const cm = (r.extras as { completeMysticalExperience?: boolean | null } | null)?.completeMysticalExperience;
        expect(parsed.completeMystical).toBe(typeof cm === "boolean" ? cm : null);
      }
    }
  });
});

describe("parseScaleValues", () => {
  it("returns null for absent or malformed text", () => {
    expect(parseScaleValues("PHQ9", null)).toBeNull();
    expect(parseScaleValues("PHQ9", "")).toBeNull();
    expect(parseScaleValues("PHQ9", "not json")).toBeNull();
    expect(parseScaleValues("PHQ9", "[1,2]")).toBeNull();
  });
  it("reads an empty object as an assessment without valid scales", () => {
    expect(parseScaleValues("PHQ9", "{}")).toEqual({ scales: {}, completeMystical: null });
  });
});

describe("scaleValuesHeadline", () => {
  it("equals the headline of the stored scores for every instrument, scorable or not", () => {
    const next = mulberry32(7);
    let missing = 0;
    for (const def of listInstruments()) {
      for (let n = 0; n < 60; n++) {
        const responses = def.items.map(() => (next() < 0.05 ? null : def.min + Math.floor(next() * (def.max - def.min + 1))));
        const result = def.score(responses);
        // As scoreResponses stores them: the scales in scoring order, each with its value.
        const stored = Object.values(result.scales as Record<string, { key: string; value: number | null }>);
        const headline = scoreHeadline(def.code, stored);
        if (headline.includes("—")) missing++;
        expect(headline).not.toContain("_");
        expect(scaleValuesHeadline(def.code, compactScaleValues(result)), `${def.code} ${JSON.stringify(responses)}`).toBe(headline);
      }
    }
    expect(missing).toBeGreaterThan(20);
    expect(
      scoreHeadline("PCL5", [
        { key: "total", value: 38 },
        { key: "B", value: 12.46 },
      ]),
    ).toBe("38 · B 12.5");
    expect(scaleValuesHeadline("PHQ9", null)).toBeNull();
    // A scale is named as a reader knows it, never by its key in the code ("positive_mood").
    const meq = getInstrument("MEQ30").score(Array.from({ length: 30 }, () => 3));
    expect(scaleValuesHeadline("MEQ30", compactScaleValues(meq))).toBe("Mystical 3 · Positive mood 3 · Transcendence 3 · Ineffability 3");
    // A total that could not be scored (an item missing, no prorating) is named, with a dash.
    const phq = getInstrument("PHQ9").score([null, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(scaleValuesHeadline("PHQ9", compactScaleValues(phq))).toBe("Total —");
    expect(scaleValuesHeadline("PHQ9", "not json")).toBeNull();
  });
});
