/**
 * zod schema for a whole program template. Used twice: by the template editor
 * (field-level messages for a coordinator) and when reading the template JSON
 * back from the database (`parseProgramTemplate`).
 */
import { z } from "zod";
import { DATE_RANGE_TEXT, isValidLocalDate, isValidLocalTime, isValidTimeZone } from "./localTime";
import {
  COMPARISON_OPS,
  DOSING_ROUTES,
  SESSION_KINDS,
  STAFF_ROLES,
  type EligibilityCondition,
  type EligibilityRule,
  type ProgramTemplate,
  type StaffMix,
} from "./types";

export const TEMPLATE_LIMITS = {
  /** Seats per cohort. 1 allows individual programs; 60 is far above any group we know of (~6–12). */
  capacityMin: 1,
  capacityMax: 60,
  dayOffsetMax: 730,
  durationMin: 15,
  durationMax: 720,
  staffMin: 0,
  staffMax: 20,
  sessionsMax: 100,
  timepointsMax: 50,
  timepointOffsetMaxAbs: 730,
  windowDaysMax: 365,
} as const;

export const TIMEPOINT_KEY_RE = /^[a-z][a-z0-9_]*$/;
export const CHECKLIST_KEY_RE = /^[a-z][a-z0-9_]*$/;
export const INSTRUMENT_CODE_RE = /^[A-Z][A-Z0-9_]*$/;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` });

const int = (label: string, min: number, max: number, unit = "") =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be between ${min} and ${max}${unit}` })
    .max(max, { error: `${label} must be between ${min} and ${max}${unit}` });

/** "HH:MM", 24-hour. */
export const localTimeSchema = z
  .string({ error: "Start time must be HH:MM (24-hour)" })
  .refine(isValidLocalTime, { error: "Start time must be HH:MM (24-hour)" });

/** "YYYY-MM-DD" naming a real day. */
export const localDateSchema = z.string({ error: "Date is required (YYYY-MM-DD)" }).superRefine((value, ctx) => {
  const empty = value.trim() === "";
  if (isValidLocalDate(value)) return;
  ctx.addIssue({
    code: "custom",
    message: empty ? "Date is required (YYYY-MM-DD)" : `Enter a real date ${DATE_RANGE_TEXT} (YYYY-MM-DD); this one does not exist`,
  });
});

export const timeZoneSchema = z
  .string({ error: "Time zone is required" })
  .trim()
  .refine(isValidTimeZone, {
    error: (issue) => `Unknown time zone "${String(issue.input)}". Use an IANA name such as America/Denver or Europe/Berlin`,
  });

export const capacitySchema = int("Capacity", TEMPLATE_LIMITS.capacityMin, TEMPLATE_LIMITS.capacityMax, " seats");

const STAFF_ROLE_SET: ReadonlySet<string> = new Set(STAFF_ROLES);

export const staffMixSchema = z
  .record(z.string(), int("Staff minimum", TEMPLATE_LIMITS.staffMin, TEMPLATE_LIMITS.staffMax))
  .superRefine((mix, ctx) => {
    for (const role of Object.keys(mix)) {
      if (!STAFF_ROLE_SET.has(role)) {
        ctx.addIssue({ code: "custom", message: `Staff role must be one of ${STAFF_ROLES.join(", ")}`, path: [role] });
      }
    }
  })
  .transform((mix) => mix as StaffMix)
  .default({});

export const sessionPlanItemSchema = z
  .strictObject({
    kind: z.enum(SESSION_KINDS, { error: `Session kind must be one of ${SESSION_KINDS.join(", ")}` }),
    title: text("Session title", 120),
    description: z.string().trim().max(2000).optional(),
    dayOffset: int("Day offset", 0, TEMPLATE_LIMITS.dayOffsetMax, " days after the cohort start"),
    startTime: localTimeSchema,
    durationMinutes: int("Duration", TEMPLATE_LIMITS.durationMin, TEMPLATE_LIMITS.durationMax, " minutes"),
    requiredStaff: staffMixSchema,
    route: z.enum(DOSING_ROUTES, { error: `Route must be one of ${DOSING_ROUTES.join(", ")}` }).optional(),
  })
  .refine((item) => item.route === undefined || item.kind === "DOSING", {
    error: "Only dosing sessions have a route",
    path: ["route"],
  });

const anchorSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("COHORT_START") }),
    z.strictObject({
      type: z.literal("SESSION"),
      sessionIndex: z
        .number({ error: "Choose the session the timepoint is anchored to" })
        .int({ error: "Session index must be a whole number" })
        .min(0, { error: "Session index must be 0 or more" }),
    }),
    z.strictObject({ type: z.literal("LAST_SESSION") }),
  ],
  { error: "Anchor must be COHORT_START, SESSION or LAST_SESSION" },
);

