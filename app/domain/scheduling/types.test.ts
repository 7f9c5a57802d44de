import { describe, expect, it } from "vitest";
import { BURNOUT_ELIGIBILITY_RULE, BURNOUT_ELIGIBILITY_RULE_MEAN_FORM } from "./seedTemplates";
import { checkStaffMix, describeRule, describeStaffMix, type EligibilityRule } from "./types";

describe("describeRule", () => {
  it("prints the burnout rule in sum and mean form with nested parentheses", () => {
    expect(describeRule(BURNOUT_ELIGIBILITY_RULE)).toBe("EX sum ≥ 24 AND (CY sum ≥ 19 OR PE sum ≤ 25)");
    expect(describeRule(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM)).toBe("EX mean ≥ 4.8 AND (CY mean ≥ 3.8 OR PE mean ≤ 4.3)");
  });
  it("prints strict operators and single-member groups bare", () => {
    const rule: EligibilityRule = {
      any: [{ all: [{ scale: "A", op: ">", value: 1, on: "sum" }] }, { scale: "B", op: "<", value: 2, on: "mean" }],
    };
    expect(describeRule(rule)).toBe("A sum > 1 OR B mean < 2");
  });
});

describe("staff mix", () => {
  it("describes the dosing mix", () => {
    expect(describeStaffMix({ CLINICIAN: 1, FACILITATOR: 2 })).toBe("at least 1 clinician and 2 facilitators");
    expect(describeStaffMix({})).toBe("no staff requirement");
  });
  it("counts a person once, under the first role listed", () => {
    const r = checkStaffMix({ CLINICIAN: 1, FACILITATOR: 2 }, [
      { userId: "u1", role: "CLINICIAN" },
      { userId: "u1", role: "FACILITATOR" },
      { userId: "u2", role: "FACILITATOR" },
    ]);
    expect(r).toEqual({ met: false, shortfalls: [{ role: "FACILITATOR", required: 2, assigned: 1 }] });
  });
});
