// Section 2 (pre/post table) and section 4 (responders, reliable change).
import { getInstrument, isInstrumentCode, type InstrumentCode, type ResponderRule, type ScaleDefinition } from "~/domain/instruments";
import { comparePaired, reliableChangeCountsOf, wilsonInterval } from "~/domain/stats";
import type { AssessmentIndex } from "./assessmentIndex";
import { derived } from "./memo";
import type { MeasureResult, MultiSubscaleResponders, ReliableChangeSummary, ResponderCount } from "./types";

/**
 * The improvement in integer sum points that meets a responder rule: the same rule as
 * evaluateChange in app/domain/instruments/change.ts (points × item count on mean-scored
 * scales, compared on sums), applied column-wise here for speed; build.test.ts checks the
 * two agree.
 */
export function requiredSumImprovement(points: number, scale: Pick<ScaleDefinition, "method" | "items">): number {
  const x = scale.method === "mean" ? points * scale.items.length : points;
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : Math.ceil(x);
}

/** The responder rule in force: the instrument's default, with the points overridden when configured. */
export function responderRuleFor(code: InstrumentCode, points?: number): ResponderRule | null {
  const def = getInstrument(code).changeThresholds.responder as ResponderRule | null;
  if (!def) return null;
  if (points === undefined || points === def.points) return def;
  const scales = def.scales.join(", ");
  return {
    ...def,
    points,
    description: `Responder: improvement of ≥ ${points} point${points === 1 ? "" : "s"} on ${scales} (configured for this report).`,
  };
}

function ruleText(rule: ResponderRule, scale: ScaleDefinition): string {
  const dir = scale.improvement === "decrease" ? "decrease" : "increase";
  const unit = scale.method === "mean" ? "point on the item mean" : "point";
  return `${dir} of ≥ ${rule.points} ${unit}${rule.points === 1 ? "" : "s"}`;
}

export function responderCount(count: number, n: number): ResponderCount {
  const w = wilsonInterval(count, n);
  return { count, rate: w.rate, wilson95: w.ci95 };
}

export function instrumentsIn(tpInstruments: readonly string[]): InstrumentCode[] {
  return tpInstruments.filter(isInstrumentCode);
}

/** Instruments measured at both timepoints, in the order of the pre timepoint. */
export function sharedInstruments(pre: readonly string[], post: readonly string[]): InstrumentCode[] {
  const postSet = new Set(post);
  return instrumentsIn(pre).filter((c) => postSet.has(c));
}

export function computeMeasures(
  index: AssessmentIndex,
  enrollmentIds: readonly string[],
  pre: string,
  post: string,
  instruments: readonly InstrumentCode[],
  responderPoints: Partial<Record<InstrumentCode, number>> = {},
): MeasureResult[] {
  const out: MeasureResult[] = [];
  const rows = index.rows(enrollmentIds);
  for (const code of instruments) {
    const def = getInstrument(code);
    const rule = responderRuleFor(code, responderPoints[code]);
    const ruleScales = new Set<string>(rule?.scales ?? []);
    const isRuleScaleOf = (key: string) => rule !== null && ruleScales.has(key);
    // Everything below is read from these rows of the two timepoints' score lists (the
    // columns are made from the lists): a report of the same people and the same lists (after
    // an edit that changed no score of this instrument) finds the result again.
    const listA = index.recordsAt(pre, code);
    const listB = index.recordsAt(post, code);
    const measureOf = (scale: ScaleDefinition): MeasureResult => {
      const a = index.column(pre, code, scale.key);
      const b = index.column(post, code, scale.key);
      const aValue = a.value;
      const bValue = b.value;
      // Sums only for the responder rule's scales (made on first use).
      const aSum = isRuleScaleOf(scale.key) ? a.sum : aValue;
      const bSum = isRuleScaleOf(scale.key) ? b.sum : bValue;
      // NaN = missing (comparePaired treats every non-finite value as missing).
      const preVals = new Float64Array(rows.length);
      const postVals = new Float64Array(rows.length);
      const sign = scale.improvement === "decrease" ? -1 : 1;
      const isRuleScale = rule !== null && ruleScales.has(scale.key);
      const required = isRuleScale ? requiredSumImprovement(rule!.points, scale) : 0;
      let responders = 0;
      let evaluated = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const x = r < 0 ? NaN : aValue[r];
        const y = r < 0 ? NaN : bValue[r];
        preVals[i] = x;
        postVals[i] = y;
        if (isRuleScale && !Number.isNaN(x) && !Number.isNaN(y) && !Number.isNaN(aSum[r]) && !Number.isNaN(bSum[r])) {
          evaluated++;
          if (sign * (bSum[r] - aSum[r]) >= required) responders++;
        }
      }
      const cmp = comparePaired(preVals, postVals);
      const notes = [...cmp.notes];
      let responderSummary: MeasureResult["responders"] = null;
      if (isRuleScale) {
        const w = wilsonInterval(responders, evaluated);
        responderSummary = {
          rule: ruleText(rule!, scale),
          points: rule!.points,
          count: responders,
          n: evaluated,
          rate: w.rate,
          wilson95: w.ci95,
        };
        if (evaluated === 0) notes.push("No responder rate: nobody has both timepoints.");
      }
      return {
        id: `${code}.${scale.key}`,
        instrument: code,
        instrumentName: def.shortName,
        scale: scale.key,
        label: scale.label,
        method: scale.method,
        improvement: scale.improvement,
        n: cmp.n,
        excluded: cmp.excluded,
        pre: cmp.pre,
        post: cmp.post,
        change: cmp.change,
        t_test: cmp.t_test,
        wilcoxon: { V: cmp.wilcoxon.V, p: cmp.wilcoxon.p, method: cmp.wilcoxon.method },
        effect: cmp.effect,
        responders: responderSummary,
        reliableChange: reliableChangeFor(code, scale, preVals, postVals, cmp.n, cmp.pre.sd),
        notes,
      };
    };
    for (const scale of def.scales as readonly ScaleDefinition[])
      out.push(derived([rows, listA, listB], `measure ${code} ${scale.key} ${rule?.points ?? ""}`, () => measureOf(scale)));
  }
  return out;
}

