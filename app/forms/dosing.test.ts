import { afterEach, describe, expect, it, vi } from "vitest";
import { sharedDosingForms } from "./dosing";

const CHECKLIST = [{ key: "npo", label: "Nothing by mouth for 4 hours" }];

/** Whether a vitals submission taken at `takenAt` (local wall time) is refused as in the future. */
function refusedAsFuture(takenAt: string) {
  const result = sharedDosingForms("UTC", CHECKLIST).vitals.safeParse({ intent: "vitals", enrollmentId: "e1", version: "1", takenAt });
  return !result.success && result.error.issues.some((i) => i.path[0] === "takenAt" && /future/.test(i.message));
}

describe("sharedDosingForms", () => {
  afterEach(() => vi.useRealTimers());

  it("makes the schemas once per zone and checklist", () => {
    expect(sharedDosingForms("UTC", CHECKLIST)).toBe(sharedDosingForms("UTC", [...CHECKLIST]));
    expect(sharedDosingForms("Europe/Berlin", CHECKLIST)).not.toBe(sharedDosingForms("UTC", CHECKLIST));
    expect(sharedDosingForms("UTC", [])).not.toBe(sharedDosingForms("UTC", CHECKLIST));
  });

  it("judges 'not in the future' by the clock at validation time, not when the schemas were made", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-06-01T10:00:00Z"));
    expect(refusedAsFuture("2026-06-01T12:00")).toBe(true);
    vi.setSystemTime(new Date("2026-06-01T13:00:00Z"));
    expect(refusedAsFuture("2026-06-01T12:00")).toBe(false);
  });
});
