// Shared types for the instrument library. Pure TypeScript: no Prisma, Remix or React.

export const INSTRUMENT_CODES = ["PHQ9", "GAD7", "PCL5", "MBI_GS", "MBI_HSS", "MEQ30", "CADSS6"] as const;
export type InstrumentCode = (typeof INSTRUMENT_CODES)[number];

export type ScaleKey =
  | "total"
  | "B"
  | "C"
  | "D"
  | "E"
  | "EX"
  | "CY"
  | "PE"
  | "EE"
  | "DP"
  | "PA"
  | "mystical"
  | "positive_mood"
  | "transcendence"
  | "ineffability";

/** Which way is better. Drives responder rules and chart colouring. */
export type ImprovementDirection = "decrease" | "increase";

/** A shaded region on a chart, or a severity band. Bounds are inclusive scale values. */
export interface Band {
  from: number;
  to: number;
  label: string;
}

/** A horizontal line on a chart (a screening cut-off, say). */
export interface ReferenceLine {
  value: number;
  label: string;
}

export interface ScaleDefinition<K extends ScaleKey = ScaleKey> {
  key: K;
  label: string;
  /** Its name in a one-line headline (the measures tracker's cells), when the key is not one a reader knows (B, EX). */
  headline?: string;
  /** Item numbers that make up the scale (as numbered on the instrument). */
  items: readonly number[];
  /** "sum" → the scale's headline value is the item sum; "mean" → the item mean. */
  method: "sum" | "mean";
  /** Range of the headline value (sum range for "sum", item range for "mean"). */
  min: number;
  max: number;
  improvement: ImprovementDirection;
  /** Severity bands on the headline value, lowest first. Absent when none are published. */
  bands?: readonly Band[];
  referenceLines?: readonly ReferenceLine[];
}

export interface ItemDefinition {
  number: number;
  /** null for licensed instruments: the UI shows "Item N" unless licensed wording is stored locally. */
  text: string | null;
}

export interface Anchor {
  value: number;
  label: string;
}

/** An item printed on the form but not part of any score (PHQ-9's functional-difficulty question). */
export interface SupplementaryQuestion {
  key: string;
  text: string;
  anchors: readonly Anchor[];
  scored: false;
}

export interface Licence {
  publicDomain: boolean;
  notice: string;
  attribution: string;
}

/** [V] checked against a cited source, [K] background knowledge, [?] uncertain (markers of app/domain/instruments/README.md). */
export type Evidence = "V" | "K" | "?";

export interface ChangeReference {
  kind: "mcid" | "reliable_change" | "response" | "remission" | "clinically_significant_change" | "patient_anchored_mid";
  scale: ScaleKey;
  description: string;
  /** Absolute change in scale points, when the reference is a point threshold. */
  points?: number;
  /** Upper end of a published range, e.g. RCI 15–18 → points 15, pointsUpTo 18. */
  pointsUpTo?: number;
  /** Relative change in percent of baseline, when the reference is a percentage. */
  percent?: number;
  /** Post-treatment endpoint, e.g. PHQ-9 ≤ 9. */
  endpointAtMost?: number;
  source: string;
  evidence: Evidence;
}

/**
 * Default responder rule: an improvement of at least `points` on a scale, in the
 * direction that scale improves. For "mean" scales the points are on the mean and are
 * compared as integer sums (points × item count) to avoid floating-point edges.
 */
export interface ResponderRule<K extends ScaleKey = ScaleKey> {
  scales: readonly K[];
  points: number;
  description: string;
  source: string;
}

export interface TestRetestReliability {
  value: number;
  statistic: "r" | "ICC";
  interval?: string;
  source: string;
  evidence: Evidence;
}

export interface ChangeThresholds<K extends ScaleKey = ScaleKey> {
  references: readonly ChangeReference[];
  responder: ResponderRule<K> | null;
  /** Default reliability for a Jacobson–Truax reliable change index; null when none is pinned. */
  testRetest: TestRetestReliability | null;
}

export type ResponseValue = number | null | undefined;
/**
 * Responses either as an array in the order of `items` (index 0 = first item) or as a
 * record keyed by item number (1-based, as printed on the instrument).
 */
export type ResponsesInput = readonly ResponseValue[] | Readonly<Partial<Record<number, ResponseValue>>>;

export interface ScaleScore<K extends ScaleKey = ScaleKey> {
  key: K;
  label: string;
  method: "sum" | "mean";
  items: readonly number[];
  /** false when any item of the scale is missing (no prorating). */
  valid: boolean;
  missingItems: number[];
  /** Integer item sum; null when invalid. */
  sum: number | null;
  /** Item mean (sum ÷ item count); null when invalid. */
  mean: number | null;
  /** The headline value: `sum` or `mean` according to `method`. */
  value: number | null;
  /** Sum as % of the maximum possible sum (0–100); null when invalid. */
  percentOfMax: number | null;
  /** Severity band of `value`, when the scale has bands. */
  band: Band | null;
}

export type FlagSeverity = "critical" | "warning" | "info";

export interface ScoreFlag {
  code: string;
  severity: FlagSeverity;
  message: string;
}

export interface ScoreResult<K extends ScaleKey = ScaleKey, TExtras = unknown> {
  instrument: InstrumentCode;
  scoringVersion: string;
  /** True when every item was answered. */
  complete: boolean;
  missingItems: number[];
  /** Normalised responses keyed by item number (null = missing). */
  responses: Readonly<Record<number, number | null>>;
  scales: { readonly [P in K]: ScaleScore<P> };
  flags: ScoreFlag[];
  /** Instrument-specific interpretation (PCL-5 DSM-5 rule, MEQ-30 complete experience, …). */
  extras: TExtras;
}

export interface InstrumentDefinition<K extends ScaleKey = ScaleKey, TExtras = unknown> {
  code: InstrumentCode;
  name: string;
  shortName: string;
  /** Bump when the scoring code changes; stored with every score. */
  scoringVersion: string;
  recallPeriod: string;
  /** Instructions shown above the items; null where the instructions are copyrighted. */
  instructions: string | null;
  licence: Licence;
  items: readonly ItemDefinition[];
  anchors: readonly Anchor[];
  /** Item response range. */
  min: number;
  max: number;
  scales: readonly ScaleDefinition<K>[];
  supplementaryQuestions: readonly SupplementaryQuestion[];
  /**
   * Scores responses. Throws InvalidResponsesError when any response is out of range,
   * non-integer or names an unknown item; missing responses are allowed and make the
   * scales that need them invalid.
   */
  score(responses: ResponsesInput): ScoreResult<K, TExtras>;
  changeThresholds: ChangeThresholds<K>;
}

/** The parts of a definition that validation needs. */
export type InstrumentShape = Pick<InstrumentDefinition, "code" | "shortName" | "items" | "min" | "max">;

export type ItemErrorCode = "required" | "not_a_number" | "not_integer" | "out_of_range" | "unknown_item";

export interface ItemError {
  /** Item number, or null when the key does not name an item of the instrument. */
  item: number | null;
  /** The key as given (array index + 1 or record key). */
  key: string;
  code: ItemErrorCode;
  message: string;
}
