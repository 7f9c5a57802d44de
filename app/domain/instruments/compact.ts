// The compact form of a score that reports read (Assessment.scaleValues), written next to
// the full `scores` JSON by every writer through compactScaleValues, and read back by
// parseScaleValues. Format (JSON object, smallest that serves every report section):
//   "<scale key>": <integer item sum>          valid scale whose mean is sum ÷ item count and
//                                              whose value is the sum or the mean by its method
//                                              (always true for the shared scoring engine)
//   "<scale key>": [value, sum, mean]          any other valid scale (kept exactly as scored)
//   "cm": 1 | 0                                MEQ-30 complete mystical experience (when known)
// Invalid scales (a missing item) are left out: reports treat them as missing.
// Bands, profiles, eligibility and responder rules are all recomputed from sums/means.
import { getInstrument, isInstrumentCode } from "./index";
import type { ScaleDefinition } from "./types";

export interface CompactScale {
  value: number | null;
  sum: number | null;
  mean: number | null;
  valid: boolean;
}

export interface ParsedScaleValues {
  scales: Partial<Record<string, CompactScale>>;
  /** MEQ-30 only: all four factors ≥ 60% of the maximum; null when not computable / not MEQ-30. */
  completeMystical: boolean | null;
}

type ScaleLike = {
  key: string;
  method: "sum" | "mean";
  items?: readonly unknown[];
  valid: boolean;
  sum: number | null;
  mean: number | null;
  value: number | null;
};

/** A domain ScoreResult (scales keyed by scale) or its stored form (scales as a list). */
export interface ScoreLike {
  instrument: string;
  scales: Readonly<Record<string, ScaleLike>> | readonly ScaleLike[];
  extras?: unknown;
}

const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function itemCount(instrument: string, s: ScaleLike): number | null {
  if (s.items) return s.items.length;
  if (!isInstrumentCode(instrument)) return null;
  const def = (getInstrument(instrument).scales as readonly ScaleDefinition[]).find((d) => d.key === s.key);
  return def ? def.items.length : null;
}

/** The compact JSON text stored in Assessment.scaleValues for a score. */
export function compactScaleValues(result: ScoreLike): string {
  const out: Record<string, number | (number | null)[]> = {};
  const list = Array.isArray(result.scales)
    ? (result.scales as readonly ScaleLike[])
    : Object.values(result.scales as Record<string, ScaleLike>);
  for (const s of list) {
    if (!s || !s.valid || !finite(s.value)) continue;
    const k = itemCount(result.instrument, s);
    const short =
      k !== null &&
      k > 0 &&
      finite(s.sum) &&
      Number.isInteger(s.sum) &&
      s.mean === s.sum / k &&
      s.value === (s.method === "sum" ? s.sum : s.mean);
    out[s.key] = short ? (s.sum as number) : [s.value, finite(s.sum) ? s.sum : null, finite(s.mean) ? s.mean : null];
  }
  const cm = (result.extras as { completeMysticalExperience?: unknown } | null | undefined)?.completeMysticalExperience;
  if (typeof cm === "boolean") out.cm = cm ? 1 : 0;
  return JSON.stringify(out);
}

const shapes = new Map<string, Map<string, { k: number; method: "sum" | "mean" }>>();
function shapeOf(instrument: string) {
  let m = shapes.get(instrument);
  if (!m) {
    m = new Map();
    if (isInstrumentCode(instrument))
      for (const d of getInstrument(instrument).scales as readonly ScaleDefinition[]) m.set(d.key, { k: d.items.length, method: d.method });
    shapes.set(instrument, m);
  }
  return m;
}

/** Reads Assessment.scaleValues back; null when the text is absent or not a compact object. */
export function parseScaleValues(instrument: string, json: string | null | undefined): ParsedScaleValues | null {
  if (!json) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  const shape = shapeOf(instrument);
  const scales: Record<string, CompactScale> = {};
  let completeMystical: boolean | null = null;
  for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === "cm") {
      completeMystical = v === 1 ? true : v === 0 ? false : null;
    } else if (finite(v)) {
      const d = shape.get(key);
      if (d) {
        const mean = v / d.k;
        scales[key] = { value: d.method === "sum" ? v : mean, sum: v, mean, valid: true };
      } else {
        scales[key] = { value: v, sum: v, mean: null, valid: true };
      }
    } else if (Array.isArray(v) && finite(v[0])) {
      scales[key] = { value: v[0], sum: finite(v[1]) ? v[1] : null, mean: finite(v[2]) ? v[2] : null, valid: true };
    }
  }
  return { scales, completeMystical };
}

/** A scale's name in a headline: none for a total, else its headline name or its key ("B", "Positive mood"). */
function scaleName(key: string, def: ScaleDefinition | undefined): string {
  return key === "total" ? "" : (def?.headline ?? key);
}

/** The first four named values as one line: "12", "B 4", "Positive mood 2.5"; "EX —" or "Total —" when not scored. */
function joinHeadline(parts: readonly { name: string; value: number | null }[]): string {
  let text = "";
  for (let i = 0; i < parts.length && i < 4; i++) {
    const { name, value } = parts[i];
    text += (i ? " · " : "") + (value === null ? `${name || "Total"} —` : `${name ? `${name} ` : ""}${Math.round(value * 10) / 10}`);
  }
  return text;
}

/**
 * The first four scales of a completed questionnaire as the measures tracker shows them
 * ("38 · B 12 · C 7 · D 8"), from its stored scores' list of scales (key and value, in scoring order).
 */
export function scoreHeadline(instrument: string, scales: readonly { key: string; value: number | null }[]): string {
  const defs = isInstrumentCode(instrument) ? (getInstrument(instrument).scales as readonly ScaleDefinition[]) : [];
  return joinHeadline(
    scales.map((s) => ({
      name: scaleName(
        s.key,
        defs.find((d) => d.key === s.key),
      ),
      value: s.value,
    })),
  );
}

/**
 * The same headline from Assessment.scaleValues: the instrument's scales in their order,
 * a scale the compact form leaves out (not scorable) shown as missing. Null when the text
 * is absent or unreadable (rows written before the column: read their scores instead).
 */
export function scaleValuesHeadline(instrument: string, json: string | null | undefined): string | null {
  const parsed = parseScaleValues(instrument, json);
  if (!parsed || !isInstrumentCode(instrument)) return null;
  const defs = getInstrument(instrument).scales as readonly ScaleDefinition[];
  return joinHeadline(defs.map((d) => ({ name: scaleName(d.key, d), value: parsed.scales[d.key]?.value ?? null })));
}
