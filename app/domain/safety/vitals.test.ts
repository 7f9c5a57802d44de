import { describe, expect, it } from "vitest";
import { fieldMessages as messages } from "./testing";
import {
  BP_GATE_PRESETS,
  DEFAULT_MONITORING_RANGES,
  applyOverride,
  createTimedVitalsSchema,
  gateOverrideSchema,
  isOutOfRange,
  mayProceedToDose,
  monitoringRangesSchema,
  preDoseGate,
  resolveMonitoringRanges,
  vitalsReadingSchema,
  type VitalsReading,
} from "./vitals";

const reading = (systolic: number, diastolic: number, extra: Partial<VitalsReading> = {}): VitalsReading => ({
  systolic,
  diastolic,
  heartRate: 72,
  spo2: 98,
  ...extra,
});

describe("vitalsReadingSchema", () => {
  it("accepts a normal reading typed into a form", () => {
    const r = vitalsReadingSchema.safeParse({
      systolic: "128",
      diastolic: "82",
      heartRate: "70",
      spo2: "98",
      respiratoryRate: "",
      temperatureC: "36.8",
    });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ systolic: 128, diastolic: 82, heartRate: 70, spo2: 98, respiratoryRate: undefined, temperatureC: 36.8 });
  });

  it("rejects BP 300/20 with a systolic message", () => {
    const r = vitalsReadingSchema.safeParse({ systolic: 300, diastolic: 20, heartRate: 70, spo2: 98 });
    expect(r.success).toBe(false);
    expect(messages(r)).toEqual({ systolic: "Systolic BP must be between 50 and 260 mmHg" });
  });

  it("rejects SpO2 120", () => {
    const r = vitalsReadingSchema.safeParse({ systolic: 120, diastolic: 80, heartRate: 70, spo2: 120 });
    expect(messages(r)).toEqual({ spo2: "SpO2 must be between 50 and 100%" });
  });

  it("gives range messages for each field", () => {
    const r = vitalsReadingSchema.safeParse({
      systolic: 49,
      diastolic: 161,
      heartRate: 251,
      spo2: 49,
      respiratoryRate: 2,
      temperatureC: 46,
    });
    expect(messages(r)).toEqual({
      systolic: "Systolic BP must be between 50 and 260 mmHg",
      diastolic: "Diastolic BP must be between 20 and 160 mmHg",
      heartRate: "Heart rate must be between 20 and 250 bpm",
      spo2: "SpO2 must be between 50 and 100%",
      respiratoryRate: "Respiratory rate must be between 4 and 60 breaths/min",
      temperatureC: "Temperature must be between 30 and 45 °C",
    });
  });

  it("accepts the exact bounds", () => {
    expect(vitalsReadingSchema.safeParse({ systolic: 260, diastolic: 20, heartRate: 20, spo2: 100 }).success).toBe(true);
    expect(vitalsReadingSchema.safeParse({ systolic: 50, diastolic: 20, heartRate: 250, spo2: 50 }).success).toBe(true);
  });

  it("requires diastolic below systolic", () => {
    expect(messages(vitalsReadingSchema.safeParse({ systolic: 120, diastolic: 120, heartRate: 70, spo2: 98 }))).toEqual({
      diastolic: "Diastolic BP must be lower than systolic BP",
    });
  });

  it("says which fields are missing or not numbers", () => {
    const r = vitalsReadingSchema.safeParse({ systolic: "", diastolic: "abc", heartRate: "72.5", spo2: "98" });
    expect(messages(r)).toEqual({
      systolic: "Systolic BP is required",
      diastolic: "Diastolic BP must be a number",
      heartRate: "Heart rate must be a whole number",
    });
  });
});

describe("createTimedVitalsSchema", () => {
  const now = new Date("2026-03-10T18:00:00Z");
  const schema = createTimedVitalsSchema({ now, timeZone: "America/Denver" });
  it("reads wall-clock time in the cohort's time zone", () => {
    const r = schema.parse({ systolic: 130, diastolic: 85, heartRate: 80, spo2: 97, takenAt: "2026-03-10T10:40", timepoint: "POST_DOSE" });
    expect(r.takenAt.toISOString()).toBe("2026-03-10T16:40:00.000Z");
    expect(r.timepoint).toBe("POST_DOSE");
  });
  it("refuses a reading in the future", () => {
    const r = schema.safeParse({ systolic: 130, diastolic: 85, heartRate: 80, spo2: 97, takenAt: "2026-03-10T12:01" });
    expect(messages(r)).toEqual({ takenAt: "Time taken cannot be in the future" });
  });
});

