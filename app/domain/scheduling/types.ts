/**
 * Program templates: the protocol a coordinator builds once and then runs as
 * many cohorts. Pure data types (the eligibility-rule language and its one evaluator
 * are in app/domain/instruments/eligibility.ts). No Prisma, no Remix: templates are stored as JSON (validated by
 * `programTemplateSchema`) and expanded into concrete sessions by `expand.ts`.
 */
import { describeScaleRule, isScaleCutoff, type ScaleCutoff, type ScaleRule } from "../instruments/eligibility";

export const SESSION_KINDS = ["SCREENING", "PREPARATION", "DOSING", "INTEGRATION", "FOLLOW_UP"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  SCREENING: "Screening / intake",
  PREPARATION: "Preparation group",
  DOSING: "Dosing session",
  INTEGRATION: "Integration circle",
  FOLLOW_UP: "Follow-up",
};

/**
 * Roles a person can hold *in a session*. Clinician = prescriber or nurse
 * (medical staff); facilitator = therapist / guide; coordinator = logistics.
 * App-level roles (admin, analyst) never staff a session, so they are not here.
 */
export const STAFF_ROLES = ["CLINICIAN", "FACILITATOR", "COORDINATOR"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Minimum head count per role, e.g. { CLINICIAN: 1, FACILITATOR: 2 }. Absent role = 0. */
export type StaffMix = Partial<Record<StaffRole, number>>;

export const DOSING_ROUTES = ["IM", "IV", "SUBLINGUAL", "SUBCUTANEOUS", "INTRANASAL"] as const;
export type DosingRoute = (typeof DOSING_ROUTES)[number];

/** One planned meeting of the protocol. Its position in `sessionPlan` is its index. */
export interface SessionPlanItem {
  kind: SessionKind;
  title: string;
  description?: string;
  /** Whole days after the cohort start date (0 = the start date itself). */
  dayOffset: number;
  /** Local wall-clock start, "HH:MM" 24-hour, in the cohort's time zone. */
  startTime: string;
  durationMinutes: number;
  requiredStaff: StaffMix;
  /** Planned ketamine route; only meaningful (and only allowed) on DOSING items. */
  route?: DosingRoute;
}

/**
 * What a measurement timepoint is anchored to.
 * `sessionIndex` is the 0-based index into the template's `sessionPlan`.
 * LAST_SESSION is the last non-cancelled session of the concrete cohort
 * (so it follows added/cancelled sessions, unlike SESSION).
 */
export type TimepointAnchor = { type: "COHORT_START" } | { type: "SESSION"; sessionIndex: number } | { type: "LAST_SESSION" };

export interface MeasureTimepoint {
  /** Stable key used in the database and in reports, e.g. "baseline", "followup_2w". */
  key: string;
  label: string;
  /** Instrument codes as defined by app/domain/instruments (e.g. "PHQ9", "MBI_GS"). */
  instruments: string[];
  anchor: TimepointAnchor;
  /** Days after (negative: before) the anchor's local date. This is the due date. */
  offsetDays: number;
  /** The window opens on the due date and stays open this many further days. */
  windowDays: number;
}

export const COMPARISON_OPS = [">=", "<=", ">", "<"] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/**
 * A comparison of one scale (subscale) score with a threshold, and the AND/OR tree of
 * them. The language and its one evaluator live in app/domain/instruments/eligibility.ts
 * (exact integer arithmetic, shared by screening and reports); these are its names here.
 */
export type EligibilityCondition = ScaleCutoff;
export type EligibilityRule = ScaleRule;

export interface ProgramEligibility {
  /** Instrument whose subscale scores the rule reads, e.g. "MBI_GS". */
  instrument: string;
  rule: EligibilityRule;
  /** Free-text note for coordinators (e.g. the published mean form of the rule). */
  note?: string;
}

export interface ContraindicationItem {
  key: string;
  label: string;
  /** ABSOLUTE excludes the participant; RELATIVE needs a clinician's written review. */
  severity: "ABSOLUTE" | "RELATIVE";
}

export interface PreDoseCheckItem {
  key: string;
  label: string;
}

/** Per-program safety settings read by app/domain/safety. */
export interface SafetyThresholds {
  /** Pre-dose gate: dosing is blocked above these unless a clinician overrides with a reason. */
  preDoseSystolicMax: number;
  preDoseDiastolicMax: number;
  preDoseHeartRateMax?: number;
  preDoseSpo2Min?: number;
  /** Minimum observation time after dosing before discharge. */
  minMonitoringMinutes: number;
}

/** The program's dose range for one route in mg/kg, both ends allowed (min < max, both positive). */
export interface DoseRange {
  min: number;
  max: number;
}

/** Dose ranges by route; a route without one has no range check. */
export type DoseRangesByRoute = Partial<Record<DosingRoute, DoseRange>>;

export interface ProgramTemplate {
  name: string;
  description: string;
  /** Seats per cohort; 1–60 (see templateSchema). */
  defaultCapacity: number;
  sessionPlan: SessionPlanItem[];
  measurePlan: MeasureTimepoint[];
  eligibility: ProgramEligibility | null;
  contraindicationChecklist: ContraindicationItem[];
  preDoseChecklist: PreDoseCheckItem[];
  safetyThresholds: SafetyThresholds;
  /** mg/kg per route: outside it a dose is refused unless a prescriber overrides with a reason. */
  doseRanges?: DoseRangesByRoute;
}

/* ------------------------------------------------------------------------ */
/* Staff mix                                                                 */
/* ------------------------------------------------------------------------ */

/** The words for a staff role in sentences: "1 clinician", "2 facilitators". */
const STAFF_ROLE_NOUNS: Record<StaffRole, [one: string, many: string]> = {
  CLINICIAN: ["clinician", "clinicians"],
  FACILITATOR: ["facilitator", "facilitators"],
  COORDINATOR: ["coordinator", "coordinators"],
};

/** "1 clinician", "2 facilitators". */
export function countStaff(role: StaffRole, n: number): string {
  return `${n} ${STAFF_ROLE_NOUNS[role][n === 1 ? 0 : 1]}`;
}

/** "at least 1 clinician and 2 facilitators"; "no staff requirement" for an empty mix. */
export function describeStaffMix(mix: StaffMix): string {
  const parts = STAFF_ROLES.filter((role) => (mix[role] ?? 0) > 0).map((role) => countStaff(role, mix[role] ?? 0));
  return parts.length ? `at least ${parts.join(" and ")}` : "no staff requirement";
}

export interface StaffShortfall {
  role: StaffRole;
  required: number;
  assigned: number;
}

/**
 * Compares assigned staff with a required mix. A person counts once, under the
 * first role they are listed with in this session (one person cannot be both
 * the clinician and one of the two facilitators).
 */
export function checkStaffMix(
  mix: StaffMix,
  staff: ReadonlyArray<{ userId: string; role: StaffRole }>,
): { met: boolean; shortfalls: StaffShortfall[] } {
  const roleOfUser = new Map<string, StaffRole>();
  for (const s of staff) if (!roleOfUser.has(s.userId)) roleOfUser.set(s.userId, s.role);
  const counts = new Map<StaffRole, number>();
  for (const role of roleOfUser.values()) counts.set(role, (counts.get(role) ?? 0) + 1);
  const shortfalls: StaffShortfall[] = [];
  for (const role of STAFF_ROLES) {
    const required = mix[role] ?? 0;
    const assigned = counts.get(role) ?? 0;
    if (assigned < required) shortfalls.push({ role, required, assigned });
  }
  return { met: shortfalls.length === 0, shortfalls };
}

/* ------------------------------------------------------------------------ */
/* Eligibility rules: see app/domain/instruments/eligibility.ts                */
/* ------------------------------------------------------------------------ */

export const isCondition = isScaleCutoff;

/** Human-readable rule, e.g. "EX sum ≥ 24 AND (CY sum ≥ 19 OR PE sum ≤ 25)". */
export const describeRule = describeScaleRule;
