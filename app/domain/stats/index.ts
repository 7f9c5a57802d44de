/**
 * GroupKAP statistics: pure functions matching R (see app/domain/stats/README.md). Distributions
 * come from stdlib; this layer decides what to compute and how to explain it.
 */
export { comparePaired, type CompareOptions, type PairedComparison, type PrePostPair } from "./paired";
export {
  describe,
  mean,
  median,
  quantile,
  quartiles,
  sd,
  summarize,
  sum,
  variance,
  meanConfidenceInterval,
  meanSdCi,
  type Summary,
  type TimepointSummary,
  type Quartiles,
} from "./descriptive";
export { oneSampleTTest, type TTestOutcome, type TTestResult } from "./ttest";
export {
  averageRanks,
  exactSignedRankP,
  roundTo9,
  roundTo9ByText,
  signedRankTest,
  EXACT_MAX_NONZERO,
  type SignedRankMethod,
  type SignedRankResult,
} from "./wilcoxon";
export { cohensDz, rankBiserial } from "./effectSize";
export { wilsonInterval, Z_975, type ProportionInterval } from "./proportion";
export {
  reliableChange,
  reliableChangeCounts,
  reliableChangeCountsOf,
  standardErrorOfDifference,
  RELIABLE_CHANGE_THRESHOLD,
  type ReliableChange,
  type ReliableChangeCounts,
  type ReliableChangeDirection,
  type ReliableChangeParams,
} from "./reliableChange";
export { hodgesLehmann } from "./hodgesLehmann";
