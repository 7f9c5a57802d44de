/**
 * The two programs GroupKAP ships with (see app/domain/scheduling/README.md). Both pass
 * `programTemplateSchema`; seedReferenceData (app/demo/seed.server.ts) stores them as template JSON.
 *
 * Day offsets assume weekly meetings on the cohort's start weekday: groups in
 * the evening (18:00, 120 min), dosing in the morning (09:00, 240 min: arrival,
 * vitals and pre-dose checks, ~60–90 min of dosing experience, monitoring to
 * discharge). Session indices below are 0-based positions in `sessionPlan`.
 */
import type {
  ContraindicationItem,
  DoseRangesByRoute,
  EligibilityRule,
  PreDoseCheckItem,
  ProgramTemplate,
  SafetyThresholds,
  StaffMix,
} from "./types";

export const DOSING_STAFF_MIX: StaffMix = { CLINICIAN: 1, FACILITATOR: 2 };
export const GROUP_STAFF_MIX: StaffMix = { FACILITATOR: 1 };

/**
 * The shipped programs' mg/kg ranges (IM 0.5–1.0, sublingual 1–4): documented starting points
 * for a program's prescribers to review, not clinical advice. Other routes have none.
 */
export const DEFAULT_DOSE_RANGES: DoseRangesByRoute = { IM: { min: 0.5, max: 1 }, SUBLINGUAL: { min: 1, max: 4 } };

export const DEFAULT_SAFETY_THRESHOLDS: SafetyThresholds = {
  preDoseSystolicMax: 140,
  preDoseDiastolicMax: 90,
  preDoseHeartRateMax: 110,
  preDoseSpo2Min: 94,
  minMonitoringMinutes: 120,
};

export const STANDARD_CONTRAINDICATIONS: ContraindicationItem[] = [
  {
    key: "uncontrolled_hypertension",
    label: "Uncontrolled hypertension (repeated readings above the program's BP limit)",
    severity: "ABSOLUTE",
  },
  {
    key: "cardiovascular_disease",
    label: "Significant cardiovascular or cerebrovascular disease (recent MI, stroke, aneurysm, unstable angina, heart failure)",
    severity: "ABSOLUTE",
  },
  { key: "psychosis_history", label: "Personal history of psychosis or schizophrenia-spectrum disorder", severity: "ABSOLUTE" },
  { key: "current_mania", label: "Current or recent (past 12 months) manic episode", severity: "ABSOLUTE" },
  { key: "pregnancy_breastfeeding", label: "Pregnant, planning pregnancy, or breastfeeding", severity: "ABSOLUTE" },
  { key: "ketamine_hypersensitivity", label: "Known hypersensitivity to ketamine", severity: "ABSOLUTE" },
  {
    key: "active_substance_use",
    label: "Active substance use disorder, especially ketamine, PCP or other dissociatives",
    severity: "ABSOLUTE",
  },
  {
    key: "raised_intracranial_intraocular_pressure",
    label: "Raised intracranial or intraocular pressure (e.g. untreated glaucoma)",
    severity: "ABSOLUTE",
  },
  { key: "severe_hepatic_impairment", label: "Severe hepatic impairment", severity: "RELATIVE" },
  { key: "bladder_disease", label: "Interstitial cystitis or other chronic bladder disease", severity: "RELATIVE" },
  { key: "family_history_psychosis", label: "First-degree family history of psychosis or bipolar I disorder", severity: "RELATIVE" },
  {
    key: "active_suicidal_intent",
    label: "Active suicidal ideation with intent or plan (needs a higher level of care first)",
    severity: "RELATIVE",
  },
  {
    key: "interacting_medications",
    label: "Interacting medications (e.g. high-dose benzodiazepines, lamotrigine, MAOIs, stimulants) — clinician review",
    severity: "RELATIVE",
  },
];

export const STANDARD_PRE_DOSE_CHECKLIST: PreDoseCheckItem[] = [
  { key: "consent_on_file", label: "Signed consent on file for this program" },
  { key: "fasting", label: "No food for 4 hours and no liquids for 2 hours before dosing" },
  { key: "no_alcohol_drugs", label: "No alcohol, cannabis or other recreational drugs in the last 24 hours" },
  {
    key: "medication_changes_reviewed",
    label: "Medication changes since the last session reviewed (including benzodiazepines taken today)",
  },
  { key: "pregnancy_test", label: "Pregnancy test negative, if applicable" },
  { key: "vitals_within_limits", label: "Pre-dose BP, heart rate and SpO2 within the program's limits" },
  { key: "escort_arranged", label: "Responsible adult escort home arranged" },
  { key: "no_driving_agreed", label: "Agrees not to drive or operate machinery until the next day" },
  { key: "emergency_contact", label: "Emergency contact confirmed" },
  { key: "intention_reviewed", label: "Intention for the session reviewed with a facilitator" },
];

