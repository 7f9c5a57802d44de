// The DEA inspection packet as files: a PDF (the shared writer, app/utils/pdf.server.ts) and
// a CSV (app/utils/csv.ts), both from buildInspectionPacket. Participants appear by code only.
import { INVENTORY_KIND_LABELS, INVENTORY_TIME_LABELS, formatMg, isCalendarDate } from "~/domain/safety";
import { formatLocalDate, formatUtcDateTime } from "~/domain/scheduling/localTime";
import type { Reader } from "~/models/access.server";
import { toCsv, type CsvValue } from "~/utils/csv";
import { pdfFields, pdfHeading, pdfParagraph, pdfSignature, pdfTable, renderPdf } from "~/utils/pdf.server";
import { buildInspectionPacket, reconciliationLine, type InspectionPacket } from "./deaRecords.server";

const mg = (ug: number) => formatMg(ug);
const rev = (r: { reversed: boolean }) => (r.reversed ? " (reversed)" : "");
// The PDF is read by people: dates in the house format ("9 Nov 2026"; the CSV keeps ISO dates).
const day = (d: string | null | undefined) => (d ? formatLocalDate(d, { weekday: false }) : "—");

export function inspectionPacketPdf(p: InspectionPacket): Promise<Buffer> {
  const title = `DEA inspection packet — ${p.registrant.site}, ${day(p.period.from)} to ${day(p.period.to)}`;
  return renderPdf({ title, subject: "Controlled-substance records (21 CFR 1304)" }, (doc) => {
    pdfHeading(doc, "DEA inspection packet");
    pdfFields(doc, [
      ["Registrant", p.registrant.name],
      ["Address", p.registrant.address],
      ["DEA registration", p.registrant.deaRegistrationNumber || "not recorded"],
      ["Site", p.registrant.site],
      ["Period", `${day(p.period.from)} to ${day(p.period.to)} (dates at the site)`],
      ["Generated", `${formatUtcDateTime(p.generatedAt)} by ${p.generatedBy}`],
    ]);
    pdfParagraph(doc, "Ketamine, Schedule III. Amounts in mg. Participants are identified by code only.");

    pdfHeading(doc, "Reconciliation", 13);
    pdfParagraph(doc, reconciliationLine(p));
    pdfParagraph(
      doc,
      p.reconciliation.exact
        ? "Reconciles: no discrepancy."
        : p.reconciliation.reconciles
          ? "Reconciles with the explained discrepancies below."
          : "Does NOT reconcile: discrepancies without an explanation are listed below.",
    );
    if (p.reconciliation.discrepancies.length) {
      pdfTable(
        doc,
        [
          { label: "Discrepancy", width: 200 },
          { label: "Difference (mg)", width: 90 },
          { label: "Explanation", width: 214 },
        ],
        p.reconciliation.discrepancies.map((d) => [d.label, mg(d.differenceUg), d.explanation ?? "NOT EXPLAINED"]),
      );
    }

    pdfHeading(doc, "Receipts", 13);
    pdfTable(
      doc,
      [
        { label: "Date", width: 62 },
        { label: "Lot", width: 62 },
        { label: "mg", width: 50 },
        { label: "Supplier", width: 150 },
        { label: "Supplier DEA", width: 80 },
        { label: "Invoice", width: 100 },
      ],
      p.receipts.map((r) => [
        day(r.on),
        r.lotNumber,
        mg(r.amountUg) + rev(r),
        `${r.supplier}${r.supplierAddress ? `, ${r.supplierAddress}` : ""}`,
        r.supplierDeaNumber,
        r.invoiceNumber,
      ]),
    );
    pdfHeading(doc, "Administrations", 13);
    pdfTable(
      doc,
      [
        { label: "Date", width: 70 },
        { label: "Lot", width: 80 },
        { label: "mg", width: 70 },
        { label: "Participant code", width: 120 },
        { label: "Recorded by", width: 164 },
      ],
      p.administrations.map((r) => [day(r.on), r.lotNumber, mg(r.amountUg) + rev(r), r.participantCode, r.recordedBy]),
    );
    pdfHeading(doc, "Waste (witnessed)", 13);
    pdfTable(
      doc,
      [
        { label: "Date", width: 70 },
        { label: "Lot", width: 80 },
        { label: "mg", width: 60 },
        { label: "Method", width: 130 },
        { label: "Witness", width: 164 },
      ],
      p.wastes.map((r) => [day(r.on), r.lotNumber, mg(r.amountUg) + rev(r), r.method, r.witness]),
    );
    pdfHeading(doc, "Destructions (DEA Form 41)", 13);
    pdfTable(
      doc,
      [
        { label: "Date", width: 62 },
        { label: "Lot", width: 62 },
        { label: "mg", width: 50 },
        { label: "Method / reason", width: 130 },
        { label: "Place", width: 80 },
        { label: "Witnesses", width: 120 },
      ],
      p.destructions.map((r) => [
        day(r.destroyedOn),
        r.lotNumber,
        mg(r.amountUg) + rev(r),
        `${r.method}; ${r.reason}`,
        r.place,
        r.witnesses,
      ]),
    );
    pdfHeading(doc, "Losses and thefts (DEA Form 106)", 13);
    pdfTable(
      doc,
      [
        { label: "Discovered", width: 62 },
        { label: "Lot", width: 62 },
        { label: "mg", width: 50 },
        { label: "Type / police", width: 110 },
        { label: "Description", width: 140 },
        { label: "Reported to DEA", width: 80 },
      ],
      p.losses.map((r) => [
        day(r.discoveredOn),
        r.lotNumber,
        mg(r.amountUg) + rev(r),
        `${r.lossType}; ${r.police}`,
        r.description,
        day(r.reportedToDeaOn),
      ]),
    );
    pdfHeading(doc, "Transfers", 13);
    pdfTable(
      doc,
      [
        { label: "Date", width: 70 },
        { label: "Lot", width: 80 },
        { label: "mg", width: 70 },
        { label: "In/out", width: 50 },
        { label: "Other registrant", width: 234 },
      ],
      p.transfers.map((r) => [day(r.on), r.lotNumber, mg(r.amountUg) + rev(r), r.direction, r.counterparty]),
    );
    if (p.reversals.length) {
      pdfHeading(doc, "Corrections (reversals)", 13);
      pdfTable(
        doc,
        [
          { label: "Date", width: 70 },
          { label: "Lot", width: 80 },
          { label: "mg", width: 70 },
          { label: "Reverses", width: 120 },
          { label: "Reason", width: 164 },
        ],
        p.reversals.map((r) => [day(r.on), r.lotNumber, mg(r.amountUg), r.reverses, r.reason]),
      );
    }
    pdfHeading(doc, "Inventories", 13);
    if (!p.inventories.length) pdfParagraph(doc, "No inventory taken up to the end of the period.");
    for (const inv of p.inventories) {
      pdfParagraph(doc, `${INVENTORY_KIND_LABELS[inv.kind]}, ${day(inv.takenOn)}, ${INVENTORY_TIME_LABELS[inv.timeOfDay].toLowerCase()}`);
      pdfTable(
        doc,
        [
          { label: "Drug", width: 110 },
          { label: "Strength / form", width: 110 },
          { label: "Lot", width: 60 },
          { label: "Unopened", width: 50 },
          { label: "Opened (est. mL)", width: 64 },
          { label: "Counted / ledger mg", width: 110 },
        ],
        inv.lines.map((l) => [
          l.drugName,
          `${l.strength}; ${l.dosageForm}`,
          l.lotNumber,
          String(l.fullContainers),
          l.openedContainers ? `${l.openedContainers} (${l.openedEstimateMl ?? "0"} mL)` : "0",
          `${mg(l.countedUg)} / ${mg(l.ledgerBalanceUg)}${l.explanation ? ` — ${l.explanation}` : ""}`,
        ]),
      );
      pdfSignature(doc, {
        name: inv.signedByName,
        at: formatUtcDateTime(inv.signedAt),
        meaning: inv.signatureMeaning,
      });
    }
  });
}

