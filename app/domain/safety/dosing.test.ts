import { describe, expect, it } from "vitest";
import {
  cadss6Schema,
  checkMaxMgPerKg,
  computeMgPerKg,
  createDoseSchema,
  dischargeChecklistSchema,
  dischargeReady,
  formatMgPerKg,
  monitoringDuration,
  scoreCadss6,
  type DischargeChecklist,
} from "./dosing";
import { fieldMessages } from "./testing";

describe("computeMgPerKg", () => {
  it("computes and rounds to 2 decimals", () => {
    expect(computeMgPerKg(35, 70)).toBe(0.5);
    expect(computeMgPerKg(50, 75)).toBe(0.67);
    expect(computeMgPerKg(100, 60)).toBe(1.67);
    expect(computeMgPerKg(20, 90)).toBe(0.22);
  });

  it("rounds an exact half away from zero, where float arithmetic would round down", () => {
    // 28.5 / 100 = 0.285 exactly; 0.285 * 100 = 28.499999999999996 in floating point
    expect(Math.round((28.5 / 100) * 100) / 100).toBe(0.28);
    expect(computeMgPerKg(28.5, 100)).toBe(0.29);
    // 100.5 / 100 = 1.005 exactly; (1.005).toFixed(2) is "1.00"
    expect((100.5 / 100).toFixed(2)).toBe("1.00");
    expect(computeMgPerKg(100.5, 100)).toBe(1.01);
    expect(computeMgPerKg(57, 200)).toBe(0.29); // 0.285
    expect(computeMgPerKg(2.675, 1)).toBe(2.68); // (2.675).toFixed(2) is "2.67"
  });

  it("does not round a value just below a half up", () => {
    expect(computeMgPerKg(28.49, 100)).toBe(0.28); // 0.2849
    expect(computeMgPerKg(33.3, 70.1)).toBe(0.48); // 0.47503…
  });

  it("handles decimals in the weight exactly", () => {
    expect(computeMgPerKg(35.7, 71.4)).toBe(0.5);
    expect(computeMgPerKg(40, 80.5)).toBe(0.5); // 0.49689…
    expect(computeMgPerKg(8.05, 70)).toBe(0.12); // 0.115 exactly -> 0.12
  });

  it("formats with two decimals", () => {
    expect(formatMgPerKg(35, 70)).toBe("0.50");
    expect(formatMgPerKg(28.5, 100)).toBe("0.29");
  });

  it("throws on zero or negative input (the form refuses those first)", () => {
    expect(() => computeMgPerKg(0, 70)).toThrow(RangeError);
    expect(() => computeMgPerKg(35, 0)).toThrow(RangeError);
    expect(() => computeMgPerKg(Number.NaN, 70)).toThrow(RangeError);
  });
});

describe("createDoseSchema", () => {
  const now = new Date("2026-03-10T18:00:00Z");
  const schema = createDoseSchema({ now, timeZone: "America/Denver" });
  const valid = { doseMg: "35", weightKg: "70", route: "IM", lotNumber: "K-2291", givenAt: "2026-03-10T10:00", givenById: "u-nurse" };

  it("parses a valid dose", () => {
    const r = schema.parse(valid);
    expect(r).toEqual({
      doseMg: 35,
      weightKg: 70,
      route: "IM",
      lotNumber: "K-2291",
      givenAt: new Date("2026-03-10T16:00:00Z") /* MDT, UTC-6 */,
      givenById: "u-nurse",
    });
  });

  it("refuses a dose of 0 mg and of 10,000 mg", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, doseMg: "0" }))).toEqual({ doseMg: "Dose must be more than 0 mg" });
    expect(fieldMessages(schema.safeParse({ ...valid, doseMg: "10000" }))).toEqual({ doseMg: "Dose must be at most 1,000 mg" });
    expect(fieldMessages(schema.safeParse({ ...valid, doseMg: "-5" }))).toEqual({ doseMg: "Dose must be more than 0 mg" });
    expect(schema.safeParse({ ...valid, doseMg: "1000" }).success).toBe(true);
    expect(fieldMessages(schema.safeParse({ ...valid, doseMg: "12.3456" }))).toEqual({ doseMg: "Dose can have at most 3 decimal places" });
  });

  it("refuses weights outside 30–300 kg", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, weightKg: "29.9" }))).toEqual({ weightKg: "Weight must be between 30 and 300 kg" });
    expect(fieldMessages(schema.safeParse({ ...valid, weightKg: "301" }))).toEqual({ weightKg: "Weight must be between 30 and 300 kg" });
    expect(schema.safeParse({ ...valid, weightKg: "30" }).success).toBe(true);
  });

  it("names every missing field", () => {
    expect(fieldMessages(schema.safeParse({}))).toEqual({
      doseMg: "Dose is required",
      weightKg: "Weight is required",
      route: "Choose a route (IM, IV, sublingual, subcutaneous or intranasal)",
      lotNumber: "Lot number is required",
      givenAt: "Time given is required",
      givenById: "Who gave the dose is required",
    });
  });

  it("refuses an unknown route and a time in the future", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, route: "ORAL", givenAt: "2026-03-10T12:01" }))).toEqual({
      route: "Choose a route (IM, IV, sublingual, subcutaneous or intranasal)",
      givenAt: "Time given cannot be in the future",
    });
  });
});

