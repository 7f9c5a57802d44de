// GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006). Public domain: wording shipped unchanged.
import { DIFFICULTY_QUESTION, PHQ_GAD_ANCHORS, PHQ_GAD_NOTICE } from "./phq9";
import { missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { Band, InstrumentDefinition, ResponsesInput, ScoreResult } from "./types";

export const GAD7_BANDS: readonly Band[] = [
  { from: 0, to: 4, label: "Minimal" },
  { from: 5, to: 9, label: "Mild" },
  { from: 10, to: 14, label: "Moderate" },
  { from: 15, to: 21, label: "Severe" },
];

/** ≥10 = screen positive (sensitivity 89%, specificity 82% for GAD). */
export const GAD7_SCREEN_CUTOFF = 10;

export interface Gad7Extras {
  /** Total ≥ 10; null when the total is invalid. */
  screenPositive: boolean | null;
}

export type Gad7Result = ScoreResult<"total", Gad7Extras>;

export function scoreGad7(responses: ResponsesInput): Gad7Result {
  const values = parseResponsesForScoring(GAD7, responses);
  const scales = scoreScales(GAD7.scales, values, GAD7.min, GAD7.max);
  const total = scales.total;
  return {
    instrument: "GAD7",
    scoringVersion: GAD7.scoringVersion,
    complete: total.missingItems.length === 0,
    missingItems: missingItemsOf(values),
    responses: values,
    scales,
    flags: [],
    extras: { screenPositive: total.sum === null ? null : total.sum >= GAD7_SCREEN_CUTOFF },
  };
}

export const GAD7: InstrumentDefinition<"total", Gad7Extras> = {
  code: "GAD7",
  name: "Generalized Anxiety Disorder 7-item scale",
  shortName: "GAD-7",
  scoringVersion: "gad7@1",
  recallPeriod: "Over the last 2 weeks, how often have you been bothered by the following problems?",
  instructions: "Over the last 2 weeks, how often have you been bothered by the following problems?",
  licence: {
    publicDomain: true,
    notice: PHQ_GAD_NOTICE,
    attribution:
      "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–1097.",
  },
  items: [
    { number: 1, text: "Feeling nervous, anxious, or on edge" },
    { number: 2, text: "Not being able to stop or control worrying" },
    { number: 3, text: "Worrying too much about different things" },
    { number: 4, text: "Trouble relaxing" },
    { number: 5, text: "Being so restless that it is hard to sit still" },
    { number: 6, text: "Becoming easily annoyed or irritable" },
    { number: 7, text: "Feeling afraid as if something awful might happen" },
  ],
  anchors: PHQ_GAD_ANCHORS,
  min: 0,
  max: 3,
  scales: [
    {
      key: "total",
      label: "GAD-7 total",
      items: [1, 2, 3, 4, 5, 6, 7],
      method: "sum",
      min: 0,
      max: 21,
      improvement: "decrease",
      bands: GAD7_BANDS,
      referenceLines: [{ value: GAD7_SCREEN_CUTOFF, label: "Screening cut-off (≥10)" }],
    },
  ],
  supplementaryQuestions: [DIFFICULTY_QUESTION],
  score: scoreGad7,
  changeThresholds: {
    references: [
      {
        kind: "mcid",
        scale: "total",
        points: 4,
        description: "Minimal clinically important difference: 4 points.",
        source: "Toussaint A et al. 2020 (sensitivity to change and MCID of the GAD-7)",
        evidence: "V",
      },
      {
        kind: "patient_anchored_mid",
        scale: "total",
        points: 1.5,
        percent: 27,
        description: "Patient-anchored MCID ≈ −1.5 points / ~27% at a moderate baseline.",
        source: "Kounali D et al. Psychol Med 2022",
        evidence: "V",
      },
    ],
    responder: {
      scales: ["total"],
      points: 4,
      description: "Responder: total decreased by ≥ 4 points (Toussaint 2020 MCID).",
      source: "Toussaint A et al. 2020",
    },
    testRetest: {
      value: 0.83,
      statistic: "ICC",
      source: "Spitzer RL et al. Arch Intern Med 2006;166:1092",
      evidence: "K",
    },
  },
};