export const PACKET_CSV_HEADER = [
  "section",
  "date",
  "lot",
  "amount_mg",
  "reversed",
  "participant_code",
  "party",
  "party_dea_number",
  "method",
  "witnesses",
  "explanation",
  "detail",
] as const;

export function inspectionPacketCsv(p: InspectionPacket): string {
  const rows: CsvValue[][] = [];
  const add = (section: string, r: Partial<Record<(typeof PACKET_CSV_HEADER)[number], CsvValue>>) =>
    rows.push(PACKET_CSV_HEADER.map((h) => (h === "section" ? section : (r[h] ?? ""))));
  add("registrant", {
    party: `${p.registrant.name}, ${p.registrant.address}`,
    party_dea_number: p.registrant.deaRegistrationNumber,
    detail: `${p.registrant.site}; period ${p.period.from} to ${p.period.to}`,
  });
  for (const r of p.receipts)
    add("receipt", {
      date: r.on,
      lot: r.lotNumber,
      amount_mg: mg(r.amountUg),
      reversed: r.reversed,
      party: `${r.supplier}, ${r.supplierAddress}`,
      party_dea_number: r.supplierDeaNumber,
      detail: `invoice ${r.invoiceNumber}`,
    });
  for (const r of p.administrations)
    add("administration", {
      date: r.on,
      lot: r.lotNumber,
      amount_mg: mg(r.amountUg),
      reversed: r.reversed,
      participant_code: r.participantCode,
    });
  for (const r of p.wastes)
    add("waste", { date: r.on, lot: r.lotNumber, amount_mg: mg(r.amountUg), reversed: r.reversed, method: r.method, witnesses: r.witness });
  for (const r of p.destructions)
    add("destruction", {
      date: r.destroyedOn,
      lot: r.lotNumber,
      amount_mg: mg(r.amountUg),
      reversed: r.reversed,
      method: r.method,
      witnesses: r.witnesses,
      detail: `${r.reason}; at ${r.place}`,
    });
  for (const r of p.losses)
    add("loss", {
      date: r.discoveredOn,
      lot: r.lotNumber,
      amount_mg: mg(r.amountUg),
      reversed: r.reversed,
      detail: `${r.lossType}; ${r.police}; ${r.description}; reported to DEA: ${r.reportedToDeaOn}`,
    });
  for (const r of p.transfers)
    add("transfer", {
      date: r.on,
      lot: r.lotNumber,
      amount_mg: mg(r.amountUg),
      reversed: r.reversed,
      party: r.counterparty,
      detail: r.direction,
    });
  for (const r of p.reversals)
    add("reversal", { date: r.on, lot: r.lotNumber, amount_mg: mg(r.amountUg), detail: `${r.reverses}: ${r.reason}` });
  for (const inv of p.inventories)
    for (const l of inv.lines)
      add("inventory", {
        date: inv.takenOn,
        lot: l.lotNumber,
        amount_mg: mg(l.countedUg),
        explanation: l.explanation,
        witnesses: `${inv.signedByName} — ${inv.signatureMeaning}`,
        detail: `${INVENTORY_KIND_LABELS[inv.kind]}, ${INVENTORY_TIME_LABELS[inv.timeOfDay].toLowerCase()}; ${l.drugName}, ${l.strength}, ${l.dosageForm}; ${l.fullContainers} unopened, ${l.openedContainers} opened (${l.openedEstimateMl ?? "0"} mL est.); ledger ${mg(l.ledgerBalanceUg)} mg`,
      });
  const t = p.reconciliation.totals;
  add("reconciliation", {
    amount_mg: mg(p.reconciliation.expectedUg),
    detail: reconciliationLine(p),
    explanation: p.reconciliation.exact
      ? "reconciles"
      : p.reconciliation.reconciles
        ? "reconciles with explained discrepancies"
        : "does not reconcile",
  });
  for (const [k, v] of Object.entries(t)) add("reconciliation_total", { amount_mg: mg(v), detail: k.replace(/Ug$/, "") });
  add("reconciliation_total", { amount_mg: mg(p.reconciliation.onHandUg), detail: "onHand" });
  if (p.reconciliation.inventoryCountedUg !== null)
    add("reconciliation_total", { amount_mg: mg(p.reconciliation.inventoryCountedUg), detail: "lastInventoryCounted" });
  for (const d of p.reconciliation.discrepancies)
    add("discrepancy", { amount_mg: mg(d.differenceUg), detail: d.label, explanation: d.explanation ?? "NOT EXPLAINED" });
  return toCsv(PACKET_CSV_HEADER, rows);
}

