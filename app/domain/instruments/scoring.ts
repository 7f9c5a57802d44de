// Shared scoring engine: response validation, per-scale sums/means, bands and
// integer-safe cut-off comparisons. Every instrument file builds on these helpers so
// that "what is a missing item" and "what is out of range" mean the same everywhere.
import type { Band, InstrumentShape, ItemError, ScaleDefinition, ScaleKey, ScaleScore } from "./types";

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

export interface ValidateOptions {
  /** Form submissions require every item (default). Scoring allows missing items. */
  requireAll?: boolean;
}

export interface ValidationResult {
  ok: boolean;
  /** Every problem found, in item order. */
  errors: ItemError[];
  /** First message per item number, ready to show next to that item. */
  errorsByItem: Record<number, string>;
  /** Problems that belong to no item of the instrument (unknown keys, extra array entries). */
  formErrors: string[];
  /**
   * Parsed responses keyed by item number (null = missing). Only trustworthy when ok;
   * invalid entries are left out.
   */
  values: Record<number, number | null>;
}

function rangeText(def: InstrumentShape): string {
  return `choose a value from ${def.min} to ${def.max}`;
}

type Parsed =
  | { kind: "missing" }
  | { kind: "value"; value: number }
  | { kind: "error"; code: "not_a_number" | "not_integer" | "out_of_range"; shown: string };

function parseOne(raw: unknown, def: InstrumentShape): Parsed {
  if (raw === null || raw === undefined) return { kind: "missing" };
  let n: number;
  if (typeof raw === "number") {
    n = raw;
  } else if (typeof raw === "string") {
    const t = raw.trim();
    if (t === "") return { kind: "missing" };
    n = Number(t);
    if (!Number.isFinite(n)) return { kind: "error", code: "not_a_number", shown: JSON.stringify(raw) };
  } else {
    return { kind: "error", code: "not_a_number", shown: typeof raw };
  }
  if (!Number.isFinite(n)) return { kind: "error", code: "not_a_number", shown: String(n) };
  if (!Number.isInteger(n)) return { kind: "error", code: "not_integer", shown: String(n) };
  if (n < def.min || n > def.max) return { kind: "error", code: "out_of_range", shown: String(n) };
  return { kind: "value", value: n };
}

function messageFor(code: ItemError["code"], item: number, shown: string, def: InstrumentShape): string {
  switch (code) {
    case "required":
      return `Item ${item} is required`;
    case "out_of_range":
      return `Item ${item}: ${rangeText(def)}`;
    case "not_integer":
      return `Item ${item}: ${shown} is not a whole number; ${rangeText(def)}`;
    case "not_a_number":
      return `Item ${item}: ${shown} is not a number; ${rangeText(def)}`;
    default:
      return `Item ${item}: ${rangeText(def)}`;
  }
}

/**
 * Checks responses against the instrument's items and range.
 *
 * Accepts an array in item order or a record keyed by item number. Values may be numbers
 * or numeric strings (straight from FormData); "" / null / undefined mean "not answered".
 * Out-of-range, non-integer and non-numeric values are errors and are never scored.
 */
export function validateResponses(def: InstrumentShape, responses: unknown, options: ValidateOptions = {}): ValidationResult {
  const requireAll = options.requireAll ?? true;
  const errors: ItemError[] = [];
  const formErrors: string[] = [];
  const values: Record<number, number | null> = {};
  const itemNumbers = def.items.map((i) => i.number);
  const known = new Set(itemNumbers);
  const rawByItem = new Map<number, unknown>();

  if (Array.isArray(responses)) {
    responses.forEach((raw, index) => {
      if (index < itemNumbers.length) {
        rawByItem.set(itemNumbers[index], raw);
      } else {
        const message = `${def.shortName} has ${itemNumbers.length} items; response ${index + 1} is extra`;
        errors.push({ item: null, key: String(index + 1), code: "unknown_item", message });
        formErrors.push(message);
      }
    });
  } else if (responses !== null && typeof responses === "object") {
    for (const [key, raw] of Object.entries(responses as Record<string, unknown>)) {
      const n = /^\d+$/.test(key) ? Number(key) : NaN;
      if (!known.has(n)) {
        const message = `${def.shortName} has no item ${JSON.stringify(key)}`;
        errors.push({ item: null, key, code: "unknown_item", message });
        formErrors.push(message);
        continue;
      }
      rawByItem.set(n, raw);
    }
  } else if (responses !== null && responses !== undefined) {
    const message = `${def.shortName}: responses must be a list or a record keyed by item number`;
    errors.push({ item: null, key: "", code: "unknown_item", message });
    formErrors.push(message);
  }

  const errorsByItem: Record<number, string> = {};
  for (const item of itemNumbers) {
    const parsed = parseOne(rawByItem.get(item), def);
    if (parsed.kind === "value") {
      values[item] = parsed.value;
      continue;
    }
    if (parsed.kind === "missing") {
      values[item] = null;
      if (!requireAll) continue;
      const message = messageFor("required", item, "", def);
      errors.push({ item, key: String(item), code: "required", message });
      errorsByItem[item] = message;
      continue;
    }
    const message = messageFor(parsed.code, item, parsed.shown, def);
    errors.push({ item, key: String(item), code: parsed.code, message });
    errorsByItem[item] = message;
  }

  // Item errors first (in item order), then form-level ones, so a summary reads naturally.
  errors.sort((a, b) => (a.item ?? Infinity) - (b.item ?? Infinity));
  return { ok: errors.length === 0, errors, errorsByItem, formErrors, values };
}

