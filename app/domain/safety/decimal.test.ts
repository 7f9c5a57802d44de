import { describe, expect, it } from "vitest";
import { decimalPlaces, divideRoundHalfAwayFromZero, formatScaled, parseDecimal, toScaledInteger } from "./decimal";

describe("parseDecimal", () => {
  it("reads numbers as the decimals a person typed", () => {
    expect(parseDecimal(0.285)).toEqual({ units: 285n, scale: 3 });
    expect(parseDecimal("1.50")).toEqual({ units: 15n, scale: 1 });
    expect(parseDecimal(1e21)).toEqual({ units: 10n ** 21n, scale: 0 });
    expect(parseDecimal(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(parseDecimal(-2.5)).toEqual({ units: -25n, scale: 1 });
  });
  it("refuses non-numbers", () => {
    expect(() => parseDecimal(Number.NaN)).toThrow(RangeError);
    expect(() => parseDecimal("1.2.3")).toThrow(RangeError);
    expect(() => parseDecimal(".")).toThrow(RangeError);
  });
  it("counts decimal places", () => {
    expect(decimalPlaces(12.125)).toBe(3);
    expect(decimalPlaces(12)).toBe(0);
  });
});

describe("rounding", () => {
  it("rounds halves away from zero", () => {
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(4n, 3n)).toBe(1n);
    expect(toScaledInteger(1.005, 2)).toBe(101n);
    expect(toScaledInteger(2.675, 2)).toBe(268n);
  });
  it("formats scaled integers", () => {
    expect(formatScaled(1234567n, 3, { group: true })).toBe("1,234.567");
    expect(formatScaled(1500000n, 3, { group: true })).toBe("1,500");
    expect(formatScaled(50n, 2, { trimZeros: false })).toBe("0.50");
    expect(formatScaled(-5n, 3)).toBe("-0.005");
  });
});
