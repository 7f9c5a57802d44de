import { describe, expect, it } from "vitest";
import {
  BURNOUT_ELIGIBILITY_RULE_MEAN_FORM,
  BURNOUT_TEMPLATE,
  describeRule,
  type EligibilityRule,
  type ProgramEligibility,
} from "~/domain/scheduling";
import {
  builderFromEligibility,
  builderFromForm,
  builderPathOfRuleIssue,
  describeBuilder,
  eligibilityFromBuilder,
  scaleLegend,
  type BuilderValues,
} from "./eligibilityBuilder";

const burnoutMean: ProgramEligibility = { instrument: "MBI_GS", rule: BURNOUT_ELIGIBILITY_RULE_MEAN_FORM };

/** The burnout rule as a coordinator builds it: EX ≥ 4.8 AND (CY ≥ 3.8 OR PE ≤ 4.3), on item means. */
const burnoutRows: BuilderValues = {
  instrument: "MBI_GS",
  combine: "all",
  note: "",
  rows: [
    { type: "condition", scale: "EX", op: ">=", value: "4.8", on: "mean" },
    {
      type: "group",
      combine: "any",
      rows: [
        { type: "condition", scale: "CY", op: ">=", value: "3.8", on: "mean" },
        { type: "condition", scale: "PE", op: "<=", value: "4.3", on: "mean" },
      ],
    },
  ],
};

describe("rows -> rule", () => {
  it("builds the burnout rule from two rows and a nested any-of group", () => {
    expect(eligibilityFromBuilder(burnoutRows)).toEqual({ eligibility: burnoutMean, issues: [] });
    expect(describeBuilder(burnoutRows, describeRule)).toBe("MBI-GS: EX mean ≥ 4.8 AND (CY mean ≥ 3.8 OR PE mean ≤ 4.3)");
    expect(scaleLegend(burnoutRows)).toBe("EX = Exhaustion, CY = Cynicism, PE = Professional efficacy");
  });

  it("no instrument is no rule", () => {
    expect(eligibilityFromBuilder({ ...burnoutRows, instrument: "" })).toEqual({ eligibility: null, issues: [] });
  });

  it("keeps a trimmed note and drops an empty one", () => {
    expect(eligibilityFromBuilder({ ...burnoutRows, note: "  published form " }).eligibility?.note).toBe("published form");
    expect(eligibilityFromBuilder({ ...burnoutRows, note: "  " }).eligibility).not.toHaveProperty("note");
  });

  it("puts each mistake under its row's field, in words", () => {
    const bad: BuilderValues = {
      ...burnoutRows,
      rows: [
        { type: "condition", scale: "", op: ">=", value: "4.8", on: "mean" },
        {
          type: "group",
          combine: "any",
          rows: [
            { type: "condition", scale: "EE", op: ">=", value: "high", on: "mean" },
            { type: "condition", scale: "PE", op: "=", value: "", on: "median" },
          ],
        },
        { type: "group", combine: "any", rows: [] },
      ],
    };
    const { eligibility, issues } = eligibilityFromBuilder(bad);
    expect(eligibility).toBeNull();
    expect(issues).toEqual([
      { path: ["rows", 0, "scale"], message: "Choose a scale" },
      { path: ["rows", 1, "rows", 0, "scale"], message: "Choose a scale of MBI-GS" },
      { path: ["rows", 1, "rows", 0, "value"], message: "Cut-off must be a number" },
      { path: ["rows", 1, "rows", 1, "op"], message: "Choose a comparison" },
      { path: ["rows", 1, "rows", 1, "value"], message: "Enter a cut-off" },
      { path: ["rows", 1, "rows", 1, "on"], message: "Choose item mean or item sum" },
      { path: ["rows", 2, "rows"], message: "Add a condition to this group, or remove the group" },
    ]);
    expect(describeBuilder(bad, describeRule)).toBeNull();
  });

  it("refuses an instrument screening does not use, and a rule without rows", () => {
    expect(eligibilityFromBuilder({ ...burnoutRows, instrument: "MEQ30" }).issues).toEqual([
      { path: ["instrument"], message: "Choose a screening instrument" },
    ]);
    expect(eligibilityFromBuilder({ ...burnoutRows, rows: [] }).issues).toEqual([
      { path: ["rows"], message: "Add at least one condition, or choose no screening instrument" },
    ]);
  });
});

describe("rule -> rows", () => {
  it("round-trips the seeded burnout eligibility (sum form, with its note)", () => {
    const b = builderFromEligibility(BURNOUT_TEMPLATE.eligibility);
    expect(b?.rows).toHaveLength(2);
    expect(eligibilityFromBuilder(b!).eligibility).toEqual(BURNOUT_TEMPLATE.eligibility);
    expect(eligibilityFromBuilder(builderFromEligibility(burnoutMean)!).eligibility).toEqual(burnoutMean);
  });

  it("shows a bare condition as a one-row all-of", () => {
    const b = builderFromEligibility({ instrument: "PHQ9", rule: { scale: "total", op: ">=", value: 10, on: "sum" } });
    expect(b).toEqual({
      instrument: "PHQ9",
      combine: "all",
      note: "",
      rows: [{ type: "condition", scale: "total", op: ">=", value: "10", on: "sum" }],
    });
  });

  it("leaves to JSON what the builder cannot show", () => {
    const deep: EligibilityRule = { any: [{ all: [{ any: [{ scale: "EX", op: ">=", value: 24, on: "sum" }] }] }] };
    expect(builderFromEligibility({ instrument: "MBI_GS", rule: deep })).toBeNull();
    expect(builderFromEligibility({ instrument: "MBI_GS", rule: { all: [{ scale: "total", op: ">=", value: 1, on: "sum" }] } })).toBeNull();
    expect(builderFromEligibility({ instrument: "MEQ30", rule: { all: [{ scale: "total", op: ">=", value: 1, on: "mean" }] } })).toBeNull();
    expect(builderFromEligibility(null)).toEqual({ instrument: "", combine: "all", rows: [], note: "" });
  });

  it("reads the fields as the browser sends them (arrays or index keys)", () => {
    const sent = {
      instrument: "MBI_GS",
      combine: "all",
      rows: {
        1: {
          type: "group",
          combine: "any",
          rows: [
            { scale: "CY", op: ">=", value: "3.8", on: "mean" },
            { scale: "PE", op: "<=", value: "4.3", on: "mean" },
          ],
        },
        0: { type: "condition", scale: "EX", op: ">=", value: "4.8", on: "mean" },
      },
    };
    expect(builderFromForm(sent)).toEqual(burnoutRows);
  });

  it("maps a template message about the built rule to its row", () => {
    expect(builderPathOfRuleIssue(["rule", "all", 1, "any", 0, "value"])).toEqual(["rows", 1, "rows", 0, "value"]);
    expect(builderPathOfRuleIssue(["rule", "any", 2, "value"])).toEqual(["rows", 2, "value"]);
    expect(builderPathOfRuleIssue(["note"])).toEqual(["note"]);
    expect(builderPathOfRuleIssue(["rule"])).toEqual([]);
  });
});
