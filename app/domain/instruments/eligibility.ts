// The one eligibility engine. Eligibility rules are data on the program (stored as JSON),
// evaluated here, by screening (a referral's entered measures) and by reports (the share
// meeting the rule) alike. A rule is a tree of AND ("all") / OR ("any") groups over scale
// cut-offs. Every comparison is exact: a scale is its integer item sum and item count, a
// cut-off is a decimal read as a fraction, and "mean ≥ 4.8 over 5 items" is decided as
// sum × 10 ≥ 48 × 5 in integers (never a floating-point mean).
import { z } from "zod";
import { roundTo, type ComparisonOp } from "./scoring";
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
  const input = scaleInputFromScore(scale);
  if (!scale.valid || input === null) {
    const missing = scale.missingItems.length > 0 ? ` (missing items ${scale.missingItems.join(", ")})` : "";
    return { condition: c, met: null, reason: `${name} could not be scored${missing}` };
  }
  const k = input.itemCount;
  const met = cutoffMet(input, c.op, c.value, c.basis);
  let observed: string;
  let needed: string;
  if (c.basis === "mean") {
    observed = "sum" in input ? `mean ${fmt(input.sum / k)} (sum ${input.sum})` : `mean ${fmt(input.mean)}`;
    needed = `${OP_TEXT[c.op]} ${c.value} (sum ${OP_TEXT[c.op]} ${meanCutoffAsSum(c.op, c.value, k)} over ${k} items)`;
  } else {
    observed = `sum ${"sum" in input ? input.sum : fmt(input.mean * k)}`;
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

/* ------------------------------------------------------------------------ */
/* Exact comparison                                                          */
/* ------------------------------------------------------------------------ */

/** A finite decimal as an exact fraction num/den (den a power of ten): 4.8 → 48/10. */
export function toFraction(x: number): { num: bigint; den: bigint } {
  if (!Number.isFinite(x)) throw new RangeError(`cut-off ${x} is not a finite number`);
  // The shortest decimal that round-trips is what was typed (4.8, not 4.79999…).
  let text = String(Math.abs(x));
  if (/e/i.test(text)) text = Math.abs(x).toFixed(20).replace(/0+$/, "");
  const [int, frac = ""] = text.split(".");
  const num = BigInt(int + frac) * (x < 0 ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

function compareBig(a: bigint, op: ComparisonOp, b: bigint): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case "<":
      return a < b;
  }
}

/** A scale's item sum as an exact fraction: an integer sum as is, a decimal mean × item count. */
function sumFraction(input: ScaleInput): { num: bigint; den: bigint } {
  if ("sum" in input) {
    if (!Number.isInteger(input.sum)) throw new RangeError(`scale sum ${input.sum} is not an integer`);
    return { num: BigInt(input.sum), den: 1n };
  }
  const m = toFraction(input.mean);
  return { num: m.num * BigInt(input.itemCount), den: m.den };
}

/**
 * Whether a scale meets a cut-off on its sum or on its item mean, in integer arithmetic:
 * mean op v ⇔ sum × den(v) op num(v) × itemCount. A scale given as a decimal mean (a
 * typed-in mean) is read as that exact decimal.
 */
export function cutoffMet(input: ScaleInput, op: ComparisonOp, value: number, on: "sum" | "mean"): boolean {
  if (!Number.isInteger(input.itemCount) || input.itemCount < 1)
    throw new RangeError(`item count ${input.itemCount} is not a positive integer`);
  const s = sumFraction(input);
  const v = toFraction(value);
  const k = on === "mean" ? BigInt(input.itemCount) : 1n;
  // s.num / s.den  op  v.num × k / v.den
  return compareBig(s.num * v.den, op, v.num * k * s.den);
}

/** The equivalent cut-off on the integer sum: mean ≥ 4.8 over 5 items ⇔ sum ≥ 24; mean ≤ 4.3 over 6 ⇔ sum ≤ 25. */
export function meanCutoffAsSum(op: ComparisonOp, value: number, itemCount: number): number {
  const { num, den } = toFraction(value);
  const scaled = num * BigInt(itemCount);
  const floor = scaled >= 0n ? scaled / den : -((-scaled + den - 1n) / den);
  const exact = floor * den === scaled;
  switch (op) {
    case ">=":
      return Number(exact ? floor : floor + 1n);
    case ">":
      return Number(floor + 1n);
    case "<=":
      return Number(floor);
    case "<":
      return Number(exact ? floor - 1n : floor);
  }
}

/**
 * A scale as the engine reads it: its integer item sum (one person's complete scale) or,
 * when only a typed-in mean is known, that decimal mean; and its item count. A scale that
 * could not be scored is null / absent.
 */
export type ScaleInput = { sum: number; itemCount: number } | { mean: number; itemCount: number };

/**
 * A stored or freshly computed scale score as engine input. The sum is read as stored;
 * a score that carries only a mean is turned back into its integer sum (mean × items is
 * an integer for one person's complete scale); anything else is not scorable (null).
 */
export function scaleInputFromScore(s: {
  valid?: boolean;
  sum?: number | null;
  mean?: number | null;
  items?: readonly number[];
  itemCount?: number;
}): ScaleInput | null {
  const itemCount = s.itemCount ?? s.items?.length ?? 0;
  if (s.valid === false || itemCount < 1) return null;
  if (typeof s.sum === "number" && Number.isInteger(s.sum)) return { sum: s.sum, itemCount };
  if (typeof s.mean === "number" && Number.isFinite(s.mean)) {
    const asSum = Math.round(s.mean * itemCount);
    if (Math.abs(asSum - s.mean * itemCount) < 1e-6) return { sum: asSum, itemCount };
    return { mean: s.mean, itemCount };
  }
  return null;
}

/* ------------------------------------------------------------------------ */
/* Program rules: { scale, op, value, on } over the program's one instrument */
/* ------------------------------------------------------------------------ */

/** One cut-off of a program's rule on a scale of the program's eligibility instrument. */
export interface ScaleCutoff {
  /** Scale / subscale key of the program's eligibility instrument, e.g. "EX". */
  scale: string;
  op: ComparisonOp;
  value: number;
  /** 'sum' compares the integer raw sum; 'mean' the item mean as published (still exactly). */
  on: "sum" | "mean";
}

export type ScaleRule = { all: ScaleRule[] } | { any: ScaleRule[] } | ScaleCutoff;

export function isScaleCutoff(rule: ScaleRule): rule is ScaleCutoff {
  return "scale" in rule;
}

/** "EX mean ≥ 4.8 AND (CY mean ≥ 3.8 OR PE mean ≤ 4.3)"; single-member groups print bare. */
export function describeScaleRule(rule: ScaleRule): string {
  const node = (r: ScaleRule, top: boolean): string => {
    if (isScaleCutoff(r)) return `${r.scale} ${r.on} ${OP_TEXT[r.op]} ${r.value}`;
    const [members, joiner] = "all" in r ? [r.all, " AND "] : [r.any, " OR "];
    if (members.length === 1) return node(members[0], top);
    const text = members.map((m) => node(m, false)).join(joiner);
    return top ? text : `(${text})`;
  };
  return node(rule, true);
}

const NEGATED: Record<ComparisonOp, ComparisonOp> = { ">=": "<", ">": "<=", "<=": ">", "<": ">=" };

/** The observed value for a reason, with enough decimals that it never looks equal to a cut-off it is not. */
function observedText(input: ScaleInput, value: number, on: "sum" | "mean"): string {
  if ("sum" in input && on === "sum") return String(input.sum);
  const x =
    "sum" in input ? (on === "mean" ? input.sum / input.itemCount : input.sum) : on === "mean" ? input.mean : input.mean * input.itemCount;
  const exactlyEqual = cutoffMet(input, ">=", value, on) && cutoffMet(input, "<=", value, on);
  for (let d = 2; d <= 6; d++) {
    const text = String(Number(x.toFixed(d)));
    if ((Number(text) === value) === exactlyEqual) return text;
  }
  return String(x);
}

export interface CutoffOutcome {
  met: boolean | null;
  /** "EX 4.6 < 4.8", "EX sum 23 < 24", "CY 3.8 ≥ 3.8", "PE missing (needs ≤ 4.3)". */
  text: string;
}

export function evaluateCutoff(c: ScaleCutoff, input: ScaleInput | null | undefined): CutoffOutcome {
  if (!input) return { met: null, text: `${c.scale} missing (needs ${OP_TEXT[c.op]} ${c.value})` };
  const met = cutoffMet(input, c.op, c.value, c.on);
  const observed = (c.on === "sum" ? "sum " : "") + observedText(input, c.value, c.on);
  return { met, text: `${c.scale} ${observed} ${OP_TEXT[met ? c.op : NEGATED[c.op]]} ${c.value}` };
}

export interface EligibilityDecision {
  status: "eligible" | "ineligible" | "undetermined";
  /** True only when the rule is definitely met. */
  eligible: boolean;
  /** The comparisons that decided the outcome, e.g. ["EX 4.6 < 4.8"]. */
  reasons: string[];
  /** The reasons as one line ("EX 4.6 < 4.8"; several joined with "; "). */
  reason: string;
  /** Scales the rule needed that had no usable score (only when undetermined). */
  missingScales: string[];
  ruleText: string;
}

export type Truth = true | false | null;

/**
 * Decides a program's rule, three-valued: a missing score makes its comparison unknown; an
 * OR is met by one met branch even if another is unknown, an AND fails on one unmet branch
 * even if another is unknown. Unknown at the top is "undetermined" (not eligible).
 */
export function decideEligibility(rule: ScaleRule, scales: Readonly<Record<string, ScaleInput | null | undefined>>): EligibilityDecision {
  const missing = new Set<string>();
  const walk = (node: ScaleRule): { truth: Truth; reasons: string[] } => {
    if (isScaleCutoff(node)) {
      const o = evaluateCutoff(node, scales[node.scale]);
      if (o.met === null) missing.add(node.scale);
      return { truth: o.met, reasons: [o.text] };
    }
    const isAll = "all" in node;
    const children = (isAll ? node.all : node.any).map(walk);
    const decisive = !isAll;
    const decided = children.filter((c) => c.truth === decisive);
    if (decided.length) return { truth: decisive, reasons: decided.flatMap((c) => c.reasons) };
    const unknown = children.filter((c) => c.truth === null);
    if (unknown.length) return { truth: null, reasons: unknown.flatMap((c) => c.reasons) };
    return { truth: isAll, reasons: children.flatMap((c) => c.reasons) };
  };
  const { truth, reasons } = walk(rule);
  return {
    status: truth === true ? "eligible" : truth === false ? "ineligible" : "undetermined",
    eligible: truth === true,
    reasons,
    reason: reasons.join("; "),
    missingScales: truth === null ? [...missing] : [],
    ruleText: describeScaleRule(rule),
  };
}

/**
 * The rule's three-valued outcome alone, without reasons: `decideEligibility`'s status
 * (true eligible, false ineligible, null undetermined) for callers that decide many people at
 * once (the report decides everyone at two timepoints). An integer sum is compared with each
 * cut-off's equivalent integer threshold (`meanCutoffAsSum`), worked out once per cut-off and
 * item count; any other input goes through `cutoffMet` as in `decideEligibility`. Every branch
 * is evaluated, as there. A test checks it against `decideEligibility` on generated rules and scores.
 */
export function compileRuleTruth(rule: ScaleRule): (scales: Readonly<Record<string, ScaleInput | null | undefined>>) => Truth {
  const thresholds = new Map<ScaleCutoff, Map<number, number>>();
  const thresholdOf = (c: ScaleCutoff, itemCount: number) => {
    let byCount = thresholds.get(c);
    if (!byCount) thresholds.set(c, (byCount = new Map()));
    let t = byCount.get(itemCount);
    if (t === undefined) byCount.set(itemCount, (t = meanCutoffAsSum(c.op, c.value, c.on === "mean" ? itemCount : 1)));
    return t;
  };
  const walk = (node: ScaleRule, scales: Readonly<Record<string, ScaleInput | null | undefined>>): Truth => {
    if (isScaleCutoff(node)) {
      const input = scales[node.scale];
      if (!input) return null;
      if ("sum" in input && Number.isInteger(input.sum) && Number.isInteger(input.itemCount) && input.itemCount >= 1) {
        // meanCutoffAsSum's threshold reads as sum ≥ t for ≥ and >, sum ≤ t for ≤ and <.
        const t = thresholdOf(node, input.itemCount);
        return node.op === ">=" || node.op === ">" ? input.sum >= t : input.sum <= t;
      }
      return cutoffMet(input, node.op, node.value, node.on);
    }
    const isAll = "all" in node;
    let sawDecisive = false;
    let sawUnknown = false;
    for (const child of isAll ? node.all : node.any) {
      const truth = walk(child, scales);
      if (truth === null) sawUnknown = true;
      else if (truth !== isAll) sawDecisive = true;
    }
    return sawDecisive ? !isAll : sawUnknown ? null : isAll;
  };
  return (scales) => walk(rule, scales);
}

/** Engine input from an instrument's scored scales (a ScoreResult's `scales`, or stored scales). */
export function scaleInputsFromScores(
  scales: Readonly<Record<string, Parameters<typeof scaleInputFromScore>[0] | undefined>>,
): Record<string, ScaleInput | null> {
  const out: Record<string, ScaleInput | null> = {};
  for (const [key, s] of Object.entries(scales)) if (s) out[key] = scaleInputFromScore(s);
  return out;
}
