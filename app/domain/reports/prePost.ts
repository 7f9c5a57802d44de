// Section 2 (pre/post table) and section 4 (responders, reliable change).
import {
  getInstrument,
  isInstrumentCode,
  type InstrumentCode,
  type ResponderRule,
  type ScaleDefinition,
  type ScaleKey,
} from "~/domain/instruments";
import { comparePaired, reliableChangeCounts, sd as sampleSd, wilsonInterval } from "~/domain/stats";
import type {
  MeasureResult,
  MultiSubscaleResponders,
  ReliableChangeSummary,
  ReportAssessment,
  ResponderCount,
  ScoredValues,
} from "./types";

/**
 * The completed assessments, indexed once per report for fast, allocation-free reads:
 * each enrollment gets a row number, and each (timepoint, instrument, scale) becomes a
 * column of values (NaN = missing or invalid), built lazily and cached.
 */
export class AssessmentIndex {
  private readonly rowOf = new Map<string, number>();
  /** timepoint → instrument → scores by row. */
  private readonly records = new Map<string, Map<string, (ScoredValues | undefined)[]>>();
  private readonly columns = new Map<string, { value: Float64Array; sum: Float64Array; mean: Float64Array }>();
  private lastId: string | null = null;
  private lastRow = -1;

  constructor(assessments: readonly ReportAssessment[] = []) {
    for (const a of assessments) this.add(a.enrollmentId, a.timepointKey, a.instrument, a);
  }

  /** Adds one completed assessment (before any row or column is read). */
  add(enrollmentId: string, timepointKey: string, instrument: string, scored: ScoredValues) {
    // Assessments mostly come grouped by enrollment: skip the lookup then.
    if (enrollmentId !== this.lastId) {
      this.lastId = enrollmentId;
      const known = this.rowOf.get(enrollmentId);
      if (known === undefined) this.rowOf.set(enrollmentId, (this.lastRow = this.rowOf.size));
      else this.lastRow = known;
    }
    let byCode = this.records.get(timepointKey);
    if (!byCode) this.records.set(timepointKey, (byCode = new Map()));
    let list = byCode.get(instrument);
    if (!list) byCode.set(instrument, (list = []));
    list[this.lastRow] = scored;
  }

  private readonly rowsMemo = new WeakMap<readonly string[], Int32Array>();

  /**
   * Row numbers of these enrollments (−1 for an enrollment without any assessment). The
   * sections of a report ask for the same list many times: the answer is kept per array
   * (the array must not be changed afterwards; reports never do).
   */
  rows(ids: readonly string[]): Int32Array {
    let out = this.rowsMemo.get(ids);
    if (out) return out;
    out = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.rowOf.get(ids[i]) ?? -1;
    this.rowsMemo.set(ids, out);
    return out;
  }

  private readonly enrollmentRowsMemo = new WeakMap<readonly { enrollmentId: string }[], Int32Array>();

  /** `rows` of these enrollments' ids, kept per array like `rows`. */
  rowsFor(enrollments: readonly { enrollmentId: string }[]): Int32Array {
    let out = this.enrollmentRowsMemo.get(enrollments);
    if (!out) this.enrollmentRowsMemo.set(enrollments, (out = this.rows(enrollments.map((e) => e.enrollmentId))));
    return out;
  }

  /** The records of one timepoint and instrument, by row (sparse). */
  recordsAt(tp: string, code: InstrumentCode): readonly (ScoredValues | undefined)[] {
    return this.records.get(tp)?.get(code) ?? [];
  }

  record(row: number, tp: string, code: InstrumentCode): ScoredValues | undefined {
    return row < 0 ? undefined : this.records.get(tp)?.get(code)?.[row];
  }

  column(tp: string, code: InstrumentCode, scale: ScaleKey) {
    const key = `${tp}\u0000${code}\u0000${scale}`;
    let col = this.columns.get(key);
    if (!col) {
      const n = this.rowOf.size;
      col = { value: new Float64Array(n).fill(NaN), sum: new Float64Array(n).fill(NaN), mean: new Float64Array(n).fill(NaN) };
      const list = this.recordsAt(tp, code);
      for (let r = 0; r < list.length; r++) {
        const s = list[r]?.scales[scale];
        if (!s || !s.valid || typeof s.value !== "number" || !Number.isFinite(s.value)) continue;
        col.value[r] = s.value;
        if (typeof s.sum === "number") col.sum[r] = s.sum;
        col.mean[r] = typeof s.mean === "number" ? s.mean : NaN;
      }
      this.columns.set(key, col);
    }
    return col;
  }
}

