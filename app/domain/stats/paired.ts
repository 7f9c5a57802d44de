/**
 * Pre/post comparison of one measure over participants with both timepoints
 * (paired complete cases), per app/domain/stats/README.md. The result serializes to the JSON of
 * the CLI report; every null in it is explained by an entry of `notes`.
 */
import { describe, mean, meanAndSd, varianceAbout, type TimepointSummary } from "./descriptive";
import { rankBiserial } from "./effectSize";
import { oneSampleTTest, tTestOfMoments } from "./ttest";
import { roundTo9, signedRankTestOfRounded, type SignedRankMethod } from "./wilcoxon";

type Score = number | null | undefined;

export interface PrePostPair {
  pre: Score;
  post: Score;
}

export interface PairedComparison {
  /** Participants with both timepoints. */
  n: number;
  /**
   * Participants left out: missingPre = post only, missingPost = pre only, missingBoth =
   * neither (present in the input but with no value). NaN and ±Infinity count as missing.
   */
  excluded: { missingPre: number; missingPost: number; missingBoth: number };
  pre: TimepointSummary;
  post: TimepointSummary;
  /** d = post − pre rounded to 9 decimals: mean, SD, 95% CI of the mean (from the t-test). */
  change: { mean: number | null; sd: number | null; ci95: [number, number] | null };
  /** R `t.test(post, pre, paired = TRUE)` on the unrounded differences. */
  t_test: { t: number; df: number; p: number } | null;
  wilcoxon: { V: number; p: number | null; method: SignedRankMethod; zeros: number; ties: number };
  effect: { dz: number | null; rank_biserial: number | null };
  notes: string[];
}

export interface CompareOptions {
  /**
   * false: the pre and post summaries leave out the median and quartiles (null), for callers
   * that show only means (a report's subgroup rows); everything else is the same.
   */
  quartiles?: boolean;
}

/** describe() without the median and quartiles (null). */
const describeWithoutQuartiles = (values: ArrayLike<number>): TimepointSummary => ({
  median: null,
  q1: null,
  q3: null,
  ...meanAndSd(values),
});

const isScore = (v: Score): v is number => typeof v === "number" && Number.isFinite(v);
const count = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
const signed = (x: number) => `${x > 0 ? "+" : ""}${roundTo9(x)}`;

/**
 * Compares pre and post values of one measure. Accepts pairs, or two parallel arrays
 * (index i is one participant; arrays of different lengths are a programming error and
 * throw a RangeError). Never returns NaN or ±Infinity: undefined quantities are null.
 *
 * Conventions (mirroring tests/fixtures/prepost/canonical.R): change mean/SD and d_z use
 * the differences rounded to 9 decimals; the t statistic, its p and the CI come from R's
 * paired t-test on the unrounded differences; the t-test is withheld when the rounded
 * differences have SD 0 (every difference equal).
 */
