/**
 * Dose arithmetic and the dosing-session forms: mg/kg, the dose form, the per-route mg/kg
 * warning, monitoring duration, the discharge checklist and the CADSS-6 observation.
 */
import { differenceInMinutes } from "date-fns";
import { z } from "zod";
import { divideRoundHalfAwayFromZero, formatScaled, parseDecimal, pow10, scaledToNumber } from "./decimal";
import { checkboxField, enumField, instantField, numberField, optionalTextField, textField } from "./fields";
import { type Outcome, refuse, succeed } from "./result";
import { type MonitoringRanges, type VitalsReading, DEFAULT_MONITORING_RANGES, isOutOfRange } from "./vitals";

export const DOSING_ROUTES = ["IM", "IV", "SUBLINGUAL", "SUBCUTANEOUS", "INTRANASAL"] as const;
export type DosingRoute = (typeof DOSING_ROUTES)[number];

export const DOSING_ROUTE_LABELS: Record<DosingRoute, string> = {
  IM: "Intramuscular (IM)",
  IV: "Intravenous (IV)",
  SUBLINGUAL: "Sublingual / lozenge",
  SUBCUTANEOUS: "Subcutaneous",
  INTRANASAL: "Intranasal",
};

// ---------------------------------------------------------------------------------------------
// mg/kg

/**
 * Exact ratio dose/weight rounded to `digits` decimals, halves away from zero. Both inputs are
 * read as the decimals a person typed (28.5 stays 28.5, not 28.499999…), so 28.5 mg / 100 kg
 * is exactly 0.285 and rounds to 0.29 (naive `Math.round(x * 100) / 100` gives 0.28).
 */
function mgPerKgScaled(doseMg: number, weightKg: number, digits: number): bigint {
  const dose = parseDecimal(doseMg);
  const weight = parseDecimal(weightKg);
  // dose.units / 10^dose.scale  ÷  weight.units / 10^weight.scale, times 10^digits
  const numerator = dose.units * pow10(weight.scale + digits);
  const denominator = weight.units * pow10(dose.scale);
  return divideRoundHalfAwayFromZero(numerator, denominator);
}

function assertPositiveFinite(value: number, name: string): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
}

/** mg/kg to 2 decimals (see mgPerKgScaled for the rounding rule). Throws on non-positive input. */
export function computeMgPerKg(doseMg: number, weightKg: number): number {
  assertPositiveFinite(doseMg, "doseMg");
  assertPositiveFinite(weightKg, "weightKg");
  return scaledToNumber(mgPerKgScaled(doseMg, weightKg, 2), 2);
}

/** The same value as text with exactly 2 decimals, for display ("0.50 mg/kg"). */
export function formatMgPerKg(doseMg: number, weightKg: number): string {
  assertPositiveFinite(doseMg, "doseMg");
  assertPositiveFinite(weightKg, "weightKg");
  return formatScaled(mgPerKgScaled(doseMg, weightKg, 2), 2, { trimZeros: false });
}

// ---------------------------------------------------------------------------------------------
// Dose form

export const DOSE_BOUNDS = {
  doseMg: { min: 0, max: 1000, maxDecimals: 3 },
  weightKg: { min: 30, max: 300, maxDecimals: 2 },
} as const;

const doseMgField = numberField({
  label: "Dose",
  min: Number.NEGATIVE_INFINITY,
  max: DOSE_BOUNDS.doseMg.max,
  rangeMessage: "Dose must be at most 1,000 mg",
  maxDecimals: DOSE_BOUNDS.doseMg.maxDecimals,
}).refine((v) => v > 0, "Dose must be more than 0 mg");

/**
 * The dose form. Dose is in mg with at most 3 decimals (the ledger counts micrograms);
 * time given may not be in the future relative to `now`; wall-clock input is read in the
 * cohort's `timeZone`.
 */
