// Eligibility rules are data on the program (stored as JSON), evaluated here. A rule is a
// tree of AND ("all") / OR ("any") groups over scale cut-offs. Cut-offs on means are
// compared on integer sums (see meanCutoffToSum) so 4.8 × 5 items never misfires.
import { z } from "zod";
import { compare, meanCutoffToSum, meanMeetsCutoff, roundTo, type ComparisonOp } from "./scoring";
import { INSTRUMENT_CODES, type InstrumentCode, type ScaleKey } from "./types";

export interface EligibilityCondition {
  instrument: InstrumentCode;
  scale: ScaleKey;
  op: ComparisonOp;
  value: number;
  /** Whether `value` is on the scale mean or the scale sum. */
  basis: "mean" | "sum";
}

export type EligibilityRule = EligibilityCondition | { all: EligibilityRule[] } | { any: EligibilityRule[] };

const SCALE_KEYS = [
  "total",
  "B",
  "C",
  "D",
  "E",
  "EX",
  "CY",
  "PE",
  "EE",
  "DP",
  "PA",
  "mystical",
  "positive_mood",
  "transcendence",
  "ineffability",
] as const satisfies readonly ScaleKey[];

const conditionSchema = z.object({
  instrument: z.enum(INSTRUMENT_CODES),
  scale: z.enum(SCALE_KEYS),
  op: z.enum([">=", ">", "<=", "<"]),
  value: z.number(),
  basis: z.enum(["mean", "sum"]),
});

/** Parses a rule stored on a program (JSON) before evaluating it. */
export const eligibilityRuleSchema: z.ZodType<EligibilityRule> = z.lazy(() =>
  z.union([
    conditionSchema,
    z.object({ all: z.array(eligibilityRuleSchema).min(1) }),
    z.object({ any: z.array(eligibilityRuleSchema).min(1) }),
  ]),
);

/** The minimum a scale score must carry to be evaluated (ScaleScore satisfies it). */
export interface ScaleValueLike {
  label?: string;
  valid: boolean;
  sum: number | null;
  mean: number | null;
  items: readonly number[];
  missingItems: readonly number[];
}

/** Scores by instrument; a ScoreResult from any instrument's score() fits. */
export type EligibilityScores = Partial<Record<InstrumentCode, { scales: Partial<Record<ScaleKey, ScaleValueLike>> }>>;

export interface ConditionOutcome {
  condition: EligibilityCondition;
  /** null when the scale could not be scored. */
  met: boolean | null;
  reason: string;
}

export interface EligibilityResult {
  /** True only when the rule is definitely met. */
  eligible: boolean;
  status: "eligible" | "ineligible" | "undetermined";
  /** One human-readable line per condition, in rule order, then the overall verdict. */
  reasons: string[];
  conditions: ConditionOutcome[];
  ruleText: string;
}

const OP_TEXT: Record<ComparisonOp, string> = { ">=": "≥", ">": ">", "<=": "≤", "<": "<" };

function isGroupAll(rule: EligibilityRule): rule is { all: EligibilityRule[] } {
  return "all" in rule;
}
function isGroupAny(rule: EligibilityRule): rule is { any: EligibilityRule[] } {
  return "any" in rule;
}

export function describeCondition(c: EligibilityCondition): string {
  return `${c.scale} ${c.basis === "sum" ? "sum " : ""}${OP_TEXT[c.op]} ${c.value}`;
}

export function describeRule(rule: EligibilityRule, nested = false): string {
  if (isGroupAll(rule) || isGroupAny(rule)) {
    const parts = isGroupAll(rule) ? rule.all : rule.any;
    const joiner = isGroupAll(rule) ? " AND " : " OR ";
    const text = parts.map((p) => describeRule(p, true)).join(joiner);
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  return describeCondition(rule);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : roundTo(x, 2).toFixed(2);
}

export function evaluateCondition(c: EligibilityCondition, scores: EligibilityScores): ConditionOutcome {
  const scale = scores[c.instrument]?.scales[c.scale];
  const name = scale?.label ? `${scale.label} (${c.scale})` : c.scale;
  if (!scale) {
    return { condition: c, met: null, reason: `${name}: no ${c.instrument} score available` };
  }
  if (!scale.valid || (scale.sum === null && scale.mean === null)) {
    const missing = scale.missingItems.length > 0 ? ` (missing items ${scale.missingItems.join(", ")})` : "";
    return { condition: c, met: null, reason: `${name} could not be scored${missing}` };
  }
  const k = scale.items.length;
  let met: boolean;
  let observed: string;
  let needed: string;
  if (c.basis === "mean") {
    const sumCut = meanCutoffToSum(c.op, c.value, k);
    if (scale.sum !== null) {
      met = compare(scale.sum, c.op, sumCut);
      observed = `mean ${fmt(scale.sum / k)} (sum ${scale.sum})`;
    } else {
      met = meanMeetsCutoff(scale.mean as number, k, c.op, c.value);
      observed = `mean ${fmt(scale.mean as number)}`;
    }
    needed = `${OP_TEXT[c.op]} ${c.value} (sum ${OP_TEXT[c.op]} ${sumCut} over ${k} items)`;
  } else {
    const sum = scale.sum ?? (scale.mean as number) * k;
    met = compare(sum, c.op, c.value);
    observed = `sum ${fmt(sum)}`;
    needed = `${OP_TEXT[c.op]} ${c.value}`;
  }
  const reason = met ? `${name} ${observed} is ${needed}: met` : `${name} ${observed} is not ${needed}: not met`;
  return { condition: c, met, reason };
}

function evaluateNode(rule: EligibilityRule, scores: EligibilityScores, out: ConditionOutcome[]): boolean | null {
  if (isGroupAll(rule) || isGroupAny(rule)) {
    const results = (isGroupAll(rule) ? rule.all : rule.any).map((r) => evaluateNode(r, scores, out));
    if (isGroupAll(rule)) {
      if (results.some((r) => r === false)) return false;
      return results.every((r) => r === true) ? true : null;
    }
    if (results.some((r) => r === true)) return true;
    return results.every((r) => r === false) ? false : null;
  }
  const outcome = evaluateCondition(rule, scores);
  out.push(outcome);
  return outcome.met;
}

/**
 * Evaluates an eligibility rule (three-valued: a missing subscale only makes the result
 * undetermined when it could change the verdict).
 */
export function evaluateEligibility(rule: EligibilityRule, scores: EligibilityScores): EligibilityResult {
  const conditions: ConditionOutcome[] = [];
  const verdict = evaluateNode(rule, scores, conditions);
  const ruleText = describeRule(rule);
  const status = verdict === true ? "eligible" : verdict === false ? "ineligible" : "undetermined";
  const summary =
    status === "eligible"
      ? `Eligible: ${ruleText} is met`
      : status === "ineligible"
        ? `Not eligible: ${ruleText} is not met`
        : `Eligibility undetermined: ${ruleText} needs scores that are missing`;
  return {
    eligible: verdict === true,
    status,
    reasons: [...conditions.map((c) => c.reason), summary],
    conditions,
    ruleText,
  };
}
