/**
 * Adverse events: the report form, seriousness, relatedness, CTCAE-style grades and the
 * 24-hour follow-up rule for serious events.
 */
import { z } from "zod";
import { checkboxField, enumField, instantField, optionalInstantField, optionalTextField } from "./fields";

// ---------------------------------------------------------------------------------------------
// Pick-lists

/** Common ketamine and group-process events; OTHER requires free text. */
export const AE_TERMS = [
  "NAUSEA",
  "VOMITING",
  "DIZZINESS",
  "DIPLOPIA",
  "DROWSINESS_SEDATION",
  "DYSPHORIA",
  "CONFUSION",
  "ELEVATED_BLOOD_PRESSURE",
  "ANXIETY",
  "HEADACHE",
  "PROLONGED_DISSOCIATION",
  "EMESIS",
  "PANIC",
  "PSYCHOLOGICAL_DISTRESS_AFTER_GROUP",
  "SUICIDAL_IDEATION",
  "OTHER",
] as const;
export type AeTerm = (typeof AE_TERMS)[number];

export const AE_TERM_LABELS: Record<AeTerm, string> = {
  NAUSEA: "Nausea",
  VOMITING: "Vomiting",
  DIZZINESS: "Dizziness",
  DIPLOPIA: "Diplopia (double vision)",
  DROWSINESS_SEDATION: "Drowsiness / sedation",
  DYSPHORIA: "Dysphoria",
  CONFUSION: "Confusion",
  ELEVATED_BLOOD_PRESSURE: "Elevated blood pressure",
  ANXIETY: "Anxiety",
  HEADACHE: "Headache",
  PROLONGED_DISSOCIATION: "Dissociation (prolonged)",
  EMESIS: "Emesis",
  PANIC: "Panic",
  PSYCHOLOGICAL_DISTRESS_AFTER_GROUP: "Psychological distress after group session",
  SUICIDAL_IDEATION: "Suicidal ideation",
  OTHER: "Other",
};

export const AE_GRADES = [1, 2, 3, 4, 5] as const;
export type AeGrade = (typeof AE_GRADES)[number];

/** CTCAE v5.0 general grade definitions (NCI, public domain). */
export const AE_GRADE_DEFINITIONS: Record<AeGrade, { name: string; definition: string }> = {
  1: {
    name: "Mild",
    definition: "Mild; asymptomatic or mild symptoms; clinical or diagnostic observations only; intervention not indicated.",
  },
  2: {
    name: "Moderate",
    definition: "Moderate; minimal, local or noninvasive intervention indicated; limiting age-appropriate instrumental ADL.",
  },
  3: {
    name: "Severe",
    definition:
      "Severe or medically significant but not immediately life-threatening; hospitalization or prolongation of hospitalization indicated; disabling; limiting self care ADL.",
  },
  4: {
    name: "Life-threatening",
    definition: "Life-threatening consequences; urgent intervention indicated.",
  },
  5: { name: "Death", definition: "Death related to AE." },
};

export const SERIOUS_CRITERIA = [
  "DEATH",
  "LIFE_THREATENING",
  "HOSPITALIZATION",
  "DISABILITY",
  "CONGENITAL_ANOMALY",
  "IMPORTANT_MEDICAL_EVENT",
] as const;
export type SeriousCriterion = (typeof SERIOUS_CRITERIA)[number];

export const SERIOUS_CRITERION_LABELS: Record<SeriousCriterion, string> = {
  DEATH: "Resulted in death",
  LIFE_THREATENING: "Life-threatening",
  HOSPITALIZATION: "Required or prolonged hospitalization",
  DISABILITY: "Persistent or significant disability/incapacity",
  CONGENITAL_ANOMALY: "Congenital anomaly/birth defect",
  IMPORTANT_MEDICAL_EVENT: "Important medical event",
};

export const RELATEDNESS = ["UNRELATED", "UNLIKELY", "POSSIBLE", "PROBABLE", "DEFINITE"] as const;
export type Relatedness = (typeof RELATEDNESS)[number];

export const RELATEDNESS_LABELS: Record<Relatedness, string> = {
  UNRELATED: "Unrelated",
  UNLIKELY: "Unlikely",
  POSSIBLE: "Possible",
  PROBABLE: "Probable",
  DEFINITE: "Definite",
};

/** Possible, probable and definite count as related (the usual binary collapse for reporting). */
export function isRelated(relatedness: Relatedness): boolean {
  return relatedness === "POSSIBLE" || relatedness === "PROBABLE" || relatedness === "DEFINITE";
}

export const AE_ACTIONS = [
  "NONE",
  "OBSERVATION_EXTENDED",
  "MEDICATION_GIVEN",
  "DOSE_STOPPED_OR_INTERRUPTED",
  "NEXT_DOSE_REDUCED",
  "FURTHER_DOSING_WITHDRAWN",
  "WITHDRAWN_FROM_PROGRAM",
  "REFERRED_FOR_CARE",
  "EMERGENCY_SERVICES",
  "OTHER",
] as const;
export type AeAction = (typeof AE_ACTIONS)[number];

