// Helpers for tests and the benchmark: item responses with a given total, and stored-score
// shapes as the measures code writes them (ScoreResult scales, flags, extras).
import { getInstrument, type InstrumentCode } from "~/domain/instruments";
import type { ReportAssessment, ReportEnrollment, StoredScale } from "./types";

/** Item responses (length k, each in [0, max]) summing to `total`, filled front to back. */
export function itemsForTotal(total: number, k: number, max: number): number[] {
  if (!Number.isInteger(total) || total < 0 || total > k * max)
    throw new RangeError(`total ${total} impossible for ${k} items of 0–${max}`);
  const out: number[] = [];
  let left = total;
  for (let i = 0; i < k; i++) {
    const v = Math.min(max, left);
    out.push(v);
    left -= v;
  }
  return out;
}

export function storedScores(code: InstrumentCode, responses: readonly (number | null)[]) {
  const r = getInstrument(code).score(responses);
  return { scales: r.scales, flags: r.flags, extras: r.extras };
}

export function toReportAssessment(
  enrollmentId: string,
  timepointKey: string,
  code: InstrumentCode,
  responses: readonly (number | null)[],
  completedOn: string | null = null,
): ReportAssessment {
  const s = storedScores(code, responses);
  const scales: Record<string, StoredScale> = {};
  for (const [k, v] of Object.entries(s.scales as Record<string, StoredScale>))
    scales[k] = { value: v.value, sum: v.sum, mean: v.mean, valid: v.valid };
  const extras = s.extras as { completeMysticalExperience?: boolean | null } | null;
  return {
    enrollmentId,
    timepointKey,
    instrument: code,
    completedOn,
    scales,
    completeMystical: extras?.completeMysticalExperience ?? null,
  };
}

/**
 * A completed enrollment of cohort "c1" numbered i (ids e<i>/p<i>, code GK-000i): female when i
 * is odd, else male; nurse, except EMS for every third; dosed three times. `over` changes any field.
 */
export function reportEnrollment(i: number, over: Partial<ReportEnrollment> = {}): ReportEnrollment {
  return {
    enrollmentId: `e${i}`,
    participantId: `p${i}`,
    code: `GK-${String(i).padStart(4, "0")}`,
    cohortId: "c1",
    cohortName: "Cohort A",
    cohortStartDate: "2026-03-01",
    sex: i % 2 ? "FEMALE" : "MALE",
    occupation: i % 3 ? "NURSE" : "EMS",
    ageBand: "30–39",
    route: "IM",
    status: "COMPLETED",
    statusReason: null,
    statusesReached: ["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", "ACTIVE", "COMPLETED"],
    dosingSessions: 3,
    ...over,
  };
}
