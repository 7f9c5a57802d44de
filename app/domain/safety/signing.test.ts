import { describe, expect, it } from "vitest";
import {
  SignedRecordLockedError,
  addendumSchema,
  assertEditable,
  canAddAddendum,
  canSign,
  missingForSigning,
  type DosingRecordForSigning,
} from "./signing";
import { BP_GATE_PRESETS } from "./vitals";

const givenAt = new Date("2026-03-10T17:00:00Z");
const at = (minutes: number) => new Date(givenAt.getTime() + minutes * 60_000);

function completeRecord(): DosingRecordForSigning {
  return {
    signedAt: null,
    preDoseChecklist: [
      { key: "fasted", label: "Fasted for 4 hours", answer: "YES" },
      { key: "newMeds", label: "New medications since screening", answer: "NO" },
      { key: "pregnancy", label: "Pregnancy test", answer: "NOT_APPLICABLE" },
    ],
    preDoseVitals: { systolic: 132, diastolic: 84, heartRate: 76, spo2: 98 },
    gateLimits: BP_GATE_PRESETS.standard,
    gateOverride: null,
    doseMg: 35,
    weightKg: 70,
    route: "IM",
    lotNumber: "K-2291",
    givenAt,
    givenById: "u-nurse",
    postDoseVitals: [
      { systolic: 150, diastolic: 92, heartRate: 84, spo2: 97, takenAt: at(40) },
      { systolic: 130, diastolic: 82, heartRate: 74, spo2: 98, takenAt: at(100) },
    ],
    dischargeChecklist: {
      orientedToBaseline: true,
      walkingSteadily: true,
      vitalsWithinRange: true,
      escortPresent: true,
      escortName: "Jordan Lee",
      noDrivingAdvised: true,
    },
    dischargedAt: at(120),
  };
}

