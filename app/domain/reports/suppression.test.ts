import { describe, expect, it } from "vitest";
import { BURNOUT_ELIGIBILITY_RULE_MEAN_FORM } from "~/domain/scheduling/seedTemplates";
import { buildReport, reportJson } from "./build";
import { dictionaryMarkdown, quasiIdentifierRisk, reportTableCsv } from "./csv";
import { parseReportParams } from "./params";
import { protectEntries, suppressSmallCells } from "./suppression";
import { itemsForTotal, reportEnrollment, toReportAssessment } from "./testSupport";
import type { ReportAssessment, ReportEnrollment, ReportInput, ReportTimepoint, SubgroupRow } from "./types";

const TIMEPOINTS: ReportTimepoint[] = [
  { key: "baseline", label: "Baseline", instruments: ["PHQ9"] },
  { key: "post", label: "Post-treatment", instruments: ["PHQ9"] },
];

const enrollment = (i: number, occupation: string, over: Partial<ReportEnrollment> = {}) => reportEnrollment(i, { occupation, ...over });

const phq = (eid: string, tp: string, total: number) => toReportAssessment(eid, tp, "PHQ9", itemsForTotal(total, 9, 3), "2026-03-01");

/**
 * `groups` people per occupation, everyone with both timepoints. Scores vary with i so every
 * group has a spread; bands: most go Moderate → Mild.
 */
function cohort(groups: Record<string, number>, over: Partial<ReportInput["options"]> = {}, scores?: (i: number) => [number, number]) {
  const enrollments: ReportEnrollment[] = [];
  const assessments: ReportAssessment[] = [];
  let i = 0;
  for (const [occupation, n] of Object.entries(groups)) {
    for (let k = 0; k < n; k++) {
      i++;
      enrollments.push(enrollment(i, occupation));
      const [pre, post] = scores ? scores(i) : [10 + (i % 5), 5 + ((i * 3) % 5)];
      assessments.push(phq(`e${i}`, "baseline", pre), phq(`e${i}`, "post", post));
    }
  }
  const input: ReportInput = {
    scope: { kind: "cohort", id: "c1", name: "Cohort A" },
    timepoints: TIMEPOINTS,
    eligibility: null,
    enrollments,
    assessments,
    dosings: [],
    adverseEvents: [],
    filters: {},
    options: { pre: "baseline", post: "post", population: "enrolled", ...over },
  };
  return input;
}

const occupationRows = (rows: readonly SubgroupRow[]) =>
  Object.fromEntries(rows.filter((g) => g.dimension === "occupation").map((g) => [g.group, g]));

describe("protectEntries", () => {
  it("hides 1 to k − 1, keeps zeros and the locked total, and adds the next smallest cell when one hidden cell could be recovered", () => {
    // [4, 10, 7] with the total 21 public: 4 alone would be 21 − 10 − 7.
    expect(protectEntries([4, 10, 7, 21], [[0, 1, 2, 3]], 5, new Set([3]))).toEqual(["small", null, "complementary", null]);
    expect(protectEntries([5, 10, 7, 22], [[0, 1, 2, 3]], 5, new Set([3]))).toEqual([null, null, null, null]);
    expect(protectEntries([3, 4, 10, 17], [[0, 1, 2, 3]], 5, new Set([3]))).toEqual(["small", "small", null, null]);
    expect(protectEntries([0, 10, 7, 17], [[0, 1, 2, 3]], 5, new Set([3]))).toEqual([null, null, null, null]);
    expect(protectEntries([5, 10, 7, 22], [[0, 1, 2, 3]], 6, new Set([3]))).toEqual(["small", null, "complementary", null]);
  });
});

