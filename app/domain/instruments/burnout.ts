// Burnout profiles (after Leiter & Maslach 2016) and the burnout program's eligibility rule.
//
// The paper publishes no raw-score cut rules, so GroupKAP classifies with explicit,
// configurable cut-offs on MBI-GS means and reports any pattern other than the five named
// ones as "Mixed" rather than folding it into a neighbour. Reports print the cut-offs used.
import { evaluateEligibility, type EligibilityResult, type EligibilityRule, type ScaleValueLike } from "./eligibility";
import { MBI_GS_SCALE_ITEMS, type MbiGsScaleKey } from "./mbiGs";
import { meanCutoffToSum } from "./scoring";

export type BurnoutProfile = "Burnout" | "Overextended" | "Disengaged" | "Ineffective" | "Engaged" | "Mixed";

export interface BurnoutProfileCutoffs {
  /** EX is "high" when its mean is ≥ this. */
  exhaustionHighAtLeast: number;
  /** CY is "high" when its mean is ≥ this. */
  cynicismHighAtLeast: number;
  /** PE is "low" (high inefficacy) when its mean is ≤ this. */
  efficacyLowAtMost: number;
}

/** Old MBI-GS "high"/"low" tertile cut-points, used as explicit defaults (see app/domain/instruments/README.md). */
export const DEFAULT_PROFILE_CUTOFFS: Readonly<BurnoutProfileCutoffs> = {
  exhaustionHighAtLeast: 3.2,
  cynicismHighAtLeast: 2.2,
  efficacyLowAtMost: 4.0,
};

type Triple = Readonly<Record<MbiGsScaleKey, number>>;

/**
 * MBI-GS subscale scores: as means (0–6), as integer sums (EX 0–30, CY 0–30, PE 0–36),
 * or a scored MBI-GS result (anything with EX/CY/PE scale scores).
 */
export type MbiGsScoresInput = { means: Triple } | { sums: Triple } | { scales: Readonly<Record<MbiGsScaleKey, ScaleValueLike>> };

const KEYS: readonly MbiGsScaleKey[] = ["EX", "CY", "PE"];
const LABELS: Record<MbiGsScaleKey, string> = { EX: "Exhaustion", CY: "Cynicism", PE: "Professional efficacy" };

function itemCount(key: MbiGsScaleKey): number {
  return MBI_GS_SCALE_ITEMS[key].length;
}

/** Normalises any accepted input into scale values; throws RangeError on impossible scores. */
export function toMbiGsScaleValues(input: MbiGsScoresInput): Record<MbiGsScaleKey, ScaleValueLike> {
  const out = {} as Record<MbiGsScaleKey, ScaleValueLike>;
  for (const key of KEYS) {
    const k = itemCount(key);
    const items = MBI_GS_SCALE_ITEMS[key];
    if ("scales" in input) {
      const s = input.scales[key];
      if (!s) throw new RangeError(`MBI-GS ${key} score is missing from the input`);
      out[key] = { ...s, label: s.label ?? LABELS[key] };
    } else if ("sums" in input) {
      const sum = input.sums[key];
      if (!Number.isInteger(sum) || sum < 0 || sum > 6 * k) {
        throw new RangeError(`MBI-GS ${key} sum must be a whole number from 0 to ${6 * k} (got ${sum})`);
      }
      out[key] = { label: LABELS[key], valid: true, sum, mean: sum / k, items, missingItems: [] };
    } else {
      const mean = input.means[key];
      if (!Number.isFinite(mean) || mean < 0 || mean > 6) {
        throw new RangeError(`MBI-GS ${key} mean must be from 0 to 6 (got ${mean})`);
      }
      // An individual's mean is always sum/k; recover that integer so comparisons are exact.
      const asSum = mean * k;
      const rounded = Math.round(asSum);
      const sum = Math.abs(asSum - rounded) < 1e-6 ? rounded : null;
      out[key] = { label: LABELS[key], valid: true, sum, mean, items, missingItems: [] };
    }
  }
  return out;
}

export interface BurnoutProfileResult {
  profile: BurnoutProfile;
  exhaustionHigh: boolean;
  cynicismHigh: boolean;
  efficacyLow: boolean;
  /** The dimensions that were elevated, e.g. ["EX high", "PE low"]. */
  elevated: string[];
  cutoffs: BurnoutProfileCutoffs;
  /** The same cut-offs as integer sums (EX ≥ 16, CY ≥ 11, PE ≤ 24 by default). */
  cutoffSums: { EX: number; CY: number; PE: number };
  /** For reports: "EX high ≥ 3.2, CY high ≥ 2.2, PE low ≤ 4 (MBI-GS means)". */
  cutoffText: string;
  description: string;
}

function meets(value: ScaleValueLike, key: MbiGsScaleKey, op: ">=" | "<=", cutoff: number): boolean {
  const k = itemCount(key);
  if (value.sum !== null) {
    const sumCut = meanCutoffToSum(op, cutoff, k);
    return op === ">=" ? value.sum >= sumCut : value.sum <= sumCut;
  }
  const mean = value.mean as number;
  return op === ">=" ? mean >= cutoff : mean <= cutoff;
}

