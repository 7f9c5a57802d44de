/**
 * Vital signs: the reading form, the pre-dose blood-pressure gate and the out-of-range check
 * used for the timed series during a dosing session. Thresholds are per-program settings;
 * the defaults here are documented starting points, not clinical advice.
 */
import { z } from "zod";
import { instantField, numberField, optionalNumberField, textField } from "./fields";
import { type Outcome, refuse, succeed } from "./result";

export const VITALS_BOUNDS = {
  systolic: { min: 50, max: 260 },
  diastolic: { min: 20, max: 160 },
  heartRate: { min: 20, max: 250 },
  spo2: { min: 50, max: 100 },
  respiratoryRate: { min: 4, max: 60 },
  temperatureC: { min: 30, max: 45 },
} as const;

const vitalsShape = {
  systolic: numberField({ label: "Systolic BP", ...VITALS_BOUNDS.systolic, unit: "mmHg", integer: true }),
  diastolic: numberField({ label: "Diastolic BP", ...VITALS_BOUNDS.diastolic, unit: "mmHg", integer: true }),
  heartRate: numberField({ label: "Heart rate", ...VITALS_BOUNDS.heartRate, unit: "bpm", integer: true }),
  spo2: numberField({ label: "SpO2", ...VITALS_BOUNDS.spo2, unit: "%", integer: true }),
  respiratoryRate: optionalNumberField({
    label: "Respiratory rate",
    ...VITALS_BOUNDS.respiratoryRate,
    unit: "breaths/min",
    integer: true,
  }),
  temperatureC: optionalNumberField({
    label: "Temperature",
    ...VITALS_BOUNDS.temperatureC,
    unit: "°C",
    maxDecimals: 1,
  }),
};

function diastolicBelowSystolic(value: { systolic?: unknown; diastolic?: unknown }, ctx: z.RefinementCtx) {
  const { systolic, diastolic } = value;
  // Compare only two individually valid values: an out-of-range field already has its message.
  const valid = (v: unknown, b: { min: number; max: number }): v is number =>
    typeof v === "number" && Number.isInteger(v) && v >= b.min && v <= b.max;
  if (valid(systolic, VITALS_BOUNDS.systolic) && valid(diastolic, VITALS_BOUNDS.diastolic) && diastolic >= systolic) {
    ctx.addIssue({
      code: "custom",
      path: ["diastolic"],
      message: "Diastolic BP must be lower than systolic BP",
    });
  }
}

/** One set of vital signs as typed into the form (no time). */
export const vitalsReadingSchema = z.object(vitalsShape).superRefine(diastolicBelowSystolic);

/**
 * A reading as the domain functions take it. Optional values may be undefined (from the form)
 * or null (from the database).
 */
export interface VitalsReading {
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2: number;
  respiratoryRate?: number | null;
  temperatureC?: number | null;
}

export type VitalsReadingInput = z.output<typeof vitalsReadingSchema>;

export const VITALS_TIMEPOINTS = ["PRE_DOSE", "POST_DOSE", "PRE_DISCHARGE", "OTHER"] as const;
export type VitalsTimepoint = (typeof VITALS_TIMEPOINTS)[number];
export const VITALS_TIMEPOINT_LABELS: Record<VitalsTimepoint, string> = {
  PRE_DOSE: "Pre-dose",
  POST_DOSE: "Post-dose",
  PRE_DISCHARGE: "Before discharge",
  OTHER: "Other",
};

export interface TimedVitalsReading extends VitalsReading {
  takenAt: Date;
  timepoint?: VitalsTimepoint;
}

/**
 * A reading in the timed series. `now` refuses readings in the future; `timeZone` (the cohort's)
 * reads wall-clock input from <input type="datetime-local">.
 */
export function createTimedVitalsSchema(context: { now: Date; timeZone: string }) {
  return z
    .object({
      ...vitalsShape,
      takenAt: instantField("Time taken", context.timeZone).refine(
        (d) => d.getTime() <= context.now.getTime(),
        "Time taken cannot be in the future",
      ),
      timepoint: z.preprocess(
        (v) => (v === "" || v === null ? undefined : v),
        z.enum(VITALS_TIMEPOINTS, { error: "Choose when the reading was taken" }).default("OTHER"),
      ),
    })
    .superRefine(diastolicBelowSystolic);
}

// ---------------------------------------------------------------------------------------------
// Pre-dose gate

/**
 * Per-program pre-dose limits. A value AT the limit is allowed; only a value above a maximum
 * (or below a minimum) blocks: with 140/90, a reading of 140/90 passes and 141/90 or 140/91 is
 * blocked. Both BP numbers are checked independently ("above 140/90" = either is above).
 */
export interface PreDoseLimits {
  systolicMax: number;
  diastolicMax: number;
  hrMax?: number;
  spo2Min?: number;
}