const group = (title: string, kind: "PREPARATION" | "INTEGRATION", dayOffset: number, description: string) => ({
  kind,
  title,
  description,
  dayOffset,
  startTime: "18:00",
  durationMinutes: 120,
  requiredStaff: { ...GROUP_STAFF_MIX },
});

const dosing = (title: string, dayOffset: number, durationMinutes: number, description: string) => ({
  kind: "DOSING" as const,
  title,
  description,
  dayOffset,
  startTime: "09:00",
  durationMinutes,
  requiredStaff: { ...DOSING_STAFF_MIX },
});

/**
 * Northern Colorado case series: 7 weekly meetings, alternating group
 * psychotherapy and dosing (prep, dose, integrate, dose, integrate, dose,
 * integrate) — 4 groups and 3 dosing sessions. Route is left to the
 * prescriber per participant.
 */
export const FIRST_RESPONDERS_TEMPLATE: ProgramTemplate = {
  name: "Group KAP for first responders — 7 weeks",
  description:
    "Group ketamine-assisted psychotherapy for healthcare workers and first responders: groups of about 6, " +
    "4 group psychotherapy sessions (1 preparation, 3 integration) and 3 ketamine dosing sessions over 7 weeks. " +
    "GAD-7, PHQ-9, PCL-5 and MBI before the first group and on the last group date; GAD-7, PHQ-9, PCL-5 two weeks later; " +
    "MEQ-30 after each dosing session.",
  defaultCapacity: 6,
  sessionPlan: [
    group("Preparation group", "PREPARATION", 0, "Introductions, group agreements, what to expect from ketamine, setting intentions."),
    dosing(
      "Dosing session 1",
      7,
      240,
      "First group ketamine session with music and eyeshades; vitals before, at ~40 min and before discharge.",
    ),
    group("Integration group 1", "INTEGRATION", 14, "Sharing and making meaning of the first dosing experience."),
    dosing("Dosing session 2", 21, 240, "Second group ketamine session."),
    group(
      "Integration group 2",
      "INTEGRATION",
      28,
      "Integration of the second dosing experience; work with burnout and moral injury themes.",
    ),
    dosing("Dosing session 3", 35, 240, "Third group ketamine session."),
    group("Integration group 3 (closing)", "INTEGRATION", 42, "Final integration, relapse-prevention plan, closing circle."),
  ],
  measurePlan: [
    {
      key: "baseline",
      label: "Baseline (before the first group)",
      instruments: ["GAD7", "PHQ9", "PCL5", "MBI_HSS"],
      anchor: { type: "COHORT_START" },
      offsetDays: -7,
      windowDays: 6,
    },
    {
      key: "dosing_1",
      label: "After dosing session 1",
      instruments: ["MEQ30"],
      anchor: { type: "SESSION", sessionIndex: 1 },
      offsetDays: 0,
      windowDays: 3,
    },
    {
      key: "dosing_2",
      label: "After dosing session 2",
      instruments: ["MEQ30"],
      anchor: { type: "SESSION", sessionIndex: 3 },
      offsetDays: 0,
      windowDays: 3,
    },
    {
      key: "dosing_3",
      label: "After dosing session 3",
      instruments: ["MEQ30"],
      anchor: { type: "SESSION", sessionIndex: 5 },
      offsetDays: 0,
      windowDays: 3,
    },
    {
      key: "last_group",
      label: "Last group (post-treatment)",
      instruments: ["GAD7", "PHQ9", "PCL5", "MBI_HSS"],
      anchor: { type: "LAST_SESSION" },
      offsetDays: 0,
      windowDays: 3,
    },
    {
      key: "followup_2w",
      label: "Two-week follow-up",
      instruments: ["GAD7", "PHQ9", "PCL5"],
      anchor: { type: "LAST_SESSION" },
      offsetDays: 14,
      windowDays: 7,
    },
  ],
  eligibility: null,
  contraindicationChecklist: STANDARD_CONTRAINDICATIONS,
  preDoseChecklist: STANDARD_PRE_DOSE_CHECKLIST,
  safetyThresholds: { ...DEFAULT_SAFETY_THRESHOLDS },
  doseRanges: { ...DEFAULT_DOSE_RANGES },
};

/**
 * Burnout eligibility on MBI-GS (items 0–6; EX 5 items, CY 5 items, PE 6 items).
 * Published mean form: EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3).
 * Integer-sum form, exactly equivalent for complete responses:
 *   EX mean ≥ 4.8 ⇔ EX sum ≥ 24 (4.8 × 5); CY mean ≥ 3.8 ⇔ CY sum ≥ 19 (3.8 × 5);
 *   PE mean ≤ 4.3 ⇔ PE sum ≤ 25.8 ⇔ PE sum ≤ 25 (6 items).
 * The seed uses the sum form so the cut-offs never depend on floating-point means.
 */