export const measureTimepointSchema = z.strictObject({
  key: z
    .string({ error: "Timepoint key is required" })
    .regex(TIMEPOINT_KEY_RE, {
      error: "Timepoint key must start with a lowercase letter and use only a–z, 0–9 and _ (e.g. followup_2w)",
    })
    .max(40, { error: "Timepoint key must be at most 40 characters" }),
  label: text("Timepoint label", 120),
  instruments: z
    .array(z.string().regex(INSTRUMENT_CODE_RE, { error: "Instrument codes are upper-case, e.g. PHQ9 or MBI_GS" }))
    .min(1, { error: "Choose at least one instrument" })
    .refine((codes) => new Set(codes).size === codes.length, { error: "An instrument is listed twice" }),
  anchor: anchorSchema,
  offsetDays: int("Offset", -TEMPLATE_LIMITS.timepointOffsetMaxAbs, TEMPLATE_LIMITS.timepointOffsetMaxAbs, " days"),
  windowDays: int("Completion window", 0, TEMPLATE_LIMITS.windowDaysMax, " days"),
});

const conditionSchema: z.ZodType<EligibilityCondition> = z
  .strictObject({
    scale: z
      .string({ error: "Rule needs a scale, e.g. EX" })
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: "Scale must be a subscale key such as EX" }),
    op: z.enum(COMPARISON_OPS, { error: "Comparison must be one of >=, <=, >, <" }),
    value: z.number({ error: "Threshold must be a number" }).refine(Number.isFinite, {
      error: "Threshold must be a number",
    }),
    on: z.enum(["sum", "mean"], { error: 'Rule must compare on "sum" or "mean"' }),
  })
  .refine((c) => c.on !== "sum" || Number.isInteger(c.value), {
    error: "A threshold on a sum must be a whole number (sums of items are integers)",
    path: ["value"],
  });

const allSchema: z.ZodType<{ all: EligibilityRule[] }> = z.lazy(() =>
  z.strictObject({ all: z.array(eligibilityRuleSchema).min(1, { error: "An AND group needs at least one rule" }) }),
);
const anySchema: z.ZodType<{ any: EligibilityRule[] }> = z.lazy(() =>
  z.strictObject({ any: z.array(eligibilityRuleSchema).min(1, { error: "An OR group needs at least one rule" }) }),
);

/**
 * Recursive rule: {all:[…]} | {any:[…]} | {scale, op, value, on}. We pick the
 * branch from the object's keys instead of using z.union so that a mistake
 * deep in the tree gets its own message and path instead of "Invalid input".
 */
export const eligibilityRuleSchema: z.ZodType<EligibilityRule> = z.unknown().transform((input, ctx): EligibilityRule => {
  const obj = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const branch: z.ZodType<EligibilityRule> = "all" in obj ? allSchema : "any" in obj ? anySchema : conditionSchema;
  const result = branch.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
  }
  return z.NEVER;
});

/** Groups inside groups beyond this are refused: no real rule needs them, and validating
 * a rule is recursive (a JSON rule nested 1,000 deep used to overflow the stack). */
export const MAX_ELIGIBILITY_NESTING = 10;

/** How deeply objects nest in a parsed JSON value, counted without recursion. */
export function objectNesting(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    const here = Array.isArray(v) ? depth : depth + 1;
    deepest = Math.max(deepest, here);
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

export const programEligibilitySchema = z
  .unknown()
  .superRefine((v, ctx) => {
    // The rule sits one level below the eligibility object itself.
    if (objectNesting(v, MAX_ELIGIBILITY_NESTING + 1) > MAX_ELIGIBILITY_NESTING + 1) {
      ctx.addIssue({
        code: "custom",
        message: `The eligibility rule nests groups too deeply (at most ${MAX_ELIGIBILITY_NESTING} levels)`,
        path: ["rule"],
      });
    }
  })
  .pipe(
    z.strictObject({
      instrument: z.string().regex(INSTRUMENT_CODE_RE, { error: "Instrument codes are upper-case, e.g. MBI_GS" }),
      rule: eligibilityRuleSchema,
      note: z.string().trim().max(2000).optional(),
    }),
  );

const checklistKey = z
  .string({ error: "Checklist key is required" })
  .regex(CHECKLIST_KEY_RE, { error: "Checklist key must be lowercase letters, digits and _" });

export const contraindicationItemSchema = z.strictObject({
  key: checklistKey,
  label: text("Checklist item", 300),
  severity: z.enum(["ABSOLUTE", "RELATIVE"], { error: "Severity must be ABSOLUTE or RELATIVE" }),
});

export const preDoseCheckItemSchema = z.strictObject({
  key: checklistKey,
  label: text("Checklist item", 300),
});

const uniqueKeys = (what: string) => (items: ReadonlyArray<{ key: string }>, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.key)) {
      ctx.addIssue({ code: "custom", message: `${what} key "${item.key}" is used twice`, path: [i, "key"] });
    }
    seen.add(item.key);
  });
};

