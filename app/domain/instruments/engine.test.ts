// The one eligibility engine (decideEligibility): exact at every cut-off, with the reason.
// The burnout rule as published: EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3) on MBI-GS means
// (EX 5 items, CY 5 items, PE 6 items, each 0–6), typed in again here from the manual.
import { describe, expect, it } from "vitest";
import { BURNOUT_ELIGIBILITY_RULE as BURNOUT_SUM_FORM, BURNOUT_ELIGIBILITY_RULE_MEAN_FORM } from "~/domain/scheduling/seedTemplates";
import {
  compileRuleTruth,
  cutoffMet,
  decideEligibility,
  describeScaleRule,
  meanCutoffAsSum,
  scaleInputFromScore,
  scaleInputsFromScores,
  toFraction,
  type ScaleRule,
} from "./eligibility";
import { scoreMbiGs } from "./mbiGs";

const MEAN_RULE: ScaleRule = {
  all: [
    { scale: "EX", op: ">=", value: 4.8, on: "mean" },
    {
      any: [
        { scale: "CY", op: ">=", value: 3.8, on: "mean" },
        { scale: "PE", op: "<=", value: 4.3, on: "mean" },
      ],
    },
  ],
};
const sums = (EX: number, CY: number, PE: number) => ({
  EX: { sum: EX, itemCount: 5 },
  CY: { sum: CY, itemCount: 5 },
  PE: { sum: PE, itemCount: 6 },
});

describe("toFraction", () => {
  it.each([
    [4.8, 48n, 10n],
    [24, 24n, 1n],
    [4.3, 43n, 10n],
    [0.05, 5n, 100n],
    [-1.5, -15n, 10n],
  ])("%d is %i/%i", (x, num, den) => expect(toFraction(x)).toEqual({ num, den }));
  it("refuses a non-finite cut-off", () => expect(() => toFraction(Number.NaN)).toThrow(RangeError));
});

describe("cutoffMet at and around every cut-off", () => {
  it.each([
    // EX ≥ 4.8 over 5 items ⇔ sum ≥ 24
    [23, 5, ">=", 4.8, false],
    [24, 5, ">=", 4.8, true],
    [25, 5, ">=", 4.8, true],
    // CY ≥ 3.8 over 5 items ⇔ sum ≥ 19
    [18, 5, ">=", 3.8, false],
    [19, 5, ">=", 3.8, true],
    [20, 5, ">=", 3.8, true],
    // PE ≤ 4.3 over 6 items ⇔ sum ≤ 25 (25.8 is not a sum)
    [24, 6, "<=", 4.3, true],
    [25, 6, "<=", 4.3, true],
    [26, 6, "<=", 4.3, false],
    // strict operators exactly at the cut-off
    [24, 5, ">", 4.8, false],
    [25, 5, ">", 4.8, true],
    [24, 5, "<", 4.8, false],
    [23, 5, "<", 4.8, true],
  ] as const)("mean of sum %i over %i items %s %d → %s", (sum, k, op, value, expected) => {
    expect(cutoffMet({ sum, itemCount: k }, op, value, "mean")).toBe(expected);
  });

  it("is exact where floating point is not (4.4 × 25 = 110.00000000000001 in doubles)", () => {
    expect(110 >= 4.4 * 25).toBe(false); // the float trap this engine avoids
    expect(cutoffMet({ sum: 110, itemCount: 25 }, ">=", 4.4, "mean")).toBe(true);
    expect(cutoffMet({ sum: 109, itemCount: 25 }, ">=", 4.4, "mean")).toBe(false);
    expect(cutoffMet({ sum: 110, itemCount: 25 }, "<", 4.4, "mean")).toBe(false);
  });

  it("compares sums directly on the sum basis", () => {
    expect(cutoffMet({ sum: 24, itemCount: 5 }, ">=", 24, "sum")).toBe(true);
    expect(cutoffMet({ sum: 23, itemCount: 5 }, ">=", 24, "sum")).toBe(false);
  });

  it("reads a typed-in mean as that exact decimal", () => {
    expect(cutoffMet({ mean: 4.3, itemCount: 6 }, "<=", 4.3, "mean")).toBe(true);
    expect(cutoffMet({ mean: 4.31, itemCount: 6 }, "<=", 4.3, "mean")).toBe(false);
    expect(cutoffMet({ mean: 4.79, itemCount: 5 }, ">=", 4.8, "mean")).toBe(false);
  });

  it("refuses a non-integer sum or item count", () => {
    expect(() => cutoffMet({ sum: 23.5, itemCount: 5 }, ">=", 4.8, "mean")).toThrow(RangeError);
    expect(() => cutoffMet({ sum: 23, itemCount: 0 }, ">=", 4.8, "mean")).toThrow(RangeError);
  });
});

