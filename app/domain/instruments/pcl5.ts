// PCL-5 (Weathers et al. 2013, National Center for PTSD). Public domain: wording shipped
// unchanged. No empirically derived severity bands exist, so none are defined here.
import { missingItemsOf, parseResponsesForScoring, scoreScales } from "./scoring";
import type { InstrumentDefinition, ResponsesInput, ScoreFlag, ScoreResult } from "./types";

export type Pcl5Cluster = "B" | "C" | "D" | "E";
export type Pcl5ScaleKey = "total" | Pcl5Cluster;

/** Provisional-PTSD cut-offs on the total (NCPTSD: 31–33 depending on purpose). */
export const PCL5_PROVISIONAL_CUTOFFS = [31, 33] as const;
/** An item counts as an endorsed symptom at this rating or above (DSM-5 scoring rule). */
export const PCL5_ENDORSED_AT = 2;
/** Endorsed symptoms required per cluster for the DSM-5 rule. */
export const PCL5_DSM5_REQUIRED: Readonly<Record<Pcl5Cluster, number>> = { B: 1, C: 1, D: 2, E: 2 };

export const PCL5_CLUSTER_ITEMS: Readonly<Record<Pcl5Cluster, readonly number[]>> = {
  B: [1, 2, 3, 4, 5],
  C: [6, 7],
  D: [8, 9, 10, 11, 12, 13, 14],
  E: [15, 16, 17, 18, 19, 20],
};

export interface Pcl5ClusterRule {
  cluster: Pcl5Cluster;
  endorsed: number;
  required: number;
  missing: number;
  /** true/false when determined; null when missing items could still change the outcome. */
  met: boolean | null;
}

export interface Pcl5Extras {
  /** Total ≥ 31 / ≥ 33; null when the total is invalid. */
  provisionalPtsdAt31: boolean | null;
  provisionalPtsdAt33: boolean | null;
  /**
   * DSM-5 symptom rule (item ≥ 2 endorsed; ≥1 B, ≥1 C, ≥2 D, ≥2 E). Decided from the
   * answered items whenever the missing ones cannot change the outcome; null otherwise.
   */
  dsm5Rule: { met: boolean | null; clusters: Pcl5ClusterRule[] };
}

export type Pcl5Result = ScoreResult<Pcl5ScaleKey, Pcl5Extras>;

export function evaluatePcl5Dsm5Rule(values: Readonly<Record<number, number | null>>): Pcl5Extras["dsm5Rule"] {
  const clusters = (Object.keys(PCL5_CLUSTER_ITEMS) as Pcl5Cluster[]).map((cluster): Pcl5ClusterRule => {
    const items = PCL5_CLUSTER_ITEMS[cluster];
    const answered = items.map((n) => values[n]).filter((v): v is number => v !== null && v !== undefined);
    const endorsed = answered.filter((v) => v >= PCL5_ENDORSED_AT).length;
    const missing = items.length - answered.length;
    const required = PCL5_DSM5_REQUIRED[cluster];
    const met = endorsed >= required ? true : endorsed + missing < required ? false : null;
    return { cluster, endorsed, required, missing, met };
  });
  const met = clusters.some((c) => c.met === false) ? false : clusters.every((c) => c.met === true) ? true : null;
  return { met, clusters };
}

export function scorePcl5(responses: ResponsesInput): Pcl5Result {
  const values = parseResponsesForScoring(PCL5, responses);
  const scales = scoreScales(PCL5.scales, values, PCL5.min, PCL5.max);
  const total = scales.total.sum;
  const dsm5Rule = evaluatePcl5Dsm5Rule(values);
  const flags: ScoreFlag[] = [];
  if (total !== null && total >= PCL5_PROVISIONAL_CUTOFFS[0]) {
    flags.push({
      code: "provisional_ptsd",
      severity: "warning",
      message: `PCL-5 total ${total} is at or above the provisional PTSD range (31–33); confirm with a clinical interview.`,
    });
  }
  if (dsm5Rule.met === true) {
    flags.push({
      code: "dsm5_symptom_rule",
      severity: "warning",
      message: "PCL-5 DSM-5 symptom rule met (≥1 B, ≥1 C, ≥2 D, ≥2 E items rated ≥2): provisional PTSD.",
    });
  }
  return {
    instrument: "PCL5",
    scoringVersion: PCL5.scoringVersion,
    complete: scales.total.missingItems.length === 0,
    missingItems: missingItemsOf(values),
    responses: values,
    scales,
    flags,
    extras: {
      provisionalPtsdAt31: total === null ? null : total >= 31,
      provisionalPtsdAt33: total === null ? null : total >= 33,
      dsm5Rule,
    },
  };
}

