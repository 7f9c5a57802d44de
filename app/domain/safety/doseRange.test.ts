import { describe, expect, it } from "vitest";
import { checkDoseRange, doseRangeRefusal, formatMgPerKgRange, type MgPerKgRangesByRoute } from "./dosing";

const RANGES: MgPerKgRangesByRoute = { IM: { min: 0.5, max: 1.0 }, SUBLINGUAL: { min: 1, max: 4 } };
const im = (doseMg: number, weightKg = 80) => checkDoseRange({ doseMg, weightKg, route: "IM" }, RANGES);
const sl = (doseMg: number, weightKg = 80) => checkDoseRange({ doseMg, weightKg, route: "SUBLINGUAL" }, RANGES);

describe("dose range per program and route", () => {
  it("IM 0.5–1.0 mg/kg at 80 kg: both limits are inside, anything beyond them is outside", () => {
    expect(im(40).level).toBe("in-range"); // exactly 0.5
    expect(im(80).level).toBe("in-range"); // exactly 1.0
    expect(im(60).level).toBe("in-range");
    expect(im(39.999).level).toBe("below"); // 0.4999875
    expect(im(39.99).level).toBe("below");
    expect(im(80.001).level).toBe("above"); // 1.0000125
    expect(im(80.01).level).toBe("above");
    expect(im(40.001).level).toBe("in-range");
    expect(im(79.999).level).toBe("in-range");
  });

  it("compares exactly, not on the rounded 2-decimal value, and shows enough decimals to see why", () => {
    // 39.99 / 80 = 0.499875 displays as 0.50 but is below 0.5.
    const low = im(39.99);
    expect(low.mgPerKg).toBe(0.5);
    expect(low.message).toBe("0.4999 mg/kg is below this program's range for Intramuscular (IM) (0.5–1 mg/kg)");
    const high = im(80.01);
    expect(high.message).toBe("1.0001 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg)");
    expect(im(400, 88).message).toBe("4.55 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg)");
  });

  it("sublingual 1–4 mg/kg at 62.5 kg: limits 62.5 mg and 250 mg", () => {
    expect(sl(62.5, 62.5).level).toBe("in-range");
    expect(sl(250, 62.5).level).toBe("in-range");
    expect(sl(62.49, 62.5).level).toBe("below");
    expect(sl(250.01, 62.5).level).toBe("above");
    expect(sl(35, 81).message).toBe("0.43 mg/kg is below this program's range for Sublingual / lozenge (1–4 mg/kg)");
  });

  it("a route without a range, or a program without ranges, is not checked", () => {
    expect(checkDoseRange({ doseMg: 500, weightKg: 50, route: "IV" }, RANGES)).toEqual({ level: "no-range", mgPerKg: 10 });
    expect(checkDoseRange({ doseMg: 500, weightKg: 50, route: "IM" }, undefined).level).toBe("no-range");
  });

  it("the refusal names the range and who may override", () => {
    expect(doseRangeRefusal(im(120), { prescriber: false })).toBe(
      "1.50 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg). Only a prescriber can override the range, with a reason",
    );
    expect(doseRangeRefusal(im(20), { prescriber: true })).toBe(
      "0.25 mg/kg is below this program's range for Intramuscular (IM) (0.5–1 mg/kg). To give it, tick the prescriber's override and write the reason",
    );
    expect(formatMgPerKgRange({ min: 0.25, max: 0.75 })).toBe("0.25–0.75 mg/kg");
  });
});