export class InvalidResponsesError extends Error {
  readonly instrument: string;
  readonly errors: ItemError[];
  constructor(instrument: string, errors: ItemError[]) {
    super(`${instrument}: invalid responses: ${errors.map((e) => e.message).join("; ")}`);
    this.name = "InvalidResponsesError";
    this.instrument = instrument;
    this.errors = errors;
  }
}

/** Validates for scoring (missing allowed) and throws on anything else. */
export function parseResponsesForScoring(def: InstrumentShape, responses: unknown): Record<number, number | null> {
  const result = validateResponses(def, responses, { requireAll: false });
  if (!result.ok) throw new InvalidResponsesError(def.shortName, result.errors);
  return result.values;
}

// ---------------------------------------------------------------------------
// Scales and bands
// ---------------------------------------------------------------------------

/**
 * The band containing `value`. Bands are inclusive integer ranges; a non-integer value
 * (a group median of 9.5, say) falls in the band with the highest `from` not above it.
 */
export function bandFor(bands: readonly Band[] | undefined, value: number | null): Band | null {
  if (!bands || bands.length === 0 || value === null || !Number.isFinite(value)) return null;
  const sorted = [...bands].sort((a, b) => a.from - b.from);
  if (value < sorted[0].from || value > sorted[sorted.length - 1].to) return null;
  let found: Band | null = null;
  for (const band of sorted) if (value >= band.from) found = band;
  return found;
}

export function scoreScale<K extends ScaleKey>(
  scale: ScaleDefinition<K>,
  values: Readonly<Record<number, number | null>>,
  itemMin: number,
  itemMax: number,
): ScaleScore<K> {
  const missingItems = scale.items.filter((n) => values[n] === null || values[n] === undefined);
  const k = scale.items.length;
  const valid = missingItems.length === 0;
  const sum = valid ? scale.items.reduce((acc, n) => acc + (values[n] as number), 0) : null;
  const mean = sum === null ? null : sum / k;
  const value = scale.method === "sum" ? sum : mean;
  // One literal, written out: on Node 20 an object literal with properties after a spread
  // costs microseconds per property (a runtime call each), which made scoring most of a
  // 20,000-row import's validation.
  return {
    key: scale.key,
    label: scale.label,
    method: scale.method,
    items: scale.items,
    missingItems,
    valid,
    sum,
    mean,
    value,
    percentOfMax: sum === null ? null : ((sum - itemMin * k) / ((itemMax - itemMin) * k)) * 100,
    band: valid ? bandFor(scale.bands, value) : null,
  };
}

export function scoreScales<K extends ScaleKey>(
  scales: readonly ScaleDefinition<K>[],
  values: Readonly<Record<number, number | null>>,
  itemMin: number,
  itemMax: number,
): { [P in K]: ScaleScore<P> } {
  const out = {} as Record<K, ScaleScore<K>>;
  for (const scale of scales) out[scale.key] = scoreScale(scale, values, itemMin, itemMax);
  return out as { [P in K]: ScaleScore<P> };
}

export function missingItemsOf(values: Readonly<Record<number, number | null>>): number[] {
  return Object.entries(values)
    .filter(([, v]) => v === null)
    .map(([k]) => Number(k))
    .sort((a, b) => a - b);
}

/** The label a form shows for an item: the wording when shipped or stored locally, else "Item N". */
export function itemLabel(item: { number: number; text: string | null }, localWording?: string | null): string {
  return localWording ?? item.text ?? `Item ${item.number}`;
}

// ---------------------------------------------------------------------------
// Integer-safe cut-offs on means
// ---------------------------------------------------------------------------

export type ComparisonOp = ">=" | ">" | "<=" | "<";

const EPS = 1e-9;

function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < EPS ? r : x;
}

/**
 * Converts a cut-off on an item mean into the equivalent cut-off on the integer sum,
 * e.g. EX mean ≥ 4.8 over 5 items ⇔ sum ≥ 24; PE mean ≤ 4.3 over 6 items ⇔ sum ≤ 25.
 */
export function meanCutoffToSum(op: ComparisonOp, cutoff: number, itemCount: number): number {
  const x = snap(cutoff * itemCount);
  const isInt = Number.isInteger(x);
  switch (op) {
    case ">=":
      return isInt ? x : Math.ceil(x);
    case ">":
      return isInt ? x + 1 : Math.ceil(x);
    case "<=":
      return isInt ? x : Math.floor(x);
    case "<":
      return isInt ? x - 1 : Math.floor(x);
  }
}

export function compare(a: number, op: ComparisonOp, b: number): boolean {
  switch (op) {
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case "<":
      return a < b;
  }
}

/**
 * Compares an item mean with a cut-off on the mean. When the mean corresponds to an
 * integer sum (always true for one person's complete scale) the comparison is done on
 * sums; otherwise (an average across people) on the mean itself.
 */
export function meanMeetsCutoff(mean: number, itemCount: number, op: ComparisonOp, cutoff: number): boolean {
  const asSum = snap(mean * itemCount);
  if (Number.isInteger(asSum)) return compare(asSum, op, meanCutoffToSum(op, cutoff, itemCount));
  return compare(mean, op, cutoff);
}

/** Rounds for display without binary artefacts (2 decimals by default). */
export function roundTo(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round((x + Number.EPSILON) * f) / f;
}
