// The one reader of a stored program definition (ProgramVersion.definition, JSON text).
// Every write goes through programTemplateSchema, so a stored definition normally parses
// whole; one that does not (written by an older release, or a bare "{}" in a test) is
// read section by section, each section that fails falling back to its empty default, so
// a damaged measure plan never hides a valid pre-dose checklist. Definitions of a version
// never change, so results are memoised by their text.
import { z } from "zod";
import { DEFAULT_SAFETY_THRESHOLDS } from "./seedTemplates";
import {
  contraindicationItemSchema,
  doseRangesSchema,
  measureTimepointSchema,
  preDoseCheckItemSchema,
  programEligibilitySchema,
  programTemplateSchema,
  safetyThresholdsSchema,
  sessionPlanItemSchema,
} from "./templateSchema";
import type { ProgramTemplate } from "./types";

export type ProgramDefinition = ProgramTemplate & {
  /** True when the whole stored text passed the program schema (only then may it seed new cohorts). */
  valid: boolean;
};

const MEMO_LIMIT = 256;
const memo = new Map<string, ProgramDefinition>();

function section<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

function read(json: string): ProgramDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const whole = programTemplateSchema.safeParse(raw);
  if (whole.success) return { ...whole.data, valid: true };
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  return {
    valid: false,
    name: typeof r.name === "string" ? r.name : "",
    description: typeof r.description === "string" ? r.description : "",
    defaultCapacity: typeof r.defaultCapacity === "number" ? r.defaultCapacity : 0,
    sessionPlan: section(z.array(sessionPlanItemSchema), r.sessionPlan, []),
    measurePlan: section(z.array(measureTimepointSchema), r.measurePlan, []),
    eligibility: section(programEligibilitySchema.nullable(), r.eligibility ?? null, null),
    contraindicationChecklist: section(z.array(contraindicationItemSchema), r.contraindicationChecklist, []),
    preDoseChecklist: section(z.array(preDoseCheckItemSchema), r.preDoseChecklist, []),
    safetyThresholds: section(safetyThresholdsSchema, r.safetyThresholds, DEFAULT_SAFETY_THRESHOLDS),
    // A damaged range section reads as no ranges: the board then checks nothing rather than guessing.
    doseRanges: section(doseRangesSchema.optional(), r.doseRanges, undefined),
  };
}

/** The stored definition for generating sessions or editing: throws when the stored text is not a valid program. */
export function readValidProgramDefinition(json: string): ProgramTemplate {
  const { valid, ...template } = readProgramDefinition(json);
  if (!valid)
    throw new Error(
      "This program version's stored definition does not pass the program schema; open the program editor and save it again.",
    );
  return template;
}

/** The stored definition, typed and checked. Treat the result as read-only (it is shared). */
export function readProgramDefinition(json: string): ProgramDefinition {
  let def = memo.get(json);
  if (!def) {
    def = read(json);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(json, def);
  }
  return def;
}
