import { describe, expect, it } from "vitest";
import { adverseEventsCsv, aeTermText, decodeAction, encodeAction, parseCriteria, type AeListRow } from "./adverseEvent.shared";

describe("action taken column", () => {
  it("round-trips the code with and without details", () => {
    expect(encodeAction("NONE")).toBe("NONE");
    expect(encodeAction("MEDICATION_GIVEN", "Ondansetron 4 mg: sublingual")).toBe("MEDICATION_GIVEN: Ondansetron 4 mg: sublingual");
    expect(decodeAction("MEDICATION_GIVEN: Ondansetron 4 mg: sublingual")).toEqual({
      action: "MEDICATION_GIVEN",
      details: "Ondansetron 4 mg: sublingual",
    });
    expect(decodeAction("NONE")).toEqual({ action: "NONE", details: "" });
  });
  it("reads unknown text as Other with the text as details", () => {
    expect(decodeAction("Gave water")).toEqual({ action: "OTHER", details: "Gave water" });
  });
});

describe("stored criteria and terms", () => {
  it("keeps only known criteria and survives bad JSON", () => {
    expect(parseCriteria('["HOSPITALIZATION","BOGUS"]')).toEqual(["HOSPITALIZATION"]);
    expect(parseCriteria("not json")).toEqual([]);
    expect(parseCriteria(null)).toEqual([]);
  });
  it("shows the free text for Other and the label otherwise", () => {
    expect(aeTermText("OTHER", "Tingling in hands")).toBe("Tingling in hands");
    expect(aeTermText("NAUSEA", "ignored")).toBe("Nausea");
    expect(aeTermText("UNKNOWN_CODE")).toBe("UNKNOWN_CODE");
  });
});

describe("CSV", () => {
  it("writes a header and one CRLF line per event with labels", () => {
    const row: AeListRow = {
      id: "ae1",
      participantId: "p1",
      participant: "Alice Adams",
      cohortId: "c1",
      cohort: "Fall 2026",
      session: "Dosing 1",
      term: "Nausea",
      onsetAt: "2026-09-08T17:05:00.000Z",
      onsetLocal: "Tue 8 Sep 2026, 11:05",
      onsetDate: "2026-09-08",
      timeZone: "America/Denver",
      grade: 2,
      serious: true,
      criteria: ["HOSPITALIZATION"],
      relatednessKetamine: "PROBABLE",
      relatednessGroup: "UNRELATED",
      related: true,
      expected: false,
      action: "Medication given",
      outcome: "RECOVERED",
      resolvedLocal: null,
      status: "OPEN",
      followUps: 1,
      followUpState: "satisfied",
    };
    const lines = adverseEventsCsv([row]).split("\r\n");
    expect(lines[0].split(",")).toHaveLength(18);
    expect(lines[1]).toBe(
      'ae1,Alice Adams,Fall 2026,Dosing 1,Nausea,"Tue 8 Sep 2026, 11:05",America/Denver,2,yes,Required or prolonged hospitalization,Probable,Unrelated,no,Medication given,Recovered / resolved,,OPEN,1',
    );
    expect(lines[2]).toBe("");
  });
});
