// Program templates: the editor (new program, save as new version) and the copy form.
// The editor's fields follow the template's paths ("sessionPlan[2].startTime"), and the
// schema hands the nested strings to the domain's programTemplateSchema, so its messages
// (and their paths) are the ones a coordinator sees, in the browser and from the server.
import { z } from "zod";
import { DOSING_ROUTES, programTemplateSchema, type ContraindicationItem, type ProgramTemplate } from "~/domain/scheduling";
import {
  builderFromEligibility,
  builderFromForm,
  builderPathOfRuleIssue,
  eligibilityFromBuilder,
  emptyBuilder,
  type BuilderIssue,
  type BuilderValues,
} from "./eligibilityBuilder";

/* ----------------------------------------------------------------------------------
 * What the browser sends, read leniently (the template schema judges the values).
 */

type Raw = Record<string, unknown>;

/** A text field: the first value when a name repeats, "" when absent. */
const str = (v: unknown): string => (typeof v === "string" ? v : Array.isArray(v) ? str(v[0]) : "");

/** A number field: undefined when empty, the number, or the text itself (so the schema says "must be a number"). */
const num = (v: unknown) => {
  const s = str(v);
  if (s.trim() === "") return undefined;
  const n = Number(s);
  return Number.isNaN(n) ? s : n;
};

const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});

/**
 * Rows of a table, in order, renumbered 0..n-1. Rows arrive as an array
 * ("sessionPlan[2].title") or as an object keyed by index ("sessionPlan.2.title").
 */
function rows(v: unknown): Raw[] {
  const list = Array.isArray(v)
    ? v
    : Object.entries(obj(v))
        .filter(([k]) => /^\d+$/.test(k))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, row]) => row);
  return list.filter((row) => row !== undefined && row !== null).map(obj);
}

/** A checklist key made from a label ("Uncontrolled hypertension" -> "uncontrolled_hypertension"), not one of `taken`. */
export function checklistKeyFromLabel(label: string, taken: ReadonlySet<string>): string {
  let base = label
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  if (!/^[a-z]/.test(base)) base = `item_${base}`.replace(/_+$/, "");
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}

/** checklistKeyFromLabel, then that key is taken (the next new item gets another). */
function takeKeyFromLabel(label: string, taken: Set<string>): string {
  const key = checklistKeyFromLabel(label, taken);
  taken.add(key);
  return key;
}

/**
 * Contraindication rows (label, severity and, for a saved item, its hidden key). A new row
 * gets a key made from its label; a saved item keeps its key, so screening answers recorded
 * against it still match.
 */
function contraindicationsFromRows(list: Raw[]) {
  const taken = new Set(list.map((r) => str(r.key).trim()).filter(Boolean));
  return list.map((row) => {
    const label = str(row.label).trim();
    const key = str(row.key).trim() || takeKeyFromLabel(label, taken);
    return { key, label, severity: str(row.severity) };
  });
}

/**
 * Lines "key | label | SEVERITY" (severity only for contraindications). A line without "|" is
 * a new item's wording alone: its key is made from it (checklistKeyFromLabel), not one of the
 * other lines' keys, so nobody has to invent one; a saved item's line keeps its key.
 */
function checklistFromText(text: string, withSeverity: boolean) {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const taken = new Set(lines.filter((l) => l.includes("|")).map((l) => l.split("|")[0].trim()));
  return lines.map((line) => {
    const [key, label = "", severity = "ABSOLUTE"] = line.includes("|")
      ? line.split("|").map((p) => p.trim())
      : [takeKeyFromLabel(line, taken), line];
    return withSeverity ? { key, label, severity: severity.toUpperCase() } : { key, label };
  });
}

const STAFF_FIELDS = ["CLINICIAN", "FACILITATOR", "COORDINATOR"] as const;
const SAFETY_FIELDS = [
  "preDoseSystolicMax",
  "preDoseDiastolicMax",
  "preDoseHeartRateMax",
  "preDoseSpo2Min",
  "minMonitoringMinutes",
] as const;

/**
 * Where the eligibility comes from: the builder's rows ("builder"), or the JSON box of
 * "Import or export the rule as JSON" ("json"). A form without the choice (an older page,
 * a script) sends the stored form, JSON.
 */
