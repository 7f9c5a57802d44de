/** One-sample Hodges–Lehmann estimate of the location of paired differences. */
import { roundTo9 } from "./wilcoxon";

/**
 * Median of the Walsh averages (d_i + d_j) / 2, i ≤ j, of the differences d = post − pre
 * (rounded to 9 decimals, as for the signed-rank test). Zero differences are kept: this is
 * the classical estimator over all n pairs (R's `wilcox.test(conf.int = TRUE)` estimate
 * drops zeros and, with ties, solves for it numerically, so it can differ). Point estimate
 * only. Builds all n(n+1)/2 averages: fine for cohort sizes (n = 1800 needs ~13 MB).
 * Null when there are no differences.
 */
export function hodgesLehmann(differences: readonly number[]): number | null {
  const d = differences.map(roundTo9);
  const n = d.length;
  if (n === 0) return null;
  const walsh = new Float64Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh[k++] = (d[i] + d[j]) / 2;
  walsh.sort();
  const m = walsh.length;
  const half = Math.floor(m / 2);
  return m % 2 === 1 ? walsh[half] : (walsh[half - 1] + walsh[half]) / 2;
}