export const PCL5: InstrumentDefinition<Pcl5ScaleKey, Pcl5Extras> = {
  code: "PCL5",
  name: "PTSD Checklist for DSM-5",
  shortName: "PCL-5",
  scoringVersion: "pcl5@1",
  recallPeriod: "In the past month, how much were you bothered by:",
  instructions:
    "Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then circle one of the numbers to the right to indicate how much you have been bothered by that problem in the past month.",
  licence: {
    publicDomain: true,
    notice:
      "The PCL-5 was developed by staff of the U.S. Department of Veterans Affairs National Center for PTSD and is in the public domain.",
    attribution:
      "Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD Checklist for DSM-5 (PCL-5). 2013. Scale available from the National Center for PTSD at www.ptsd.va.gov.",
  },
  items: [
    { number: 1, text: "Repeated, disturbing, and unwanted memories of the stressful experience?" },
    { number: 2, text: "Repeated, disturbing dreams of the stressful experience?" },
    {
      number: 3,
      text: "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?",
    },
    { number: 4, text: "Feeling very upset when something reminded you of the stressful experience?" },
    {
      number: 5,
      text: "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?",
    },
    { number: 6, text: "Avoiding memories, thoughts, or feelings related to the stressful experience?" },
    {
      number: 7,
      text: "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?",
    },
    { number: 8, text: "Trouble remembering important parts of the stressful experience?" },
    {
      number: 9,
      text: "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?",
    },
    { number: 10, text: "Blaming yourself or someone else for the stressful experience or what happened after it?" },
    { number: 11, text: "Having strong negative feelings such as fear, horror, anger, guilt, or shame?" },
    { number: 12, text: "Loss of interest in activities that you used to enjoy?" },
    { number: 13, text: "Feeling distant or cut off from other people?" },
    {
      number: 14,
      text: "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?",
    },
    { number: 15, text: "Irritable behavior, angry outbursts, or acting aggressively?" },
    { number: 16, text: "Taking too many risks or doing things that could cause you harm?" },
    { number: 17, text: "Being “superalert” or watchful or on guard?" },
    { number: 18, text: "Feeling jumpy or easily startled?" },
    { number: 19, text: "Having difficulty concentrating?" },
    { number: 20, text: "Trouble falling or staying asleep?" },
  ],
  anchors: [
    { value: 0, label: "Not at all" },
    { value: 1, label: "A little bit" },
    { value: 2, label: "Moderately" },
    { value: 3, label: "Quite a bit" },
    { value: 4, label: "Extremely" },
  ],
  min: 0,
  max: 4,
  scales: [
    {
      key: "total",
      label: "PCL-5 total",
      items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
      method: "sum",
      min: 0,
      max: 80,
      improvement: "decrease",
      referenceLines: [
        { value: 31, label: "Provisional PTSD (≥31)" },
        { value: 33, label: "Provisional PTSD (≥33)" },
      ],
    },
    { key: "B", label: "Intrusion (B)", items: PCL5_CLUSTER_ITEMS.B, method: "sum", min: 0, max: 20, improvement: "decrease" },
    { key: "C", label: "Avoidance (C)", items: PCL5_CLUSTER_ITEMS.C, method: "sum", min: 0, max: 8, improvement: "decrease" },
    {
      key: "D",
      label: "Negative alterations in cognitions and mood (D)",
      items: PCL5_CLUSTER_ITEMS.D,
      method: "sum",
      min: 0,
      max: 28,
      improvement: "decrease",
    },
    {
      key: "E",
      label: "Alterations in arousal and reactivity (E)",
      items: PCL5_CLUSTER_ITEMS.E,
      method: "sum",
      min: 0,
      max: 24,
      improvement: "decrease",
    },
  ],
  supplementaryQuestions: [],
  score: scorePcl5,
  changeThresholds: {
    references: [
      {
        kind: "reliable_change",
        scale: "total",
        points: 5,
        description: "NCPTSD: 5 points = minimum for reliable change / response (extrapolated from the DSM-IV PCL).",
        source: "National Center for PTSD, Using the PCL-5",
        evidence: "V",
      },
      {
        kind: "mcid",
        scale: "total",
        points: 10,
        description: "NCPTSD: 10 points = minimum clinically meaningful change (extrapolated from the DSM-IV PCL).",
        source: "National Center for PTSD, Using the PCL-5",
        evidence: "V",
      },
      {
        kind: "reliable_change",
        scale: "total",
        points: 15,
        pointsUpTo: 18,
        description: "Male veterans: reliable change index 15–18 points.",
        source: "Marx BP et al. 2022",
        evidence: "V",
      },
      {
        kind: "clinically_significant_change",
        scale: "total",
        endpointAtMost: 28,
        description: "Male veterans: clinically significant change endpoint ≤ 28.",
        source: "Marx BP et al. 2022",
        evidence: "V",
      },
      {
        kind: "patient_anchored_mid",
        scale: "total",
        points: 9,
        pointsUpTo: 12,
        description: "Primary care: MID 9–12 points; changes of ≤5 are probably not reliable.",
        source: "Blanchard BE et al. 2023",
        evidence: "V",
      },
    ],
    responder: {
      scales: ["total"],
      points: 10,
      description: "Responder: total decreased by ≥ 10 points (NCPTSD clinically meaningful change).",
      source: "National Center for PTSD, Using the PCL-5",
    },
    testRetest: {
      value: 0.82,
      statistic: "r",
      source: "Blevins CA et al. J Trauma Stress 2015;28:489",
      evidence: "K",
    },
  },
};