export const ELIGIBILITY_SOURCES = ["builder", "json"] as const;

/** The editor's fields as a template-shaped object, plus the message when the eligibility text is not JSON. */
function templateFromEditor(form: Raw): { template: Raw; eligibilityError?: string; builderIssues: BuilderIssue[]; fromBuilder: boolean } {
  const sessionPlan = rows(form.sessionPlan).map((row) => {
    const staff = obj(row.requiredStaff);
    const requiredStaff: Raw = {};
    for (const role of STAFF_FIELDS) {
      const v = num(staff[role]);
      if (v !== undefined && v !== 0) requiredStaff[role] = v;
    }
    const route = str(row.route);
    const description = str(row.description).trim();
    return {
      kind: str(row.kind),
      title: str(row.title),
      ...(description ? { description } : {}),
      dayOffset: num(row.dayOffset),
      startTime: str(row.startTime),
      durationMinutes: num(row.durationMinutes),
      requiredStaff,
      ...(route ? { route } : {}),
    };
  });
  const measurePlan = rows(form.measurePlan).map((row) => {
    const anchor = str(row.anchor);
    return {
      key: str(row.key).trim(),
      label: str(row.label),
      instruments: str(row.instruments)
        .split(/[,\s]+/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
      anchor: anchor.startsWith("SESSION:")
        ? { type: "SESSION", sessionIndex: Number(anchor.slice(8)) }
        : { type: anchor || "COHORT_START" },
      offsetDays: num(row.offsetDays),
      windowDays: num(row.windowDays),
    };
  });
  let eligibility: unknown = null;
  let eligibilityError: string | undefined;
  let builderIssues: BuilderIssue[] = [];
  const fromBuilder = str(form.eligibilitySource) === "builder";
  const eligibilityText = str(form.eligibility).trim();
  if (fromBuilder) {
    const built = eligibilityFromBuilder(builderFromForm(form.eligibilityRule));
    eligibility = built.eligibility;
    builderIssues = built.issues;
  } else if (eligibilityText) {
    try {
      eligibility = JSON.parse(eligibilityText);
    } catch (e) {
      eligibilityError = `The eligibility rule is not valid JSON: ${(e as Error).message}`;
    }
  }
  const thresholds = obj(form.safetyThresholds);
  const safetyThresholds: Raw = {};
  for (const k of SAFETY_FIELDS) {
    const v = num(thresholds[k]);
    if (v !== undefined) safetyThresholds[k] = v;
  }
  // A route whose two boxes are empty has no range; one box filled is judged (and refused) by the schema.
  const ranges = obj(form.doseRanges);
  const doseRanges: Raw = {};
  for (const route of DOSING_ROUTES) {
    const row = obj(ranges[route]);
    const min = num(row.min);
    const max = num(row.max);
    if (min !== undefined || max !== undefined) doseRanges[route] = { min, max };
  }
  return {
    template: {
      name: str(form.name),
      description: str(form.description),
      defaultCapacity: num(form.defaultCapacity),
      sessionPlan,
      measurePlan,
      eligibility,
      // Rows from the editor; lines of text from a form that still sends them.
      contraindicationChecklist:
        typeof form.contraindicationChecklist === "string"
          ? checklistFromText(form.contraindicationChecklist, true)
          : contraindicationsFromRows(rows(form.contraindicationChecklist)),
      preDoseChecklist: checklistFromText(str(form.preDoseChecklist), false),
      safetyThresholds,
      ...(Object.keys(doseRanges).length ? { doseRanges } : {}),
    },
    eligibilityError,
    builderIssues,
    fromBuilder,
  };
}

/**
 * The program editor (new program, save as new version): the editor's strings in, a
 * ProgramTemplate out. Every message of the template schema keeps its path, so it shows
 * next to its field; text in the eligibility box that is not JSON is a message on
 * `eligibility`, reported together with everything else that is wrong.
 */
export const programEditorSchema = z
  .looseObject({ intent: z.literal("save", { error: "Reload the page and try again: the form did not say what to save." }) })
  .transform((form, ctx): ProgramTemplate => {
    const { template, eligibilityError, builderIssues, fromBuilder } = templateFromEditor(form);
    if (eligibilityError) ctx.addIssue({ code: "custom", message: eligibilityError, path: ["eligibility"] });
    for (const issue of builderIssues) ctx.addIssue({ code: "custom", message: issue.message, path: ["eligibilityRule", ...issue.path] });
    const parsed = programTemplateSchema.safeParse(template);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        let path = issue.path as PropertyKey[];
        // A message about the rule built from rows goes to its row's field.
        if (fromBuilder && path[0] === "eligibility") path = ["eligibilityRule", ...builderPathOfRuleIssue(path.slice(1))];
        // A contraindication's key is made from its label (or hidden): its message shows at the label.
        if (path[0] === "contraindicationChecklist" && path[2] === "key" && typeof form.contraindicationChecklist !== "string")
          path = [path[0], path[1], "label"];
        ctx.addIssue({ code: "custom", message: issue.message, path });
      }
    }
    return parsed.success && !eligibilityError && !builderIssues.length ? parsed.data : z.NEVER;
  });

