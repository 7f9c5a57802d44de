/**
 * Wilcoxon signed-rank test of paired differences, pinned to R 4.0–4.5 `wilcox.test(d)`
 * (two-sided, correct = TRUE) with the convention of app/domain/stats/README.md:
 * - differences are rounded to 9 decimals first, so 4.8 − 4.4 ties with 5.0 − 4.6;
 * - zero differences are dropped; tied |d| get average ranks; V = sum of ranks of d > 0;
 * - exact null distribution when there are fewer than 50 non-zero differences, no ties
 *   and no zeros; otherwise the normal approximation with tie-corrected variance and
 *   continuity correction z = (V − μ − sign(V − μ)·0.5) / σ.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import signrankCdf from "@stdlib/stats-base-dists-signrank-cdf";
import { DistinctCounts } from "./distinctCounts";

export type SignedRankMethod = "exact" | "normal-cc" | "none";

/** Below this many non-zero differences (and without ties or zeros) the p-value is exact. */
export const EXACT_MAX_NONZERO = 49;

/**
 * Rounds to 9 decimals via the exact decimal expansion of the double (like R's
 * `round(x, 9)` for every value that is not a decimal half-way case). Removes the
 * floating-point noise of differences of decimal scores (4.8 − 4.4 = 0.3999999999999995).
 */
export function roundTo9(x: number): number {
  if (!Number.isFinite(x)) return x;
  // Integers are their own rounding (toFixed(9) prints them exactly): skip the string trip.
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  // Without the string trip when x·10⁹ is clearly not half-way: for |x| < 10⁶ the product
  // s = x × 1e9 is within 1/16 of the exact x·10⁹ (below 2⁵⁰, so its ulp is at most 1/8); when
  // s is within 1/4 of the integer k, the exact product is within 5/16 of k, so k is the integer
  // toFixed(9) picks, and k / 1e9 (k and 1e9 exact, the quotient correctly rounded) is the double
  // nearest k·10⁻⁹, which Number() of its decimal text also gives. Differences of scores (sums,
  // or sums over an item count) always take this path.
  if (x > -1e6 && x < 1e6) {
    const s = x * 1e9;
    const k = Math.round(s);
    if (Math.abs(s - k) < 0.25) return k === 0 ? 0 : k / 1e9;
  }
  const r = Number(x.toFixed(9));
  return r === 0 ? 0 : r;
}

/** roundTo9 through the decimal text always (the fast path's test compares the two). */
export function roundTo9ByText(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Number(x.toFixed(9));
  return r === 0 ? 0 : r;
}

/** `values.map(roundTo9)`. */
export function roundAllTo9(values: readonly number[]): number[] {
  return values.map((x) => roundTo9(x));
}

/**
 * The average rank of every distinct value (R `rank(x, ties.method = "average")`) and the
 * tie groups, for numbers without NaN. Sorts a typed copy (a native numeric sort); scores
 * are discrete, so a report's tens of thousands of differences have few distinct values.
 */
function rankGroups(values: ArrayLike<number>): { rankOf: Map<number, number>; ties: number; tieCorrection: number } {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const rankOf = new Map<number, number>();
  let ties = 0; // members of tie groups
  let tieCorrection = 0; // Σ (t³ − t) over groups of size t
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && sorted[end + 1] === sorted[start]) end++;
    const t = end - start + 1;
    rankOf.set(sorted[start], (start + end + 2) / 2); // mean of the 1-based positions start+1 .. end+1
    if (t > 1) ties += t;
    tieCorrection += t * t * t - t;
    start = end + 1;
  }
  return { rankOf, ties, tieCorrection };
}

/** R `rank(x, ties.method = "average")` for numbers without NaN. */
export function averageRanks(values: readonly number[]): number[] {
  const { rankOf } = rankGroups(values);
  return values.map((v) => rankOf.get(v)!);
}