describe("meanCutoffAsSum", () => {
  it.each([
    [">=", 4.8, 5, 24],
    [">", 4.8, 5, 25],
    ["<", 4.8, 5, 23],
    ["<=", 4.8, 5, 24],
    [">=", 3.8, 5, 19],
    ["<=", 4.3, 6, 25],
    ["<", 4.3, 6, 25],
    [">=", 4.3, 6, 26],
  ] as const)("mean %s %d over %i items is sum %s %i", (op, value, k, expected) => {
    expect(meanCutoffAsSum(op, value, k)).toBe(expected);
  });
});

describe("decideEligibility: the burnout rule with reasons", () => {
  it("describes the rule", () => {
    expect(describeScaleRule(MEAN_RULE)).toBe("EX mean ≥ 4.8 AND (CY mean ≥ 3.8 OR PE mean ≤ 4.3)");
    expect(
      describeScaleRule({ any: [{ all: [{ scale: "A", op: ">", value: 1, on: "sum" }] }, { scale: "B", op: "<", value: 2, on: "mean" }] }),
    ).toBe("A sum > 1 OR B mean < 2");
  });

  it("EX 4.6 < 4.8 is ineligible, with that reason", () => {
    const d = decideEligibility(MEAN_RULE, sums(23, 30, 0));
    expect(d).toMatchObject({ status: "ineligible", eligible: false, reasons: ["EX 4.6 < 4.8"], reason: "EX 4.6 < 4.8" });
  });

  it("EX and CY exactly at 4.8 and 3.8 are eligible", () => {
    const d = decideEligibility(MEAN_RULE, sums(24, 19, 36));
    expect(d).toMatchObject({ status: "eligible", eligible: true, reason: "EX 4.8 ≥ 4.8; CY 3.8 ≥ 3.8" });
  });

  it("PE just above 4.3 never prints as equal to it", () => {
    const d = decideEligibility(MEAN_RULE, sums(24, 18, 26));
    expect(d.status).toBe("ineligible");
    expect(d.reasons).toEqual(["CY 3.6 < 3.8", "PE 4.33 > 4.3"]);
    expect(decideEligibility(MEAN_RULE, sums(24, 18, 25)).reason).toBe("EX 4.8 ≥ 4.8; PE 4.17 ≤ 4.3");
  });

  it("the sum form says sums", () => {
    expect(decideEligibility(BURNOUT_SUM_FORM, sums(23, 19, 25)).reason).toBe("EX sum 23 < 24");
  });

  it("the sum form and the published mean form agree on every possible MBI-GS response", () => {
    let disagreements = 0;
    let eligible = 0;
    for (let ex = 0; ex <= 30; ex++)
      for (let cy = 0; cy <= 30; cy++)
        for (let pe = 0; pe <= 36; pe++) {
          const a = decideEligibility(BURNOUT_SUM_FORM, sums(ex, cy, pe)).eligible;
          const b = decideEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, sums(ex, cy, pe)).eligible;
          const c = ex >= 24 && (cy >= 19 || pe <= 25);
          if (a !== b || b !== c) disagreements++;
          if (a) eligible++;
        }
    expect(disagreements).toBe(0);
    expect(eligible).toBeGreaterThan(0);
  });

  it("is undetermined only when a missing scale could change the verdict", () => {
    const onlyEx = decideEligibility(MEAN_RULE, { EX: { sum: 25, itemCount: 5 } });
    expect(onlyEx).toMatchObject({ status: "undetermined", eligible: false });
    expect(onlyEx.missingScales.sort()).toEqual(["CY", "PE"]);
    expect(onlyEx.reasons).toEqual(["CY missing (needs ≥ 3.8)", "PE missing (needs ≤ 4.3)"]);
    expect(decideEligibility(MEAN_RULE, { EX: { sum: 25, itemCount: 5 }, CY: { sum: 20, itemCount: 5 } }).status).toBe("eligible");
    expect(decideEligibility(MEAN_RULE, { EX: { sum: 10, itemCount: 5 } })).toMatchObject({
      status: "ineligible",
      reasons: ["EX 2 < 4.8"],
      missingScales: [],
    });
  });
});

