import { describe, expect, it } from "vitest";
import { MBI_HSS, scoreMbiHss } from "./mbiHss";

const SPEC = {
  EE: [1, 2, 3, 6, 8, 13, 14, 16, 20],
  DP: [5, 10, 11, 15, 22],
  PA: [4, 7, 9, 12, 17, 18, 19, 21],
} as const;

function responses(values: Record<number, number | null>, fill = 0): Record<number, number | null> {
  const out: Record<number, number | null> = {};
  for (let i = 1; i <= 22; i++) out[i] = fill;
  return { ...out, ...values };
}

/** Put `sum` on the given items (greedy, max 6 each). */
function spread(items: readonly number[], sum: number): Record<number, number> {
  const out: Record<number, number> = {};
  let left = sum;
  for (const item of items) {
    out[item] = Math.min(6, left);
    left -= out[item];
  }
  if (left !== 0) throw new Error("sum too large");
  return out;
}

describe("MBI-HSS", () => {
  it("ships no item wording, 22 items, 0–6 anchors", () => {
    expect(MBI_HSS.items).toHaveLength(22);
    expect(MBI_HSS.items.every((i) => i.text === null)).toBe(true);
    expect(MBI_HSS.anchors).toHaveLength(7);
    expect(MBI_HSS.licence.publicDomain).toBe(false);
  });

  it.each(Array.from({ length: 22 }, (_, i) => i + 1))("item %i counts in exactly its subscale", (item) => {
    const result = scoreMbiHss(responses({ [item]: 5 }));
    for (const key of ["EE", "DP", "PA"] as const) {
      expect(result.scales[key].sum).toBe((SPEC[key] as readonly number[]).includes(item) ? 5 : 0);
    }
  });

  it("reports sums (headline) and means, with ranges 0–54 / 0–30 / 0–48", () => {
    const result = scoreMbiHss(responses({}, 6));
    expect([result.scales.EE.sum, result.scales.DP.sum, result.scales.PA.sum]).toEqual([54, 30, 48]);
    expect([result.scales.EE.value, result.scales.DP.value, result.scales.PA.value]).toEqual([54, 30, 48]);
    expect([result.scales.EE.mean, result.scales.DP.mean, result.scales.PA.mean]).toEqual([6, 6, 6]);
    const three = scoreMbiHss(responses({}, 3));
    expect(three.scales.EE).toMatchObject({ sum: 27, mean: 3, method: "sum" });
  });

  it.each([
    [26, 9, false, false, false],
    [27, 9, true, false, true],
    [26, 10, false, true, true],
    [27, 10, true, true, true],
  ])("EE %i, DP %i → high EE %s, high DP %s, burnout %s", (ee, dp, highEE, highDP, burnout) => {
    const result = scoreMbiHss(responses({ ...spread(SPEC.EE, ee), ...spread(SPEC.DP, dp) }));
    expect(result.scales.EE.sum).toBe(ee);
    expect(result.scales.DP.sum).toBe(dp);
    expect(result.extras.highEmotionalExhaustion).toBe(highEE);
    expect(result.extras.highDepersonalization).toBe(highDP);
    expect(result.extras.physicianBurnout).toBe(burnout);
    expect(result.flags.map((f) => f.code).sort()).toEqual([...(highDP ? ["high_dp"] : []), ...(highEE ? ["high_ee"] : [])].sort());
  });

  it("a missing EE item invalidates EE only; DP ≥ 10 still decides burnout", () => {
    const result = scoreMbiHss(responses({ ...spread(SPEC.DP, 10), 13: null }));
    expect(result.scales.EE.valid).toBe(false);
    expect(result.scales.DP.valid).toBe(true);
    expect(result.scales.PA.valid).toBe(true);
    expect(result.extras.highEmotionalExhaustion).toBeNull();
    expect(result.extras.physicianBurnout).toBe(true);
  });

  it("burnout is undetermined when EE is missing and DP is below 10", () => {
    const result = scoreMbiHss(responses({ 1: null }));
    expect(result.extras.physicianBurnout).toBeNull();
  });
});