describe("small-cell suppression of subgroups", () => {
  it("shows a group of 5 (the threshold) with the same statistics as the unsuppressed report", () => {
    const input = cohort({ EMS: 5, NURSE: 6, POLICE: 10 });
    const plain = occupationRows(buildReport(input).subgroups!.rows);
    const r = buildReport({ ...input, options: { ...input.options, minCellSize: 5 } });
    const rows = occupationRows(r.subgroups!.rows);
    expect(rows.EMS.n).toBe(5);
    expect(rows).toEqual(plain);
    expect(r.smallCells).toEqual({ threshold: 5, small: 0, complementary: 0 });
  });

  it("shows “<5” and no statistics for a group of 4, hides the next smallest group of the dimension, keeps the rest", () => {
    const input = cohort({ EMS: 4, NURSE: 10, POLICE: 7 });
    const plain = occupationRows(buildReport(input).subgroups!.rows);
    expect(plain.EMS.n).toBe(4);
    expect(plain.EMS.changeMean).not.toBeNull();
    const r = buildReport({ ...input, options: { ...input.options, minCellSize: 5 } });
    const rows = occupationRows(r.subgroups!.rows);
    expect(rows.EMS).toMatchObject({ n: "<5", preMean: null, postMean: null, changeMean: null, ci95: null, wilcoxonP: null });
    expect(rows.EMS.note).toMatch(/Fewer than 5/);
    // 21 − 10 − 7 would give the 4 back: POLICE (7, the next smallest) is hidden too.
    expect(rows.POLICE).toMatchObject({ n: "suppressed", changeMean: null, wilcoxonP: null });
    expect(rows.NURSE).toEqual(plain.NURSE);
    // The whole sample is the study: its pre/post analysis is not suppressed.
    expect(r.measures).toEqual(buildReport(input).measures);
    expect(r.smallCells).toEqual({ threshold: 5, small: 1, complementary: 1 });
    expect(r.methods.at(-1)).toMatch(/fewer than|1 to 4 participants show “<5”/);
    expect(r.methods.at(-1)).toMatch(/not suppressed/);
  });

  it("hides the only other group of a two-group dimension", () => {
    const r = buildReport(cohort({ EMS: 4, NURSE: 17 }, { minCellSize: 5 }));
    const rows = occupationRows(r.subgroups!.rows);
    expect(rows.EMS.n).toBe("<5");
    expect(rows.NURSE.n).toBe("suppressed");
  });

  it("follows a changed threshold: 7 hides the group of 6 as “<7”", () => {
    const input = cohort({ EMS: 4, POLICE: 6, NURSE: 11 });
    const at5 = occupationRows(buildReport({ ...input, options: { ...input.options, minCellSize: 5 } }).subgroups!.rows);
    expect(at5.POLICE.n).toBe("suppressed");
    const r = buildReport({ ...input, options: { ...input.options, minCellSize: 7 } });
    const rows = occupationRows(r.subgroups!.rows);
    expect(rows.EMS.n).toBe("<7");
    expect(rows.POLICE.n).toBe("<7");
    expect(rows.NURSE.n).toBe(11);
    expect(r.methods.at(-1)).toMatch(/“<7”/);
    expect(() => suppressSmallCells(buildReport(input), 2)).toThrow(RangeError);
  });

  it("prints “<5” and empty statistics in the subgroup CSV and the JSON", () => {
    const r = buildReport(cohort({ EMS: 4, NURSE: 10, POLICE: 7 }, { minCellSize: 5 }));
    const csv = reportTableCsv(r, "subgroups");
    expect(csv).toMatch(/\r\nPHQ-9 total,occupation,EMS,EMS\/paramedic,<5,,,,,,,none,Fewer than 5/);
    expect(csv).toMatch(/\r\nPHQ-9 total,occupation,POLICE,Police,suppressed,,,,,,,none,/);
    const json = reportJson(r);
    expect(json.small_cells).toEqual({ threshold: 5, small: 1, complementary: 1 });
    const ems = json.subgroups!.rows.find((g) => g.group === "EMS")!;
    expect(ems).toEqual({
      dimension: "occupation",
      group: "EMS",
      n: "<5",
      pre_mean: null,
      post_mean: null,
      change_mean: null,
      ci95: null,
      wilcoxon_p: null,
    });
  });

  it("warns when filters leave fewer people than the threshold", () => {
    const input = cohort({ EMS: 4, NURSE: 10 }, { minCellSize: 5 });
    const r = buildReport({ ...input, filters: { occupation: "EMS" } });
    expect(r.warnings.join(" ")).toMatch(/leave 4 participants, fewer than the small-cell threshold \(5\)/);
    expect(buildReport(input).warnings).toEqual([]);
  });
});

describe("small-cell suppression of band tables", () => {
  // 10 Moderate → Mild, 7 Moderate → Minimal, 4 Severe → Moderate.
  const scores = (i: number): [number, number] => (i <= 10 ? [12, 7] : i <= 17 ? [11, 2] : [22, 12]);
  const input = cohort({ NURSE: 21 }, {}, scores);

  it("hides cells and row totals of 1–4, and the smallest cells that would give them back", () => {
    const plain = buildReport(input).bandShifts.find((t) => t.id === "bands.PHQ9.total")!;
    const t = buildReport({ ...input, options: { ...input.options, minCellSize: 5 } }).bandShifts.find((b) => b.id === "bands.PHQ9.total")!;
    const cell = (tb: typeof t, r: string, c: string) => tb.counts[tb.rows.indexOf(r)][tb.cols.indexOf(c)];
    expect(cell(plain, "Severe", "Moderate")).toBe(4);
    expect(cell(t, "Severe", "Moderate")).toBe("<5");
    expect(t.rowTotals[t.rows.indexOf("Severe")]).toBe("<5");
    // The row totals add up to n = 21: Moderate's 17 is hidden, and then one cell of its row.
    expect(t.rowTotals[t.rows.indexOf("Moderate")]).toBe("suppressed");
    expect(cell(t, "Moderate", "Minimal")).toBe("suppressed");
    expect(cell(t, "Moderate", "Mild")).toBe(10);
    expect(cell(t, "Minimal", "Minimal")).toBe(0);
    expect(t.n).toBe(21);
    const csv = reportTableCsv(buildReport({ ...input, options: { ...input.options, minCellSize: 5 } }), "categories");
    expect(csv).toMatch(/bands\.PHQ9\.total,[^\r\n]*,Severe,Moderate,<5\r\n/);
    expect(csv).toMatch(/bands\.PHQ9\.total,[^\r\n]*,Severe,Total,<5\r\n/);
  });

  it("leaves a table whose cells all reach the threshold as it was", () => {
    const at5 = cohort({ NURSE: 20 }, { minCellSize: 5 }, (i) => (i <= 10 ? [12, 7] : i <= 15 ? [11, 2] : [22, 12]));
    const t = buildReport(at5).bandShifts.find((b) => b.id === "bands.PHQ9.total")!;
    const plain = buildReport({ ...at5, options: { ...at5.options, minCellSize: undefined } }).bandShifts.find(
      (b) => b.id === "bands.PHQ9.total",
    )!;
    expect(t).toEqual(plain);
  });
});

