/**
 * One-sample / paired t-test as R's `t.test` (two-sided, 95% CI).
 * A paired test is the one-sample test of the differences post − pre.
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { DOUBLE_EPS, mean, varianceAbout } from "./descriptive";

export interface TTestResult {
  t: number;
  df: number;
  /** Two-sided p, computed as 2·P(T ≤ −|t|) so tiny p-values keep full precision. */
  p: number;
  ci95: [number, number];
  mean: number;
  stderr: number;
}

export type TTestOutcome = { ok: true; result: TTestResult } | { ok: false; reason: "too-few" | "constant" };

/**
 * Two-sided one-sample t-test of `values` against `mu`, mirroring R 4.x `t.test`:
 * df = n − 1, p = 2·pt(−|t|, df), CI = mu + (t ± qt(0.975, df))·se. Returns
 * `too-few` for n < 2 and `constant` where R stops with "data are essentially constant"
 * (se < 10·eps·|mean|) or where the test is 0/0 (every value equal to mu).
 */
export function oneSampleTTest(values: ArrayLike<number>, mu = 0): TTestOutcome {
  const n = values.length;
  if (n < 2) return { ok: false, reason: "too-few" };
  const m = mean(values) as number;
  return tTestOfMoments(n, m, varianceAbout(values, m), mu);
}

/** `oneSampleTTest` of n values whose `mean` and `varianceAbout` that mean are `m` and `variance`. */
export function tTestOfMoments(n: number, m: number, variance: number, mu = 0): TTestOutcome {
  if (n < 2) return { ok: false, reason: "too-few" };
  const stderr = Math.sqrt(variance / n);
  if (stderr === 0 || stderr < 10 * DOUBLE_EPS * Math.abs(m)) return { ok: false, reason: "constant" };
  const df = n - 1;
  const t = (m - mu) / stderr;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const q = tQuantile(0.975, df);
  return { ok: true, result: { t, df, p, ci95: [mu + (t - q) * stderr, mu + (t + q) * stderr], mean: m, stderr } };
}
