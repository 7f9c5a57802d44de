import { describe, expect, it } from "vitest";
import {
  BURNOUT_ELIGIBILITY_RULE,
  classifyBurnoutProfile,
  DEFAULT_BURNOUT_ELIGIBILITY,
  DEFAULT_PROFILE_CUTOFFS,
  meetsBurnoutEligibility,
  type BurnoutProfile,
} from "./burnout";
import { describeRule } from "./eligibility";
import { scoreMbiGs } from "./mbiGs";

const EX_ITEMS = [1, 2, 3, 4, 6];
const CY_ITEMS = [8, 9, 13, 14, 15];
const PE_ITEMS = [5, 7, 10, 11, 12, 16];

/** Real item responses giving the requested integer subscale sums. */
function mbi(sums: { EX: number; CY: number; PE: number }, missing: number[] = []) {
  const r: Record<number, number | null> = {};
  const spread = (items: number[], sum: number) => {
    let left = sum;
    for (const item of items) {
      r[item] = Math.min(6, left);
      left -= r[item] as number;
    }
    if (left !== 0) throw new Error("sum too large");
  };
  spread(EX_ITEMS, sums.EX);
  spread(CY_ITEMS, sums.CY);
  spread(PE_ITEMS, sums.PE);
  for (const m of missing) r[m] = null;
  return scoreMbiGs(r);
}

// Default cut-offs as sums: EX high ≥ 16, CY high ≥ 11, PE low ≤ 24.
const HIGH_EX = 16;
const LOW_EX = 15;
const HIGH_CY = 11;
const LOW_CY = 10;
const LOW_PE = 24;
const OK_PE = 25;

describe("classifyBurnoutProfile", () => {
  it("defaults to EX ≥ 3.2, CY ≥ 2.2, PE ≤ 4.0 on means", () => {
    expect(DEFAULT_PROFILE_CUTOFFS).toEqual({ exhaustionHighAtLeast: 3.2, cynicismHighAtLeast: 2.2, efficacyLowAtMost: 4.0 });
  });

  it.each<[string, number, number, number, BurnoutProfile, string[]]>([
    ["none", LOW_EX, LOW_CY, OK_PE, "Engaged", []],
    ["EX only", HIGH_EX, LOW_CY, OK_PE, "Overextended", ["EX high"]],
    ["CY only", LOW_EX, HIGH_CY, OK_PE, "Disengaged", ["CY high"]],
    ["PE only", LOW_EX, LOW_CY, LOW_PE, "Ineffective", ["PE low"]],
    ["all three", HIGH_EX, HIGH_CY, LOW_PE, "Burnout", ["EX high", "CY high", "PE low"]],
    ["EX + CY", HIGH_EX, HIGH_CY, OK_PE, "Mixed", ["EX high", "CY high"]],
    ["EX + PE", HIGH_EX, LOW_CY, LOW_PE, "Mixed", ["EX high", "PE low"]],
    ["CY + PE", LOW_EX, HIGH_CY, LOW_PE, "Mixed", ["CY high", "PE low"]],
  ])("%s → %s", (_name, EX, CY, PE, profile, elevated) => {
    const fromResult = classifyBurnoutProfile(mbi({ EX, CY, PE }));
    expect(fromResult?.profile).toBe(profile);
    expect(fromResult?.elevated).toEqual(elevated);
    // Same answer from sums and from means.
    expect(classifyBurnoutProfile({ sums: { EX, CY, PE } })?.profile).toBe(profile);
    expect(classifyBurnoutProfile({ means: { EX: EX / 5, CY: CY / 5, PE: PE / 6 } })?.profile).toBe(profile);
  });

  it("describes a Mixed pattern instead of folding it into a neighbour", () => {
    const result = classifyBurnoutProfile({ sums: { EX: HIGH_EX, CY: HIGH_CY, PE: OK_PE } });
    expect(result?.description).toBe("Mixed: EX high + CY high (not one of the five named profiles)");
  });

  it("reports the cut-offs used, as means and as sums", () => {
    const result = classifyBurnoutProfile({ sums: { EX: 0, CY: 0, PE: 36 } });
    expect(result?.cutoffs).toEqual({ exhaustionHighAtLeast: 3.2, cynicismHighAtLeast: 2.2, efficacyLowAtMost: 4 });
    expect(result?.cutoffSums).toEqual({ EX: 16, CY: 11, PE: 24 });
    expect(result?.cutoffText).toBe("EX high ≥ 3.2, CY high ≥ 2.2, PE low ≤ 4 (MBI-GS means)");
  });

  it("treats the mean exactly at a cut-off as high/low (3.2, 2.2, 4.0)", () => {
    const result = classifyBurnoutProfile({ means: { EX: 3.2, CY: 2.2, PE: 4.0 } });
    expect(result?.profile).toBe("Burnout");
    const justOff = classifyBurnoutProfile({ means: { EX: 3.0, CY: 2.0, PE: 25 / 6 } });
    expect(justOff?.profile).toBe("Engaged");
  });

  it("uses custom cut-offs", () => {
    const custom = { exhaustionHighAtLeast: 4, cynicismHighAtLeast: 3, efficacyLowAtMost: 3 };
    // EX 3.2 is high by default but not at 4.0
    expect(classifyBurnoutProfile({ sums: { EX: 16, CY: 0, PE: 36 } }, custom)?.profile).toBe("Engaged");
    expect(classifyBurnoutProfile({ sums: { EX: 20, CY: 0, PE: 36 } }, custom)?.profile).toBe("Overextended");
    expect(classifyBurnoutProfile({ sums: { EX: 20, CY: 0, PE: 36 } }, custom)?.cutoffSums).toEqual({ EX: 20, CY: 15, PE: 18 });
  });

  it("returns null when a subscale could not be scored", () => {
    expect(classifyBurnoutProfile(mbi({ EX: 30, CY: 30, PE: 0 }, [1]))).toBeNull();
    expect(classifyBurnoutProfile(mbi({ EX: 30, CY: 30, PE: 0 }, [16]))).toBeNull();
  });

  it("rejects impossible sums and means", () => {
    expect(() => classifyBurnoutProfile({ sums: { EX: 31, CY: 0, PE: 0 } })).toThrow(RangeError);
    expect(() => classifyBurnoutProfile({ sums: { EX: 2.5, CY: 0, PE: 0 } })).toThrow(RangeError);
    expect(() => classifyBurnoutProfile({ means: { EX: 6.1, CY: 0, PE: 0 } })).toThrow(RangeError);
  });
});