export interface SignedRankResult {
  /** Sum of the ranks of the positive differences (R's V); 0 when no difference is non-zero. */
  V: number;
  /** Sum of the ranks of the negative differences. */
  tMinus: number;
  /** Two-sided p; null when every difference is zero (method "none"). */
  p: number | null;
  method: SignedRankMethod;
  /** Differences that were zero (after rounding) and were dropped. */
  zeros: number;
  /** Non-zero differences whose |d| is shared with at least one other (members of tie groups). */
  ties: number;
  /** Number of non-zero differences (the n of the test). */
  nNonZero: number;
  /** The continuity-corrected z of the normal approximation; null for the other methods. */
  z: number | null;
  notes: string[];
}

/**
 * Exact two-sided p of the signed-rank statistic V with n non-zero differences, as R:
 * min(1, 2·min(P(V' ≤ V), P(V' ≥ V))). The upper tail is read from the lower one by the
 * symmetry P(V' ≥ v) = P(V' ≤ n(n+1)/2 − v), so no tail is computed as 1 − (something).
 * The stdlib CDF sums exact integer counts times 2^−n (checked against R's psignrank).
 */
export function exactSignedRankP(V: number, n: number): number {
  const total = (n * (n + 1)) / 2;
  const oneTail = V > total / 2 ? signrankCdf(total - V, n) : signrankCdf(V, n);
  return Math.min(1, 2 * oneTail);
}

const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

/** Two-sided Wilcoxon signed-rank test of the differences d = post − pre. */
export function signedRankTest(differences: readonly number[]): SignedRankResult {
  return signedRankTestOfRounded(roundAllTo9(differences));
}

type RankSums = { V: number; tMinus: number; ties: number; tieCorrection: number };

/**
 * The tie groups of |d| in ascending order, as parallel lists (value, positive members,
 * negative members), summed into V, T−, the tie count and the tie correction. Every way of
 * finding the same groups in the same order gives the same sums.
 */
function sumGroups(count: number, positivesOf: (k: number) => number, negativesOf: (k: number) => number): RankSums {
  let V = 0;
  let tMinus = 0;
  let ties = 0; // members of tie groups
  let tieCorrection = 0; // Σ (t³ − t) over groups of size t
  let start = 0; // 0-based position of the group's first member among all |d|
  for (let k = 0; k < count; k++) {
    const p = positivesOf(k);
    const q = negativesOf(k);
    const t = p + q;
    if (t === 0) continue;
    const rank = (2 * start + t + 1) / 2; // mean of the 1-based positions start+1 .. start+t
    V += rank * p;
    tMinus += rank * q;
    if (t > 1) ties += t;
    tieCorrection += t * t * t - t;
    start += t;
  }
  return { V, tMinus, ties, tieCorrection };
}

/** The groups found by sorting the positive and the negative |d| apart and walking them together. */
function rankSumsSorted(d: ArrayLike<number>, positives: number, negatives: number): RankSums {
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < d.length; i++) {
    const x = d[i];
    if (x > 0) pos[p++] = x;
    else if (x < 0) neg[q++] = -x;
  }
  pos.sort();
  neg.sort();
  const values: number[] = [];
  const ps: number[] = [];
  const qs: number[] = [];
  let i = 0;
  let j = 0;
  while (i < positives || j < negatives) {
    const v = i < positives && (j >= negatives || pos[i] <= neg[j]) ? pos[i] : neg[j];
    let p = 0;
    let q = 0;
    while (i < positives && pos[i] === v) {
      i++;
      p++;
    }
    while (j < negatives && neg[j] === v) {
      j++;
      q++;
    }
    values.push(v);
    ps.push(p);
    qs.push(q);
  }
  return sumGroups(
    values.length,
    (k) => ps[k],
    (k) => qs[k],
  );
}

/**
 * The same groups counted instead of sorted (rounded differences of discrete scores have few
 * distinct values): small integers in an array, others in a map of at most 4,096 values.
 * Null when there are more distinct |d| (the caller sorts then).
 */