export const BURNOUT_ELIGIBILITY_RULE: EligibilityRule = {
  all: [
    { scale: "EX", op: ">=", value: 24, on: "sum" },
    {
      any: [
        { scale: "CY", op: ">=", value: 19, on: "sum" },
        { scale: "PE", op: "<=", value: 25, on: "sum" },
      ],
    },
  ],
};

export const BURNOUT_ELIGIBILITY_RULE_MEAN_FORM: EligibilityRule = {
  all: [
    { scale: "EX", op: ">=", value: 4.8, on: "mean" },
    {
      any: [
        { scale: "CY", op: ">=", value: 3.8, on: "mean" },
        { scale: "PE", op: "<=", value: 4.3, on: "mean" },
      ],
    },
  ],
};

const burnoutDosing = (n: number, dayOffset: number) =>
  dosing(
    `Dosing session ${n}`,
    dayOffset,
    180,
    n === 1 ? "First ketamine session: orientation, intention, dosing, monitoring." : `Ketamine session ${n} of 6.`,
  );
const circle = (n: number, dayOffset: number) =>
  group(`Integration circle ${n}`, "INTEGRATION", dayOffset, `Integration circle after dosing session ${n}.`);

/**
 * Burnout program (after Mindbloom's published burnout cohort): 6 weekly
 * dosing sessions with an integration circle mid-week between consecutive
 * sessions (5 circles). MBI-GS at baseline and after dosing sessions 2, 4, 6;
 * PHQ-9 and GAD-7 at baseline and after session 6.
 * Dosing sessions are at plan indices 0, 2, 4, 6, 8, 10.
 */
export const BURNOUT_TEMPLATE: ProgramTemplate = {
  name: "Burnout program — 6 sessions",
  description:
    "Six ketamine sessions over six weeks for occupational burnout, with integration circles between sessions. " +
    "MBI-GS at baseline and after sessions 2, 4 and 6; PHQ-9 and GAD-7 at baseline and after session 6. " +
    "Eligibility on MBI-GS: exhaustion high and either cynicism high or professional efficacy low.",
  defaultCapacity: 8,
  sessionPlan: [
    burnoutDosing(1, 0),
    circle(1, 3),
    burnoutDosing(2, 7),
    circle(2, 10),
    burnoutDosing(3, 14),
    circle(3, 17),
    burnoutDosing(4, 21),
    circle(4, 24),
    burnoutDosing(5, 28),
    circle(5, 31),
    burnoutDosing(6, 35),
  ].map((item) => (item.kind === "DOSING" ? { ...item, route: "SUBLINGUAL" as const } : item)),
  measurePlan: [
    {
      key: "baseline",
      label: "Baseline (screening)",
      instruments: ["MBI_GS", "PHQ9", "GAD7"],
      anchor: { type: "COHORT_START" },
      offsetDays: -14,
      windowDays: 13,
    },
    {
      key: "post_session_2",
      label: "After dosing session 2",
      instruments: ["MBI_GS"],
      anchor: { type: "SESSION", sessionIndex: 2 },
      offsetDays: 0,
      windowDays: 3,
    },
    {
      key: "post_session_4",
      label: "After dosing session 4",
      instruments: ["MBI_GS"],
      anchor: { type: "SESSION", sessionIndex: 6 },
      offsetDays: 0,
      windowDays: 3,
    },
    {
      key: "post_session_6",
      label: "After dosing session 6 (post-treatment)",
      instruments: ["MBI_GS", "PHQ9", "GAD7"],
      anchor: { type: "SESSION", sessionIndex: 10 },
      offsetDays: 0,
      windowDays: 7,
    },
  ],
  eligibility: {
    instrument: "MBI_GS",
    rule: BURNOUT_ELIGIBILITY_RULE,
    note:
      "Published (mean) form: EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3). Stored as integer subscale sums " +
      "(EX 5 items, CY 5 items, PE 6 items): EX sum ≥ 24 AND (CY sum ≥ 19 OR PE sum ≤ 25), which is identical for complete responses.",
  },
  contraindicationChecklist: STANDARD_CONTRAINDICATIONS,
  preDoseChecklist: STANDARD_PRE_DOSE_CHECKLIST,
  safetyThresholds: { ...DEFAULT_SAFETY_THRESHOLDS },
  doseRanges: { ...DEFAULT_DOSE_RANGES },
};

export const SEED_TEMPLATES: readonly ProgramTemplate[] = [FIRST_RESPONDERS_TEMPLATE, BURNOUT_TEMPLATE];
