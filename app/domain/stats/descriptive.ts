/**
 * Descriptive statistics with R's conventions: `quantile(type = 7)`, `mean`, `sd` (n − 1).
 *
 * Sums are compensated (Neumaier) and the mean gets R's second correction pass, so results
 * agree with R's long-double accumulation to well within 1e-9 relative.
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { DistinctCounts } from "./distinctCounts";

/** Compensated (Neumaier) sum: exact for integer data, a few ulps otherwise. */
export function sum(values: ArrayLike<number>): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = total + v;
    compensation += Math.abs(total) >= Math.abs(v) ? total - t + v : v - t + total;
    total = t;
  }
  return total + compensation;
}

// The same compensated sum of (v − m) and of (v − m)², without allocating the mapped
// arrays (the report computes these over tens of thousands of values many times).
function sumOfDeviations(values: ArrayLike<number>, m: number): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] - m;
    const t = total + v;
    compensation += Math.abs(total) >= Math.abs(v) ? total - t + v : v - t + total;
    total = t;
  }
  return total + compensation;
}

function sumOfSquaredDeviations(values: ArrayLike<number>, m: number): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] - m) * (values[i] - m);
    const t = total + v;
    compensation += Math.abs(total) >= Math.abs(v) ? total - t + v : v - t + total;
    total = t;
  }
  return total + compensation;
}

/** Arithmetic mean as R computes it (sum / n, then one correction pass); null when empty. */
export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  const first = sum(values) / n;
  if (!Number.isFinite(first)) return first;
  return first + sumOfDeviations(values, first) / n;
}

/** Sample variance with denominator n − 1 (R `var`); null when n < 2. */
export function variance(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n < 2) return null;
  return varianceAbout(values, mean(values) as number);
}

/** `variance(values)` when `m` is `mean(values)` (saves computing the mean twice). */
export function varianceAbout(values: ArrayLike<number>, m: number): number {
  return sumOfSquaredDeviations(values, m) / (values.length - 1);
}

/** `mean(values)` and `sd(values)`, computing the mean once. */
export function meanAndSd(values: ArrayLike<number>): { mean: number | null; sd: number | null } {
  const m = mean(values);
  return { mean: m, sd: values.length < 2 ? null : Math.sqrt(varianceAbout(values, m as number)) };
}

/** Sample standard deviation with denominator n − 1 (R `sd`); null when n < 2. */
export function sd(values: ArrayLike<number>): number | null {
  const v = variance(values);
  return v === null ? null : Math.sqrt(v);
}

/** R `quantile(x, p, type = 7)` on already sorted values; null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const atLo = sorted[lo - 1];
  const atHi = sorted[hi - 1];
  if (index > lo && atHi !== atLo) {
    const h = index - lo;
    return (1 - h) * atLo + h * atHi;
  }
  return atLo;
}

/** Ascending numeric typed copy (a native numeric sort, never the default lexicographic one). */
function sortedTyped(values: ArrayLike<number>): Float64Array {
  return (values instanceof Float64Array ? values.slice() : Float64Array.from(values)).sort();
}

/** R `quantile(x, p, type = 7)`; null when empty. */
export function quantile(values: ArrayLike<number>, p: number): number | null {
  return quantileSorted(sortedTyped(values), p);
}

/** Median as the type-7 quantile at 0.5 (the convention of the reference script). */
export function median(values: ArrayLike<number>): number | null {
  return quantile(values, 0.5);
}

export interface Quartiles {
  median: number | null;
  q1: number | null;
  q3: number | null;
}

/**
 * The values at the positions a type-7 quartile reads, as if sorted (`length` and those
 * indexes only), counted instead of sorted: scores are discrete, so a report's hundreds of
 * thousands of values have few distinct ones. Null when they do not (or hold NaN or −0,
 * which a numeric sort places apart): sort then.
 */
function quartilePositions(values: ArrayLike<number>): ArrayLike<number> | null {
  const n = values.length;
  const positions = new Set<number>();
  for (const p of [0.25, 0.5, 0.75]) {
    const index = 1 + (n - 1) * p;
    positions.add(Math.floor(index) - 1);
    positions.add(Math.ceil(index) - 1);
  }
  const wanted = [...positions].sort((a, b) => a - b);
  let small = true; // integers 0 … 4095: counted in an array
  for (let i = 0; i < n && small; i++) {
    const v = values[i];
    small = v >= 0 && v < 4096 && Number.isInteger(v) && !(v === 0 && 1 / v < 0);
  }
  const keys: number[] = [];
  const countOf: number[] = [];
  if (small) {
    const counts = new Int32Array(4096);
    for (let i = 0; i < n; i++) counts[values[i]]++;
    for (let v = 0; v < 4096; v++) {
      if (counts[v] === 0) continue;
      keys.push(v);
      countOf.push(counts[v]);
    }
  } else {
    const counts = new DistinctCounts(4096);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (Number.isNaN(v) || (v === 0 && 1 / v < 0)) return null;
      if (!counts.add(v)) return null;
    }
    for (const v of Float64Array.from(counts.values).sort()) {
      keys.push(v);
      countOf.push(counts.counts[counts.indexOf(v)]);
    }
  }
  const out: { length: number; [k: number]: number } = { length: n };
  let k = 0;
  let seen = 0;
  for (let j = 0; j < keys.length && k < wanted.length; j++) {
    seen += countOf[j];
    while (k < wanted.length && wanted[k] < seen) out[wanted[k++]] = keys[j];
  }
  return out;
}

