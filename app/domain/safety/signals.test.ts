import { describe, expect, it } from "vitest";
import { describeSignal, phq9Item9Signal, signalsForAdverseEvent, type SafetySignal } from "./signals";

const occurredAt = new Date("2026-03-10T18:00:00Z");

describe("signalsForAdverseEvent", () => {
  const base = { id: "ae1", participantLabel: "P-014", recordedAt: occurredAt, term: "PANIC" as const, seriousCriteria: [] };
  it("raises nothing for a mild non-serious event", () => {
    expect(signalsForAdverseEvent({ ...base, grade: 2 })).toEqual([]);
  });
  it("raises grade 3+ and serious signals", () => {
    expect(signalsForAdverseEvent({ ...base, grade: 3 }).map((s) => s.kind)).toEqual(["AE_GRADE_3_PLUS"]);
    expect(signalsForAdverseEvent({ ...base, grade: 2, seriousCriteria: ["IMPORTANT_MEDICAL_EVENT"] }).map((s) => s.kind)).toEqual([
      "SERIOUS_AE",
    ]);
    expect(signalsForAdverseEvent({ ...base, grade: 4, seriousCriteria: ["HOSPITALIZATION"] }).map((s) => s.kind)).toEqual([
      "SERIOUS_AE",
      "AE_GRADE_3_PLUS",
    ]);
  });
});

describe("phq9Item9Signal", () => {
  it("fires for item 9 above 0", () => {
    const response = { id: "r1", participantLabel: "P-014", completedAt: occurredAt };
    expect(phq9Item9Signal({ ...response, item9: 0 })).toBeNull();
    expect(phq9Item9Signal({ ...response, item9: null })).toBeNull();
    expect(phq9Item9Signal({ ...response, item9: 2 })).toMatchObject({ kind: "PHQ9_ITEM9", itemScore: 2 });
  });
});

describe("describeSignal", () => {
  it("describes every kind in one line with a priority", () => {
    const signals: SafetySignal[] = [
      {
        kind: "SERIOUS_AE",
        participantLabel: "P-014",
        occurredAt,
        adverseEventId: "ae1",
        term: "ELEVATED_BLOOD_PRESSURE",
        criteria: ["HOSPITALIZATION"],
      },
      {
        kind: "AE_GRADE_3_PLUS",
        participantLabel: "P-014",
        occurredAt,
        adverseEventId: "ae1",
        term: "OTHER",
        otherTerm: "Syncope",
        grade: 3,
      },
      { kind: "PHQ9_ITEM9", participantLabel: "P-003", occurredAt, responseId: "r1", itemScore: 1 },
      {
        kind: "BP_OVERRIDE",
        participantLabel: "P-007",
        occurredAt,
        dosingRecordId: "d1",
        gateReasons: ["Systolic BP 146 mmHg is above the pre-dose limit of 140 mmHg"],
        overrideReason: "Anxious on arrival; repeat 142/88",
        clinicianLabel: "Dr Rivera",
      },
      {
        kind: "VITALS_OUT_OF_RANGE",
        participantLabel: "P-007",
        occurredAt,
        dosingRecordId: "d1",
        flags: [{ message: "SpO2 90% is below 92%" }],
      },
      {
        kind: "DOSE_OUT_OF_RANGE",
        participantLabel: "P-007",
        occurredAt,
        dosingRecordId: "d1",
        rangeMessage: "1.50 mg/kg is above this program's range for Intramuscular (IM) (0.5–1 mg/kg)",
        overrideReason: "Tolerance after 5 sessions",
        prescriberLabel: "Dr Rivera",
      },
    ];
    expect(signals.map(describeSignal)).toEqual([
      {
        title: "Serious adverse event: P-014",
        detail: "Elevated blood pressure — required or prolonged hospitalization. A follow-up is due within 24 hours.",
        priority: "urgent",
      },
      { title: "Grade 3 adverse event: P-014", detail: "Syncope was graded 3 (severe).", priority: "high" },
      {
        title: "PHQ-9 item 9 answered above 0: P-003",
        detail: "Item 9 (thoughts of self-harm) scored 1 of 3. Contact the participant and assess risk.",
        priority: "high",
      },
      {
        title: "Pre-dose BP gate overridden: P-007",
        detail:
          'Systolic BP 146 mmHg is above the pre-dose limit of 140 mmHg. Overridden by Dr Rivera: "Anxious on arrival; repeat 142/88"',
        priority: "review",
      },
      { title: "Vitals out of range during dosing: P-007", detail: "SpO2 90% is below 92%", priority: "high" },
      {
        title: "Dose outside the program's range: P-007",
        detail:
          '1.50 mg/kg is above this program\'s range for Intramuscular (IM) (0.5–1 mg/kg). Overridden by Dr Rivera: "Tolerance after 5 sessions"',
        priority: "high",
      },
    ]);
  });
});
