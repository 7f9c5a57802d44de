// CADSS-6: the 6-item short form of the Clinician-Administered Dissociative States Scale
// (items 1, 2, 6, 7, 15, 22 of the CADSS, each 0–4, sum 0–24). © J. D. Bremner: scoring key
// and anchors only, no item wording. Items keep their original CADSS numbers.
import { missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { InstrumentDefinition, ResponsesInput, ScoreResult } from "./types";

export const CADSS6_ITEMS = [1, 2, 6, 7, 15, 22] as const;

export type Cadss6Extras = Record<string, never>;
export type Cadss6Result = ScoreResult<"total", Cadss6Extras>;

export function scoreCadss6(responses: ResponsesInput): Cadss6Result {
  const values = parseResponsesForScoring(CADSS6, responses);
  const scales = scoreScales(CADSS6.scales, values, CADSS6.min, CADSS6.max);
  const missingItems = missingItemsOf(values);
  return {
    instrument: "CADSS6",
    scoringVersion: CADSS6.scoringVersion,
    complete: missingItems.length === 0,
    missingItems,
    responses: values,
    scales,
    flags: [],
    extras: {},
  };
}

export const CADSS6: InstrumentDefinition<"total", Cadss6Extras> = {
  code: "CADSS6",
  name: "Clinician-Administered Dissociative States Scale, 6-item short form (CADSS-6)",
  shortName: "CADSS-6",
  scoringVersion: "cadss6@1",
  recallPeriod: "Current state, rated by a clinician at the observation time (during or after dosing).",
  instructions: null,
  licence: {
    publicDomain: false,
    notice: "CADSS © J. Douglas Bremner. Item wording is not distributed with GroupKAP; use requires the author's permission.",
    attribution:
      "Bremner JD, Krystal JH, Putnam FW, et al. Measurement of dissociative states with the Clinician-Administered Dissociative States Scale (CADSS). J Trauma Stress 1998;11(1):125–136. Short form: items 1, 2, 6, 7, 15, 22 (CADSS-6).",
  },
  items: CADSS6_ITEMS.map((number) => ({ number, text: null })),
  // Intermediate labels are background knowledge [K]; check against the licensed form.
  anchors: [
    { value: 0, label: "Not at all" },
    { value: 1, label: "Slightly" },
    { value: 2, label: "Moderately" },
    { value: 3, label: "Considerably" },
    { value: 4, label: "Extremely" },
  ],
  min: 0,
  max: 4,
  scales: [
    {
      key: "total",
      label: "CADSS-6 total",
      items: CADSS6_ITEMS,
      method: "sum",
      min: 0,
      max: 24,
      improvement: "decrease",
    },
  ],
  supplementaryQuestions: [],
  score: scoreCadss6,
  changeThresholds: { references: [], responder: null, testRetest: null },
};
