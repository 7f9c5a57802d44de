/**
 * Jacobson–Truax reliable change index:
 * RCI = (post − pre) / S_diff with S_diff = SD_pre · √(2 (1 − r_xx)); reliable if |RCI| > 1.96.
 * SD_pre is usually a published normative SD or the sample SD at baseline; r_xx is the
 * instrument's reliability (test–retest or Cronbach's α), both chosen by the caller.
 */

export const RELIABLE_CHANGE_THRESHOLD = 1.96;

export interface ReliableChangeParams {
  /** SD of the baseline scores (> 0). */
  sdPre: number;
  /** Reliability r_xx of the instrument, in [0, 1). */
  reliability: number;
}

/** "increase" / "decrease" only for reliable changes; "none" when |RCI| ≤ 1.96. */
export type ReliableChangeDirection = "increase" | "decrease" | "none";

export interface ReliableChange {
  rci: number | null;
  /** Standard error of the difference, S_diff. */
  sdiff: number | null;
  reliable: boolean | null;
  direction: ReliableChangeDirection | null;
  notes: string[];
}

function invalidParams({ sdPre, reliability }: ReliableChangeParams): string | null {
  if (!(Number.isFinite(sdPre) && sdPre > 0))
    return `The baseline SD must be positive (got ${sdPre}): the reliable change index is undefined.`;
  if (!(Number.isFinite(reliability) && reliability >= 0 && reliability < 1)) {
    return `The reliability must be in [0, 1) (got ${reliability}): the reliable change index is undefined.`;
  }
  return null;
}

/** Standard error of the difference S_diff = SD_pre·√(2(1 − r_xx)); null for invalid parameters. */
export function standardErrorOfDifference(params: ReliableChangeParams): number | null {
  return invalidParams(params) === null ? params.sdPre * Math.sqrt(2 * (1 - params.reliability)) : null;
}

/** RCI of one participant. Missing timepoints and invalid parameters give nulls with a note. */
export function reliableChange(
  pre: number | null | undefined,
  post: number | null | undefined,
  params: ReliableChangeParams,
): ReliableChange {
  const invalid = invalidParams(params);
  if (invalid !== null) return { rci: null, sdiff: null, reliable: null, direction: null, notes: [invalid] };
  const sdiff = standardErrorOfDifference(params) as number;
  if (typeof pre !== "number" || typeof post !== "number" || !Number.isFinite(pre) || !Number.isFinite(post)) {
    return { rci: null, sdiff, reliable: null, direction: null, notes: ["Both timepoints are needed for a reliable change index."] };
  }
  const rci = (post - pre) / sdiff;
  const reliable = Math.abs(rci) > RELIABLE_CHANGE_THRESHOLD;
  const direction: ReliableChangeDirection = !reliable ? "none" : rci > 0 ? "increase" : "decrease";
  return { rci, sdiff, reliable, direction, notes: [] };
}

export interface ReliableChangeCounts {
  /** Participants with both timepoints. */
  n: number;
  improved: number;
  deteriorated: number;
  unchanged: number;
  /** Participants with a missing timepoint, not counted in n. */
  excluded: number;
  notes: string[];
}

/**
 * Counts reliable improvement / deterioration over participants. `better` says which
 * direction is improvement: "lower" for symptom scales (PHQ-9, GAD-7, PCL-5), "higher" for
 * e.g. MBI-GS professional efficacy.
 */
export function reliableChangeCounts(
  pairs: readonly { pre: number | null | undefined; post: number | null | undefined }[],
  params: ReliableChangeParams,
  better: "lower" | "higher",
): ReliableChangeCounts {
  const invalid = invalidParams(params);
  let n = 0;
  let improved = 0;
  let deteriorated = 0;
  let excluded = 0;
  for (const { pre, post } of pairs) {
    const rc = reliableChange(pre, post, params);
    if (rc.rci === null) {
      if (invalid === null) excluded++;
      continue;
    }
    n++;
    if (rc.direction === "none") continue;
    const isImprovement = (rc.direction === "decrease") === (better === "lower");
    if (isImprovement) improved++;
    else deteriorated++;
  }
  if (invalid !== null) {
    return { n: 0, improved: 0, deteriorated: 0, unchanged: 0, excluded: pairs.length, notes: [invalid] };
  }
  const notes = excluded > 0 ? [`${excluded} participant${excluded === 1 ? "" : "s"} with one timepoint only excluded.`] : [];
  return { n, improved, deteriorated, unchanged: n - improved - deteriorated, excluded, notes };
}

/**
 * `reliableChangeCounts` of parallel columns (index i is one participant; non-finite values
 * are missing), without an object per participant: the same arithmetic, the same counts.
 */
export function reliableChangeCountsOf(
  pre: ArrayLike<number>,
  post: ArrayLike<number>,
  params: ReliableChangeParams,
  better: "lower" | "higher",
): ReliableChangeCounts {
  if (pre.length !== post.length) throw new RangeError(`reliableChangeCountsOf: pre has ${pre.length} values but post has ${post.length}`);
  const invalid = invalidParams(params);
  if (invalid !== null) return { n: 0, improved: 0, deteriorated: 0, unchanged: 0, excluded: pre.length, notes: [invalid] };
  const sdiff = standardErrorOfDifference(params) as number;
  const improvementIsDecrease = better === "lower";
  let n = 0;
  let improved = 0;
  let deteriorated = 0;
  let excluded = 0;
  for (let i = 0; i < pre.length; i++) {
    const a = pre[i];
    const b = post[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      excluded++;
      continue;
    }
    n++;
    const rci = (b - a) / sdiff;
    if (!(Math.abs(rci) > RELIABLE_CHANGE_THRESHOLD)) continue;
    if (rci > 0 !== improvementIsDecrease) improved++;
    else deteriorated++;
  }
  const notes = excluded > 0 ? [`${excluded} participant${excluded === 1 ? "" : "s"} with one timepoint only excluded.`] : [];
  return { n, improved, deteriorated, unchanged: n - improved - deteriorated, excluded, notes };
}
