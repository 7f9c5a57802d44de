// MBI-HSS / MBI-HSS (MP). © Mind Garden: scoring key and anchors only, no item wording.
// Historically scored as subscale SUMS (headline value); means are reported as well.
import { MBI_FREQUENCY_ANCHORS, MBI_RECALL } from "./mbiGs";
import { missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { InstrumentDefinition, ResponsesInput, ScoreFlag, ScoreResult } from "./types";

export type MbiHssScaleKey = "EE" | "DP" | "PA";

export const MBI_HSS_SCALE_ITEMS: Readonly<Record<MbiHssScaleKey, readonly number[]>> = {
  EE: [1, 2, 3, 6, 8, 13, 14, 16, 20],
  DP: [5, 10, 11, 15, 22],
  PA: [4, 7, 9, 12, 17, 18, 19, 21],
};

/** Physician-literature "high" cut-offs on sums; burnout = EE high and/or DP high. */
export const MBI_HSS_PHYSICIAN_CUTOFFS = { EE: 27, DP: 10 } as const;

export interface MbiHssExtras {
  /** EE sum ≥ 27; null when EE is invalid. */
  highEmotionalExhaustion: boolean | null;
  /** DP sum ≥ 10; null when DP is invalid. */
  highDepersonalization: boolean | null;
  /** EE ≥ 27 and/or DP ≥ 10 (physician literature). null when undetermined. */
  physicianBurnout: boolean | null;
  cutoffs: typeof MBI_HSS_PHYSICIAN_CUTOFFS;
}

export type MbiHssResult = ScoreResult<MbiHssScaleKey, MbiHssExtras>;

export function scoreMbiHss(responses: ResponsesInput): MbiHssResult {
  const values = parseResponsesForScoring(MBI_HSS, responses);
  const scales = scoreScales(MBI_HSS.scales, values, MBI_HSS.min, MBI_HSS.max);
  const ee = scales.EE.sum;
  const dp = scales.DP.sum;
  const highEE = ee === null ? null : ee >= MBI_HSS_PHYSICIAN_CUTOFFS.EE;
  const highDP = dp === null ? null : dp >= MBI_HSS_PHYSICIAN_CUTOFFS.DP;
  // "and/or": one high subscale decides it even if the other could not be scored.
  const physicianBurnout = highEE === true || highDP === true ? true : highEE === false && highDP === false ? false : null;
  const flags: ScoreFlag[] = [];
  if (highEE) {
    flags.push({ code: "high_ee", severity: "info", message: `MBI-HSS emotional exhaustion ${ee} ≥ 27 (physician-literature "high").` });
  }
  if (highDP) {
    flags.push({ code: "high_dp", severity: "info", message: `MBI-HSS depersonalization ${dp} ≥ 10 (physician-literature "high").` });
  }
  const missingItems = missingItemsOf(values);
  return {
    instrument: "MBI_HSS",
    scoringVersion: MBI_HSS.scoringVersion,
    complete: missingItems.length === 0,
    missingItems,
    responses: values,
    scales,
    flags,
    extras: {
      highEmotionalExhaustion: highEE,
      highDepersonalization: highDP,
      physicianBurnout,
      cutoffs: MBI_HSS_PHYSICIAN_CUTOFFS,
    },
  };
}

export const MBI_HSS: InstrumentDefinition<MbiHssScaleKey, MbiHssExtras> = {
  code: "MBI_HSS",
  name: "Maslach Burnout Inventory – Human Services Survey",
  shortName: "MBI-HSS",
  scoringVersion: "mbihss@1",
  recallPeriod: MBI_RECALL,
  instructions: null,
  licence: {
    publicDomain: false,
    notice:
      "MBI-HSS © 1981 Christina Maslach & Susan E. Jackson, published by Mind Garden, Inc. Item wording is not distributed with GroupKAP; administering the MBI-HSS requires a licence from Mind Garden (www.mindgarden.com).",
    attribution:
      "Maslach C, Jackson SE. Maslach Burnout Inventory – Human Services Survey. In: Maslach C, Jackson SE, Leiter MP. Maslach Burnout Inventory Manual. Mind Garden.",
  },
  items: Array.from({ length: 22 }, (_, i) => ({ number: i + 1, text: null })),
  anchors: MBI_FREQUENCY_ANCHORS,
  min: 0,
  max: 6,
  scales: [
    {
      key: "EE",
      label: "Emotional exhaustion",
      items: MBI_HSS_SCALE_ITEMS.EE,
      method: "sum",
      min: 0,
      max: 54,
      improvement: "decrease",
      referenceLines: [{ value: MBI_HSS_PHYSICIAN_CUTOFFS.EE, label: "High EE (≥27, physician literature)" }],
    },
    {
      key: "DP",
      label: "Depersonalization",
      items: MBI_HSS_SCALE_ITEMS.DP,
      method: "sum",
      min: 0,
      max: 30,
      improvement: "decrease",
      referenceLines: [{ value: MBI_HSS_PHYSICIAN_CUTOFFS.DP, label: "High DP (≥10, physician literature)" }],
    },
    {
      key: "PA",
      label: "Personal accomplishment",
      items: MBI_HSS_SCALE_ITEMS.PA,
      method: "sum",
      min: 0,
      max: 48,
      improvement: "increase",
    },
  ],
  supplementaryQuestions: [],
  score: scoreMbiHss,
  changeThresholds: { references: [], responder: null, testRetest: null },
};