/**
 * Reliable change of the complete pairs (NaN = missing): `n` of them, whose pre values' SD is
 * `sdPre` (the comparison's; the same sample SD over the same values).
 */
function reliableChangeFor(
  code: InstrumentCode,
  scale: ScaleDefinition,
  preVals: Float64Array,
  postVals: Float64Array,
  count: number,
  sdPre: number | null,
): ReliableChangeSummary {
  const tr = getInstrument(code).changeThresholds.testRetest;
  const empty = { improved: 0, deteriorated: 0, unchanged: 0, n: count };
  if (!tr) {
    return {
      reliability: null,
      reliabilitySource: null,
      sdPre,
      ...empty,
      note: `No test–retest reliability is pinned for ${getInstrument(code).shortName}: reliable change not computed.`,
    };
  }
  const source = `${tr.statistic} = ${tr.value}${tr.interval ? ` (${tr.interval})` : ""}, ${tr.source}`;
  if (sdPre === null || !(sdPre > 0)) {
    return {
      reliability: tr.value,
      reliabilitySource: source,
      sdPre,
      ...empty,
      note: "The baseline SD is 0 or undefined (fewer than 2 participants, or all equal): reliable change not computed.",
    };
  }
  const counts = reliableChangeCountsOf(
    preVals,
    postVals,
    { sdPre, reliability: tr.value },
    scale.improvement === "decrease" ? "lower" : "higher",
  );
  return {
    reliability: tr.value,
    reliabilitySource: source,
    sdPre,
    improved: counts.improved,
    deteriorated: counts.deteriorated,
    unchanged: counts.unchanged,
    n: counts.n,
    note: null,
  };
}

/** MBI-GS: participants responding on ≥ 1, ≥ 2 and all 3 subscales (of those with all three at both timepoints). */
export function mbiMultiSubscale(
  index: AssessmentIndex,
  enrollmentIds: readonly string[],
  pre: string,
  post: string,
  points?: number,
): MultiSubscaleResponders | null {
  const rule = responderRuleFor("MBI_GS", points);
  if (!rule) return null;
  const rows = index.rows(enrollmentIds);
  const lists = [index.recordsAt(pre, "MBI_GS"), index.recordsAt(post, "MBI_GS")];
  return derived([rows, ...lists], `mbi multi ${rule.points}`, () => multiSubscale(index, rows, pre, post, rule));
}

function multiSubscale(index: AssessmentIndex, rows: Int32Array, pre: string, post: string, rule: ResponderRule): MultiSubscaleResponders {
  const scales = (getInstrument("MBI_GS").scales as readonly ScaleDefinition[]).filter((s) => rule.scales.includes(s.key));
  const cols = scales.map((s) => ({
    a: index.column(pre, "MBI_GS", s.key).sum,
    b: index.column(post, "MBI_GS", s.key).sum,
    sign: s.improvement === "decrease" ? -1 : 1,
    required: requiredSumImprovement(rule.points, s),
  }));
  let n = 0;
  const counts = new Array(scales.length + 1).fill(0);
  for (const r of rows) {
    if (r < 0) continue;
    // Explicit loops: no closure or array per participant.
    let complete = true;
    for (let k = 0; k < cols.length && complete; k++) complete = !Number.isNaN(cols[k].a[r]) && !Number.isNaN(cols[k].b[r]);
    if (!complete) continue;
    n++;
    let responding = 0;
    for (const c of cols) if (c.sign * (c.b[r] - c.a[r]) >= c.required) responding++;
    counts[responding]++;
  }
  const atLeast = (k: number) => counts.slice(k).reduce((x: number, y: number) => x + y, 0);
  return { n, atLeast1: responderCount(atLeast(1), n), atLeast2: responderCount(atLeast(2), n), all3: responderCount(counts[3] ?? 0, n) };
}
