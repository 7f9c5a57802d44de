/**
 * Intervals for a proportion x / n (response and remission rates).
 *
 * Clopper–Pearson is not provided: it needs a beta quantile, and no beta-quantile package
 * is among the project's dependencies (adding @stdlib/stats-base-dists-beta-quantile would
 * be the natural way to offer it).
 */

/** qnorm(0.975) as R computes it (printed to 17 significant digits). */
export const Z_975 = 1.9599639845400536;

export interface ProportionInterval {
  x: number;
  n: number;
  /** x / n; null when n = 0. */
  rate: number | null;
  /** Wilson 95% interval; null when n = 0. */
  ci95: [number, number] | null;
  notes: string[];
}

/**
 * Wilson score 95% interval without continuity correction, computed exactly as R's
 * `prop.test(x, n, correct = FALSE)$conf.int` (the bound at an observed 0 or 1 is exact).
 * 0/0 is a defined result: rate and interval null, with a note. Counts that are not
 * non-negative integers with x ≤ n are programming errors and throw a RangeError.
 */
export function wilsonInterval(x: number, n: number): ProportionInterval {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= x <= n, got x=${x}, n=${n}`);
  }
  if (n === 0) {
    return { x, n, rate: null, ci95: null, notes: ["No one in the denominator (0/0): the rate and its interval are undefined."] };
  }
  const p = x / n;
  const z = Z_975;
  const z22n = (z * z) / (2 * n);
  const spread = (q: number) => z * Math.sqrt((q * (1 - q)) / n + z22n / (2 * n));
  const upper = p >= 1 ? 1 : (p + z22n + spread(p)) / (1 + 2 * z22n);
  const lower = p <= 0 ? 0 : (p + z22n - spread(p)) / (1 + 2 * z22n);
  return { x, n, rate: p, ci95: [Math.max(lower, 0), Math.min(upper, 1)], notes: [] };
}
