// MBI-GS (Maslach Burnout Inventory – General Survey). © Mind Garden: the scoring key
// and anchors ship here, the item wording never does (text: null → "Item N").
// Subscale scores are MEANS (0–6); never combined into a total.
import { missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { Anchor, InstrumentDefinition, ResponsesInput, ScoreResult } from "./types";

export type MbiGsScaleKey = "EX" | "CY" | "PE";

export const MBI_GS_SCALE_ITEMS: Readonly<Record<MbiGsScaleKey, readonly number[]>> = {
  EX: [1, 2, 3, 4, 6],
  CY: [8, 9, 13, 14, 15],
  PE: [5, 7, 10, 11, 12, 16],
};

/** 0–6 frequency anchors shared by MBI-GS and MBI-HSS. */
export const MBI_FREQUENCY_ANCHORS: readonly Anchor[] = [
  { value: 0, label: "Never" },
  { value: 1, label: "A few times a year or less" },
  { value: 2, label: "Once a month or less" },
  { value: 3, label: "A few times a month" },
  { value: 4, label: "Once a week" },
  { value: 5, label: "A few times a week" },
  { value: 6, label: "Every day" },
];

export const MBI_RECALL = "How often each statement applies to you, from never to every day (no fixed recall window).";

// MBI-GS scoring produces no interpretation beyond the subscales; profiles and eligibility
// live in burnout.ts / eligibility.ts because they are program choices, not the instrument.
export type MbiGsExtras = Record<string, never>;
export type MbiGsResult = ScoreResult<MbiGsScaleKey, MbiGsExtras>;

export function scoreMbiGs(responses: ResponsesInput): MbiGsResult {
  const values = parseResponsesForScoring(MBI_GS, responses);
  const scales = scoreScales(MBI_GS.scales, values, MBI_GS.min, MBI_GS.max);
  const missingItems = missingItemsOf(values);
  return {
    instrument: "MBI_GS",
    scoringVersion: MBI_GS.scoringVersion,
    complete: missingItems.length === 0,
    missingItems,
    responses: values,
    scales,
    flags: [],
    extras: {},
  };
}

export const MBI_GS: InstrumentDefinition<MbiGsScaleKey, MbiGsExtras> = {
  code: "MBI_GS",
  name: "Maslach Burnout Inventory – General Survey",
  shortName: "MBI-GS",
  scoringVersion: "mbigs@1",
  recallPeriod: MBI_RECALL,
  instructions: null,
  licence: {
    publicDomain: false,
    notice:
      "MBI-GS © 1996 Wilmar B. Schaufeli, Michael P. Leiter, Christina Maslach & Susan E. Jackson, published by Mind Garden, Inc. Item wording is not distributed with GroupKAP; administering the MBI-GS requires a licence from Mind Garden (www.mindgarden.com).",
    attribution:
      "Schaufeli WB, Leiter MP, Maslach C, Jackson SE. Maslach Burnout Inventory – General Survey. In: Maslach C, Jackson SE, Leiter MP. Maslach Burnout Inventory Manual. Mind Garden.",
  },
  items: Array.from({ length: 16 }, (_, i) => ({ number: i + 1, text: null })),
  anchors: MBI_FREQUENCY_ANCHORS,
  min: 0,
  max: 6,
  scales: [
    { key: "EX", label: "Exhaustion", items: MBI_GS_SCALE_ITEMS.EX, method: "mean", min: 0, max: 6, improvement: "decrease" },
    { key: "CY", label: "Cynicism", items: MBI_GS_SCALE_ITEMS.CY, method: "mean", min: 0, max: 6, improvement: "decrease" },
    {
      key: "PE",
      label: "Professional efficacy",
      items: MBI_GS_SCALE_ITEMS.PE,
      method: "mean",
      min: 0,
      max: 6,
      improvement: "increase",
    },
  ],
  supplementaryQuestions: [],
  score: scoreMbiGs,
  changeThresholds: {
    // No published MCID: use an RCI with a stated reliability and a normative SD.
    references: [],
    responder: {
      scales: ["EX", "CY", "PE"],
      points: 1,
      description: "Responder on a subscale: ≥ 1 point improvement on the subscale mean (EX or CY down, PE up).",
      source: "Burnout program specification (app/domain/scheduling/README.md; Mindbloom burnout cohort)",
    },
    testRetest: null,
  },
};