function rankSumsCounted(d: ArrayLike<number>): RankSums | null {
  const n = d.length;
  let small = true; // |d| integers 1 … 4095
  for (let i = 0; i < n && small; i++) {
    const x = d[i];
    small = x > -4096 && x < 4096 && Number.isInteger(x);
  }
  if (small) {
    const pos = new Int32Array(4096);
    const neg = new Int32Array(4096);
    for (let i = 0; i < n; i++) {
      const x = d[i];
      if (x > 0) pos[x]++;
      else if (x < 0) neg[-x]++;
    }
    return sumGroups(
      4096,
      (k) => pos[k],
      (k) => neg[k],
    );
  }
  // Counts per distinct |d|: positive members in lane 0, negative in lane 1.
  const counts = new DistinctCounts(4096, 2);
  for (let i = 0; i < n; i++) {
    const x = d[i];
    if (!(x > 0 || x < 0)) continue; // zeros (NaN never reaches here: d holds rounded finite values)
    if (!counts.add(x > 0 ? x : -x, x > 0 ? 0 : 1)) return null;
  }
  const order = Float64Array.from(counts.values).sort();
  const at = (k: number) => 2 * counts.indexOf(order[k]);
  return sumGroups(
    order.length,
    (k) => counts.counts[at(k)],
    (k) => counts.counts[at(k) + 1],
  );
}

/**
 * `signedRankTest` of differences already rounded by roundTo9. Ranks without a rank per
 * value: the tie groups of |d| are found in ascending order (counted when there are many
 * differences with few distinct values, else sorted), each group adding its average rank ×
 * its positive (to V) and negative (to T−) members. Ranks are multiples of ½ far below 2⁵², so these sums are
 * exact and equal the per-value sums in any order.
 */
export function signedRankTestOfRounded(d: ArrayLike<number>): SignedRankResult {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < d.length; i++) {
    if (d[i] > 0) positives++;
    else if (d[i] < 0) negatives++;
  }
  const n = positives + negatives;
  const zeros = d.length - n;
  const notes: string[] = [];

  if (n === 0) {
    notes.push(
      d.length === 0
        ? "No differences: the signed-rank test is undefined."
        : `All ${plural(d.length, "difference is", "differences are")} zero: the signed-rank test is undefined.`,
    );
    return { V: 0, tMinus: 0, p: null, method: "none", zeros, ties: 0, nNonZero: 0, z: null, notes };
  }

  const { V, tMinus, ties, tieCorrection } = (n >= 1000 ? rankSumsCounted(d) : null) ?? rankSumsSorted(d, positives, negatives);

  if (zeros > 0) notes.push(`${plural(zeros, "zero difference was", "zero differences were")} dropped from the signed-rank test.`);

  if (n <= EXACT_MAX_NONZERO && ties === 0 && zeros === 0) {
    notes.push(
      `Signed-rank p from the exact distribution (${plural(n, "non-zero difference", "non-zero differences")}, no ties, no zeros).`,
    );
    return { V, tMinus, p: exactSignedRankP(V, n), method: "exact", zeros, ties, nNonZero: n, z: null, notes };
  }

  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieCorrection / 48);
  const centered = V - mu;
  const z = (centered - Math.sign(centered) * 0.5) / sigma;
  const p = Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
  const reasons: string[] = [];
  if (n > EXACT_MAX_NONZERO) reasons.push(`${n} non-zero differences`);
  if (zeros > 0) reasons.push(plural(zeros, "zero difference", "zero differences"));
  if (ties > 0) reasons.push(`${ties} tied |differences|`);
  notes.push(`Signed-rank p from the normal approximation with continuity correction and tie-corrected variance (${reasons.join(", ")}).`);
  return { V, tMinus, p, method: "normal-cc", zeros, ties, nNonZero: n, z, notes };
}