describe("preDoseGate at and around 140/90", () => {
  const limits = BP_GATE_PRESETS.standard;
  it.each([
    [139, 89, "ok"],
    [140, 90, "ok"],
    [141, 90, "blocked"],
    [140, 91, "blocked"],
    [165, 105, "blocked"],
  ] as const)("%i/%i is %s", (sys, dia, status) => {
    expect(preDoseGate(reading(sys, dia), limits).status).toBe(status);
  });

  it("names each limit crossed", () => {
    expect(preDoseGate(reading(165, 105), limits).reasons).toEqual([
      "Systolic BP 165 mmHg is above the pre-dose limit of 140 mmHg",
      "Diastolic BP 105 mmHg is above the pre-dose limit of 90 mmHg",
    ]);
    expect(preDoseGate(reading(141, 90), limits).reasons).toHaveLength(1);
    expect(preDoseGate(reading(140, 90), limits).reasons).toEqual([]);
  });

  it("uses the program's preset (165/105 passes a 180/110 gate)", () => {
    expect(preDoseGate(reading(165, 105), BP_GATE_PRESETS.permissive).status).toBe("ok");
    expect(preDoseGate(reading(161, 100), BP_GATE_PRESETS.moderate).status).toBe("blocked");
  });

  it("checks optional HR and SpO2 limits only when set", () => {
    expect(preDoseGate(reading(120, 80, { heartRate: 130, spo2: 90 }), limits).status).toBe("ok");
    const gate = preDoseGate(reading(120, 80, { heartRate: 111, spo2: 93 }), { ...limits, hrMax: 110, spo2Min: 94 });
    expect(gate.reasons).toEqual([
      "Heart rate 111 bpm is above the pre-dose limit of 110 bpm",
      "SpO2 93% is below the pre-dose minimum of 94%",
    ]);
    expect(preDoseGate(reading(120, 80, { heartRate: 110, spo2: 94 }), { ...limits, hrMax: 110, spo2Min: 94 }).status).toBe("ok");
  });
});

describe("applyOverride", () => {
  const blocked = preDoseGate(reading(150, 95), BP_GATE_PRESETS.standard);
  it("requires a written reason of at least 10 characters", () => {
    expect(applyOverride(blocked, { reason: "   ", clinicianId: "c1" })).toEqual({
      ok: false,
      message: "Write the reason for the override (at least 10 characters)",
    });
    expect(applyOverride(blocked, { reason: "  ten chars! ", clinicianId: "c1" }).ok).toBe(true);
    expect(applyOverride(blocked, { reason: "123456789", clinicianId: "c1" }).ok).toBe(false);
  });
  it("produces a flagged-for-review outcome that allows dosing", () => {
    const r = applyOverride(blocked, { reason: "White-coat pattern; home BP 128/80 documented", clinicianId: "c1" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.status).toBe("overridden");
    expect(r.value.flaggedForReview).toBe(true);
    expect(r.value.reasons).toEqual(blocked.reasons);
    expect(mayProceedToDose(r.value)).toBe(true);
    expect(mayProceedToDose(blocked)).toBe(false);
  });
  it("refuses to override a gate that passed, or without a clinician", () => {
    const ok = preDoseGate(reading(120, 80), BP_GATE_PRESETS.standard);
    expect(applyOverride(ok, { reason: "no reason needed here", clinicianId: "c1" }).ok).toBe(false);
    expect(applyOverride(blocked, { reason: "a perfectly good reason", clinicianId: " " }).ok).toBe(false);
  });
  it("has a form schema with the same message", () => {
    expect(gateOverrideSchema.safeParse({ reason: "short" }).error?.issues[0].message).toBe(
      "Write the reason for the override (at least 10 characters)",
    );
    expect(gateOverrideSchema.safeParse({ reason: "" }).error?.issues[0].message).toBe("Override reason is required");
  });
});

describe("isOutOfRange", () => {
  it("flags nothing for a normal reading and nothing exactly at the default bounds", () => {
    expect(isOutOfRange(reading(120, 80))).toEqual({ outOfRange: false, flags: [] });
    expect(isOutOfRange(reading(180, 110, { heartRate: 120, spo2: 92 })).outOfRange).toBe(false);
    expect(isOutOfRange(reading(90, 60, { heartRate: 50 })).outOfRange).toBe(false);
  });
  it("flags each value beyond the defaults", () => {
    const r = isOutOfRange(reading(181, 111, { heartRate: 121, spo2: 91 }));
    expect(r.flags.map((f) => [f.field, f.direction, f.limit])).toEqual([
      ["systolic", "high", 180],
      ["diastolic", "high", 110],
      ["heartRate", "high", 120],
      ["spo2", "low", 92],
    ]);
    expect(r.flags[0].message).toBe("Systolic BP 181 mmHg is above 180 mmHg");
    expect(isOutOfRange(reading(89, 60, { heartRate: 49 })).flags.map((f) => f.message)).toEqual([
      "Systolic BP 89 mmHg is below 90 mmHg",
      "Heart rate 49 bpm is below 50 bpm",
    ]);
  });
  it("uses per-program ranges, including optional bounds", () => {
    const ranges = resolveMonitoringRanges({ systolicMax: 160, respiratoryRateMin: 10 });
    expect(ranges.hrMax).toBe(DEFAULT_MONITORING_RANGES.hrMax);
    const r = isOutOfRange(reading(170, 80, { respiratoryRate: 8 }), ranges);
    expect(r.flags.map((f) => f.field)).toEqual(["systolic", "respiratoryRate"]);
  });
  it("validates program ranges", () => {
    const r = monitoringRangesSchema.safeParse({
      systolicMax: 120,
      systolicMin: 130,
      diastolicMax: 110,
      hrMax: 120,
      hrMin: 50,
      spo2Min: 92,
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual(["Systolic lower bound must be below the upper bound"]);
  });
});