export function indexAssessments(assessments: readonly ReportAssessment[]): AssessmentIndex {
  return new AssessmentIndex(assessments);
}

/** Value at a row of a column; null when missing (−1 rows included). */
export function at(col: Float64Array, row: number): number | null {
  if (row < 0) return null;
  const v = col[row];
  return Number.isNaN(v) ? null : v;
}

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
  return { ...def, points, description: `Responder: improvement of ≥ ${points} point${points === 1 ? "" : "s"} on ${scales} (configured for this report).` };
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
    for (const scale of def.scales as readonly ScaleDefinition[]) {
      const a = index.column(pre, code, scale.key);
      const b = index.column(post, code, scale.key);
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
        const x = r < 0 ? NaN : a.value[r];
        const y = r < 0 ? NaN : b.value[r];
        preVals[i] = x;
        postVals[i] = y;
        if (isRuleScale && !Number.isNaN(x) && !Number.isNaN(y) && !Number.isNaN(a.sum[r]) && !Number.isNaN(b.sum[r])) {
          evaluated++;
          if (sign * (b.sum[r] - a.sum[r]) >= required) responders++;
        }
      }
      const cmp = comparePaired(preVals, postVals);
      const notes = [...cmp.notes];
      let responderSummary: MeasureResult["responders"] = null;
      if (isRuleScale) {
        const w = wilsonInterval(responders, evaluated);
        responderSummary = { rule: ruleText(rule!, scale), points: rule!.points, count: responders, n: evaluated, rate: w.rate, wilson95: w.ci95 };
        if (evaluated === 0) notes.push("No responder rate: nobody has both timepoints.");
      }
      out.push({
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
        reliableChange: reliableChangeFor(code, scale, preVals, postVals),
        notes,
      });
    }
  }
  return out;
}

function reliableChangeFor(
  code: InstrumentCode,
  scale: ScaleDefinition,
  preVals: Float64Array,
  postVals: Float64Array,
): ReliableChangeSummary {
  const tr = getInstrument(code).changeThresholds.testRetest;
  const complete: { pre: number; post: number }[] = [];
  const completePre: number[] = [];
  for (let i = 0; i < preVals.length; i++) {
    const pre = preVals[i];
    const post = postVals[i];
    if (Number.isNaN(pre) || Number.isNaN(post)) continue;
    complete.push({ pre, post });
    completePre.push(pre);
  }
  const sdPre = sampleSd(completePre);
  const empty = { improved: 0, deteriorated: 0, unchanged: 0, n: complete.length };
  if (!tr) {
    return { reliability: null, reliabilitySource: null, sdPre, ...empty, note: `No test–retest reliability is pinned for ${getInstrument(code).shortName}: reliable change not computed.` };
  }
  const source = `${tr.statistic} = ${tr.value}${tr.interval ? ` (${tr.interval})` : ""}, ${tr.source}`;
  if (sdPre === null || !(sdPre > 0)) {
    return { reliability: tr.value, reliabilitySource: source, sdPre, ...empty, note: "The baseline SD is 0 or undefined (fewer than 2 participants, or all equal): reliable change not computed." };
  }
  const counts = reliableChangeCounts(complete, { sdPre, reliability: tr.value }, scale.improvement === "decrease" ? "lower" : "higher");
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
  const scales = (getInstrument("MBI_GS").scales as readonly ScaleDefinition[]).filter((s) => rule.scales.includes(s.key));
  const cols = scales.map((s) => ({
    a: index.column(pre, "MBI_GS", s.key).sum,
    b: index.column(post, "MBI_GS", s.key).sum,
    sign: s.improvement === "decrease" ? -1 : 1,
    required: requiredSumImprovement(rule.points, s),
  }));
  const rows = index.rows(enrollmentIds);
  let n = 0;
  const counts = new Array(scales.length + 1).fill(0);
  for (const r of rows) {
    if (r < 0 || cols.some((c) => Number.isNaN(c.a[r]) || Number.isNaN(c.b[r]))) continue;
    n++;
    counts[cols.filter((c) => c.sign * (c.b[r] - c.a[r]) >= c.required).length]++;
  }
  const atLeast = (k: number) => counts.slice(k).reduce((x: number, y: number) => x + y, 0);
  return { n, atLeast1: responderCount(atLeast(1), n), atLeast2: responderCount(atLeast(2), n), all3: responderCount(counts[3] ?? 0, n) };
}
