import { describe, expect, it } from "vitest";
import type { InstrumentCode, ScaleKey } from "~/domain/instruments";
import { AssessmentIndex } from "./assessmentIndex";
import { itemsForTotal, toReportAssessment } from "./testSupport";
import type { ReportAssessment } from "./types";

const COLUMNS: [string, InstrumentCode, ScaleKey][] = [
  ["baseline", "PHQ9", "total"],
  ["post", "PHQ9", "total"],
  ["baseline", "GAD7", "total"],
  ["post", "GAD7", "total"],
];

/** Enrollments e0…e(n−1); each has PHQ-9 at baseline and post, every third GAD-7 at baseline, scores from `seed`. */
function assessmentsOf(n: number, seed: number, rename: (i: number) => string = (i) => `e${i}`): ReportAssessment[] {
  return Array.from({ length: n }, (_, i) => {
    const id = rename(i);
    const out = [
      toReportAssessment(id, "baseline", "PHQ9", itemsForTotal((i * 7 + seed) % 28, 9, 3)),
      toReportAssessment(id, "post", "PHQ9", itemsForTotal((i * 5 + seed) % 28, 9, 3)),
    ];
    if ((i + seed) % 3 === 0) out.push(toReportAssessment(id, "baseline", "GAD7", itemsForTotal((i + seed) % 22, 7, 3)));
    return out;
  }).flat();
}

/** Every column the tests read, with its sums and means, as plain arrays. */
function columnsOf(index: AssessmentIndex) {
  return COLUMNS.map(([tp, code, scale]) => {
    const c = index.column(tp, code, scale);
    return { value: [...c.value], sum: [...c.sum], mean: [...c.mean] };
  });
}

function indexOf(assessments: readonly ReportAssessment[], ids: readonly string[]) {
  const index = new AssessmentIndex();
  for (const id of ids) index.appendRow(id);
  for (const a of assessments) index.listAt(a.timepointKey, a.instrument)[index.rows([a.enrollmentId])[0]] = a;
  return index;
}

describe("AssessmentIndex.withRowsReplaced", () => {
  it("equals an index built afresh when rows change their scores, their enrollments or gain an instrument, and leaves the original as it was", () => {
    const n = 30;
    const before = assessmentsOf(n, 1);
    const ids = Array.from({ length: n }, (_, i) => `e${i}`);
    const original = indexOf(before, ids);
    const originalColumns = columnsOf(original); // columns made (with sums and means) before the copy
    // Rows 5–9 get other scores (and GAD-7 where they had none); rows 20–22 other enrollments.
    const changed = new Set([5, 6, 7, 8, 9, 20, 21, 22]);
    const renamed = (i: number) => (i >= 20 && i <= 22 ? `x${i}` : `e${i}`);
    const after = assessmentsOf(n, 2, renamed).filter((a) => changed.has(Number(a.enrollmentId.slice(1))));
    const kept = before.filter((a) => !changed.has(Number(a.enrollmentId.slice(1))));
    const newIds = ids.map((_, i) => renamed(i));
    const ranges = [
      { from: 5, ids: newIds.slice(5, 10) },
      { from: 20, ids: newIds.slice(20, 23) },
    ];
    const copy = original.withRowsReplaced(ranges, (put) => {
      for (const a of after) put(a.timepointKey, a.instrument, newIds.indexOf(a.enrollmentId), a);
    });
    const fresh = indexOf([...kept, ...after], newIds);
    expect(columnsOf(copy)).toEqual(columnsOf(fresh));
    expect([...copy.rows(newIds)]).toEqual(newIds.map((_, i) => i));
    expect(copy.record(21, "post", "PHQ9")).toBe(after.find((a) => a.enrollmentId === "x21" && a.timepointKey === "post"));
    expect(columnsOf(original)).toEqual(originalColumns);
    expect(columnsOf(copy)).not.toEqual(originalColumns);
  });

  it("shares what comes out the same, and a write to a shared list changes the copy only", () => {
    const ids = Array.from({ length: 10 }, (_, i) => `e${i}`);
    const before = assessmentsOf(10, 1);
    const original = indexOf(before, ids);
    const phqPre = original.column("baseline", "PHQ9", "total");
    const phqPost = original.column("post", "PHQ9", "total");
    // Row 3 keeps its scores but its post PHQ-9 (another object with other scores).
    const other = toReportAssessment("e3", "post", "PHQ9", itemsForTotal(27, 9, 3));
    const copy = original.withRowsReplaced([{ from: 3, ids: ["e3"] }], (put) => {
      for (const a of before) if (a.enrollmentId === "e3") put(a.timepointKey, a.instrument, 3, a.timepointKey === "post" ? other : a);
    });
    expect(copy.column("baseline", "PHQ9", "total")).toBe(phqPre);
    expect(copy.column("post", "PHQ9", "total")).not.toBe(phqPost);
    expect(copy.column("post", "PHQ9", "total").value[3]).toBe(27);
    expect(original.column("post", "PHQ9", "total").value[3]).not.toBe(27);
    // Stored into the copy afterwards (the loader adds rows without scale values so): the original is untouched.
    copy.add("e4", "baseline", "PHQ9", other);
    expect(copy.column("baseline", "PHQ9", "total").value[4]).toBe(27);
    expect(original.column("baseline", "PHQ9", "total").value[4]).not.toBe(27);
    expect(original.record(4, "baseline", "PHQ9")).not.toBe(other);
  });

  it("refuses rows beyond the index", () => {
    const index = indexOf(assessmentsOf(3, 0), ["e0", "e1", "e2"]);
    expect(() => index.withRowsReplaced([{ from: 2, ids: ["a", "b"] }], () => {})).toThrow(RangeError);
  });
});
