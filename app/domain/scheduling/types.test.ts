import { describe, expect, it } from "vitest";
import { BURNOUT_ELIGIBILITY_RULE, BURNOUT_ELIGIBILITY_RULE_MEAN_FORM } from "./seedTemplates";
import { checkStaffMix, describeRule, describeStaffMix, evaluateEligibility, type EligibilityRule } from "./types";

const sums = (EX: number, CY: number, PE: number) => ({ EX: { sum: EX }, CY: { sum: CY }, PE: { sum: PE } });
const means = (EX: number, CY: number, PE: number) => ({ EX: { mean: EX }, CY: { mean: CY }, PE: { mean: PE } });

describe("describeRule", () => {
  it("prints the burnout rule in sum and mean form with nested parentheses", () => {
    expect(describeRule(BURNOUT_ELIGIBILITY_RULE)).toBe("EX sum ≥ 24 AND (CY sum ≥ 19 OR PE sum ≤ 25)");
    expect(describeRule(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM)).toBe("EX mean ≥ 4.8 AND (CY mean ≥ 3.8 OR PE mean ≤ 4.3)");
  });
  it("prints strict operators and single-member groups bare", () => {
    const rule: EligibilityRule = {
      any: [{ all: [{ scale: "A", op: ">", value: 1, on: "sum" }] }, { scale: "B", op: "<", value: 2, on: "mean" }],
    };
    expect(describeRule(rule)).toBe("A sum > 1 OR B mean < 2");
  });
});

describe("evaluateEligibility — burnout rule on integer sums, exactly at the thresholds", () => {
  it("EX 24 and CY 19 is eligible (both thresholds inclusive)", () => {
    const r = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, sums(24, 19, 36));
    expect(r.eligible).toBe(true);
    expect(r.reasons).toEqual(["EX sum is 24; meets ≥ 24", "CY sum is 19; meets ≥ 19"]);
  });
  it("EX 23 is not eligible whatever CY/PE are, and says why", () => {
    const r = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, sums(23, 30, 0));
    expect(r.eligible).toBe(false);
    expect(r.reasons).toEqual(["EX sum is 23; needs ≥ 24"]);
  });
  it("CY 18 but PE 25 is eligible; CY 18 and PE 26 is not", () => {
    expect(evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, sums(24, 18, 25)).eligible).toBe(true);
    const r = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, sums(24, 18, 26));
    expect(r.eligible).toBe(false);
    expect(r.reasons).toEqual(["CY sum is 18; needs ≥ 19", "PE sum is 26; needs ≤ 25"]);
  });
  it("mean form is inclusive at 4.8 / 3.8 / 4.3", () => {
    expect(evaluateEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, means(4.8, 3.8, 6)).eligible).toBe(true);
    expect(evaluateEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, means(4.79, 6, 0)).eligible).toBe(false);
    expect(evaluateEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, means(6, 3.79, 4.3)).eligible).toBe(true);
    expect(evaluateEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, means(6, 3.79, 4.31)).eligible).toBe(false);
  });
  it("the sum form agrees with the published mean form for every possible MBI-GS response", () => {
    let disagreements = 0;
    let eligibleCount = 0;
    for (let ex = 0; ex <= 30; ex++)
      for (let cy = 0; cy <= 30; cy++)
        for (let pe = 0; pe <= 36; pe++) {
          const bySum = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, sums(ex, cy, pe)).eligible;
          const byMean = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, {
            EX: { sum: ex, itemCount: 5 },
            CY: { sum: cy, itemCount: 5 },
            PE: { sum: pe, itemCount: 6 },
          }).eligible;
          if (bySum !== byMean) disagreements++;
          if (bySum) eligibleCount++;
        }
    expect(disagreements).toBe(0);
    expect(eligibleCount).toBeGreaterThan(0);
  });
  it("strict operators exclude the threshold itself", () => {
    const gt: EligibilityRule = { scale: "X", op: ">", value: 10, on: "sum" };
    const lt: EligibilityRule = { scale: "X", op: "<", value: 10, on: "sum" };
    expect(evaluateEligibility(gt, { X: { sum: 10 } }).eligible).toBe(false);
    expect(evaluateEligibility(gt, { X: { sum: 11 } }).eligible).toBe(true);
    expect(evaluateEligibility(lt, { X: { sum: 10 } }).eligible).toBe(false);
    expect(evaluateEligibility(lt, { X: { sum: 9 } }).eligible).toBe(true);
  });
  it("a sum rule never reads the mean", () => {
    expect(evaluateEligibility({ scale: "EX", op: ">=", value: 24, on: "sum" }, { EX: { mean: 6 } })).toEqual({
      eligible: false,
      reasons: ["No EX sum available (needs ≥ 24)"],
      missingScales: ["EX"],
    });
  });
});

describe("evaluateEligibility — missing scores", () => {
  it("missing scores make the result not eligible and are listed", () => {
    const r = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, { EX: { sum: 25 } });
    expect(r.eligible).toBe(false);
    expect(r.missingScales.sort()).toEqual(["CY", "PE"]);
  });
  it("an OR branch that is met decides even if the other score is missing", () => {
    const r = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, { EX: { sum: 25 }, CY: { sum: 20 } });
    expect(r.eligible).toBe(true);
    expect(r.missingScales).toEqual([]);
  });
  it("an AND branch that fails decides even if another score is missing", () => {
    const r = evaluateEligibility(BURNOUT_ELIGIBILITY_RULE, { EX: { sum: 10 } });
    expect(r).toEqual({ eligible: false, reasons: ["EX sum is 10; needs ≥ 24"], missingScales: [] });
  });
});

describe("staff mix", () => {
  it("describes the dosing mix", () => {
    expect(describeStaffMix({ CLINICIAN: 1, FACILITATOR: 2 })).toBe("≥1 CLINICIAN and ≥2 FACILITATOR");
    expect(describeStaffMix({})).toBe("no staff requirement");
  });
  it("counts a person once, under the first role listed", () => {
    const r = checkStaffMix({ CLINICIAN: 1, FACILITATOR: 2 }, [
      { userId: "u1", role: "CLINICIAN" },
      { userId: "u1", role: "FACILITATOR" },
      { userId: "u2", role: "FACILITATOR" },
    ]);
    expect(r).toEqual({ met: false, shortfalls: [{ role: "FACILITATOR", required: 2, assigned: 1 }] });
  });
});
