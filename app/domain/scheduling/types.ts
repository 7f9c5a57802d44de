/**
 * Program templates: the protocol a coordinator builds once and then runs as
 * many cohorts. Pure data types plus the eligibility-rule language and its
 * evaluator. No Prisma, no Remix: templates are stored as JSON (validated by
 * `programTemplateSchema`) and expanded into concrete sessions by `expand.ts`.
 */

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

/** A comparison of one scale (subscale) score with a threshold. */
export interface EligibilityCondition {
  /** Scale / subscale key of the program's eligibility instrument, e.g. "EX". */
  scale: string;
  op: ComparisonOp;
  value: number;
  /**
   * 'sum' compares the integer raw sum (exact, no floating point surprises);
   * 'mean' compares the item mean as published in most papers.
   */
  on: "sum" | "mean";
}

export type EligibilityRule = { all: EligibilityRule[] } | { any: EligibilityRule[] } | EligibilityCondition;

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

/** "≥1 CLINICIAN and ≥2 FACILITATOR"; "no staff requirement" for an empty mix. */
export function describeStaffMix(mix: StaffMix): string {
  const parts = STAFF_ROLES.filter((role) => (mix[role] ?? 0) > 0).map((role) => `≥${mix[role]} ${role}`);
  return parts.length ? parts.join(" and ") : "no staff requirement";
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
/* Eligibility rules                                                         */
/* ------------------------------------------------------------------------ */

export function isCondition(rule: EligibilityRule): rule is EligibilityCondition {
  return "scale" in rule;
}

const OP_SYMBOL: Record<ComparisonOp, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<" };

function describeCondition(c: EligibilityCondition): string {
  return `${c.scale} ${c.on} ${OP_SYMBOL[c.op]} ${c.value}`;
}

/**
 * Human-readable rule, e.g. "EX sum ≥ 24 AND (CY sum ≥ 19 OR PE sum ≤ 25)".
 * Nested groups are parenthesised; a group with one member is printed bare.
 */
export function describeRule(rule: EligibilityRule): string {
  return describeNode(rule, true);
}

function describeNode(rule: EligibilityRule, top: boolean): string {
  if (isCondition(rule)) return describeCondition(rule);
  const [members, joiner] = "all" in rule ? [rule.all, " AND "] : [rule.any, " OR "];
  if (members.length === 1) return describeNode(members[0], top);
  const text = members.map((m) => describeNode(m, false)).join(joiner);
  return top ? text : `(${text})`;
}

/**
 * Scores of one scale. `sum` is the raw integer sum of the items; `mean` the
 * item mean. When only sum and itemCount are known the mean is derived.
 */
export interface ScaleScore {
  sum?: number | null;
  mean?: number | null;
  itemCount?: number;
}

export interface EligibilityResult {
  eligible: boolean;
  /**
   * Why: the comparisons that decided the outcome, e.g.
   * "EX sum is 20; needs ≥ 24". When scores are missing, says which.
   */
  reasons: string[];
  /** Scales the rule needed but that had no usable score; non-empty ⇒ not eligible. */
  missingScales: string[];
}

type Truth = "true" | "false" | "unknown";

function compare(a: number, op: ComparisonOp, b: number): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
  }
}

function scoreFor(c: EligibilityCondition, scores: Readonly<Record<string, ScaleScore | undefined>>) {
  const s = scores[c.scale];
  if (!s) return null;
  if (c.on === "sum") return typeof s.sum === "number" && Number.isFinite(s.sum) ? s.sum : null;
  if (typeof s.mean === "number" && Number.isFinite(s.mean)) return s.mean;
  if (typeof s.sum === "number" && s.itemCount && s.itemCount > 0) return s.sum / s.itemCount;
  return null;
}

function formatScore(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * Evaluates a rule with three-valued logic: a missing score makes its
 * comparison "unknown"; `any` is satisfied by one met branch even if another
 * is unknown, `all` fails on one unmet branch even if another is unknown.
 * Anything still unknown at the top is reported as not eligible with the
 * missing scales listed, so screening can ask for the missing data.
 */
export function evaluateEligibility(
  rule: EligibilityRule,
  scoresByScale: Readonly<Record<string, ScaleScore | undefined>>,
): EligibilityResult {
  const missing = new Set<string>();

  const evaluate = (node: EligibilityRule): { truth: Truth; reasons: string[] } => {
    if (isCondition(node)) {
      const score = scoreFor(node, scoresByScale);
      const need = `${OP_SYMBOL[node.op]} ${node.value}`;
      if (score === null) {
        missing.add(node.scale);
        return { truth: "unknown", reasons: [`No ${node.scale} ${node.on} available (needs ${need})`] };
      }
      const met = compare(score, node.op, node.value);
      return {
        truth: met ? "true" : "false",
        reasons: [`${node.scale} ${node.on} is ${formatScore(score)}; ${met ? "meets" : "needs"} ${need}`],
      };
    }
    const isAll = "all" in node;
    const children = (isAll ? node.all : node.any).map(evaluate);
    const decisive: Truth = isAll ? "false" : "true";
    const decided = children.filter((c) => c.truth === decisive);
    if (decided.length) return { truth: decisive, reasons: decided.flatMap((c) => c.reasons) };
    const unknown = children.filter((c) => c.truth === "unknown");
    if (unknown.length) return { truth: "unknown", reasons: unknown.flatMap((c) => c.reasons) };
    return { truth: isAll ? "true" : "false", reasons: children.flatMap((c) => c.reasons) };
  };

  const { truth, reasons } = evaluate(rule);
  return {
    eligible: truth === "true",
    reasons,
    missingScales: truth === "unknown" ? [...missing] : [],
  };
}