export const AE_ACTION_LABELS: Record<AeAction, string> = {
  NONE: "None",
  OBSERVATION_EXTENDED: "Observation extended",
  MEDICATION_GIVEN: "Medication given",
  DOSE_STOPPED_OR_INTERRUPTED: "Dose stopped or interrupted",
  NEXT_DOSE_REDUCED: "Next dose reduced",
  FURTHER_DOSING_WITHDRAWN: "Further dosing withdrawn",
  WITHDRAWN_FROM_PROGRAM: "Withdrawn from the program",
  REFERRED_FOR_CARE: "Referred for further care",
  EMERGENCY_SERVICES: "Emergency services called",
  OTHER: "Other",
};

export const AE_OUTCOMES = ["RECOVERED", "RECOVERING", "NOT_RECOVERED", "RECOVERED_WITH_SEQUELAE", "FATAL", "UNKNOWN"] as const;
export type AeOutcome = (typeof AE_OUTCOMES)[number];

export const AE_OUTCOME_LABELS: Record<AeOutcome, string> = {
  RECOVERED: "Recovered / resolved",
  RECOVERING: "Recovering / resolving",
  NOT_RECOVERED: "Not recovered / not resolved",
  RECOVERED_WITH_SEQUELAE: "Recovered with sequelae",
  FATAL: "Fatal",
  UNKNOWN: "Unknown",
};

/** Outcomes that close an event (a serious AE stays open until one of these). */
const CLOSING_OUTCOMES: ReadonlySet<AeOutcome> = new Set(["RECOVERED", "RECOVERED_WITH_SEQUELAE", "FATAL"]);

export function isAeOpen(ae: { outcome: AeOutcome }): boolean {
  return !CLOSING_OUTCOMES.has(ae.outcome);
}

// ---------------------------------------------------------------------------------------------
// Seriousness

