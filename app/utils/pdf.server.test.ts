import { describe, expect, it } from "vitest";
import { pdfFields, pdfHeading, pdfParagraph, pdfSignature, pdfTable, renderPdf } from "./pdf.server";
import { pdfText } from "../../tests/setup/pdfText";

describe("renderPdf", () => {
  it("writes a PDF whose text reads back, with page numbers and a signature line", async () => {
    const pdf = await renderPdf({ title: "Inspection packet" }, (doc) => {
      pdfHeading(doc, "Receipts — café");
      pdfParagraph(doc, "Body text ".repeat(20).trim());
      pdfFields(doc, [["Registrant", "Demo Clinic"]]);
      pdfTable(
        doc,
        [
          { label: "Lot", width: 100 },
          { label: "mg", width: 60 },
        ],
        Array.from({ length: 80 }, (_, i) => [`LOT-${i}`, String(i)]),
      );
      pdfSignature(doc, { name: "Dr Rivera", at: "2026-11-30 10:00", meaning: "reviewed by" });
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    expect(text).toContain("Receipts — café");
    expect(text).toContain("LOT-79");
    expect(text).toContain("Signed by Dr Rivera, 2026-11-30 10:00 — reviewed by");
    expect(text).toMatch(/Inspection packet · page 2 of 2/);
    expect(text.replace(/\n/g, "")).toContain("Body text ".repeat(20).trim());
  });
});
