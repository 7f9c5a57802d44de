// The one PDF writer (pdfkit, standard Helvetica, US Letter): records that must exist as a file
// of exactly what was signed or inspected (signed consent, DEA inspection packet, printed orders)
// are built here, so every PDF has the same header, footer and signature lines.
import PDFDocument from "pdfkit";

export type PdfDoc = InstanceType<typeof PDFDocument>;

export type PdfMeta = { title: string; subject?: string; author?: string; createdAt?: Date };

/** Builds a PDF in memory. `build` writes the body with the helpers below. */
export async function renderPdf(meta: PdfMeta, build: (doc: PdfDoc) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    margin: 54,
    bufferPages: true,
    info: {
      Title: meta.title,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Author: meta.author ?? "GroupKAP",
      Creator: "GroupKAP",
      CreationDate: meta.createdAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.font("Helvetica");
  build(doc);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor("#555")
      .text(`${meta.title} · page ${i - range.start + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - 36, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

export function pdfHeading(doc: PdfDoc, text: string, size = 16): void {
  doc.moveDown(0.5).font("Helvetica-Bold").fontSize(size).fillColor("#000").text(text).font("Helvetica").fontSize(10).moveDown(0.3);
}

export function pdfParagraph(doc: PdfDoc, text: string): void {
  doc.font("Helvetica").fontSize(10).fillColor("#000").text(text).moveDown(0.4);
}

/** "Label: value" lines, label in bold. */
export function pdfFields(doc: PdfDoc, rows: ReadonlyArray<readonly [string, string]>): void {
  for (const [label, value] of rows) {
    doc
      .font("Helvetica-Bold")
      .fontSize(10)
      .fillColor("#000")
      .text(`${label}: `, { continued: true })
      .font("Helvetica")
      .text(value || "—");
  }
  doc.moveDown(0.4);
}

/** A simple table: header row in bold, fixed column widths (points), wrapping cells, page breaks. */
export function pdfTable(
  doc: PdfDoc,
  columns: ReadonlyArray<{ label: string; width: number }>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
): void {
  const left = doc.page.margins.left;
  const drawRow = (cells: ReadonlyArray<string>, bold: boolean) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8.5);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || "—", { width: columns[i].width - 4 }))) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.text(c || "—", x + 2, y + 2, { width: columns[i].width - 4 });
      x += columns[i].width;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(x, y + height)
      .lineWidth(0.3)
      .strokeColor("#999")
      .stroke();
    doc.x = left;
    doc.y = y + height;
  };
  drawRow(
    columns.map((c) => c.label),
    true,
  );
  for (const r of rows) drawRow(r, false);
  doc.font("Helvetica").fontSize(10).moveDown(0.6);
}

/** "Signed by NAME, DATE TIME — meaning" (21 CFR Part 11 §11.50: name, date-time, meaning on every printout). */
export function pdfSignature(doc: PdfDoc, s: { name: string; at: string; meaning: string }): void {
  doc.font("Helvetica").fontSize(10).fillColor("#000").text(`Signed by ${s.name}, ${s.at} — ${s.meaning}`).moveDown(0.3);
}
