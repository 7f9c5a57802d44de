// The report's "share meeting the rule" and screening's decisions come from one engine and
// agree on the same data: every combination of MBI-GS sums at and around the burnout
// cut-offs, scored from item responses as both screening and the measures code do.
import { describe, expect, it } from "vitest";
import { decideEligibility, getInstrument, scaleInputsFromScores } from "~/domain/instruments";
import { BURNOUT_ELIGIBILITY_RULE_MEAN_FORM } from "~/domain/scheduling/seedTemplates";
import { buildReport } from "./build";
import { itemsForTotal, reportEnrollment, toReportAssessment } from "./testSupport";

function responses(ex: number, cy: number, pe: number): number[] {
  // MBI-GS items: EX 1,2,3,4,6; CY 8,9,13,14,15; PE 5,7,10,11,12,16 (0–6).
  const r: number[] = new Array(16).fill(0);
  const fill = (items: number[], total: number) => itemsForTotal(total, items.length, 6).forEach((v, i) => (r[items[i] - 1] = v));
  fill([1, 2, 3, 4, 6], ex);
  fill([8, 9, 13, 14, 15], cy);
  fill([5, 7, 10, 11, 12, 16], pe);
  return r;
}

describe("report share meeting the rule = screening decisions", () => {
  it("agrees person by person at and around EX 4.8, CY 3.8 and PE 4.3", () => {
    const grid: [number, number, number][] = [];
    for (const ex of [22, 23, 24, 25, 30]) for (const cy of [17, 18, 19, 20]) for (const pe of [24, 25, 26, 27]) grid.push([ex, cy, pe]);
    const mbi = getInstrument("MBI_GS");
    const screeningEligible = grid.filter(
      ([ex, cy, pe]) =>
        decideEligibility(BURNOUT_ELIGIBILITY_RULE_MEAN_FORM, scaleInputsFromScores(mbi.score(responses(ex, cy, pe)).scales)).eligible,
    ).length;
    // Baseline = the screening data; post = everyone at zero (never meets the rule).
    const enrollments = grid.map((_, i) => reportEnrollment(i + 1, { sex: "FEMALE", occupation: "NURSE" }));
    const assessments = grid.flatMap(([ex, cy, pe], i) => [
      toReportAssessment(`e${i + 1}`, "baseline", "MBI_GS", responses(ex, cy, pe), "2026-03-01"),
      toReportAssessment(`e${i + 1}`, "post", "MBI_GS", responses(0, 0, 36), "2026-05-01"),
    ]);
    const report = buildReport({
      scope: { kind: "cohort", id: "c1", name: "Cohort A" },
      timepoints: [
        { key: "baseline", label: "Baseline", instruments: ["MBI_GS"] },
        { key: "post", label: "Post", instruments: ["MBI_GS"] },
      ],
      eligibility: { instrument: "MBI_GS", rule: BURNOUT_ELIGIBILITY_RULE_MEAN_FORM },
      enrollments,
      assessments,
      dosings: [],
      adverseEvents: [],
      filters: {},
      options: { pre: "baseline", post: "post", population: "enrolled" },
    });
    // Independent count of the published rule on sums.
    const byHand = grid.filter(([ex, cy, pe]) => ex >= 24 && (cy >= 19 || pe <= 25)).length;
    expect(screeningEligible).toBe(byHand);
    expect(report.eligibility).toMatchObject({ n: grid.length, before: { count: screeningEligible }, after: { count: 0 } });
  });
});
