// The program editor's eligibility rule builder: a screening instrument, rows of scale
// cut-offs combined with "all of" / "any of", and at most one level of nested group. The
// rule is still stored as the template's JSON ({ instrument, rule, note }); these pure
// functions turn that JSON into the builder's field values and the fields back into it,
// with messages a coordinator understands, each under the row's own field name.
// Client-safe: no Prisma, no *.server.ts.
import { INSTRUMENTS, INSTRUMENT_CODES, isInstrumentCode, type ScaleDefinition } from "~/domain/instruments";
import {
  COMPARISON_OPS,
  isCondition,
  type ComparisonOp,
  type EligibilityCondition,
  type EligibilityRule,
  type ProgramEligibility,
} from "~/domain/scheduling";

/** Instruments a program can screen on (the ones a referral's screening can enter). */
export const SCREENING_INSTRUMENTS = INSTRUMENT_CODES.filter((c) => c !== "MEQ30" && c !== "CADSS6");

export const COMBINE_LABELS = { all: "all of", any: "any of" } as const;
export type Combine = keyof typeof COMBINE_LABELS;

/** The comparator select: the sign a coordinator reads, the stored operator as value. */
export const OP_CHOICES: ReadonlyArray<{ value: ComparisonOp; label: string }> = [
  { value: ">=", label: "≥ at least" },
  { value: ">", label: "> more than" },
  { value: "<=", label: "≤ at most" },
  { value: "<", label: "< less than" },
];

export const BASIS_LABELS = { mean: "item mean", sum: "item sum" } as const;

/** One cut-off row as the form holds it (strings, as typed). */
export interface ConditionRow {
  type: "condition";
  scale: string;
  op: string;
  value: string;
  on: string;
}
/** A nested group: its own "all of" / "any of" over cut-off rows. */
export interface GroupRow {
  type: "group";
  combine: string;
  rows: ConditionRow[];
}
export type BuilderRow = ConditionRow | GroupRow;

export interface BuilderValues {
  /** "" = no eligibility rule. */
  instrument: string;
  combine: string;
  rows: BuilderRow[];
  note: string;
}

export interface BuilderIssue {
  /** Below the builder's name, e.g. ["rows", 1, "rows", 0, "value"]. */
  path: (string | number)[];
  message: string;
}

export interface ScaleChoice {
  key: string;
  label: string;
  /** How the instrument publishes the scale (the default basis for a new row). */
  method: "sum" | "mean";
}

/** The scales of an instrument with their human labels ([] for an unknown code). */
export function scalesOf(instrument: string): ScaleChoice[] {
  if (!isInstrumentCode(instrument)) return [];
  return (INSTRUMENTS[instrument].scales as readonly ScaleDefinition[]).map((s) => ({ key: s.key, label: s.label, method: s.method }));
}

export function instrumentName(code: string): string {
  return isInstrumentCode(code) ? INSTRUMENTS[code].shortName : code;
}

export function emptyCondition(instrument: string): ConditionRow {
  const first = scalesOf(instrument)[0];
  return { type: "condition", scale: "", op: ">=", value: "", on: first?.method ?? "mean" };
}

export const emptyBuilder = (): BuilderValues => ({ instrument: "", combine: "all", rows: [], note: "" });

/* ----------------------------------------------------------------------------------
 * Stored rule -> builder values
 */

function conditionRow(c: EligibilityCondition): ConditionRow {
  return { type: "condition", scale: c.scale, op: c.op, value: String(c.value), on: c.on };
}

/**
 * The builder's values for a stored eligibility, or null when the builder cannot show it
 * (groups nested deeper than one level, an instrument or scale it does not offer): such a
 * rule is edited as JSON. A bare condition is shown as a one-row "all of" group.
 */
export function builderFromEligibility(e: ProgramEligibility | null): BuilderValues | null {
  if (!e) return emptyBuilder();
  if (!(SCREENING_INSTRUMENTS as readonly string[]).includes(e.instrument)) return null;
  const scales = new Set(scalesOf(e.instrument).map((s) => s.key));
  const cond = (r: EligibilityRule): ConditionRow | null => (isCondition(r) && scales.has(r.scale) ? conditionRow(r) : null);
  const top: { combine: Combine; members: EligibilityRule[] } = isCondition(e.rule)
    ? { combine: "all", members: [e.rule] }
    : "all" in e.rule
      ? { combine: "all", members: e.rule.all }
      : { combine: "any", members: e.rule.any };
  const rows: BuilderRow[] = [];
  for (const m of top.members) {
    if (isCondition(m)) {
      const row = cond(m);
      if (!row) return null;
      rows.push(row);
      continue;
    }
    const [combine, inner] = "all" in m ? (["all", m.all] as const) : (["any", m.any] as const);
    const members = inner.map(cond);
    if (members.some((r) => r === null)) return null;
    rows.push({ type: "group", combine, rows: members as ConditionRow[] });
  }
  return { instrument: e.instrument, combine: top.combine, rows, note: e.note ?? "" };
}

/* ----------------------------------------------------------------------------------
 * What the browser sent -> builder values (lenient: the rule is judged afterwards)
 */

type Raw = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : Array.isArray(v) ? str(v[0]) : "");
const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
/** Rows as an array ("rows[1].scale") or an object keyed by index ("rows.1.scale"), in index order. */
const list = (v: unknown): Raw[] =>
  (Array.isArray(v)
    ? v
    : Object.entries(obj(v))
        .filter(([k]) => /^\d+$/.test(k))
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, row]) => row)
  )
    .filter((r) => r !== undefined && r !== null)
    .map(obj);

