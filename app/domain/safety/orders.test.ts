import { describe, expect, it } from "vitest";
import {
  type DoseOrderTerms,
  checkOrderAgainstProtocol,
  checkRepeatDose,
  compareWithOrder,
  describeOrderDose,
  describeRepeat,
  mgFromMgPerKg,
  orderedMg,
} from "./orders";

const mg35: DoseOrderTerms = { unit: "MG", amount: "35", weightKg: 70, route: "IM", repeat: null, prescriberName: "Dr X" };
const perKg: DoseOrderTerms = { unit: "MG_PER_KG", amount: "0.5", weightKg: 80, route: "IM", repeat: null, prescriberName: "Dr X" };
const RANGES = { IM: { min: 0.5, max: 1 }, SUBLINGUAL: { min: 1, max: 4 } };

describe("mg from an mg/kg order (exact)", () => {
  it("multiplies on the typed decimals and rounds to micrograms, halves away from zero", () => {
    expect(mgFromMgPerKg("0.5", 80)).toBe(40);
    expect(mgFromMgPerKg(0.5, 80.5)).toBe(40.25);
    expect(mgFromMgPerKg("0.7", 70.3)).toBe(49.21); // 0.7 * 70.3 is 49.209999999999994 in floats
    expect(mgFromMgPerKg("0.333", 80.05)).toBe(26.657); // 26.65665 → 26.657
    expect(() => mgFromMgPerKg(0, 80)).toThrow(RangeError);
  });
  it("an mg order is its mg whatever the weight; an mg/kg order is computed at the weight given, else the order's", () => {
    expect(orderedMg(mg35, 100)).toBe(35);
    expect(orderedMg(perKg)).toBe(40);
    expect(orderedMg(perKg, 90)).toBe(45);
  });
});

describe("the order in words", () => {
  it("names dose, route and (for mg/kg) the mg at the weight", () => {
    expect(describeOrderDose(mg35)).toBe("35 mg IM");
    expect(describeOrderDose(perKg)).toBe("0.5 mg/kg IM (40 mg at 80 kg)");
    expect(describeOrderDose(perKg, 82.5)).toBe("0.5 mg/kg IM (41.25 mg at 82.5 kg)");
    expect(describeOrderDose({ ...mg35, route: "SUBLINGUAL", amount: "300" })).toBe("300 mg sublingual / lozenge");
    expect(describeRepeat({ doseMg: 10, afterMinutes: 20 })).toBe("may repeat once, 10 mg, at least 20 min after the dose");
    expect(describeRepeat(null)).toBeNull();
  });
});

describe("administration against the order", () => {
  it("the same dose and route matches", () => {
    expect(compareWithOrder(mg35, { doseMg: 35, weightKg: 70, route: "IM" })).toEqual({ ok: true });
    expect(compareWithOrder(mg35, { doseMg: 35.0, weightKg: 95, route: "IM" })).toEqual({ ok: true });
  });
  it("a different mg is refused on the dose, naming the order and its prescriber", () => {
    expect(compareWithOrder(mg35, { doseMg: 40, weightKg: 70, route: "IM" })).toEqual({
      ok: false,
      field: "doseMg",
      message: "Ordered 35 mg IM by Dr X; amend the order to give 40 mg",
    });
    // One microgram is a different dose.
    expect(compareWithOrder(mg35, { doseMg: 35.001, weightKg: 70, route: "IM" }).ok).toBe(false);
  });
  it("a different route is refused on the route, before the dose", () => {
    expect(compareWithOrder(mg35, { doseMg: 40, weightKg: 70, route: "SUBLINGUAL" })).toEqual({
      ok: false,
      field: "route",
      message: "Ordered 35 mg IM by Dr X; amend the order to give it sublingual / lozenge",
    });
  });
  it("an mg/kg order against mg given at the recorded weight", () => {
    expect(compareWithOrder(perKg, { doseMg: 40, weightKg: 80, route: "IM" })).toEqual({ ok: true });
    expect(compareWithOrder(perKg, { doseMg: 41.25, weightKg: 82.5, route: "IM" })).toEqual({ ok: true });
    expect(compareWithOrder(perKg, { doseMg: 40, weightKg: 82.5, route: "IM" })).toEqual({
      ok: false,
      field: "doseMg",
      message: "Ordered 0.5 mg/kg IM (41.25 mg at 82.5 kg) by Dr X; amend the order to give 40 mg",
    });
  });
});

describe("repeat (top-up) doses", () => {
  const withRepeat: DoseOrderTerms = { ...mg35, repeat: { doseMg: 10, afterMinutes: 20 } };
  const first = new Date("2036-03-02T15:00:00Z");
  const at = (min: number) => new Date(first.getTime() + min * 60_000);
  it("within the rule: once, the ordered mg and route, N minutes or more after the first dose", () => {
    expect(checkRepeatDose(withRepeat, { firstGivenAt: first, at: at(20), doseMg: 10, route: "IM", earlierRepeats: 0 })).toEqual({
      ok: true,
      value: true,
    });
  });
  it("too early, a second repeat, another mg or route, or no rule at all are refused", () => {
    expect(checkRepeatDose(withRepeat, { firstGivenAt: first, at: at(19.5), doseMg: 10, route: "IM", earlierRepeats: 0 })).toEqual({
      ok: false,
      message: "The repeat may be given 20 min or more after the first dose; it is 19 min after it",
    });
    expect(checkRepeatDose(withRepeat, { firstGivenAt: first, at: at(60), doseMg: 10, route: "IM", earlierRepeats: 1 }).ok).toBe(false);
    expect(checkRepeatDose(withRepeat, { firstGivenAt: first, at: at(30), doseMg: 15, route: "IM", earlierRepeats: 0 })).toEqual({
      ok: false,
      message: "The repeat is ordered as 10 mg; amend the order to give 15 mg",
    });
    expect(checkRepeatDose(withRepeat, { firstGivenAt: first, at: at(30), doseMg: 10, route: "IV", earlierRepeats: 0 }).ok).toBe(false);
    expect(checkRepeatDose(mg35, { firstGivenAt: first, at: at(30), doseMg: 10, route: "IM", earlierRepeats: 0 })).toEqual({
      ok: false,
      message: "The order by Dr X allows no repeat dose; a prescriber must amend it",
    });
  });
});

describe("the order against the protocol", () => {
  it("inside the range by the planned route: nothing to explain", () => {
    expect(checkOrderAgainstProtocol(mg35, { sessionRoute: "IM", ranges: RANGES })).toEqual({ deviations: [], outOfRange: null });
  });
  it("another route than the session's, a route without a range, a dose outside the range", () => {
    expect(checkOrderAgainstProtocol({ ...mg35, route: "SUBLINGUAL", amount: "100" }, { sessionRoute: "IM", ranges: RANGES })).toEqual({
      deviations: ["Sublingual / lozenge is not this session's planned route (Intramuscular (IM))"],
      outOfRange: null,
    });
    expect(checkOrderAgainstProtocol({ ...mg35, route: "IV" }, { sessionRoute: null, ranges: RANGES }).deviations).toEqual([
      "The program has no dose range for Intravenous (IV)",
    ]);
    const high = checkOrderAgainstProtocol({ ...perKg, amount: "1.2" }, { sessionRoute: "IM", ranges: RANGES });
    expect(high.outOfRange).toBe("1.20 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg)");
    expect(high.deviations).toEqual([high.outOfRange]);
  });
});