export function createDoseSchema(context: { now: Date; timeZone: string }) {
  return z.object({
    doseMg: doseMgField,
    weightKg: numberField({ label: "Weight", ...DOSE_BOUNDS.weightKg, unit: "kg", maxDecimals: DOSE_BOUNDS.weightKg.maxDecimals }),
    route: enumField(DOSING_ROUTES, "Choose a route (IM, IV, sublingual, subcutaneous or intranasal)"),
    lotNumber: textField("Lot number", { max: 100 }),
    givenAt: instantField("Time given", context.timeZone).refine(
      (d) => d.getTime() <= context.now.getTime(),
      "Time given cannot be in the future",
    ),
    givenById: textField("Who gave the dose", { max: 100 }),
  });
}

export type DoseInput = z.output<ReturnType<typeof createDoseSchema>>;

/** Per-program maximum mg/kg per route; a route without an entry has no limit. */
export type MaxMgPerKgByRoute = Partial<Record<DosingRoute, number>>;

export interface MaxMgPerKgCheck {
  /** "warn" when above the program's maximum for the route (at the maximum is fine). */
  level: "ok" | "warn" | "no-limit";
  mgPerKg: number;
  message?: string;
}

/**
 * A warning, not a refusal: the prescriber may have a reason, and the record keeps the dose as
 * given. The comparison is exact, not on the 2-decimal display value: 28.401 mg / 40 kg =
 * 0.710025 mg/kg is above a 0.71 maximum, and the message then shows 0.71003.
 */