/** Reads ?site=&from=&to= of the packet's pages; errors name the field. */
export function parsePacketQuery(params: URLSearchParams) {
  const siteId = params.get("site") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const errors: Record<string, string> = {};
  if (!siteId) errors.site = "Choose the registrant (site)";
  if (!isCalendarDate(from)) errors.from = "From must be a date (YYYY-MM-DD)";
  if (!isCalendarDate(to)) errors.to = "To must be a date (YYYY-MM-DD)";
  if (!errors.from && !errors.to && from > to) errors.to = "To must be on or after From";
  return { siteId, from, to, errors, ok: Object.keys(errors).length === 0 };
}

/** The packet as a download (PDF or CSV), or 400 with what is wrong. */
export async function packetDownload(viewer: Reader, params: URLSearchParams, format: "pdf" | "csv") {
  const q = parsePacketQuery(params);
  if (!q.ok) return new Response(Object.values(q.errors).join("\n"), { status: 400 });
  const packet = await buildInspectionPacket(viewer, q);
  if (!packet) return new Response("Site not found", { status: 404 });
  const file = `dea-inspection-${packet.registrant.site.replace(/[^A-Za-z0-9]+/g, "-")}-${q.from}-${q.to}.${format}`;
  const body = format === "pdf" ? new Uint8Array(await inspectionPacketPdf(packet)) : inspectionPacketCsv(packet);
  return new Response(body, {
    headers: {
      "Content-Type": format === "pdf" ? "application/pdf" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file}"`,
      "Cache-Control": "no-store",
    },
  });
}