export function formatProfileCutoffs(cutoffs: BurnoutProfileCutoffs): string {
  return `EX high ≥ ${cutoffs.exhaustionHighAtLeast}, CY high ≥ ${cutoffs.cynicismHighAtLeast}, PE low ≤ ${cutoffs.efficacyLowAtMost} (MBI-GS means)`;
}

/**
 * Classifies an MBI-GS result into a burnout profile. Returns null when any of EX, CY or
 * PE could not be scored (a profile is never guessed from two dimensions).
 */
export function classifyBurnoutProfile(
  input: MbiGsScoresInput,
  cutoffs: BurnoutProfileCutoffs = DEFAULT_PROFILE_CUTOFFS,
): BurnoutProfileResult | null {
  const v = toMbiGsScaleValues(input);
  if (KEYS.some((key) => !v[key].valid || (v[key].sum === null && v[key].mean === null))) return null;
  const exhaustionHigh = meets(v.EX, "EX", ">=", cutoffs.exhaustionHighAtLeast);
  const cynicismHigh = meets(v.CY, "CY", ">=", cutoffs.cynicismHighAtLeast);
  const efficacyLow = meets(v.PE, "PE", "<=", cutoffs.efficacyLowAtMost);
  const elevated = [...(exhaustionHigh ? ["EX high"] : []), ...(cynicismHigh ? ["CY high"] : []), ...(efficacyLow ? ["PE low"] : [])];
  let profile: BurnoutProfile;
  if (exhaustionHigh && cynicismHigh && efficacyLow) profile = "Burnout";
  else if (elevated.length === 0) profile = "Engaged";
  else if (elevated.length === 1 && exhaustionHigh) profile = "Overextended";
  else if (elevated.length === 1 && cynicismHigh) profile = "Disengaged";
  else if (elevated.length === 1 && efficacyLow) profile = "Ineffective";
  else profile = "Mixed";

  const descriptions: Record<BurnoutProfile, string> = {
    Burnout: "Burnout: high exhaustion, high cynicism and low professional efficacy",
    Overextended: "Overextended: high exhaustion only",
    Disengaged: "Disengaged: high cynicism only",
    Ineffective: "Ineffective: low professional efficacy only",
    Engaged: "Engaged: no dimension elevated",
    Mixed: `Mixed: ${elevated.join(" + ")} (not one of the five named profiles)`,
  };
  return {
    profile,
    exhaustionHigh,
    cynicismHigh,
    efficacyLow,
    elevated,
    cutoffs: { ...cutoffs },
    cutoffSums: {
      EX: meanCutoffToSum(">=", cutoffs.exhaustionHighAtLeast, itemCount("EX")),
      CY: meanCutoffToSum(">=", cutoffs.cynicismHighAtLeast, itemCount("CY")),
      PE: meanCutoffToSum("<=", cutoffs.efficacyLowAtMost, itemCount("PE")),
    },
    cutoffText: formatProfileCutoffs(cutoffs),
    description: descriptions[profile],
  };
}

// ---------------------------------------------------------------------------
// Eligibility: EX ≥ a AND (CY ≥ b OR PE ≤ c), on MBI-GS means compared as integer sums
// ---------------------------------------------------------------------------

export interface BurnoutEligibilityThresholds {
  exhaustionAtLeast: number;
  cynicismAtLeast: number;
  efficacyAtMost: number;
}

/** The burnout program's rule as given by the client: EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3). */
export const DEFAULT_BURNOUT_ELIGIBILITY: Readonly<BurnoutEligibilityThresholds> = {
  exhaustionAtLeast: 4.8,
  cynicismAtLeast: 3.8,
  efficacyAtMost: 4.3,
};

/** The rule as data (what a program stores), for evaluateEligibility. */
export function burnoutEligibilityRule(thresholds: BurnoutEligibilityThresholds = DEFAULT_BURNOUT_ELIGIBILITY): EligibilityRule {
  return {
    all: [
      { instrument: "MBI_GS", scale: "EX", op: ">=", value: thresholds.exhaustionAtLeast, basis: "mean" },
      {
        any: [
          { instrument: "MBI_GS", scale: "CY", op: ">=", value: thresholds.cynicismAtLeast, basis: "mean" },
          { instrument: "MBI_GS", scale: "PE", op: "<=", value: thresholds.efficacyAtMost, basis: "mean" },
        ],
      },
    ],
  };
}

export const BURNOUT_ELIGIBILITY_RULE: EligibilityRule = burnoutEligibilityRule();

/**
 * EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3) by default, i.e. EX sum ≥ 24 AND (CY sum ≥ 19 OR
 * PE sum ≤ 25). `eligible` is true only when the rule is definitely met.
 */
export function meetsBurnoutEligibility(
  input: MbiGsScoresInput,
  thresholds: BurnoutEligibilityThresholds = DEFAULT_BURNOUT_ELIGIBILITY,
): EligibilityResult {
  return evaluateEligibility(burnoutEligibilityRule(thresholds), {
    MBI_GS: { scales: toMbiGsScaleValues(input) },
  });
}
