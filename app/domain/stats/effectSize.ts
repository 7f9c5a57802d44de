/** Effect sizes for paired data. */
import { mean, sd } from "./descriptive";

/**
 * Cohen's d_z = mean(d) / sd(d) of the paired differences. Null when n < 2 or when the
 * differences have SD 0 (every difference equal): the ratio is undefined, not infinite.
 */
export function cohensDz(differences: ArrayLike<number>): number | null {
  const s = sd(differences);
  if (s === null || s === 0) return null;
  return (mean(differences) as number) / s;
}

/**
 * Matched-pairs rank-biserial correlation r = (T+ − T−) / (T+ + T−), where T+ and T− are
 * the sums of the signed-rank test's ranks of the positive and negative differences.
 * It is computed over the non-zero differences only (zeros are dropped, as in the test),
 * so T+ + T− = n'(n'+1)/2 with n' the number of non-zero differences. Null when n' = 0.
 */
export function rankBiserial(tPlus: number, tMinus: number): number | null {
  const total = tPlus + tMinus;
  return total > 0 ? (tPlus - tMinus) / total : null;
}
