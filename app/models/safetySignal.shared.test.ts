import { describe, expect, it } from "vitest";
import { describeStoredSignal, kindTitle } from "./safetySignal.shared";

const at = new Date("2026-09-08T17:00:00Z");

describe("describeStoredSignal", () => {
  it("uses stored text with a title naming the participant the viewer may see", () => {
    expect(describeStoredSignal({ kind: "SERIOUS_AE", detail: "Nausea — hospitalization.", createdAt: at }, "Alice Adams")).toEqual({
      title: "Serious adverse event: Alice Adams",
      detail: "Nausea — hospitalization.",
    });
    expect(describeStoredSignal({ kind: "BP_OVERRIDE", detail: "150/95 overridden", createdAt: at }, "P-001").title).toBe(
      "Pre-dose BP gate overridden: P-001",
    );
  });
  it("describes a JSON payload with the domain's describeSignal", () => {
    const d = describeStoredSignal(
      { kind: "PHQ9_ITEM9", detail: JSON.stringify({ responseId: "a1", itemScore: 2 }), createdAt: at },
      "Bob Brown",
    );
    expect(d.title).toBe("PHQ-9 item 9 answered above 0: Bob Brown");
    expect(d.detail).toMatch(/scored 2 of 3/);
  });
  it("falls back for an unknown kind or broken JSON", () => {
    expect(describeStoredSignal({ kind: "NEW_KIND", detail: "x", createdAt: at }, "P")).toEqual({
      title: "NEW_KIND: P",
      detail: "x",
    });
    expect(describeStoredSignal({ kind: "VITALS_OUT_OF_RANGE", detail: "{broken", createdAt: at }, "P").detail).toBe("{broken");
    expect(kindTitle("AE_GRADE_3_PLUS")).toBe("Adverse event of grade 3 or higher");
  });
});