export const safetyThresholdsSchema = z
  .strictObject({
    preDoseSystolicMax: int("Systolic limit", 90, 220, " mmHg"),
    preDoseDiastolicMax: int("Diastolic limit", 50, 130, " mmHg"),
    preDoseHeartRateMax: int("Heart-rate limit", 60, 180, " bpm").optional(),
    preDoseSpo2Min: int("SpO2 minimum", 80, 100, " %").optional(),
    minMonitoringMinutes: int("Monitoring time", 0, 720, " minutes"),
  })
  .refine((t) => t.preDoseDiastolicMax < t.preDoseSystolicMax, {
    error: "The diastolic limit must be lower than the systolic limit",
    path: ["preDoseDiastolicMax"],
  });

export const DOSE_RANGE_LIMIT_MG_PER_KG = 50;

const mgPerKg = (label: string) =>
  z
    .number({ error: `${label} must be a number (mg/kg)` })
    .refine(Number.isFinite, { error: `${label} must be a number (mg/kg)` })
    .refine((v) => v > 0, { error: `${label} must be more than 0 mg/kg` })
    .refine((v) => v <= DOSE_RANGE_LIMIT_MG_PER_KG, { error: `${label} must be at most ${DOSE_RANGE_LIMIT_MG_PER_KG} mg/kg` });

export const doseRangeSchema = z
  .strictObject({ min: mgPerKg("The lowest dose"), max: mgPerKg("The highest dose") })
  .refine((r) => r.min < r.max, { error: "The highest dose must be above the lowest dose", path: ["max"] });

/** mg/kg per route (IM 0.5–1.0, sublingual 1–4, …); a route left out has no range. */
export const doseRangesSchema = z.partialRecord(
  z.enum(DOSING_ROUTES, { error: `Route must be one of ${DOSING_ROUTES.join(", ")}` }),
  doseRangeSchema,
);

export const programTemplateSchema = z
  .strictObject({
    name: text("Program name", 120),
    description: z.string().trim().max(4000, { error: "Description must be at most 4000 characters" }).default(""),
    defaultCapacity: capacitySchema,
    sessionPlan: z
      .array(sessionPlanItemSchema)
      .min(1, { error: "A program needs at least one session" })
      .max(TEMPLATE_LIMITS.sessionsMax, { error: `A program can have at most ${TEMPLATE_LIMITS.sessionsMax} sessions` }),
    measurePlan: z
      .array(measureTimepointSchema)
      .max(TEMPLATE_LIMITS.timepointsMax, { error: `At most ${TEMPLATE_LIMITS.timepointsMax} timepoints` })
      .superRefine(uniqueKeys("Timepoint"))
      .default([]),
    eligibility: programEligibilitySchema.nullable().default(null),
    contraindicationChecklist: z.array(contraindicationItemSchema).superRefine(uniqueKeys("Checklist")).default([]),
    preDoseChecklist: z.array(preDoseCheckItemSchema).superRefine(uniqueKeys("Checklist")).default([]),
    safetyThresholds: safetyThresholdsSchema,
    doseRanges: doseRangesSchema.optional(),
  })
  .superRefine((t, ctx) => {
    // Sessions are listed in the order they happen: "session 3" must mean the third meeting.
    for (let i = 1; i < t.sessionPlan.length; i++) {
      const prev = t.sessionPlan[i - 1];
      const cur = t.sessionPlan[i];
      if (cur.dayOffset < prev.dayOffset || (cur.dayOffset === prev.dayOffset && cur.startTime < prev.startTime)) {
        ctx.addIssue({
          code: "custom",
          message: `Sessions must be in chronological order: session ${i + 1} starts before session ${i}`,
          path: ["sessionPlan", i, "dayOffset"],
        });
      }
    }
    t.measurePlan.forEach((tp, i) => {
      if (tp.anchor.type === "SESSION" && tp.anchor.sessionIndex >= t.sessionPlan.length) {
        ctx.addIssue({
          code: "custom",
          message: `Timepoint "${tp.key}" is anchored to session ${tp.anchor.sessionIndex + 1}, but the plan has ${t.sessionPlan.length} sessions`,
          path: ["measurePlan", i, "anchor", "sessionIndex"],
        });
      }
    });
  });

export type ProgramTemplateInput = z.input<typeof programTemplateSchema>;

// Compile-time guarantee that what the schema produces is a ProgramTemplate.

type Assert<T extends true> = T;
type _SchemaMatchesType = Assert<z.output<typeof programTemplateSchema> extends ProgramTemplate ? true : false>;

/** Reads template JSON from the database; throws a ZodError when it is not a valid template. */
export function parseProgramTemplate(json: unknown): ProgramTemplate {
  return programTemplateSchema.parse(json);
}
