import { describe, expect, it } from "vitest";
import {
  AE_GRADE_DEFINITIONS,
  AE_TERMS,
  createAdverseEventSchema,
  deriveSerious,
  followUpStatus,
  isAeOpen,
  isRelated,
} from "./adverseEvents";
import { fieldMessages } from "./testing";

const now = new Date("2026-03-10T20:00:00Z");
const schema = createAdverseEventSchema({ now, timeZone: "America/Denver" }); // MDT, UTC-6 on this date

const valid = {
  term: "NAUSEA",
  onsetAt: "2026-03-10T10:30",
  grade: "1",
  relatednessKetamine: "PROBABLE",
  relatednessGroup: "UNRELATED",
  expected: "yes",
  action: "MEDICATION_GIVEN",
  outcome: "RECOVERED",
  resolvedAt: "2026-03-10T11:15",
};

describe("deriveSerious", () => {
  it("is serious when any criterion applies, and only then", () => {
    expect(deriveSerious([])).toBe(false);
    expect(deriveSerious(null)).toBe(false);
    expect(deriveSerious(["HOSPITALIZATION"])).toBe(true);
    expect(deriveSerious(["IMPORTANT_MEDICAL_EVENT"])).toBe(true);
    expect(deriveSerious(["DEATH", "LIFE_THREATENING"])).toBe(true);
  });
});

describe("relatedness", () => {
  it("possible, probable and definite are related", () => {
    expect(["UNRELATED", "UNLIKELY", "POSSIBLE", "PROBABLE", "DEFINITE"].map((r) => isRelated(r as never))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe("grades and terms", () => {
  it("carries the CTCAE definitions", () => {
    expect(AE_GRADE_DEFINITIONS[1].name).toBe("Mild");
    expect(AE_GRADE_DEFINITIONS[4].definition).toBe("Life-threatening consequences; urgent intervention indicated.");
    expect(AE_GRADE_DEFINITIONS[5].definition).toBe("Death related to AE.");
  });
  it("includes the common ketamine and group-process events", () => {
    expect(AE_TERMS).toContain("DIPLOPIA");
    expect(AE_TERMS).toContain("PSYCHOLOGICAL_DISTRESS_AFTER_GROUP");
    expect(AE_TERMS).toContain("SUICIDAL_IDEATION");
    expect(AE_TERMS.at(-1)).toBe("OTHER");
  });
});

describe("adverse event form", () => {
  it("parses a valid, non-serious report", () => {
    const r = schema.parse(valid);
    expect(r).toMatchObject({
      term: "NAUSEA",
      grade: 1,
      serious: false,
      seriousCriteria: [],
      expected: true,
      onsetAt: new Date("2026-03-10T16:30:00Z"),
      resolvedAt: new Date("2026-03-10T17:15:00Z"),
    });
  });

  it("derives seriousness from the criteria (one criterion as a single form value)", () => {
    const r = schema.parse({ ...valid, grade: "3", seriousCriteria: "HOSPITALIZATION", outcome: "RECOVERING", resolvedAt: "" });
    expect(r.serious).toBe(true);
    expect(r.seriousCriteria).toEqual(["HOSPITALIZATION"]);
    const many = schema.parse({ ...valid, seriousClaimed: "on", seriousCriteria: ["LIFE_THREATENING", "IMPORTANT_MEDICAL_EVENT"] });
    expect(many.serious).toBe(true);
  });

  it("refuses a serious claim without a criterion", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, seriousClaimed: "on" }))).toEqual({
      seriousCriteria: "A serious event needs at least one seriousness criterion: choose one, or untick Serious",
    });
  });

  it("refuses an onset in the future", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, onsetAt: "2026-03-10T14:01", resolvedAt: "", outcome: "RECOVERING" }))).toEqual({
      onsetAt: "Onset cannot be in the future",
    });
    expect(schema.safeParse({ ...valid, onsetAt: "2026-03-10T14:00", resolvedAt: "", outcome: "RECOVERING" }).success).toBe(true);
  });

  it("refuses a resolution before the onset, or in the future", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, resolvedAt: "2026-03-10T10:29" }))).toEqual({
      resolvedAt: "Resolution date cannot be before the onset",
    });
    expect(schema.safeParse({ ...valid, resolvedAt: "2026-03-10T10:30" }).success).toBe(true);
    expect(fieldMessages(schema.safeParse({ ...valid, resolvedAt: "2026-03-11T10:30" }))).toEqual({
      resolvedAt: "Resolution date cannot be in the future",
    });
  });

  it("keeps outcome and resolution date consistent", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, resolvedAt: "" }))).toEqual({
      resolvedAt: "Enter the resolution date for a recovered event",
    });
    expect(fieldMessages(schema.safeParse({ ...valid, outcome: "NOT_RECOVERED" }))).toEqual({
      resolvedAt: "An event that has not resolved has no resolution date: clear it or change the outcome",
    });
  });

  it("refuses grade 7, grade 0 and non-numbers", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, grade: "7" }))).toEqual({ grade: "Grade must be between 1 and 5" });
    expect(fieldMessages(schema.safeParse({ ...valid, grade: 0 }))).toEqual({ grade: "Grade must be between 1 and 5" });
    expect(fieldMessages(schema.safeParse({ ...valid, grade: "2.5" }))).toEqual({ grade: "Grade must be a whole number from 1 to 5" });
    expect(fieldMessages(schema.safeParse({ ...valid, grade: "severe" }))).toEqual({ grade: "Grade must be a number from 1 to 5" });
    expect(fieldMessages(schema.safeParse({ ...valid, grade: "" }))).toEqual({ grade: "Choose a grade" });
  });

  it("grade 5 requires outcome Fatal and the Death criterion", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, grade: "5" }))).toEqual({
      outcome: "A grade 5 event (death related to AE) must have the outcome Fatal",
      seriousCriteria: "A grade 5 event (death related to AE) must have the seriousness criterion Death",
    });
    const death = schema.parse({ ...valid, grade: "5", outcome: "FATAL", seriousCriteria: ["DEATH"] });
    expect(death.serious).toBe(true);
    expect(fieldMessages(schema.safeParse({ ...valid, grade: "3", outcome: "FATAL", seriousCriteria: ["DEATH"] }))).toEqual({
      grade:
        "An event with a fatal outcome is grade 5 (death related to AE) | An event with the seriousness criterion Death is grade 5 (death related to AE)",
    });
  });

  it("requires free text for Other and a known term otherwise", () => {
    expect(fieldMessages(schema.safeParse({ ...valid, term: "OTHER" }))).toEqual({ otherTerm: "Describe the event (you chose Other)" });
    expect(schema.parse({ ...valid, term: "OTHER", otherTerm: "Transient tinnitus" }).otherTerm).toBe("Transient tinnitus");
    expect(fieldMessages(schema.safeParse({ ...valid, term: "HICCUPS" }))).toEqual({ term: "Choose the event from the list, or Other" });
  });

  it("names every missing required field", () => {
    expect(Object.keys(fieldMessages(schema.safeParse({}))).sort()).toEqual(
      ["action", "expected", "grade", "onsetAt", "outcome", "relatednessGroup", "relatednessKetamine", "term"].sort(),
    );
    expect(fieldMessages(schema.safeParse({})).expected).toBe("Answer whether the event was expected (yes or no)");
  });

  it("an event stays open until it is resolved", () => {
    expect(isAeOpen({ outcome: "RECOVERING" })).toBe(true);
    expect(isAeOpen({ outcome: "UNKNOWN" })).toBe(true);
    expect(isAeOpen({ outcome: "RECOVERED_WITH_SEQUELAE" })).toBe(false);
  });
});