export function checkMaxMgPerKg(
  dose: { doseMg: number; weightKg: number; route: DosingRoute },
  maxByRoute: MaxMgPerKgByRoute,
): MaxMgPerKgCheck {
  const mgPerKg = computeMgPerKg(dose.doseMg, dose.weightKg);
  const max = maxByRoute[dose.route];
  if (max === undefined) return { level: "no-limit", mgPerKg };
  const limit = parseDecimal(max);
  const d = parseDecimal(dose.doseMg);
  const w = parseDecimal(dose.weightKg);
  // dose/weight > max  <=>  d.units * 10^(w.scale + limit.scale) > limit.units * w.units * 10^(d.scale)
  const left = d.units * pow10(w.scale + limit.scale);
  const right = limit.units * w.units * pow10(d.scale);
  if (left <= right) return { level: "ok", mgPerKg };
  // Show as few decimals as make the excess visible (0.76, or 0.71003 against a 0.71 maximum).
  let shown = "";
  for (let digits = 2; digits <= 6 && shown === ""; digits += 1) {
    const scaled = mgPerKgScaled(dose.doseMg, dose.weightKg, digits);
    if (digits === 6 || scaled * pow10(limit.scale) > limit.units * pow10(digits)) {
      shown = formatScaled(scaled, digits, { trimZeros: false });
    }
  }
  return {
    level: "warn",
    mgPerKg,
    message: `${shown} mg/kg is above this program's maximum of ${max} mg/kg for ${DOSING_ROUTE_LABELS[dose.route]}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Monitoring duration

/**
 * Whole minutes from dose to discharge (partial minutes are dropped: 59 min 59 s is 59).
 * Discharge before the dose is refused; discharge at the same instant gives 0.
 */
export function monitoringDuration(doseGivenAt: Date, dischargedAt: Date): Outcome<number> {
  if (Number.isNaN(doseGivenAt.getTime())) return refuse("Time given is not a valid date and time");
  if (Number.isNaN(dischargedAt.getTime())) return refuse("Discharge time is not a valid date and time");
  if (dischargedAt.getTime() < doseGivenAt.getTime()) {
    return refuse("Discharge time cannot be before the time the dose was given");
  }
  return succeed(differenceInMinutes(dischargedAt, doseGivenAt));
}

// ---------------------------------------------------------------------------------------------
// Discharge checklist

export const dischargeChecklistSchema = z
  .object({
    orientedToBaseline: checkboxField(),
    walkingSteadily: checkboxField(),
    vitalsWithinRange: checkboxField(),
    escortPresent: checkboxField(),
    escortName: optionalTextField("Escort's name", { max: 200 }),
    noDrivingAdvised: checkboxField(),
  })
  .superRefine((v, ctx) => {
    if (v.escortPresent === true && !v.escortName) {
      ctx.addIssue({ code: "custom", path: ["escortName"], message: "Enter the name of the escort" });
    }
  });

export type DischargeChecklist = z.output<typeof dischargeChecklistSchema>;

/** A possibly incomplete checklist as stored (unanswered items may be null or absent). */
export type DischargeChecklistState = { [K in keyof DischargeChecklist]?: DischargeChecklist[K] | null };

export interface DischargeContext {
  /** The last reading before discharge; if given and out of range, discharge is not ready. */
  lastVitals?: VitalsReading | null;
  ranges?: MonitoringRanges;
  doseGivenAt?: Date | null;
  dischargeAt?: Date | null;
  /** Program's minimum monitoring time; checked only when set and both times are known. */
  minMonitoringMinutes?: number;
}

export interface DischargeReadiness {
  ready: boolean;
  /** One sentence per unmet criterion, in checklist order. */
  missing: string[];
}

export function dischargeReady(checklist: DischargeChecklistState | null | undefined, context: DischargeContext = {}): DischargeReadiness {
  const c = checklist ?? {};
  const missing: string[] = [];
  if (c.orientedToBaseline !== true) missing.push("Participant is not confirmed back to baseline orientation");
  if (c.walkingSteadily !== true) missing.push("Participant is not confirmed walking steadily");
  if (c.vitalsWithinRange !== true) missing.push("Vitals are not confirmed within range");
  if (context.lastVitals) {
    const check = isOutOfRange(context.lastVitals, context.ranges ?? DEFAULT_MONITORING_RANGES);
    if (check.outOfRange) {
      missing.push(`Latest vitals are out of range: ${check.flags.map((f) => f.message).join("; ")}`);
    }
  }
  if (c.escortPresent !== true) missing.push("No responsible adult escort is confirmed present");
  if (!c.escortName || c.escortName.trim() === "") missing.push("The escort's name is missing");
  if (c.noDrivingAdvised !== true) missing.push("Participant has not been told not to drive until the next day");
  if (context.minMonitoringMinutes !== undefined && context.doseGivenAt && context.dischargeAt) {
    const duration = monitoringDuration(context.doseGivenAt, context.dischargeAt);
    if (duration.ok && duration.value < context.minMonitoringMinutes) {
      missing.push(`Monitoring has lasted ${duration.value} minutes; this program requires at least ${context.minMonitoringMinutes}`);
    }
  }
  return { ready: missing.length === 0, missing };
}

// ---------------------------------------------------------------------------------------------
// CADSS-6 (observer-recorded short form). Only item numbers are stored here; the item wording is
// copyrighted and lives with the licensed instrument text, never in code.

export const CADSS6_ITEMS = [1, 2, 6, 7, 15, 22] as const;
export type Cadss6Item = (typeof CADSS6_ITEMS)[number];
export const CADSS6_ITEM_MIN = 0;
export const CADSS6_ITEM_MAX = 4;
export const CADSS6_TOTAL_MAX = CADSS6_ITEMS.length * CADSS6_ITEM_MAX;

export type Cadss6Key = `item${Cadss6Item}`;
export type Cadss6Responses = Record<Cadss6Key, number>;

function cadssItemField(item: Cadss6Item) {
  return numberField({
    label: `CADSS item ${item}`,
    min: CADSS6_ITEM_MIN,
    max: CADSS6_ITEM_MAX,
    integer: true,
    rangeMessage: `CADSS item ${item} must be a score from 0 to 4`,
  });
}

export const cadss6Schema = z.object({
  item1: cadssItemField(1),
  item2: cadssItemField(2),
  item6: cadssItemField(6),
  item7: cadssItemField(7),
  item15: cadssItemField(15),
  item22: cadssItemField(22),
});

/** Sum of the six items (0–24), or null when any item is missing or not an integer 0–4. */
export function scoreCadss6(responses: Partial<Record<Cadss6Key, number | null>>): number | null {
  let total = 0;
  for (const item of CADSS6_ITEMS) {
    const value = responses[`item${item}`];
    if (typeof value !== "number" || !Number.isInteger(value) || value < CADSS6_ITEM_MIN || value > CADSS6_ITEM_MAX) {
      return null;
    }
    total += value;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Dose range per program and route (a hard stop; only a prescriber may override, with a reason)

/** A program's mg/kg range for a route, both ends allowed. */
export type MgPerKgRange = { min: number; max: number };
export type MgPerKgRangesByRoute = Partial<Record<DosingRoute, MgPerKgRange>>;

export interface DoseRangeCheck {
  /** "below"/"above": outside the range (at either end is inside); "no-range": the route has none. */
  level: "in-range" | "below" | "above" | "no-range";
  mgPerKg: number;
  range?: MgPerKgRange;
  message?: string;
}

/** "0.5–1 mg/kg": the range as the program states it. */
export function formatMgPerKgRange(range: MgPerKgRange): string {
  return `${range.min}–${range.max} mg/kg`;
}

/** Sign of dose/weight − limit, computed exactly on the typed decimals. */
function compareMgPerKg(doseMg: number, weightKg: number, limitMgPerKg: number): -1 | 0 | 1 {
  const d = parseDecimal(doseMg);
  const w = parseDecimal(weightKg);
  const limit = parseDecimal(limitMgPerKg);
  // dose/weight vs limit  <=>  d.units * 10^(w.scale + limit.scale) vs limit.units * w.units * 10^(d.scale)
  const left = d.units * pow10(w.scale + limit.scale);
  const right = limit.units * w.units * pow10(d.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** mg/kg with as few decimals (2–6) as show it on the right side of the limit (0.71003 against 0.71). */
function shownBeyond(doseMg: number, weightKg: number, limitMgPerKg: number, side: 1 | -1): string {
  const limit = parseDecimal(limitMgPerKg);
  for (let digits = 2; digits < 6; digits += 1) {
    const scaled = mgPerKgScaled(doseMg, weightKg, digits);
    const l = scaled * pow10(limit.scale);
    const r = limit.units * pow10(digits);
    if (side === 1 ? l > r : l < r) return formatScaled(scaled, digits, { trimZeros: false });
  }
  return formatScaled(mgPerKgScaled(doseMg, weightKg, 6), 6, { trimZeros: false });
}

/**
 * Whether a dose is inside the program's mg/kg range for its route, compared exactly (not on
 * the rounded display value): 40 mg / 80 kg = 0.5 is inside 0.5–1.0; 39.99 mg / 80 kg = 0.499875
 * is below it, and the message shows 0.4999 so the reader sees why.
 */
export function checkDoseRange(
  dose: { doseMg: number; weightKg: number; route: DosingRoute },
  ranges: MgPerKgRangesByRoute | undefined,
): DoseRangeCheck {
  const mgPerKg = computeMgPerKg(dose.doseMg, dose.weightKg);
  const range = ranges?.[dose.route];
  if (!range) return { level: "no-range", mgPerKg };
  const where = `this program's range for ${DOSING_ROUTE_LABELS[dose.route]} (${formatMgPerKgRange(range)})`;
  if (compareMgPerKg(dose.doseMg, dose.weightKg, range.min) < 0) {
    return { level: "below", mgPerKg, range, message: `${shownBeyond(dose.doseMg, dose.weightKg, range.min, -1)} mg/kg is below ${where}` };
  }
  if (compareMgPerKg(dose.doseMg, dose.weightKg, range.max) > 0) {
    return { level: "above", mgPerKg, range, message: `${shownBeyond(dose.doseMg, dose.weightKg, range.max, 1)} mg/kg is above ${where}` };
  }
  return { level: "in-range", mgPerKg, range };
}

/** The refusal when no prescriber override is given (the board shows it beside the dose). */
export function doseRangeRefusal(check: DoseRangeCheck, who: { prescriber: boolean }): string {
  return who.prescriber
    ? `${check.message}. To give it, tick the prescriber's override and write the reason`
    : `${check.message}. Only a prescriber can override the range, with a reason`;
}
