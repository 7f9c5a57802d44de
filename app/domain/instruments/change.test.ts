import { describe, expect, it } from "vitest";
import { evaluateChange } from "./change";
import { GAD7, scoreGad7 } from "./gad7";
import { MBI_GS, scoreMbiGs } from "./mbiGs";
import { MBI_HSS, scoreMbiHss } from "./mbiHss";
import { PCL5, scorePcl5 } from "./pcl5";
import { PHQ9, scorePhq9 } from "./phq9";

function total(n: number, items: number, max: number): number[] {
  const out = new Array<number>(items).fill(0);
  let left = n;
  for (let i = 0; i < items && left > 0; i++) {
    out[i] = Math.min(max, left);
    left -= out[i];
  }
  return out;
}

function mbi(sums: { EX: number; CY: number; PE: number }) {
  const r: Record<number, number> = {};
  const spread = (items: number[], sum: number) => {
    let left = sum;
    for (const item of items) {
      r[item] = Math.min(6, left);
      left -= r[item];
    }
  };
  spread([1, 2, 3, 4, 6], sums.EX);
  spread([8, 9, 13, 14, 15], sums.CY);
  spread([5, 7, 10, 11, 12, 16], sums.PE);
  return scoreMbiGs(r);
}

describe("default responder rules", () => {
  it.each([
    [15, 10, true],
    [15, 11, false],
    [10, 15, false],
  ])("PHQ-9 %i → %i: responder %s (≥5-point decrease)", (a, b, responder) => {
    const result = evaluateChange(PHQ9, scorePhq9(total(a, 9, 3)), scorePhq9(total(b, 9, 3)));
    expect(result.responder).toBe(responder);
    expect(result.scales[0].change).toBe(b - a);
    expect(result.scales[0].improvement).toBe(a - b);
  });

  it.each([
    [12, 8, true],
    [12, 9, false],
  ])("GAD-7 %i → %i: responder %s (≥4)", (a, b, responder) => {
    expect(evaluateChange(GAD7, scoreGad7(total(a, 7, 3)), scoreGad7(total(b, 7, 3))).responder).toBe(responder);
  });

  it.each([
    [40, 30, true],
    [40, 31, false],
  ])("PCL-5 %i → %i: responder %s (≥10)", (a, b, responder) => {
    const result = evaluateChange(PCL5, scorePcl5(total(a, 20, 4)), scorePcl5(total(b, 20, 4)));
    expect(result.responder).toBe(responder);
    expect(result.responderScales).toEqual(responder ? ["total"] : []);
  });

  it("reports percent change from baseline", () => {
    const result = evaluateChange(PHQ9, scorePhq9(total(12, 9, 3)), scorePhq9(total(6, 9, 3)));
    expect(result.scales[0].percentChange).toBe(-50);
  });
});

describe("MBI-GS responder (≥1 point on a subscale mean, direction aware)", () => {
  it("EX down by exactly 1.0 (sum 5) responds; 0.8 (sum 4) does not", () => {
    const before = mbi({ EX: 25, CY: 20, PE: 20 });
    const r1 = evaluateChange(MBI_GS, before, mbi({ EX: 20, CY: 20, PE: 20 }));
    expect(r1.responderScales).toEqual(["EX"]);
    expect(r1.scales.find((s) => s.scale === "EX")?.improvement).toBeCloseTo(1, 12);
    const r2 = evaluateChange(MBI_GS, before, mbi({ EX: 21, CY: 20, PE: 20 }));
    expect(r2.responderScales).toEqual([]);
    expect(r2.responder).toBe(false);
  });

  it("PE improves upward: +1.0 (sum 6) responds, −1.0 does not", () => {
    const before = mbi({ EX: 25, CY: 20, PE: 20 });
    expect(evaluateChange(MBI_GS, before, mbi({ EX: 25, CY: 20, PE: 26 })).responderScales).toEqual(["PE"]);
    expect(evaluateChange(MBI_GS, before, mbi({ EX: 25, CY: 20, PE: 25 })).responderScales).toEqual([]);
    expect(evaluateChange(MBI_GS, before, mbi({ EX: 25, CY: 20, PE: 14 })).responderScales).toEqual([]);
  });

  it("CY up is not an improvement", () => {
    const before = mbi({ EX: 25, CY: 20, PE: 20 });
    expect(evaluateChange(MBI_GS, before, mbi({ EX: 25, CY: 25, PE: 20 })).responderScales).toEqual([]);
    expect(evaluateChange(MBI_GS, before, mbi({ EX: 25, CY: 15, PE: 20 })).responderScales).toEqual(["CY"]);
  });

  it("counts responses on several subscales", () => {
    const result = evaluateChange(MBI_GS, mbi({ EX: 25, CY: 20, PE: 20 }), mbi({ EX: 20, CY: 15, PE: 26 }));
    expect(result.responderScales).toEqual(["EX", "CY", "PE"]);
    expect(result.evaluatedScales).toBe(3);
  });

  it("an invalid subscale is not evaluated; the verdict stays open unless another responded", () => {
    const before = mbi({ EX: 25, CY: 20, PE: 20 });
    const afterMissing = scoreMbiGs({ ...mbi({ EX: 25, CY: 20, PE: 20 }).responses, 1: null });
    const r = evaluateChange(MBI_GS, before, afterMissing);
    expect(r.scales.find((s) => s.scale === "EX")?.responder).toBeNull();
    expect(r.evaluatedScales).toBe(2);
    expect(r.responder).toBeNull();
  });
});

describe("evaluateChange guards", () => {
  it("has no responder verdict for instruments without a rule", () => {
    const a = scoreMbiHss(new Array(22).fill(3));
    const b = scoreMbiHss(new Array(22).fill(1));
    const result = evaluateChange(MBI_HSS, a, b);
    expect(result.responder).toBeNull();
    expect(result.scales.find((s) => s.scale === "EE")?.improvement).toBe(18);
    expect(result.scales.find((s) => s.scale === "PA")?.improvement).toBe(-16);
  });

  it("refuses results from another instrument", () => {
    expect(() => evaluateChange(PHQ9, scoreGad7(total(3, 7, 3)), scorePhq9(total(3, 9, 3)))).toThrow(/PHQ9/);
  });
});