/** Common gates seen in protocols; programs pick one or set their own. */
export const BP_GATE_PRESETS = {
  standard: { systolicMax: 140, diastolicMax: 90 },
  moderate: { systolicMax: 160, diastolicMax: 100 },
  permissive: { systolicMax: 180, diastolicMax: 110 },
} as const satisfies Record<string, PreDoseLimits>;

export const DEFAULT_PRE_DOSE_LIMITS: PreDoseLimits = BP_GATE_PRESETS.standard;

/** Program settings form for the gate. */
export const preDoseLimitsSchema = z.object({
  systolicMax: numberField({ label: "Systolic limit", min: 90, max: 220, unit: "mmHg", integer: true }),
  diastolicMax: numberField({ label: "Diastolic limit", min: 50, max: 140, unit: "mmHg", integer: true }),
  hrMax: optionalNumberField({ label: "Heart-rate limit", min: 40, max: 200, unit: "bpm", integer: true }),
  spo2Min: optionalNumberField({ label: "SpO2 minimum", min: 80, max: 100, unit: "%", integer: true }),
});

export type GateStatus = "ok" | "blocked";

export interface PreDoseGateResult {
  status: GateStatus;
  /** Empty when status is "ok"; one human sentence per limit crossed. */
  reasons: string[];
}

export function preDoseGate(reading: VitalsReading, limits: PreDoseLimits): PreDoseGateResult {
  const reasons: string[] = [];
  if (reading.systolic > limits.systolicMax) {
    reasons.push(`Systolic BP ${reading.systolic} mmHg is above the pre-dose limit of ${limits.systolicMax} mmHg`);
  }
  if (reading.diastolic > limits.diastolicMax) {
    reasons.push(`Diastolic BP ${reading.diastolic} mmHg is above the pre-dose limit of ${limits.diastolicMax} mmHg`);
  }
  if (limits.hrMax !== undefined && reading.heartRate > limits.hrMax) {
    reasons.push(`Heart rate ${reading.heartRate} bpm is above the pre-dose limit of ${limits.hrMax} bpm`);
  }
  if (limits.spo2Min !== undefined && reading.spo2 < limits.spo2Min) {
    reasons.push(`SpO2 ${reading.spo2}% is below the pre-dose minimum of ${limits.spo2Min}%`);
  }
  return { status: reasons.length === 0 ? "ok" : "blocked", reasons };
}

export const OVERRIDE_REASON_MIN_LENGTH = 10;

/** The clinician's override form. */
export const gateOverrideSchema = z.object({
  reason: textField("Override reason", {
    min: OVERRIDE_REASON_MIN_LENGTH,
    minMessage: `Write the reason for the override (at least ${OVERRIDE_REASON_MIN_LENGTH} characters)`,
  }),
});

export interface GateOverride {
  reason: string;
  clinicianId: string;
}

/** A blocked gate that a clinician overrode: dosing may proceed, and the record is flagged for review. */
export interface OverriddenGateResult {
  status: "overridden";
  reasons: string[];
  override: GateOverride;
  flaggedForReview: true;
}

export type PreDoseGateOutcome = PreDoseGateResult | OverriddenGateResult;

export function applyOverride(gate: PreDoseGateResult, override: GateOverride): Outcome<OverriddenGateResult> {
  if (gate.status === "ok") {
    return refuse("The pre-dose check passed; there is nothing to override");
  }
  const reason = override.reason.trim();
  if (reason.length < OVERRIDE_REASON_MIN_LENGTH) {
    return refuse(`Write the reason for the override (at least ${OVERRIDE_REASON_MIN_LENGTH} characters)`);
  }
  if (override.clinicianId.trim() === "") {
    return refuse("An override must be made by a named clinician");
  }
  return succeed({
    status: "overridden",
    reasons: [...gate.reasons],
    override: { reason, clinicianId: override.clinicianId },
    flaggedForReview: true,
  });
}

/** Dosing may go ahead when the gate passed or was overridden. */
export function mayProceedToDose(outcome: PreDoseGateOutcome): boolean {
  return outcome.status === "ok" || outcome.status === "overridden";
}

// ---------------------------------------------------------------------------------------------
// Monitoring ranges for the timed series

/**
 * Per-program monitoring ranges. A value strictly beyond a bound is flagged; a value equal to
 * the bound is not (systolic 180 is in range, 181 is flagged). Optional bounds are only checked
 * when the program sets them.
 */
export interface MonitoringRanges {
  systolicMax: number;
  systolicMin: number;
  diastolicMax: number;
  diastolicMin?: number;
  hrMax: number;
  hrMin: number;
  spo2Min: number;
  respiratoryRateMax?: number;
  respiratoryRateMin?: number;
  temperatureMaxC?: number;
}

/** Defaults: flag systolic > 180 or < 90, diastolic > 110, HR > 120 or < 50, SpO2 < 92. */
export const DEFAULT_MONITORING_RANGES: Readonly<MonitoringRanges> = Object.freeze({
  systolicMax: 180,
  systolicMin: 90,
  diastolicMax: 110,
  hrMax: 120,
  hrMin: 50,
  spo2Min: 92,
});