describe("followUpStatus: the 24-hour rule", () => {
  const recordedAt = new Date("2026-03-10T12:00:00Z");
  const ae = { serious: true, recordedAt };
  const plus = (h: number, m = 0) => new Date(recordedAt.getTime() + (h * 60 + m) * 60_000);

  it("a follow-up at 23h59 satisfies the rule", () => {
    const s = followUpStatus(ae, [{ recordedAt: plus(23, 59) }], plus(30));
    expect(s).toMatchObject({ satisfied: true, due: false, overdue: false, state: "satisfied" });
    expect(s.dueAt).toEqual(plus(24));
  });

  it("a follow-up at exactly 24h still counts", () => {
    expect(followUpStatus(ae, [{ recordedAt: plus(24) }], plus(30)).satisfied).toBe(true);
  });

  it("a follow-up at 24h01 is late, not satisfied", () => {
    expect(followUpStatus(ae, [{ recordedAt: plus(24, 1) }], plus(30))).toMatchObject({
      satisfied: false,
      late: true,
      overdue: false,
      state: "late",
    });
  });

  it("no follow-up: due until 24h, overdue at 24h01", () => {
    expect(followUpStatus(ae, [], plus(23, 59))).toMatchObject({ due: true, overdue: false, satisfied: false, state: "due" });
    expect(followUpStatus(ae, [], plus(24))).toMatchObject({ due: true, overdue: false });
    expect(followUpStatus(ae, [], plus(24, 1))).toMatchObject({ due: false, overdue: true, satisfied: false, state: "overdue" });
  });

  it("uses the earliest follow-up, whatever the order", () => {
    expect(followUpStatus(ae, [{ recordedAt: plus(40) }, { recordedAt: plus(2) }], plus(50)).satisfied).toBe(true);
  });

  it("starts the clock when an event became serious", () => {
    const upgraded = { serious: true, recordedAt, seriousSince: plus(48) };
    expect(followUpStatus(upgraded, [{ recordedAt: plus(1) }], plus(60))).toMatchObject({ state: "due", dueAt: plus(72) });
  });

  it("does not apply to a non-serious event", () => {
    expect(followUpStatus({ serious: false, recordedAt }, [], plus(100))).toMatchObject({
      required: false,
      due: false,
      overdue: false,
      satisfied: false,
      state: "not_required",
    });
  });
});