describe("meetsBurnoutEligibility (EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3))", () => {
  it("is the client's rule by default", () => {
    expect(DEFAULT_BURNOUT_ELIGIBILITY).toEqual({ exhaustionAtLeast: 4.8, cynicismAtLeast: 3.8, efficacyAtMost: 4.3 });
    expect(describeRule(BURNOUT_ELIGIBILITY_RULE)).toBe("EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3)");
  });

  it.each([
    // EX at 4.8 (sum 24) and one step either side, with CY exactly at 3.8
    [24, 19, 36, true],
    [23, 19, 36, false],
    [25, 19, 36, true],
    // CY at 3.8 (19) and either side, PE not low
    [30, 19, 26, true],
    [30, 18, 26, false],
    [30, 20, 26, true],
    // PE at ≤ 4.3 (sum 25, mean 4.1667) and either side, CY not high
    [30, 18, 25, true],
    [30, 18, 26, false],
    [30, 18, 24, true],
    // both alternatives
    [24, 19, 25, true],
    [24, 18, 26, false],
  ])("EX sum %i, CY sum %i, PE sum %i → %s", (EX, CY, PE, eligible) => {
    const fromItems = meetsBurnoutEligibility(mbi({ EX, CY, PE }));
    expect(fromItems.eligible).toBe(eligible);
    expect(fromItems.status).toBe(eligible ? "eligible" : "ineligible");
    expect(meetsBurnoutEligibility({ sums: { EX, CY, PE } }).eligible).toBe(eligible);
    expect(meetsBurnoutEligibility({ means: { EX: EX / 5, CY: CY / 5, PE: PE / 6 } }).eligible).toBe(eligible);
  });

  it("accepts means typed exactly at the thresholds", () => {
    expect(meetsBurnoutEligibility({ means: { EX: 4.8, CY: 3.8, PE: 6 } }).eligible).toBe(true);
    expect(meetsBurnoutEligibility({ means: { EX: 4.8, CY: 0, PE: 4.3 } }).eligible).toBe(true);
    expect(meetsBurnoutEligibility({ means: { EX: 4.6, CY: 6, PE: 0 } }).eligible).toBe(false);
  });

  it("explains the decision in words", () => {
    const result = meetsBurnoutEligibility(mbi({ EX: 24, CY: 18, PE: 25 }));
    expect(result.reasons).toEqual([
      "Exhaustion (EX) mean 4.80 (sum 24) is ≥ 4.8 (sum ≥ 24 over 5 items): met",
      "Cynicism (CY) mean 3.60 (sum 18) is not ≥ 3.8 (sum ≥ 19 over 5 items): not met",
      "Professional efficacy (PE) mean 4.17 (sum 25) is ≤ 4.3 (sum ≤ 25 over 6 items): met",
      "Eligible: EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3) is met",
    ]);
  });

  it("takes a program's own thresholds", () => {
    const stricter = { exhaustionAtLeast: 5, cynicismAtLeast: 4, efficacyAtMost: 3 };
    expect(meetsBurnoutEligibility({ sums: { EX: 24, CY: 19, PE: 25 } }, stricter).eligible).toBe(false);
    expect(meetsBurnoutEligibility({ sums: { EX: 25, CY: 20, PE: 25 } }, stricter).eligible).toBe(true);
  });

  it("is undetermined (not eligible) when a deciding subscale is missing", () => {
    const result = meetsBurnoutEligibility(mbi({ EX: 30, CY: 10, PE: 30 }, [16]));
    expect(result.eligible).toBe(false);
    expect(result.status).toBe("undetermined");
    expect(result.reasons).toContain("Professional efficacy (PE) could not be scored (missing items 16)");
  });

  it("is decided when the missing subscale cannot change the verdict", () => {
    expect(meetsBurnoutEligibility(mbi({ EX: 30, CY: 20, PE: 30 }, [16])).status).toBe("eligible");
    expect(meetsBurnoutEligibility(mbi({ EX: 10, CY: 20, PE: 30 }, [16])).status).toBe("ineligible");
  });
});
