import { describe, expect, it } from "vitest";
import { describeRule, eligibilityRuleSchema, evaluateEligibility, type EligibilityRule } from "./eligibility";
import { scoreGad7 } from "./gad7";
import { scorePhq9 } from "./phq9";

const phq9AtLeast10: EligibilityRule = { instrument: "PHQ9", scale: "total", op: ">=", value: 10, basis: "sum" };

describe("evaluateEligibility", () => {
  it("evaluates a sum cut-off on any instrument", () => {
    expect(evaluateEligibility(phq9AtLeast10, { PHQ9: scorePhq9([3, 3, 3, 1, 0, 0, 0, 0, 0]) }).eligible).toBe(true);
    expect(evaluateEligibility(phq9AtLeast10, { PHQ9: scorePhq9([3, 3, 3, 0, 0, 0, 0, 0, 0]) }).eligible).toBe(false);
  });

  it.each([
    [">", 10, 10, false],
    [">", 10, 11, true],
    ["<", 10, 10, false],
    ["<", 10, 9, true],
    ["<=", 10, 10, true],
    ["<=", 10, 11, false],
  ] as const)("op %s %i with total %i → %s", (op, value, total, expected) => {
    const responses = [3, 3, 3, 0, 0, 0, 0, 0, 0];
    responses[3] = total - 9;
    if (total - 9 > 3) throw new Error("bad fixture");
    const rule: EligibilityRule = { instrument: "PHQ9", scale: "total", op, value, basis: "sum" };
    expect(evaluateEligibility(rule, { PHQ9: scorePhq9(responses) }).eligible).toBe(expected);
  });

  it("combines instruments with AND / OR", () => {
    const rule: EligibilityRule = {
      any: [phq9AtLeast10, { instrument: "GAD7", scale: "total", op: ">=", value: 10, basis: "sum" }],
    };
    const phqLow = scorePhq9([1, 1, 1, 1, 1, 0, 0, 0, 0]);
    const gadHigh = scoreGad7([3, 3, 3, 1, 0, 0, 0]);
    const gadLow = scoreGad7([3, 3, 3, 0, 0, 0, 0]);
    expect(evaluateEligibility(rule, { PHQ9: phqLow, GAD7: gadHigh }).eligible).toBe(true);
    expect(evaluateEligibility(rule, { PHQ9: phqLow, GAD7: gadLow }).eligible).toBe(false);
    expect(evaluateEligibility({ all: (rule as { any: EligibilityRule[] }).any }, { PHQ9: phqLow, GAD7: gadHigh }).eligible).toBe(false);
  });

  it("is undetermined when the instrument result is absent", () => {
    const result = evaluateEligibility(phq9AtLeast10, {});
    expect(result.status).toBe("undetermined");
    expect(result.eligible).toBe(false);
    expect(result.reasons[0]).toBe("total: no PHQ9 score available");
  });

  it("describes nested rules with parentheses", () => {
    const rule: EligibilityRule = {
      all: [
        { instrument: "MBI_GS", scale: "EX", op: ">=", value: 4.8, basis: "mean" },
        {
          any: [
            { instrument: "MBI_GS", scale: "CY", op: ">=", value: 3.8, basis: "mean" },
            { instrument: "MBI_GS", scale: "PE", op: "<=", value: 4.3, basis: "mean" },
          ],
        },
      ],
    };
    expect(describeRule(rule)).toBe("EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3)");
    expect(describeRule(phq9AtLeast10)).toBe("total sum ≥ 10");
  });
});

describe("eligibilityRuleSchema", () => {
  it("parses a stored rule", () => {
    const stored = JSON.parse(
      '{"all":[{"instrument":"MBI_GS","scale":"EX","op":">=","value":4.8,"basis":"mean"},{"any":[{"instrument":"MBI_GS","scale":"CY","op":">=","value":3.8,"basis":"mean"}]}]}',
    );
    expect(eligibilityRuleSchema.safeParse(stored).success).toBe(true);
  });

  it.each([
    [{ instrument: "BDI", scale: "total", op: ">=", value: 1, basis: "sum" }],
    [{ instrument: "PHQ9", scale: "total", op: "=>", value: 1, basis: "sum" }],
    [{ instrument: "PHQ9", scale: "total", op: ">=", value: "10", basis: "sum" }],
    [{ all: [] }],
  ])("rejects %j", (rule) => {
    expect(eligibilityRuleSchema.safeParse(rule).success).toBe(false);
  });
});