/** A program's saved settings may set only some bounds; the rest come from the defaults. */
export function resolveMonitoringRanges(programRanges?: Partial<MonitoringRanges> | null): MonitoringRanges {
  const resolved: MonitoringRanges = { ...DEFAULT_MONITORING_RANGES };
  for (const [key, value] of Object.entries(programRanges ?? {})) {
    if (typeof value === "number") (resolved as unknown as Record<string, number>)[key] = value;
  }
  return resolved;
}

export type VitalsField = "systolic" | "diastolic" | "heartRate" | "spo2" | "respiratoryRate" | "temperatureC";

export interface VitalsFlag {
  field: VitalsField;
  value: number;
  direction: "high" | "low";
  limit: number;
  message: string;
}

export interface OutOfRangeResult {
  outOfRange: boolean;
  flags: VitalsFlag[];
}

const FIELD_TEXT: Record<VitalsField, { label: string; unit: string }> = {
  systolic: { label: "Systolic BP", unit: " mmHg" },
  diastolic: { label: "Diastolic BP", unit: " mmHg" },
  heartRate: { label: "Heart rate", unit: " bpm" },
  spo2: { label: "SpO2", unit: "%" },
  respiratoryRate: { label: "Respiratory rate", unit: " breaths/min" },
  temperatureC: { label: "Temperature", unit: " °C" },
};

export function isOutOfRange(reading: VitalsReading, ranges: MonitoringRanges = DEFAULT_MONITORING_RANGES): OutOfRangeResult {
  const flags: VitalsFlag[] = [];
  const check = (field: VitalsField, value: number | null | undefined, min?: number, max?: number) => {
    if (value === undefined || value === null) return;
    const { label, unit } = FIELD_TEXT[field];
    if (max !== undefined && value > max) {
      flags.push({ field, value, direction: "high", limit: max, message: `${label} ${value}${unit} is above ${max}${unit}` });
    } else if (min !== undefined && value < min) {
      flags.push({ field, value, direction: "low", limit: min, message: `${label} ${value}${unit} is below ${min}${unit}` });
    }
  };
  check("systolic", reading.systolic, ranges.systolicMin, ranges.systolicMax);
  check("diastolic", reading.diastolic, ranges.diastolicMin, ranges.diastolicMax);
  check("heartRate", reading.heartRate, ranges.hrMin, ranges.hrMax);
  check("spo2", reading.spo2, ranges.spo2Min, undefined);
  check("respiratoryRate", reading.respiratoryRate, ranges.respiratoryRateMin, ranges.respiratoryRateMax);
  check("temperatureC", reading.temperatureC, undefined, ranges.temperatureMaxC);
  return { outOfRange: flags.length > 0, flags };
}

/** Program settings form for the monitoring ranges; each min must be below its max. */
export const monitoringRangesSchema = z
  .object({
    systolicMax: numberField({ label: "Systolic upper bound", min: 100, max: 260, unit: "mmHg", integer: true }),
    systolicMin: numberField({ label: "Systolic lower bound", min: 50, max: 140, unit: "mmHg", integer: true }),
    diastolicMax: numberField({ label: "Diastolic upper bound", min: 60, max: 160, unit: "mmHg", integer: true }),
    diastolicMin: optionalNumberField({ label: "Diastolic lower bound", min: 20, max: 100, unit: "mmHg", integer: true }),
    hrMax: numberField({ label: "Heart-rate upper bound", min: 60, max: 250, unit: "bpm", integer: true }),
    hrMin: numberField({ label: "Heart-rate lower bound", min: 20, max: 100, unit: "bpm", integer: true }),
    spo2Min: numberField({ label: "SpO2 lower bound", min: 70, max: 100, unit: "%", integer: true }),
    respiratoryRateMax: optionalNumberField({
      label: "Respiratory-rate upper bound",
      min: 10,
      max: 60,
      unit: "breaths/min",
      integer: true,
    }),
    respiratoryRateMin: optionalNumberField({ label: "Respiratory-rate lower bound", min: 4, max: 30, unit: "breaths/min", integer: true }),
    temperatureMaxC: optionalNumberField({ label: "Temperature upper bound", min: 36, max: 42, unit: "°C", maxDecimals: 1 }),
  })
  .superRefine((v, ctx) => {
    const pairs: Array<[keyof typeof v, keyof typeof v, string]> = [
      ["systolicMin", "systolicMax", "Systolic lower bound must be below the upper bound"],
      ["diastolicMin", "diastolicMax", "Diastolic lower bound must be below the upper bound"],
      ["hrMin", "hrMax", "Heart-rate lower bound must be below the upper bound"],
      ["respiratoryRateMin", "respiratoryRateMax", "Respiratory-rate lower bound must be below the upper bound"],
    ];
    for (const [minKey, maxKey, message] of pairs) {
      const min = v[minKey];
      const max = v[maxKey];
      if (typeof min === "number" && typeof max === "number" && min >= max) {
        ctx.addIssue({ code: "custom", path: [minKey], message });
      }
    }
  });