/** Copy a program under a new name (the same rules as the editor's program name). */
export const programCopySchema = z.object({ name: programTemplateSchema.shape.name });
export type ProgramCopyInput = z.output<typeof programCopySchema>;

/* ----------------------------------------------------------------------------------
 * A template as the editor's field values (strings), for its defaults.
 */

export type EditorRow = Record<string, unknown>;
export type EditorValues = {
  name: string;
  description: string;
  defaultCapacity: string;
  sessionPlan: EditorRow[];
  measurePlan: EditorRow[];
  /** The rule as JSON (the stored form), for import and export. */
  eligibility: string;
  /** "builder" unless the builder cannot show the saved rule. */
  eligibilitySource: (typeof ELIGIBILITY_SOURCES)[number];
  eligibilityRule: BuilderValues;
  contraindicationChecklist: Array<{ key: string; label: string; severity: ContraindicationItem["severity"] }>;
  preDoseChecklist: string;
  safetyThresholds: Record<string, string>;
  doseRanges: Record<string, { min: string; max: string }>;
};

const text = (v: unknown) => (v === undefined || v === null ? "" : String(v));

export function checklistToText(items: ReadonlyArray<{ key: string; label: string; severity?: string }>): string {
  return items.map((i) => [i.key, i.label, i.severity].filter(Boolean).join(" | ")).join("\n");
}

/** The editor's fields for a saved template: reading them back with programEditorSchema gives the same template. */
export function editorValues(t: ProgramTemplate): EditorValues {
  const builder = builderFromEligibility(t.eligibility);
  return {
    name: t.name,
    description: t.description,
    defaultCapacity: text(t.defaultCapacity),
    sessionPlan: t.sessionPlan.map((s) => ({
      kind: s.kind,
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      dayOffset: text(s.dayOffset),
      startTime: s.startTime,
      durationMinutes: text(s.durationMinutes),
      requiredStaff: Object.fromEntries(Object.entries(s.requiredStaff).map(([role, n]) => [role, text(n)])),
      route: s.route ?? "",
    })),
    measurePlan: t.measurePlan.map((m) => ({
      key: m.key,
      label: m.label,
      instruments: m.instruments.join(", "),
      anchor: m.anchor.type === "SESSION" ? `SESSION:${m.anchor.sessionIndex}` : m.anchor.type,
      offsetDays: text(m.offsetDays),
      windowDays: text(m.windowDays),
    })),
    eligibility: t.eligibility ? JSON.stringify(t.eligibility, null, 2) : "",
    eligibilitySource: builder ? "builder" : "json",
    eligibilityRule: builder ?? emptyBuilder(),
    contraindicationChecklist: t.contraindicationChecklist.map((c) => ({ key: c.key, label: c.label, severity: c.severity })),
    preDoseChecklist: checklistToText(t.preDoseChecklist),
    safetyThresholds: Object.fromEntries(
      Object.entries(t.safetyThresholds)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, text(v)]),
    ),
    doseRanges: Object.fromEntries(
      Object.entries(t.doseRanges ?? {}).map(([route, r]) => [route, { min: text(r?.min), max: text(r?.max) }]),
    ),
  };
}