describe("checkMaxMgPerKg", () => {
  const max = { IM: 0.75, SUBLINGUAL: 4 };
  it("warns above the route's maximum, not at it", () => {
    expect(checkMaxMgPerKg({ doseMg: 52.5, weightKg: 70, route: "IM" }, max)).toEqual({ level: "ok", mgPerKg: 0.75 });
    const over = checkMaxMgPerKg({ doseMg: 53, weightKg: 70, route: "IM" }, max);
    expect(over.level).toBe("warn");
    expect(over.message).toBe("0.76 mg/kg is above this program's maximum of 0.75 mg/kg for Intramuscular (IM)");
  });
  it("compares exactly, not after rounding to 2 decimals", () => {
    // 28.4 / 40 = 0.71 exactly is at the maximum; 28.401 / 40 = 0.710025 still prints as 0.71 but is above it
    expect(checkMaxMgPerKg({ doseMg: 28.4, weightKg: 40, route: "IM" }, { IM: 0.71 }).level).toBe("ok");
    const over = checkMaxMgPerKg({ doseMg: 28.401, weightKg: 40, route: "IM" }, { IM: 0.71 });
    expect(over.level).toBe("warn");
    expect(over.mgPerKg).toBe(0.71);
    expect(over.message).toBe("0.71003 mg/kg is above this program's maximum of 0.71 mg/kg for Intramuscular (IM)");
  });
  it("has no limit for a route the program did not set", () => {
    expect(checkMaxMgPerKg({ doseMg: 100, weightKg: 70, route: "IV" }, max).level).toBe("no-limit");
  });
});

describe("monitoringDuration", () => {
  const dose = new Date("2026-03-10T17:00:00Z");
  it("returns whole minutes from dose to discharge", () => {
    expect(monitoringDuration(dose, new Date("2026-03-10T19:05:00Z"))).toEqual({ ok: true, value: 125 });
    expect(monitoringDuration(dose, new Date("2026-03-10T17:59:59Z"))).toEqual({ ok: true, value: 59 });
    expect(monitoringDuration(dose, dose)).toEqual({ ok: true, value: 0 });
  });
  it("refuses a discharge before the dose", () => {
    expect(monitoringDuration(dose, new Date("2026-03-10T16:59:00Z"))).toEqual({
      ok: false,
      message: "Discharge time cannot be before the time the dose was given",
    });
  });
  it("is not fooled by a DST change (real elapsed time)", () => {
    // US DST began 2026-03-08 02:00 local; 01:30 MST -> 03:30 MDT is 60 minutes
    expect(monitoringDuration(new Date("2026-03-08T08:30:00Z"), new Date("2026-03-08T09:30:00Z"))).toEqual({ ok: true, value: 60 });
  });
});

describe("discharge checklist", () => {
  const complete: DischargeChecklist = {
    orientedToBaseline: true,
    walkingSteadily: true,
    vitalsWithinRange: true,
    escortPresent: true,
    escortName: "Jordan Lee",
    noDrivingAdvised: true,
  };

  it("is ready when every item is met", () => {
    expect(dischargeReady(complete)).toEqual({ ready: true, missing: [] });
  });

  it("lists each unmet item", () => {
    expect(dischargeReady({}).missing).toEqual([
      "Participant is not confirmed back to baseline orientation",
      "Participant is not confirmed walking steadily",
      "Vitals are not confirmed within range",
      "No responsible adult escort is confirmed present",
      "The escort's name is missing",
      "Participant has not been told not to drive until the next day",
    ]);
    expect(dischargeReady({ ...complete, escortName: " " })).toEqual({ ready: false, missing: ["The escort's name is missing"] });
  });

  it("does not trust the tick box when the latest reading is out of range", () => {
    const r = dischargeReady(complete, { lastVitals: { systolic: 185, diastolic: 100, heartRate: 80, spo2: 97 } });
    expect(r.missing).toEqual(["Latest vitals are out of range: Systolic BP 185 mmHg is above 180 mmHg"]);
  });

  it("checks the program's minimum monitoring time when set", () => {
    const r = dischargeReady(complete, {
      doseGivenAt: new Date("2026-03-10T17:00:00Z"),
      dischargeAt: new Date("2026-03-10T17:45:00Z"),
      minMonitoringMinutes: 60,
    });
    expect(r.missing).toEqual(["Monitoring has lasted 45 minutes; this program requires at least 60"]);
  });

  it("form: checkboxes and the escort's name", () => {
    expect(fieldMessages(dischargeChecklistSchema.safeParse({ escortPresent: "on" }))).toEqual({
      escortName: "Enter the name of the escort",
    });
    const parsed = dischargeChecklistSchema.parse({ orientedToBaseline: "on", escortPresent: "on", escortName: " Sam " });
    expect(parsed).toEqual({
      orientedToBaseline: true,
      walkingSteadily: false,
      vitalsWithinRange: false,
      escortPresent: true,
      escortName: "Sam",
      noDrivingAdvised: false,
    });
  });
});

describe("CADSS-6", () => {
  const all = { item1: 2, item2: 0, item6: 4, item7: 1, item15: 3, item22: 0 };
  it("sums items 1, 2, 6, 7, 15, 22", () => {
    expect(scoreCadss6(all)).toBe(10);
    expect(scoreCadss6({ item1: 4, item2: 4, item6: 4, item7: 4, item15: 4, item22: 4 })).toBe(24);
  });
  it("returns null when incomplete or out of range", () => {
    expect(scoreCadss6({ ...all, item22: undefined as unknown as number })).toBeNull();
    expect(scoreCadss6({ ...all, item15: 5 })).toBeNull();
  });
  it("form messages name the item", () => {
    expect(fieldMessages(cadss6Schema.safeParse({ ...all, item7: "5", item22: "" }))).toEqual({
      item7: "CADSS item 7 must be a score from 0 to 4",
      item22: "CADSS item 22 is required",
    });
  });
});