describe("small-cell suppression of the eligibility and burnout-profile tables", () => {
  // MBI-GS items: EX 1,2,3,4,6; CY 8,9,13,14,15; PE 5,7,10,11,12,16 (0–6).
  const mbi = (ex: number, cy: number, pe: number) => {
    const r: number[] = new Array(16).fill(0);
    const fill = (items: number[], total: number) => itemsForTotal(total, items.length, 6).forEach((v, i) => (r[items[i] - 1] = v));
    fill([1, 2, 3, 4, 6], ex);
    fill([8, 9, 13, 14, 15], cy);
    fill([5, 7, 10, 11, 12, 16], pe);
    return r;
  };
  // 10 in burnout (meeting the rule) at baseline, 3 not; nobody after.
  const enrollments = Array.from({ length: 13 }, (_, i) => enrollment(i + 1, "NURSE"));
  const assessments = enrollments.flatMap((e, i) => [
    toReportAssessment(e.enrollmentId, "baseline", "MBI_GS", i < 10 ? mbi(30, 20, 10) : mbi(0, 0, 36)),
    toReportAssessment(e.enrollmentId, "post", "MBI_GS", mbi(0, 0, 36)),
  ]);
  const input = (minCellSize?: number): ReportInput => ({
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
    options: { pre: "baseline", post: "post", population: "enrolled", minCellSize },
  });

  it("withholds the baseline rate that is a hidden row total, keeps the post rate of 0", () => {
    const plain = buildReport(input());
    expect(plain.eligibility).toMatchObject({ n: 13, before: { count: 10 }, after: { count: 0 } });
    const r = buildReport(input(5));
    const t = r.eligibility!.table;
    expect(t.counts[t.rows.indexOf("Does not meet")][t.cols.indexOf("Does not meet")]).toBe("<5");
    // 13 − 3: the other row total, and then the 10 in its row, are hidden as well.
    expect(t.rowTotals).toEqual(t.rows.map((row) => (row === "Does not meet" ? "<5" : "suppressed")));
    expect(r.eligibility!.before).toEqual({ count: "suppressed", rate: null, wilson95: null });
    expect(r.eligibility!.after).toEqual(plain.eligibility!.after);
  });

  it("withholds the “no longer in Burnout” sentence when its counts are hidden", () => {
    const plain = buildReport(input());
    expect(plain.profiles!.stillBurnout).toBe("10 of 10 participants in the Burnout profile at baseline no longer met it after treatment.");
    const r = buildReport(input(5));
    expect(r.profiles!.stillBurnout).toMatch(/not shown: the counts are below the small-cell threshold \(5\)/);
    // At 3 nothing is small: everything as it was.
    expect(buildReport(input(3)).profiles).toEqual(plain.profiles);
  });
});

describe("report options and dataset settings", () => {
  const ctx = { timepoints: TIMEPOINTS, defaults: { pre: "baseline", post: "post" }, cohortIds: ["c1"] };
  it("takes the threshold from minCell: default 5, at least 3", () => {
    expect(parseReportParams(new URLSearchParams(""), ctx).options.minCellSize).toBe(5);
    expect(parseReportParams(new URLSearchParams("minCell=3"), ctx).options.minCellSize).toBe(3);
    expect(parseReportParams(new URLSearchParams("minCell=11"), ctx).options.minCellSize).toBe(11);
    const low = parseReportParams(new URLSearchParams("minCell=2"), ctx);
    expect(low.options.minCellSize).toBe(5);
    expect(low.problems.join(" ")).toMatch(/small-cell threshold must be a whole number from 3/);
  });

  it("states the re-identification risk settings in the data dictionary", () => {
    const people = [...Array.from({ length: 6 }, (_, i) => enrollment(i * 2, "NURSE")), enrollment(99, "EMS")];
    const risk = quasiIdentifierRisk(people, 5);
    expect(risk).toEqual({ rows: 7, inSmallGroups: 1, threshold: 5 });
    const md = dictionaryMarkdown(0, { minCellSize: 5, risk });
    expect(md).toMatch(/## Re-identification risk settings/);
    expect(md).toMatch(/Small-cell threshold: 5/);
    expect(md).toMatch(/Removed: names[^\n]*dates of birth/);
    expect(md).toMatch(/Generalised: date of birth → age band/);
    expect(md).toMatch(/1 of 7 participant enrollments have a combination of them shared by fewer than 5/);
    expect(dictionaryMarkdown(0)).not.toMatch(/Re-identification/);
  });
});