describe("engine input from scores", () => {
  it("reads a scored MBI-GS and refuses a scale with a missing item", () => {
    const responses = new Array(16).fill(4);
    const scored = scaleInputsFromScores(scoreMbiGs(responses).scales);
    expect(scored.EX).toEqual({ sum: 20, itemCount: 5 });
    expect(scored.PE).toEqual({ sum: 24, itemCount: 6 });
    responses[0] = null;
    expect(scaleInputsFromScores(scoreMbiGs(responses).scales).EX).toBeNull();
  });
  it("turns a stored mean back into its integer sum, and keeps a mean that is not one", () => {
    expect(scaleInputFromScore({ mean: 4.8, itemCount: 5 })).toEqual({ sum: 24, itemCount: 5 });
    expect(scaleInputFromScore({ mean: 4.85, itemCount: 5 })).toEqual({ mean: 4.85, itemCount: 5 });
    expect(
      decideEligibility(MEAN_RULE, { EX: { mean: 4.85, itemCount: 5 }, CY: { mean: 3.79, itemCount: 5 }, PE: { mean: 4.3, itemCount: 6 } })
        .reason,
    ).toBe("EX 4.85 ≥ 4.8; PE 4.3 ≤ 4.3");
    expect(scaleInputFromScore({ sum: 24, valid: false, itemCount: 5 })).toBeNull();
  });
});

describe("compileRuleTruth: decideEligibility's outcome without reasons", () => {
  it("equals decideEligibility's status on generated rules and scores (sums, decimal means, missing scales)", () => {
    let seed = 20261203;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const OPS = [">=", ">", "<=", "<"] as const;
    const SCALES = ["EX", "CY", "PE"];
    const COUNTS: Record<string, number> = { EX: 5, CY: 5, PE: 6 };
    const rule = (depth: number): ScaleRule => {
      if (depth === 0 || next() < 0.4) {
        const on = pick(["sum", "mean"] as const);
        const value = on === "mean" ? Math.round(next() * 60) / 10 : pick([Math.floor(next() * 36), Math.round(next() * 360) / 10]);
        return { scale: pick(SCALES), op: pick(OPS), value, on };
      }
      const members = Array.from({ length: Math.floor(next() * 4) }, () => rule(depth - 1));
      return next() < 0.5 ? { all: members } : { any: members };
    };
    const outcomes = new Map<string, number>();
    for (let r = 0; r < 300; r++) {
      const rl = rule(3);
      const truthOf = compileRuleTruth(rl);
      for (let n = 0; n < 40; n++) {
        const scales: Record<string, { sum: number; itemCount: number } | { mean: number; itemCount: number } | null> = {};
        for (const key of SCALES) {
          const k = COUNTS[key];
          const x = next();
          if (x < 0.1) continue; // missing
          scales[key] =
            x < 0.2 ? { mean: Math.round(next() * 600) / 100, itemCount: k } : { sum: Math.floor(next() * (6 * k + 1)), itemCount: k };
        }
        const expected = decideEligibility(rl, scales).status;
        const truth = truthOf(scales);
        expect(truth === true ? "eligible" : truth === false ? "ineligible" : "undetermined", JSON.stringify({ rl, scales })).toBe(
          expected,
        );
        outcomes.set(expected, (outcomes.get(expected) ?? 0) + 1);
      }
    }
    // Every outcome came up many times.
    for (const o of ["eligible", "ineligible", "undetermined"]) expect(outcomes.get(o) ?? 0).toBeGreaterThan(500);
  });

  it("decides every MBI-GS sum around the published cut-offs as decideEligibility does", () => {
    const differ: string[] = [];
    for (const r of [MEAN_RULE, BURNOUT_SUM_FORM]) {
      const truthOf = compileRuleTruth(r);
      for (let ex = 20; ex <= 28; ex++)
        for (let cy = 15; cy <= 23; cy++)
          for (let pe = 22; pe <= 30; pe++)
            if (truthOf(sums(ex, cy, pe)) !== decideEligibility(r, sums(ex, cy, pe)).eligible) differ.push(`${ex}/${cy}/${pe}`);
    }
    expect(differ).toEqual([]);
  });
});
