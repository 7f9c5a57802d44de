import { describe, expect, it } from "vitest";
import { canonicalConsentContent, consentPlainText, consentRefusal, consentStanding, nameMatches, parseConsentMarkdown } from "./index";

describe("consent documents", () => {
  it("canonical content covers title, version, body and checkbox labels (line endings and outer spaces do not count)", () => {
    const base = { title: "Consent", versionLabel: "v1", body: "Hello\nworld", checkboxes: ["Touch"] };
    expect(canonicalConsentContent(base)).toBe(canonicalConsentContent({ ...base, body: "Hello\r\nworld\n" }));
    expect(canonicalConsentContent(base)).not.toBe(canonicalConsentContent({ ...base, versionLabel: "v2" }));
    expect(canonicalConsentContent(base)).not.toBe(canonicalConsentContent({ ...base, checkboxes: ["Touch", "Contact"] }));
    expect(canonicalConsentContent(base)).not.toBe(canonicalConsentContent({ ...base, title: "Consent form" }));
  });

  it("parses headings, paragraphs and lists; HTML stays literal text", () => {
    const blocks = parseConsentMarkdown(
      "# Title\n\nFirst line\nsecond line\n\n- one\n- two\n  continued\n\n1. a\n2. b\n\n<script>alert(1)</script>",
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 1, text: "Title" },
      { kind: "paragraph", text: "First line second line" },
      { kind: "list", ordered: false, items: ["one", "two continued"] },
      { kind: "list", ordered: true, items: ["a", "b"] },
      { kind: "paragraph", text: "<script>alert(1)</script>" },
    ]);
    expect(consentPlainText(blocks)).toEqual([
      "Title",
      "First line second line",
      "• one",
      "• two continued",
      "1. a",
      "2. b",
      "<script>alert(1)</script>",
    ]);
  });

  it("the typed name matches the participant's ignoring case and extra spaces, nothing else", () => {
    const p = { firstName: "Ana María", lastName: "López" };
    expect(nameMatches("  ana   maría LÓPEZ ", p)).toBe(true);
    expect(nameMatches("Ana Lopez", p)).toBe(false);
    expect(nameMatches("López Ana María", p)).toBe(false);
  });

  it("a current consent is the current version, countersigned and not withdrawn", () => {
    const current = { id: "d2", versionLabel: "2.0" };
    const ok = { documentId: "d2", countersignedAt: new Date(), withdrawnAt: null };
    expect(consentRefusal(null, [])).toBeNull();
    expect(consentRefusal(current, [ok])).toBeNull();
    expect(consentRefusal(current, [])).toMatch(/^No signed consent/);
    expect(consentRefusal(current, [{ ...ok, documentId: "d1" }])).toMatch(/^Re-consent needed/);
    expect(consentRefusal(current, [{ ...ok, countersignedAt: null }])).toMatch(/not yet countersigned/);
    expect(consentRefusal(current, [{ ...ok, withdrawnAt: new Date() }])).toMatch(/withdrawn consent/);
  });
});

describe("consentStanding", () => {
  const doc = { id: "v2" };
  const at = new Date("2026-01-01T00:00:00Z");
  it("mirrors consentRefusal as a status", () => {
    expect(consentStanding(null, [])).toBeNull();
    expect(consentStanding(doc, [])).toBe("NOT_SIGNED");
    expect(consentStanding(doc, [{ documentId: "v1", countersignedAt: at, withdrawnAt: null }])).toBe("RECONSENT_NEEDED");
    expect(consentStanding(doc, [{ documentId: "v2", countersignedAt: null, withdrawnAt: null }])).toBe("AWAITING_COUNTERSIGNATURE");
    expect(consentStanding(doc, [{ documentId: "v2", countersignedAt: at, withdrawnAt: null }])).toBe("CONSENTED");
    expect(
      consentStanding(doc, [
        { documentId: "v2", countersignedAt: at, withdrawnAt: null },
        { documentId: "v1", countersignedAt: at, withdrawnAt: at },
      ]),
    ).toBe("WITHDRAWN");
  });
});
