// PHQ-9 (Kroenke, Spitzer & Williams 2001). Public domain: wording shipped unchanged.
import { missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { Anchor, Band, InstrumentDefinition, ResponsesInput, ScoreFlag, ScoreResult } from "./types";

export const PHQ_GAD_NOTICE =
  "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.";

/** 0–3 frequency anchors shared by PHQ-9 and GAD-7. */
export const PHQ_GAD_ANCHORS: readonly Anchor[] = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
];

export const DIFFICULTY_QUESTION = {
  key: "difficulty",
  text: "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
  anchors: [
    { value: 0, label: "Not difficult at all" },
    { value: 1, label: "Somewhat difficult" },
    { value: 2, label: "Very difficult" },
    { value: 3, label: "Extremely difficult" },
  ],
  scored: false,
} as const;

/** Kroenke 2001 severity bands on the total (0–27). */
export const PHQ9_BANDS: readonly Band[] = [
  { from: 0, to: 4, label: "Minimal" },
  { from: 5, to: 9, label: "Mild" },
  { from: 10, to: 14, label: "Moderate" },
  { from: 15, to: 19, label: "Moderately severe" },
  { from: 20, to: 27, label: "Severe" },
];

/** Usual screening cut-off for major depression. */
export const PHQ9_SCREEN_CUTOFF = 10;
/** Item number whose any positive response is a suicidality flag. */
export const PHQ9_SUICIDALITY_ITEM = 9;
/** Flag codes the safety module listens for. */
export const PHQ9_SUICIDALITY_FLAG = "suicidality";
export const PHQ9_SUICIDALITY_UNANSWERED_FLAG = "suicidality_unanswered";

export interface Phq9Extras {
  /** Total ≥ 10; null when the total is invalid. */
  screenPositive: boolean | null;
  /** Item 9 ≥ 1; null when item 9 is unanswered. */
  suicidality: boolean | null;
  item9: number | null;
}

export type Phq9Result = ScoreResult<"total", Phq9Extras>;

export function scorePhq9(responses: ResponsesInput): Phq9Result {
  const values = parseResponsesForScoring(PHQ9, responses);
  const scales = scoreScales(PHQ9.scales, values, PHQ9.min, PHQ9.max);
  const item9 = values[PHQ9_SUICIDALITY_ITEM];
  const flags: ScoreFlag[] = [];
  // Safety first: item 9 alerts whatever the total, even when other items are missing.
  if (item9 !== null && item9 >= 1) {
    flags.push({
      code: PHQ9_SUICIDALITY_FLAG,
      severity: "critical",
      message: `PHQ-9 item 9 answered ${item9} (thoughts of being better off dead or of self-harm): same-day clinician risk assessment needed, whatever the total score.`,
    });
  } else if (item9 === null) {
    flags.push({
      code: PHQ9_SUICIDALITY_UNANSWERED_FLAG,
      severity: "warning",
      message: "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) was not answered: suicidality cannot be ruled out.",
    });
  }
  const total = scales.total;
  return {
    instrument: "PHQ9",
    scoringVersion: PHQ9.scoringVersion,
    complete: total.missingItems.length === 0,
    missingItems: missingItemsOf(values),
    responses: values,
    scales,
    flags,
    extras: {
      screenPositive: total.sum === null ? null : total.sum >= PHQ9_SCREEN_CUTOFF,
      suicidality: item9 === null ? null : item9 >= 1,
      item9,
    },
  };
}

export const PHQ9: InstrumentDefinition<"total", Phq9Extras> = {
  code: "PHQ9",
  name: "Patient Health Questionnaire-9",
  shortName: "PHQ-9",
  scoringVersion: "phq9@1",
  recallPeriod: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  instructions: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  licence: {
    publicDomain: true,
    notice: PHQ_GAD_NOTICE,
    attribution:
      "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606–613.",
  },
  items: [
    { number: 1, text: "Little interest or pleasure in doing things" },
    { number: 2, text: "Feeling down, depressed, or hopeless" },
    { number: 3, text: "Trouble falling or staying asleep, or sleeping too much" },
    { number: 4, text: "Feeling tired or having little energy" },
    { number: 5, text: "Poor appetite or overeating" },
    {
      number: 6,
      text: "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    },
    {
      number: 7,
      text: "Trouble concentrating on things, such as reading the newspaper or watching television",
    },
    {
      number: 8,
      text: "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    },
    { number: 9, text: "Thoughts that you would be better off dead or of hurting yourself in some way" },
  ],
  anchors: PHQ_GAD_ANCHORS,
  min: 0,
  max: 3,
  scales: [
    {
      key: "total",
      label: "PHQ-9 total",
      items: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      method: "sum",
      min: 0,
      max: 27,
      improvement: "decrease",
      bands: PHQ9_BANDS,
      referenceLines: [{ value: PHQ9_SCREEN_CUTOFF, label: "Screening cut-off (≥10)" }],
    },
  ],
  supplementaryQuestions: [DIFFICULTY_QUESTION],
  score: scorePhq9,
  changeThresholds: {
    references: [
      {
        kind: "mcid",
        scale: "total",
        points: 5,
        description: "Minimal clinically important difference for an individual: 5 points (estimated as 2 SEM).",
        source: "Löwe B et al. Med Care 2004;42:1194",
        evidence: "V",
      },
      {
        kind: "response",
        scale: "total",
        percent: 50,
        description: "Response: ≥50% reduction from baseline.",
        source: "Common convention (app/domain/instruments/README.md)",
        evidence: "K",
      },
      {
        kind: "remission",
        scale: "total",
        endpointAtMost: 4,
        description: "Remission: total < 5.",
        source: "Common convention (app/domain/instruments/README.md)",
        evidence: "K",
      },
      {
        kind: "clinically_significant_change",
        scale: "total",
        percent: 50,
        endpointAtMost: 9,
        description: "Clinically significant change: post-treatment total ≤ 9 and ≥50% reduction.",
        source: "McMillan D et al. J Affect Disord 2010;127:122",
        evidence: "V",
      },
      {
        kind: "patient_anchored_mid",
        scale: "total",
        percent: 20,
        description: "Patient-anchored MCID ≈ 20% reduction (about −1.7 points at a moderate baseline).",
        source: "Kounali D et al. Psychol Med 2022",
        evidence: "V",
      },
    ],
    responder: {
      scales: ["total"],
      points: 5,
      description: "Responder: total decreased by ≥ 5 points (Löwe 2004 MCID).",
      source: "Löwe B et al. Med Care 2004;42:1194",
    },
    testRetest: {
      value: 0.84,
      statistic: "r",
      interval: "48 hours",
      source: "Kroenke K et al. J Gen Intern Med 2001;16:606",
      evidence: "K",
    },
  },
};
