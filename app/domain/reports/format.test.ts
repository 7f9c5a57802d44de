import { describe, expect, it } from "vitest";
import { fmt, fmtCi, fmtP, measureTitle } from "./format";

describe("report formatting", () => {
  it("names a measure once: the instrument is not repeated when the scale label has it", () => {
    expect(measureTitle("PHQ-9", "PHQ-9 total")).toBe("PHQ-9 total");
    expect(measureTitle("PCL-5", "Intrusion (B)")).toBe("PCL-5 Intrusion (B)");
    expect(measureTitle("MBI-GS", "Exhaustion")).toBe("MBI-GS Exhaustion");
    expect(measureTitle("GAD-7", "GAD-7")).toBe("GAD-7");
    // A label that merely starts with the same letters is not the instrument's name.
    expect(measureTitle("MEQ", "MEQ-30 total")).toBe("MEQ MEQ-30 total");
  });

  it("never prints NaN", () => {
    expect(fmt(NaN)).toBe("—");
    expect(fmt(-0.001)).toBe("0.00");
    expect(fmtP(0.0004)).toBe("< 0.001");
    expect(fmtCi(null)).toBe("—");
  });
});
