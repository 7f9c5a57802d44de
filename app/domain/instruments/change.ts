// Individual change between two administrations, and the instrument's default responder
// rule. Direction aware: PE, PA and MEQ factors improve upward, everything else downward.
// Thresholds on mean-scored scales are compared as integer sums (1 point on a 5-item
// mean = 5 points on the sum) so that 1.0 never becomes 0.9999999.
import type { InstrumentDefinition, ResponderRule, ScaleKey, ScaleScore, ImprovementDirection } from "./types";

export interface ScaleChange {
  scale: ScaleKey;
  label: string;
  direction: ImprovementDirection;
  before: number | null;
  after: number | null;
  /** after − before in the scale's headline units (sum or mean); null when either is invalid. */
  change: number | null;
  /** Change in the improving direction (positive = better). */
  improvement: number | null;
  /** change ÷ before × 100; null when before is 0 or invalid. */
  percentChange: number | null;
  /** Whether this scale meets the responder rule; null if not covered or not computable. */
  responder: boolean | null;
}

export interface ChangeEvaluation {
  rule: ResponderRule | null;
  scales: ScaleChange[];
  /** Scales on which the person responded. */
  responderScales: ScaleKey[];
  /** Number of rule scales that could be evaluated (both administrations valid). */
  evaluatedScales: number;
  /**
   * Responded on at least one rule scale. null when there is no rule, or when no scale
   * responded but some rule scale could not be evaluated (it might have).
   */
  responder: boolean | null;
}

type ScoresLike = { instrument: string; scales: Partial<Record<ScaleKey, ScaleScore>> };

function requiredSumImprovement(points: number, method: "sum" | "mean", itemCount: number): number {
  const x = method === "mean" ? points * itemCount : points;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : Math.ceil(x);
}

export function evaluateChange<K extends ScaleKey>(
  def: Pick<InstrumentDefinition<K, unknown>, "code" | "scales" | "changeThresholds">,
  before: ScoresLike,
  after: ScoresLike,
  rule: ResponderRule<K> | null = def.changeThresholds.responder,
): ChangeEvaluation {
  if (before.instrument !== def.code || after.instrument !== def.code) {
    throw new Error(`evaluateChange: expected two ${def.code} results, got ${before.instrument} and ${after.instrument}`);
  }
  const ruleScales = new Set<ScaleKey>(rule?.scales ?? []);
  const scales = def.scales.map((scaleDef): ScaleChange => {
    const b = before.scales[scaleDef.key];
    const a = after.scales[scaleDef.key];
    const sign = scaleDef.improvement === "decrease" ? -1 : 1;
    const base = { scale: scaleDef.key, label: scaleDef.label, direction: scaleDef.improvement };
    if (!b?.valid || !a?.valid || b.sum === null || a.sum === null || b.value === null || a.value === null) {
      return {
        ...base,
        before: b?.value ?? null,
        after: a?.value ?? null,
        change: null,
        improvement: null,
        percentChange: null,
        responder: null,
      };
    }
    const change = a.value - b.value;
    let responder: boolean | null = null;
    if (rule && ruleScales.has(scaleDef.key)) {
      const sumImprovement = sign * (a.sum - b.sum);
      responder = sumImprovement >= requiredSumImprovement(rule.points, scaleDef.method, scaleDef.items.length);
    }
    return {
      ...base,
      before: b.value,
      after: a.value,
      change,
      improvement: sign * change,
      percentChange: b.value === 0 ? null : (change / b.value) * 100,
      responder,
    };
  });
  const covered = scales.filter((s) => ruleScales.has(s.scale));
  const evaluated = covered.filter((s) => s.responder !== null);
  const responderScales = evaluated.filter((s) => s.responder === true).map((s) => s.scale);
  return {
    rule,
    scales,
    responderScales,
    evaluatedScales: evaluated.length,
    responder: !rule ? null : responderScales.length > 0 ? true : covered.length > 0 && evaluated.length === covered.length ? false : null,
  };
}