describe("missingForSigning", () => {
  it("is empty for a complete record", () => {
    expect(missingForSigning(completeRecord())).toEqual([]);
    expect(canSign(completeRecord())).toBe(true);
  });

  it("names an unanswered pre-dose checklist item", () => {
    const r = completeRecord();
    r.preDoseChecklist![0].answer = null;
    expect(missingForSigning(r)).toEqual(['Pre-dose checklist: "Fasted for 4 hours" is not answered']);
  });

  it("requires the pre-dose checklist to exist", () => {
    expect(missingForSigning({ ...completeRecord(), preDoseChecklist: null })).toEqual(["The pre-dose checklist has not been completed"]);
    expect(missingForSigning({ ...completeRecord(), preDoseChecklist: [] })).toEqual(["The pre-dose checklist has not been completed"]);
  });

  it("requires pre-dose vitals", () => {
    expect(missingForSigning({ ...completeRecord(), preDoseVitals: null })).toEqual(["Pre-dose vitals have not been recorded"]);
  });

  it("requires an override with a written reason when the gate blocked", () => {
    const blocked = { ...completeRecord(), preDoseVitals: { systolic: 141, diastolic: 90, heartRate: 76, spo2: 98 } };
    expect(missingForSigning(blocked)).toEqual([
      "Pre-dose vitals are above the gate (Systolic BP 141 mmHg is above the pre-dose limit of 140 mmHg) and no clinician override with a written reason is recorded",
    ]);
    expect(missingForSigning({ ...blocked, gateOverride: { reason: "ok", clinicianId: "c1" } })).toHaveLength(1);
    expect(missingForSigning({ ...blocked, gateOverride: { reason: "Repeat reading 138/88 after rest", clinicianId: "c1" } })).toEqual([]);
  });

  it("passes a reading exactly at the gate without an override", () => {
    expect(missingForSigning({ ...completeRecord(), preDoseVitals: { systolic: 140, diastolic: 90, heartRate: 76, spo2: 98 } })).toEqual(
      [],
    );
  });

  it.each([
    ["doseMg", null, "Dose (mg) is missing"],
    ["weightKg", null, "Weight (kg) is missing"],
    ["route", null, "Route is missing"],
    ["lotNumber", " ", "Lot number is missing"],
    ["givenById", "", "Who gave the dose is missing"],
  ] as const)("%s missing -> %s", (field, value, message) => {
    expect(missingForSigning({ ...completeRecord(), [field]: value })).toEqual([message]);
  });

  it("time given missing", () => {
    expect(missingForSigning({ ...completeRecord(), givenAt: null })).toEqual(["Time the dose was given is missing"]);
  });

  it("requires a post-dose reading around 40 minutes (at least 30 by default)", () => {
    const message = "A post-dose vitals reading is missing (one taken at least 30 minutes after the dose, around 40 minutes)";
    expect(missingForSigning({ ...completeRecord(), postDoseVitals: [] })).toEqual([message]);
    expect(
      missingForSigning({
        ...completeRecord(),
        postDoseVitals: [{ systolic: 130, diastolic: 80, heartRate: 70, spo2: 98, takenAt: at(29) }],
      }),
    ).toEqual([message]);
    expect(
      missingForSigning({
        ...completeRecord(),
        postDoseVitals: [{ systolic: 130, diastolic: 80, heartRate: 70, spo2: 98, takenAt: at(30) }],
      }),
    ).toEqual([]);
    expect(
      missingForSigning(
        { ...completeRecord(), postDoseVitals: [{ systolic: 130, diastolic: 80, heartRate: 70, spo2: 98, takenAt: at(5) }] },
        { minPostDoseMinutes: 0 },
      ),
    ).toEqual([]);
  });

  it("lists unmet discharge items", () => {
    const r = completeRecord();
    r.dischargeChecklist = { ...r.dischargeChecklist, escortName: null, walkingSteadily: false };
    expect(missingForSigning(r)).toEqual([
      "Discharge: Participant is not confirmed walking steadily",
      "Discharge: The escort's name is missing",
    ]);
    expect(missingForSigning({ ...completeRecord(), dischargeChecklist: null })).toHaveLength(6);
  });

  it("cross-checks the latest post-dose reading against the monitoring ranges", () => {
    const r = completeRecord();
    r.postDoseVitals = [{ systolic: 190, diastolic: 100, heartRate: 84, spo2: 97, takenAt: at(40) }];
    expect(missingForSigning(r)).toEqual(["Discharge: Latest vitals are out of range: Systolic BP 190 mmHg is above 180 mmHg"]);
  });

  it("requires a discharge time after the dose time", () => {
    expect(missingForSigning({ ...completeRecord(), dischargedAt: null })).toEqual(["Discharge time is missing"]);
    expect(missingForSigning({ ...completeRecord(), dischargedAt: givenAt })).toEqual([
      "Discharge time must be after the time the dose was given",
    ]);
    expect(missingForSigning({ ...completeRecord(), dischargedAt: at(-10) })).toEqual([
      "Discharge time must be after the time the dose was given",
    ]);
  });

  it("applies a program's minimum monitoring time", () => {
    expect(missingForSigning(completeRecord(), { minMonitoringMinutes: 150 })).toEqual([
      "Discharge: Monitoring has lasted 120 minutes; this program requires at least 150",
    ]);
  });

  it("lists everything for an empty draft", () => {
    const empty: DosingRecordForSigning = {
      preDoseChecklist: null,
      preDoseVitals: null,
      gateLimits: BP_GATE_PRESETS.standard,
      postDoseVitals: null,
    };
    const missing = missingForSigning(empty);
    expect(missing).toContain("Dose (mg) is missing");
    expect(missing).toContain("Discharge time is missing");
    expect(missing).toHaveLength(1 + 1 + 6 + 1 + 6 + 1);
  });
});

describe("locking", () => {
  it("a draft is editable; a signed record is locked and takes addenda", () => {
    expect(() => assertEditable({ signedAt: null })).not.toThrow();
    expect(canAddAddendum({ signedAt: null })).toBe(false);
    const signed = { ...completeRecord(), signedAt: new Date("2026-03-10T20:00:00Z") };
    expect(() => assertEditable(signed)).toThrow(SignedRecordLockedError);
    expect(() => assertEditable(signed)).toThrow(
      "This dosing record was signed at 2026-03-10T20:00:00.000Z and can no longer be edited; add an addendum to correct it",
    );
    expect(canAddAddendum(signed)).toBe(true);
    expect(canSign(signed)).toBe(false);
  });
  it("an addendum needs text", () => {
    expect(addendumSchema.safeParse({ text: "  " }).error?.issues[0].message).toBe("Addendum is required");
    expect(addendumSchema.parse({ text: " Lot number corrected to K-2292 " })).toEqual({ text: "Lot number corrected to K-2292" });
  });
});
