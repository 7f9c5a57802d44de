import { describe, expect, it } from "vitest";
import { AssessmentIndex } from "./assessmentIndex";
import { buildReport } from "./build";
import { derived, forgetDerived, internRows } from "./memo";
import { applyFilters } from "./sections";
import { itemsForTotal, reportEnrollment, toReportAssessment } from "./testSupport";
import type { ReportInput } from "./types";

describe("derived", () => {
  it("works a value out once per combination of input objects and name", () => {
    const a = [1, 2];
    const b = [3];
    let made = 0;
    const sum = (xs: number[][], name: string) =>
      derived(xs, name, () => {
        made++;
        return xs.flat().reduce((x, y) => x + y, 0);
      });
    expect(sum([a], "sum")).toBe(3);
    expect(sum([a], "sum")).toBe(3);
    expect(made).toBe(1);
    expect(sum([a, b], "sum")).toBe(6);
    expect(sum([b, a], "sum")).toBe(6);
    expect(sum([a], "other")).toBe(3);
    expect(made).toBe(4);
    // An equal but different array is another input.
    expect(sum([[1, 2]], "sum")).toBe(3);
    expect(made).toBe(5);
  });

  it("keeps an undefined result as a result", () => {
    const key = {};
    let made = 0;
    derived([key], "nothing", () => void made++);
    derived([key], "nothing", () => void made++);
    expect(made).toBe(1);
  });
});

describe("reports of the same input arrays", () => {
  const enrollments = Array.from({ length: 12 }, (_, i) => ({
    ...reportEnrollment(i + 1),
    occupation: i % 3 ? "NURSE" : "EMS",
    dosingSessions: i % 2,
    route: i % 2 ? "IM" : "Not dosed",
  }));
  const assessments = enrollments.flatMap((e, i) => [
    toReportAssessment(e.enrollmentId, "baseline", "PHQ9", itemsForTotal(10 + (i % 5), 9, 3), "2026-03-01"),
    toReportAssessment(e.enrollmentId, "post", "PHQ9", itemsForTotal(5 + (i % 4), 9, 3), "2026-04-01"),
  ]);
  const index = new AssessmentIndex(assessments);
  const base: ReportInput = {
    scope: { kind: "program", id: "p1", name: "Program" },
    timepoints: [
      { key: "baseline", label: "Baseline", instruments: ["PHQ9"] },
      { key: "post", label: "Post", instruments: ["PHQ9"] },
    ],
    eligibility: null,
    enrollments,
    assessments: index,
    dosings: enrollments.filter((e) => e.dosingSessions).map((e) => ({ participantId: e.participantId, sessionNumber: 1 })),
    adverseEvents: [],
    filters: {},
    options: { pre: "baseline", post: "post", population: "enrolled" },
  };
  const fresh = (input: ReportInput): ReportInput => ({
    ...input,
    enrollments: input.enrollments.map((e) => ({ ...e })),
    dosings: input.dosings.map((d) => ({ ...d })),
    assessments: new AssessmentIndex(assessments),
  });

  it("are the same as reports of fresh copies, whatever filters and population come between them", () => {
    const variants: Partial<ReportInput>[] = [
      {},
      { filters: { occupation: "EMS" } },
      { options: { pre: "baseline", post: "post", population: "dosed" } },
      { filters: { occupation: "NURSE" }, options: { pre: "baseline", post: "post", population: "completers" } },
      {},
    ];
    for (const v of variants) {
      const input = { ...base, ...v };
      expect(buildReport(input)).toEqual(buildReport(fresh(input)));
    }
  });

  it("filters by what is asked each time (the filters are part of what is kept)", () => {
    expect(applyFilters(enrollments, { occupation: "EMS" })).toHaveLength(4);
    expect(applyFilters(enrollments, { occupation: "NURSE" })).toHaveLength(8);
    expect(applyFilters(enrollments, { occupation: "EMS" })).toBe(applyFilters(enrollments, { occupation: "EMS" }));
  });
});

