import { describe, expect, it } from "vitest";
import { SIGNATURE_MEANINGS, signatureLine, signatureStatement } from "./signatures";

describe("signatures with meaning", () => {
  it("has one meaning per kind of signed record", () => {
    expect(SIGNATURE_MEANINGS).toEqual({
      DOSING_RECORD: "administered by",
      GROUP_NOTE: "authored by",
      AE_CLOSURE: "reviewed by",
      DOSE_ORDER: "ordered by",
      CONSENT_COUNTERSIGN: "consent witnessed and countersigned by",
      DEA_INVENTORY: "inventoried by",
    });
  });

  it("shows name, local date-time and meaning", () => {
    const at = new Date("2026-11-09T18:05:00Z");
    expect(signatureLine({ name: "Dr. Quinn Clinician", at, meaning: "administered by", timeZone: "America/Denver" })).toBe(
      "Signed by Dr. Quinn Clinician, Mon 9 Nov 2026, 11:05 — administered by",
    );
    expect(signatureLine({ name: "Frankie", at, meaning: "authored by", timeZone: "Europe/Berlin" })).toBe(
      "Signed by Frankie, Mon 9 Nov 2026, 19:05 — authored by",
    );
  });

  it("a signature from before meanings were recorded shows without one", () => {
    expect(signatureLine({ name: "A", at: new Date("2026-03-02T16:00:00Z"), meaning: null, timeZone: "UTC" })).toBe(
      "Signed by A, Mon 2 Mar 2026, 16:00",
    );
  });

  it("tells the signer what the signature means", () => {
    expect(signatureStatement("AE_CLOSURE")).toMatch(/records that this was reviewed by you/);
  });
});