const readCondition = (r: Raw): ConditionRow => ({
  type: "condition",
  scale: str(r.scale),
  op: str(r.op),
  value: str(r.value),
  on: str(r.on),
});

export function builderFromForm(v: unknown): BuilderValues {
  const raw = obj(v);
  return {
    instrument: str(raw.instrument),
    combine: str(raw.combine) || "all",
    note: str(raw.note),
    rows: list(raw.rows).map((r): BuilderRow =>
      str(r.type) === "group"
        ? { type: "group", combine: str(r.combine) || "any", rows: list(r.rows).map(readCondition) }
        : readCondition(r),
    ),
  };
}

/* ----------------------------------------------------------------------------------
 * Builder values -> stored rule, with a message under each row's field
 */

const isCombine = (c: string): c is Combine => c === "all" || c === "any";

/**
 * The stored eligibility for the builder's values (null when no instrument is chosen), or
 * the messages for what is missing or wrong, each with its place in the builder. Whether a
 * cut-off on a sum is whole is left to the template schema (its message is mapped back with
 * builderPathOfRuleIssue).
 */
export function eligibilityFromBuilder(b: BuilderValues): { eligibility: ProgramEligibility | null; issues: BuilderIssue[] } {
  const issues: BuilderIssue[] = [];
  if (b.instrument.trim() === "") return { eligibility: null, issues };
  if (!(SCREENING_INSTRUMENTS as readonly string[]).includes(b.instrument)) {
    return { eligibility: null, issues: [{ path: ["instrument"], message: "Choose a screening instrument" }] };
  }
  const scales = new Set(scalesOf(b.instrument).map((s) => s.key));
  const name = instrumentName(b.instrument);
  const condition = (r: ConditionRow, at: (string | number)[]): EligibilityCondition | null => {
    const before = issues.length;
    if (r.scale === "") issues.push({ path: [...at, "scale"], message: "Choose a scale" });
    else if (!scales.has(r.scale)) issues.push({ path: [...at, "scale"], message: `Choose a scale of ${name}` });
    if (!(COMPARISON_OPS as readonly string[]).includes(r.op)) issues.push({ path: [...at, "op"], message: "Choose a comparison" });
    const text = r.value.trim();
    const value = Number(text);
    if (text === "") issues.push({ path: [...at, "value"], message: "Enter a cut-off" });
    else if (!Number.isFinite(value)) issues.push({ path: [...at, "value"], message: "Cut-off must be a number" });
    if (r.on !== "mean" && r.on !== "sum") issues.push({ path: [...at, "on"], message: "Choose item mean or item sum" });
    return issues.length > before ? null : { scale: r.scale, op: r.op as ComparisonOp, value, on: r.on as "mean" | "sum" };
  };
  if (!isCombine(b.combine)) issues.push({ path: ["combine"], message: 'Choose "all of" or "any of"' });
  if (b.rows.length === 0) issues.push({ path: ["rows"], message: "Add at least one condition, or choose no screening instrument" });
  const members: EligibilityRule[] = [];
  b.rows.forEach((row, i) => {
    if (row.type === "condition") {
      const c = condition(row, ["rows", i]);
      if (c) members.push(c);
      return;
    }
    if (!isCombine(row.combine)) issues.push({ path: ["rows", i, "combine"], message: 'Choose "all of" or "any of"' });
    if (row.rows.length === 0) issues.push({ path: ["rows", i, "rows"], message: "Add a condition to this group, or remove the group" });
    const inner = row.rows.map((r, j) => condition(r, ["rows", i, "rows", j]));
    if (isCombine(row.combine) && inner.length && inner.every((c) => c !== null)) {
      members.push(row.combine === "all" ? { all: inner as EligibilityCondition[] } : { any: inner as EligibilityCondition[] });
    }
  });
  if (issues.length) return { eligibility: null, issues };
  const rule: EligibilityRule = b.combine === "all" ? { all: members } : { any: members };
  const note = b.note.trim();
  return { eligibility: { instrument: b.instrument, rule, ...(note ? { note } : {}) }, issues };
}

/**
 * Where a template-schema message about the built rule belongs in the builder:
 * ["rule", "all", 1, "any", 0, "value"] -> ["rows", 1, "rows", 0, "value"].
 */
export function builderPathOfRuleIssue(path: readonly PropertyKey[]): (string | number)[] {
  if (path[0] === "note") return ["note"];
  if (path[0] === "instrument") return ["instrument"];
  if (path[0] !== "rule") return [];
  const out: (string | number)[] = [];
  let i = 1;
  while (i < path.length && (path[i] === "all" || path[i] === "any") && typeof path[i + 1] === "number") {
    out.push("rows", path[i + 1] as number);
    i += 2;
  }
  const field = path[i];
  if (typeof field === "string") out.push(field);
  return out;
}

/** The plain-language line for the builder's rule, or null while it is incomplete. */
export function describeBuilder(b: BuilderValues, describe: (rule: EligibilityRule) => string): string | null {
  const { eligibility, issues } = eligibilityFromBuilder(b);
  if (issues.length || !eligibility) return null;
  return `${instrumentName(eligibility.instrument)}: ${describe(eligibility.rule)}`;
}

/** The scales a rule names, with their labels ("EX = Exhaustion"), for the summary's legend. */
export function scaleLegend(b: BuilderValues): string {
  const labels = new Map(scalesOf(b.instrument).map((s) => [s.key, s.label]));
  const used: string[] = [];
  const add = (r: ConditionRow) => (labels.has(r.scale) && !used.includes(r.scale) ? used.push(r.scale) : 0);
  for (const row of b.rows) (row.type === "group" ? row.rows : [row]).forEach(add);
  return used.map((k) => `${k} = ${labels.get(k)}`).join(", ");
}