/** Type-7 quartiles; all null when empty. */
export function quartiles(values: ArrayLike<number>): Quartiles {
  const sorted = (values.length >= 1000 ? quartilePositions(values) : null) ?? sortedTyped(values);
  return {
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
  };
}

/** The per-timepoint block of a paired comparison. */
export interface TimepointSummary extends Quartiles {
  mean: number | null;
  sd: number | null;
}

export function describe(values: ArrayLike<number>): TimepointSummary {
  const m = mean(values);
  return { ...quartiles(values), mean: m, sd: values.length < 2 ? null : Math.sqrt(varianceAbout(values, m as number)) };
}

/** mean, sd and meanConfidenceInterval of the same values, computing the mean and variance once. */
export function meanSdCi(values: ArrayLike<number>): { mean: number | null; sd: number | null } & MeanConfidenceInterval {
  const m = mean(values);
  const v = values.length < 2 ? null : varianceAbout(values, m as number);
  return { mean: m, sd: v === null ? null : Math.sqrt(v), ...confidenceFrom(values.length, m, v) };
}

/** Machine epsilon, as R's `.Machine$double.eps`. */
export const DOUBLE_EPS = 2 ** -52;

export interface MeanConfidenceInterval {
  ci95: [number, number] | null;
  /** Why `ci95` is null, for the report; null when there is an interval. */
  note: string | null;
}

/**
 * 95% CI of a mean by the t distribution, computed as R's `t.test(x)$conf.int`
 * (mu + (t ± q) · se). Undefined, with a note, for n < 2 and for constant data (R stops
 * with "data are essentially constant" when se < 10 · eps · |mean|).
 */
export function meanConfidenceInterval(values: ArrayLike<number>): MeanConfidenceInterval {
  const n = values.length;
  if (n < 2) return confidenceFrom(n, null, null);
  const m = mean(values) as number;
  return confidenceFrom(n, m, varianceAbout(values, m));
}

function confidenceFrom(n: number, mu: number | null, v: number | null): MeanConfidenceInterval {
  if (n < 2) {
    return { ci95: null, note: `A 95% CI of the mean needs at least 2 values (there ${n === 1 ? "is 1" : "are 0"}).` };
  }
  const m = mu as number;
  const stderr = Math.sqrt((v as number) / n);
  if (stderr === 0 || stderr < 10 * DOUBLE_EPS * Math.abs(m)) {
    return { ci95: null, note: `All ${n} values are equal: the 95% CI of the mean is undefined (SD is 0).` };
  }
  const q = tQuantile(0.975, n - 1);
  const t = m / stderr;
  return { ci95: [(t - q) * stderr, (t + q) * stderr], note: null };
}

/** A single-timepoint summary, e.g. one point of a trajectory. */
export interface Summary extends TimepointSummary {
  /** Number of usable (finite) values. */
  n: number;
  /** Number of null, undefined or non-finite entries that were ignored. */
  missing: number;
  ci95: [number, number] | null;
  notes: string[];
}

/**
 * n, mean, sd, 95% CI of the mean (t), median and type-7 quartiles of one timepoint.
 * Missing entries (null, undefined, NaN, ±Infinity) are ignored and counted. Defined for
 * every n: what cannot be computed is null and explained in `notes`.
 */
export function summarize(values: readonly (number | null | undefined)[]): Summary {
  const present: number[] = [];
  for (const v of values) if (typeof v === "number" && Number.isFinite(v)) present.push(v);
  const missing = values.length - present.length;
  const n = present.length;
  const notes: string[] = [];
  if (missing > 0) notes.push(`${missing} missing value${missing === 1 ? " was" : "s were"} ignored.`);
  if (n === 0) notes.push("No values: nothing to summarize.");
  else if (n === 1) notes.push("Only 1 value: the SD and the 95% CI of the mean need at least 2.");
  const interval = meanConfidenceInterval(present);
  if (n >= 2 && interval.note !== null) notes.push(interval.note);
  return { n, missing, ...describe(present), ci95: interval.ci95, notes };
}