export function comparePaired(pairs: readonly PrePostPair[]): PairedComparison;
export function comparePaired(pre: ArrayLike<Score>, post: ArrayLike<Score>, options?: CompareOptions): PairedComparison;
export function comparePaired(
  first: readonly PrePostPair[] | ArrayLike<Score>,
  second?: ArrayLike<Score>,
  options?: CompareOptions,
): PairedComparison {
  const excluded = { missingPre: 0, missingPost: 0, missingBoth: 0 };
  // The complete pairs in input order, in typed arrays (a report compares hundreds of
  // thousands of values many times): the same values, in the same order, as plain lists.
  const length = second === undefined ? (first as readonly PrePostPair[]).length : (first as ArrayLike<Score>).length;
  const preAll = new Float64Array(length);
  const postAll = new Float64Array(length);
  let n = 0;
  const take = (a: Score, b: Score) => {
    const hasPre = isScore(a);
    const hasPost = isScore(b);
    if (hasPre && hasPost) {
      preAll[n] = a;
      postAll[n] = b;
      n++;
    } else if (hasPost) excluded.missingPre++;
    else if (hasPre) excluded.missingPost++;
    else excluded.missingBoth++;
  };
  if (second === undefined) {
    for (const pair of first as readonly PrePostPair[]) take(pair.pre, pair.post);
  } else {
    const a = first as ArrayLike<Score>;
    if (a.length !== second.length) throw new RangeError(`comparePaired: pre has ${a.length} values but post has ${second.length}`);
    for (let i = 0; i < a.length; i++) take(a[i], second[i]);
  }
  const pre = preAll.subarray(0, n);
  const post = postAll.subarray(0, n);
  const raw = new Float64Array(n);
  const d = new Float64Array(n);
  let allZero = n > 0;
  let allWhole = true; // every difference an integer: the rounded ones are the same numbers
  for (let i = 0; i < n; i++) {
    const x = post[i] - pre[i];
    raw[i] = x;
    let r = x;
    if (!Number.isInteger(x)) {
      r = roundTo9(x);
      allWhole = false;
    } else if (x === 0) r = 0;
    d[i] = r;
    if (r !== 0) allZero = false;
  }
  const notes: string[] = [];

  const oneTimepoint = excluded.missingPre + excluded.missingPost;
  if (oneTimepoint > 0) {
    notes.push(
      `${count(oneTimepoint, "participant", "participants")} with one timepoint only excluded ` +
        `(${excluded.missingPre} without pre, ${excluded.missingPost} without post).`,
    );
  }
  if (excluded.missingBoth > 0) {
    notes.push(`${count(excluded.missingBoth, "participant", "participants")} with neither timepoint excluded.`);
  }

  // mean(d) and sd(d) once, for the change and for d_z (cohensDz(d) = mean(d) / sd(d)).
  const changeMean = mean(d);
  const changeVariance = n < 2 ? null : varianceAbout(d, changeMean as number);
  const changeSd = changeVariance === null ? null : Math.sqrt(changeVariance);
  let tTest: PairedComparison["t_test"] = null;
  let ci95: [number, number] | null = null;

  if (n === 0) {
    notes.push("No participant has both timepoints: there is nothing to compare.");
  } else if (n === 1) {
    notes.push("Only 1 participant has both timepoints: SDs, the 95% CI, the paired t-test and d_z need at least 2.");
  } else if (changeSd === 0) {
    notes.push(
      allZero
        ? `All ${n} differences are zero: their SD is 0, so the paired t-test, its 95% CI and d_z are undefined.`
        : `All ${n} differences are equal (${signed(d[0])}): their SD is 0, so the paired t-test, its 95% CI and d_z are undefined.`,
    );
  } else {
    // The t-test of the unrounded differences: the same sums as the change's when every
    // difference is an integer (±0 add the same), so they are not summed again.
    const outcome = allWhole ? tTestOfMoments(n, changeMean as number, changeVariance as number) : oneSampleTTest(raw);
    if (outcome.ok) {
      const { t, df, p } = outcome.result;
      tTest = { t, df, p };
      ci95 = outcome.result.ci95;
      if (p === 0) notes.push("The paired t-test p-value is below the smallest representable number (p < 1e-300).");
    } else {
      notes.push("The differences are essentially constant: the paired t-test and its 95% CI are undefined.");
    }
  }

  const wilcoxon = signedRankTestOfRounded(d);
  if (n > 0 && wilcoxon.method === "none") {
    notes.push(
      n === 1
        ? "The only difference is zero: the signed-rank test and the rank-biserial r are undefined."
        : `All ${n} differences are zero: the signed-rank test and the rank-biserial r are undefined.`,
    );
  } else if (n > 0) {
    notes.push(...wilcoxon.notes);
  }

  return {
    n,
    excluded,
    pre: options?.quartiles === false ? describeWithoutQuartiles(pre) : describe(pre),
    post: options?.quartiles === false ? describeWithoutQuartiles(post) : describe(post),
    change: { mean: changeMean, sd: changeSd, ci95 },
    t_test: tTest,
    wilcoxon: { V: wilcoxon.V, p: wilcoxon.p, method: wilcoxon.method, zeros: wilcoxon.zeros, ties: wilcoxon.ties },
    effect: {
      dz: changeSd === null || changeSd === 0 ? null : (changeMean as number) / changeSd,
      rank_biserial: wilcoxon.method === "none" ? null : rankBiserial(wilcoxon.V, wilcoxon.tMinus),
    },
    notes,
  };
}
