import { describe, expect, it } from "vitest";
import { deaCheckDigit, parseDeaNumber } from "./dea";

describe("DEA registration number", () => {
  it("computes the check digit: (d1+d3+d5) + 2(d2+d4+d6), last digit", () => {
    // 1+3+5 = 9; 2(2+4+6) = 24; 33 -> 3
    expect(deaCheckDigit("123456")).toBe(3);
    // 0 everywhere -> 0; 9s: 27 + 54 = 81 -> 1
    expect(deaCheckDigit("000000")).toBe(0);
    expect(deaCheckDigit("999999")).toBe(1);
    expect(() => deaCheckDigit("12345")).toThrow(RangeError);
  });

  it("accepts a valid number, normalising case and spaces", () => {
    expect(parseDeaNumber("AB1234563")).toEqual({ ok: true, value: "AB1234563" });
    expect(parseDeaNumber(" ab 123 4563 ")).toEqual({ ok: true, value: "AB1234563" });
    expect(parseDeaNumber("FM9999991")).toEqual({ ok: true, value: "FM9999991" });
  });

  it("refuses a wrong check digit and says which digit fits", () => {
    const r = parseDeaNumber("AB1234564");
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/check digit does not match \(the last digit should be 3\)/) });
  });

  it("refuses the wrong shape with the format in the message", () => {
    for (const bad of ["A11234563", "AB123456", "AB12345633", "1B1234563", "AB12345X3", "ÄB1234563"]) {
      expect(parseDeaNumber(bad), bad).toEqual({ ok: false, message: "A DEA number is two letters and seven digits, e.g. AB1234563" });
    }
    expect(parseDeaNumber("  ")).toEqual({ ok: false, message: "Enter the prescriber's DEA registration number" });
  });
});