/** Serious if and only if at least one criterion applies. */
export function deriveSerious(criteria: readonly SeriousCriterion[] | null | undefined): boolean {
  return (criteria?.length ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------
// The form

function toArray(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The AE report form. `now` refuses onset/resolution in the future; `timeZone` (the cohort's)
 * reads wall-clock input. Multi-select criteria may arrive as one string or an array
 * (`formData.getAll("seriousCriteria")`).
 */
/** "Now" for the future checks: a fixed instant, or a clock read at each validation (a form left open for an hour). */
export type AeNow = Date | (() => Date);
const nowOf = (now: AeNow) => (typeof now === "function" ? now() : now).getTime();

export function createAdverseEventSchema(context: { now: AeNow; timeZone: string }) {
  return withAdverseEventRules(adverseEventFields(context), context);
}

/** The report's fields alone (no cross-field rules), for a form that adds its own (an intent, a version). */
export function adverseEventFields(context: { now: AeNow; timeZone: string }) {
  return z.object({
    term: enumField(AE_TERMS, "Choose the event from the list, or Other"),
    otherTerm: optionalTextField("Event description", { max: 200 }),
    description: optionalTextField("Description", { max: 5000 }),
    onsetAt: instantField("Onset", context.timeZone).refine((d) => d.getTime() <= nowOf(context.now), "Onset cannot be in the future"),
    groupSessionId: optionalTextField("Session"),
    grade: z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v === "" ? undefined : v),
      z
        .number({ error: (i) => (i.input === undefined ? "Choose a grade" : "Grade must be a number from 1 to 5") })
        .int("Grade must be a whole number from 1 to 5")
        .min(1, "Grade must be between 1 and 5")
        .max(5, "Grade must be between 1 and 5"),
    ),
    /** The "Serious" tick box; seriousness itself is derived from the criteria. */
    seriousClaimed: checkboxField(),
    seriousCriteria: z.preprocess(toArray, z.array(z.enum(SERIOUS_CRITERIA, { error: "Choose seriousness criteria from the list" }))),
    relatednessKetamine: enumField(RELATEDNESS, "Choose how related the event is to ketamine"),
    relatednessGroup: enumField(RELATEDNESS, "Choose how related the event is to the group process"),
    expected: z.preprocess(
      (v) => (v === "yes" || v === "true" || v === true ? true : v === "no" || v === "false" || v === false ? false : undefined),
      z.boolean({ error: "Answer whether the event was expected (yes or no)" }),
    ),
    action: enumField(AE_ACTIONS, "Choose the action taken"),
    actionDetails: optionalTextField("Action details", { max: 2000 }),
    outcome: enumField(AE_OUTCOMES, "Choose the outcome"),
    resolvedAt: optionalInstantField("Resolution date", context.timeZone),
  });
}

/** The cross-field rules of the report (Other needs text, grade 5 is fatal, resolution after onset …) and the derived `serious`. */
export function withAdverseEventRules<T extends ReturnType<typeof adverseEventFields>>(fields: T, context: { now: AeNow }) {
  return fields
    .superRefine((v: z.output<ReturnType<typeof adverseEventFields>>, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      const criteria: readonly SeriousCriterion[] = Array.isArray(v.seriousCriteria) ? v.seriousCriteria : [];

      if (v.term === "OTHER" && !v.otherTerm) issue("otherTerm", "Describe the event (you chose Other)");
      if (v.seriousClaimed === true && !deriveSerious(criteria)) {
        issue("seriousCriteria", "A serious event needs at least one seriousness criterion: choose one, or untick Serious");
      }

      const fatal = v.outcome === "FATAL";
      const death = criteria.includes("DEATH");
      if (v.grade === 5) {
        if (!fatal) issue("outcome", "A grade 5 event (death related to AE) must have the outcome Fatal");
        if (!death) issue("seriousCriteria", "A grade 5 event (death related to AE) must have the seriousness criterion Death");
      } else if (v.grade === 1 || v.grade === 2 || v.grade === 3 || v.grade === 4) {
        if (fatal) issue("grade", "An event with a fatal outcome is grade 5 (death related to AE)");
        if (death) issue("grade", "An event with the seriousness criterion Death is grade 5 (death related to AE)");
      }

      const onset = v.onsetAt instanceof Date && !Number.isNaN(v.onsetAt.getTime()) ? v.onsetAt : null;
      const resolved = v.resolvedAt instanceof Date ? v.resolvedAt : null;
      if (resolved) {
        if (onset && resolved.getTime() < onset.getTime()) {
          issue("resolvedAt", "Resolution date cannot be before the onset");
        }
        if (resolved.getTime() > nowOf(context.now)) issue("resolvedAt", "Resolution date cannot be in the future");
        if (v.outcome === "RECOVERING" || v.outcome === "NOT_RECOVERED") {
          issue("resolvedAt", "An event that has not resolved has no resolution date: clear it or change the outcome");
        }
      } else if (v.outcome === "RECOVERED" || v.outcome === "RECOVERED_WITH_SEQUELAE") {
        issue("resolvedAt", "Enter the resolution date for a recovered event");
      }
    })
    .transform((v) => ({ ...v, serious: deriveSerious(v.seriousCriteria) }));
}

export type AdverseEventInput = z.output<ReturnType<typeof createAdverseEventSchema>>;

// ---------------------------------------------------------------------------------------------
// The 24-hour follow-up rule

export const SERIOUS_AE_FOLLOW_UP_HOURS = 24;

export interface FollowUpStatus {
  /** Whether the rule applies (false for a non-serious event: everything else is false then). */
  required: boolean;
  /** The deadline: recorded (or became serious) + 24 h. Null when not required. */
  dueAt: Date | null;
  /** A follow-up was recorded within the window (at 24 h exactly still counts). */
  satisfied: boolean;
  /** No follow-up yet and the deadline has not passed: it is due. */
  due: boolean;
  /** No follow-up yet and the deadline has passed. */
  overdue: boolean;
  /** The first follow-up came after the deadline (kept for review; no longer "overdue"). */
  late: boolean;
  state: "not_required" | "due" | "overdue" | "satisfied" | "late";
}

/**
 * A serious AE needs a follow-up within 24 hours of being recorded. If an event was recorded as
 * non-serious and later became serious, the clock starts at `seriousSince`. Follow-ups recorded
 * before the clock started are ignored.
 */
export function followUpStatus(
  ae: { serious: boolean; recordedAt: Date; seriousSince?: Date | null },
  followUps: ReadonlyArray<{ recordedAt: Date }>,
  now: Date,
): FollowUpStatus {
  if (!ae.serious) {
    return { required: false, dueAt: null, satisfied: false, due: false, overdue: false, late: false, state: "not_required" };
  }
  const start = (ae.seriousSince ?? ae.recordedAt).getTime();
  const dueAt = new Date(start + SERIOUS_AE_FOLLOW_UP_HOURS * 3_600_000);
  const times = followUps
    .map((f) => f.recordedAt.getTime())
    .filter((t) => t >= start)
    .sort((a, b) => a - b);
  const first = times[0];
  const base = { required: true, dueAt, satisfied: false, due: false, overdue: false, late: false };
  if (first !== undefined && first <= dueAt.getTime()) return { ...base, satisfied: true, state: "satisfied" };
  if (first !== undefined) return { ...base, late: true, state: "late" };
  if (now.getTime() > dueAt.getTime()) return { ...base, overdue: true, state: "overdue" };
  return { ...base, due: true, state: "due" };
}