describe("results found again by rows and score lists", () => {
  it("makes equal row lists one array", () => {
    const a = internRows(Int32Array.of(1, 2, 3));
    expect(internRows(Int32Array.of(1, 2, 3))).toBe(a);
    expect(internRows(Int32Array.of(1, 2, 4))).not.toBe(a);
    expect(internRows(Int32Array.of(1, 2))).not.toBe(a);
    expect(internRows(Int32Array.of(1, 2, 3, -1))).not.toBe(a);
  });

  const enrollments = Array.from({ length: 10 }, (_, i) => reportEnrollment(i + 1, { sex: i % 2 ? "F" : "M" }));
  const assessments = enrollments.flatMap((e, i) => [
    toReportAssessment(e.enrollmentId, "baseline", "PHQ9", itemsForTotal(12 + (i % 6), 9, 3), "2026-03-01"),
    toReportAssessment(e.enrollmentId, "post", "PHQ9", itemsForTotal(4 + (i % 5), 9, 3), "2026-04-01"),
    toReportAssessment(e.enrollmentId, "baseline", "GAD7", itemsForTotal(9 + (i % 4), 7, 3), "2026-03-01"),
    toReportAssessment(e.enrollmentId, "post", "GAD7", itemsForTotal(3 + (i % 3), 7, 3), "2026-04-01"),
  ]);
  const input = (over: Partial<ReportInput> = {}): ReportInput => ({
    scope: { kind: "program", id: "p1", name: "Program" },
    timepoints: [
      { key: "baseline", label: "Baseline", instruments: ["PHQ9", "GAD7"] },
      { key: "post", label: "Post", instruments: ["PHQ9", "GAD7"] },
    ],
    eligibility: null,
    enrollments,
    assessments: new AssessmentIndex(assessments),
    dosings: [],
    adverseEvents: [],
    filters: {},
    options: { pre: "baseline", post: "post", population: "enrolled" },
    ...over,
  });
  const afresh = (i: ReportInput) => {
    forgetDerived();
    return buildReport(i);
  };

  it("reuses every score result after an edit that changed no score, and equals a computation afresh", () => {
    const first = input();
    const before = buildReport(first);
    // A status reason edited: another enrollments array (the loader's), the same index.
    const edited = input({
      assessments: first.assessments,
      enrollments: enrollments.map((e, i) => (i === 3 ? { ...e, statusReason: "Moved away" } : e)),
    });
    const after = buildReport(edited);
    after.measures.forEach((m, k) => expect(m).toBe(before.measures[k]));
    after.bandShifts.forEach((t, k) => expect(t).toBe(before.bandShifts[k]));
    expect(after).toEqual(afresh(edited));
  });

  it("works out again only what reads a changed list", () => {
    const first = input();
    const index = first.assessments as AssessmentIndex;
    const before = buildReport(first);
    // One PHQ-9 at post takes another score; everything else of that row stays.
    const row = 4;
    const id = enrollments[row].enrollmentId;
    const other = index.record(0, "post", "PHQ9")!;
    const changed = index.withRowsReplaced([{ from: row, ids: [id] }], (put) => {
      for (const tp of ["baseline", "post"])
        for (const code of ["PHQ9", "GAD7"] as const)
          put(tp, code, row, tp === "post" && code === "PHQ9" ? other : index.record(row, tp, code)!);
    });
    const second = input({ assessments: changed });
    const after = buildReport(second);
    const phq = (r: typeof before) => r.measures.find((m) => m.instrument === "PHQ9")!;
    const gad = (r: typeof before) => r.measures.find((m) => m.instrument === "GAD7")!;
    expect(gad(after)).toBe(gad(before));
    expect(phq(after)).not.toBe(phq(before));
    expect(phq(after).post.mean).not.toBe(phq(before).post.mean);
    expect(after).toEqual(afresh(second));
  });
});

describe("derived with a limit", () => {
  it("keeps the most recently used values and works an evicted one out again", () => {
    const key = {};
    let made = 0;
    const get = (name: string) =>
      derived(
        [key],
        name,
        () => {
          made++;
          return { name };
        },
        3,
      );
    const a = get("a");
    get("b");
    get("c");
    expect(get("a")).toBe(a); // a is now the most recent: b is the oldest
    expect(made).toBe(3);
    get("d"); // drops b
    expect(get("a")).toBe(a);
    expect(made).toBe(4);
    const b = get("b");
    expect(made).toBe(5);
    expect(b).toEqual({ name: "b" });
  });

  it("keeps a bounded number of filter lists per enrollments list, each equal when worked out again", () => {
    const enrollments = Array.from({ length: 30 }, (_, i) => reportEnrollment(i + 1, { occupation: `O${i % 15}` }));
    const first = applyFilters(enrollments, { occupation: "O0" });
    for (let k = 1; k < 15; k++) applyFilters(enrollments, { occupation: `O${k}` });
    const again = applyFilters(enrollments, { occupation: "O0" });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(applyFilters(enrollments, { occupation: "O0" })).toBe(again);
  });
});
