// MEQ-30 (Revised Mystical Experience Questionnaire; MacLean 2012, Barrett 2015).
// No open licence known: scoring key and anchors only, no item wording.
// Item numbers follow the stand-alone MEQ30 order (Barrett 2015), NOT MEQ43 numbering.
import { meanCutoffToSum, missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { InstrumentDefinition, ResponsesInput, ScoreFlag, ScoreResult } from "./types";

export type Meq30Factor = "mystical" | "positive_mood" | "transcendence" | "ineffability";
export type Meq30ScaleKey = Meq30Factor | "total";

export const MEQ30_FACTOR_ITEMS: Readonly<Record<Meq30Factor, readonly number[]>> = {
  mystical: [4, 5, 6, 9, 14, 15, 16, 18, 20, 21, 23, 24, 25, 26, 28],
  positive_mood: [2, 8, 12, 17, 27, 30],
  transcendence: [1, 7, 11, 13, 19, 22],
  ineffability: [3, 10, 29],
};

/** "Complete" mystical experience: ≥ 60% of the maximum on every factor (mean ≥ 3.0). */
export const MEQ30_COMPLETE_PERCENT = 60;
export const MEQ30_COMPLETE_MEAN = (MEQ30_COMPLETE_PERCENT / 100) * 5;

export interface Meq30FactorCriterion {
  factor: Meq30Factor;
  /** Integer sum needed: 45 / 18 / 18 / 9. */
  requiredSum: number;
  sum: number | null;
  met: boolean | null;
}

export interface Meq30Extras {
  /** true when all four factors reach 60%; false when any valid factor falls short; else null. */
  completeMysticalExperience: boolean | null;
  criteria: Meq30FactorCriterion[];
}

export type Meq30Result = ScoreResult<Meq30ScaleKey, Meq30Extras>;

const FACTORS = Object.keys(MEQ30_FACTOR_ITEMS) as Meq30Factor[];

export function scoreMeq30(responses: ResponsesInput): Meq30Result {
  const values = parseResponsesForScoring(MEQ30, responses);
  const scales = scoreScales(MEQ30.scales, values, MEQ30.min, MEQ30.max);
  const criteria = FACTORS.map((factor): Meq30FactorCriterion => {
    const requiredSum = meanCutoffToSum(">=", MEQ30_COMPLETE_MEAN, MEQ30_FACTOR_ITEMS[factor].length);
    const sum = scales[factor].sum;
    return { factor, requiredSum, sum, met: sum === null ? null : sum >= requiredSum };
  });
  const complete = criteria.some((c) => c.met === false) ? false : criteria.every((c) => c.met === true) ? true : null;
  const flags: ScoreFlag[] = [];
  if (complete === true) {
    flags.push({
      code: "complete_mystical_experience",
      severity: "info",
      message: "MEQ-30: complete mystical experience (≥ 60% of the maximum on all four factors).",
    });
  }
  const missingItems = missingItemsOf(values);
  return {
    instrument: "MEQ30",
    scoringVersion: MEQ30.scoringVersion,
    complete: missingItems.length === 0,
    missingItems,
    responses: values,
    scales,
    flags,
    extras: { completeMysticalExperience: complete, criteria },
  };
}

const sixtyPercent = [{ value: MEQ30_COMPLETE_MEAN, label: "60% of maximum (complete-experience threshold)" }];

export const MEQ30: InstrumentDefinition<Meq30ScaleKey, Meq30Extras> = {
  code: "MEQ30",
  name: "Revised Mystical Experience Questionnaire (MEQ-30)",
  shortName: "MEQ-30",
  scoringVersion: "meq30@1",
  recallPeriod: "The session just completed (rate the experience as a whole, looking back on it).",
  instructions: null,
  licence: {
    publicDomain: false,
    notice:
      "No open licence is known for the MEQ-30. Item wording is not distributed with GroupKAP; an administrator may enter it locally once permission has been obtained from the authors.",
    attribution:
      "MacLean KA, Leoutsakos JS, Johnson MW, Griffiths RR. Factor analysis of the Mystical Experience Questionnaire. J Sci Study Relig 2012;51(4):721–737. Barrett FS, Johnson MW, Griffiths RR. Validation of the revised Mystical Experience Questionnaire in experimental sessions with psilocybin. J Psychopharmacol 2015;29(11):1182–1190.",
  },
  items: Array.from({ length: 30 }, (_, i) => ({ number: i + 1, text: null })),
  anchors: [
    { value: 0, label: "None; not at all" },
    { value: 1, label: "So slight cannot decide" },
    { value: 2, label: "Slight" },
    { value: 3, label: "Moderate" },
    { value: 4, label: "Strong (equivalent in degree to any other strong experience)" },
    { value: 5, label: "Extreme (more than any other time in my life and stronger than 4)" },
  ],
  min: 0,
  max: 5,
  scales: [
    {
      key: "mystical",
      headline: "Mystical",
      label: "Mystical",
      items: MEQ30_FACTOR_ITEMS.mystical,
      method: "mean",
      min: 0,
      max: 5,
      improvement: "increase",
      referenceLines: sixtyPercent,
    },
    {
      key: "positive_mood",
      headline: "Positive mood",
      label: "Positive mood",
      items: MEQ30_FACTOR_ITEMS.positive_mood,
      method: "mean",
      min: 0,
      max: 5,
      improvement: "increase",
      referenceLines: sixtyPercent,
    },
    {
      key: "transcendence",
      headline: "Transcendence",
      label: "Transcendence of time and space",
      items: MEQ30_FACTOR_ITEMS.transcendence,
      method: "mean",
      min: 0,
      max: 5,
      improvement: "increase",
      referenceLines: sixtyPercent,
    },
    {
      key: "ineffability",
      headline: "Ineffability",
      label: "Ineffability",
      items: MEQ30_FACTOR_ITEMS.ineffability,
      method: "mean",
      min: 0,
      max: 5,
      improvement: "increase",
      referenceLines: sixtyPercent,
    },
    {
      key: "total",
      label: "MEQ-30 total",
      items: Array.from({ length: 30 }, (_, i) => i + 1),
      method: "mean",
      min: 0,
      max: 5,
      improvement: "increase",
    },
  ],
  supplementaryQuestions: [],
  score: scoreMeq30,
  changeThresholds: { references: [], responder: null, testRetest: null },
};
