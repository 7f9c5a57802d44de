// DEA records of a registrant (21 CFR 1304) built on the controlled-substance ledger: the
// site's registration, initial and biennial inventories (signed, "inventoried by"), the Form
// 106 report clock of each loss, Form 41 destructions, and the inspection packet with its
// reconciliation. Nothing here is ever deleted; the only change after creation is the date a
// loss was reported to the DEA, written once.
import {
  DEA_LOSS_TYPE_LABELS,
  INVENTORY_KIND_LABELS,
  INVENTORY_TIME_LABELS,
  LEDGER_ENTRY_TYPE_LABELS,
  biennialInventoryDueBy,
  formatMg,
  inventoryCountUg,
  lossReportClock,
  periodTotals,
  reconcile,
  type DeaLossType,
  type InventoryKind,
  type InventoryTime,
  type LedgerEntryType,
  type ReconciliationEntry,
} from "~/domain/safety";
import { formatLocalDate } from "~/domain/scheduling/localTime";
import type { InventoryInput, RegistrantInput } from "~/forms/ledger";
import { auditParticipantRead, type Reader } from "~/models/access.server";
import { audit, type RequestMeta } from "~/utils/audit.server";
import { dbReady, readRows, sqlTrue, type Db } from "~/utils/db.server";
import { ConflictError, FieldError, notFound, type Actor } from "./kernel.server";
import { LEDGER_TX_OPTIONS, appendLedgerEntryTx, lockLotTx, lotBalances, todayIn, withLedgerRetry } from "./ledger.server";
import { confirmSignature } from "./signature.server";

/** The registrant's details for the pages and the packet. */
export async function listRegistrants() {
  const db = await dbReady();
  const sites = await db.site.findMany({ where: { active: true }, orderBy: { name: "asc" } });
  return sites.map((s) => ({
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    today: todayIn(s.timeZone),
    deaRegistrationNumber: s.deaRegistrationNumber,
    deaRegistrantName: s.deaRegistrantName,
    deaRegistrantAddress: s.deaRegistrantAddress ?? s.address,
  }));
}

export async function updateRegistrant(actor: Actor, meta: RequestMeta, input: RegistrantInput) {
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: input.siteId } });
  if (!site) throw new FieldError("siteId", "Choose a site from the list");
  return db.$transaction(async (tx) => {
    const updated = await tx.site.update({
      where: { id: site.id },
      data: {
        deaRegistrationNumber: input.deaRegistrationNumber,
        deaRegistrantName: input.deaRegistrantName,
        deaRegistrantAddress: input.deaRegistrantAddress,
      },
    });
    await audit(tx, {
      actor,
      action: "dea.registrant_update",
      entityType: "Site",
      entityId: site.id,
      summary: `DEA registrant of ${site.name}: ${input.deaRegistrantName}, ${input.deaRegistrationNumber}`,
      details: {
        before: { number: site.deaRegistrationNumber, name: site.deaRegistrantName, address: site.deaRegistrantAddress },
        after: { number: input.deaRegistrationNumber, name: input.deaRegistrantName, address: input.deaRegistrantAddress },
      },
      ...meta,
    });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------
// Inventories

const strengthOf = (lot: { concentrationMgPerMl: string; vialVolumeMl: string }) =>
  `${lot.concentrationMgPerMl} mg/mL, ${lot.vialVolumeMl} mL vial`;
const DOSAGE_FORM = "Injectable solution";

/** The lots to count at a site (every lot with a balance), pre-filled from the ledger: whole vials and the opened rest in mL. */
export async function inventoryDraft(siteId: string) {
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: siteId } });
  if (!site) return null;
  const lots = await db.ketamineLot.findMany({ where: { siteId }, orderBy: [{ expiryDate: "asc" }, { lotNumber: "asc" }] });
  const balances = await lotBalances(
    db,
    lots.map((l) => l.id),
  );
  const lines = lots
    .filter((l) => (balances.get(l.id) ?? 0) > 0)
    .map((l) => {
      const balanceUg = balances.get(l.id) ?? 0;
      const vialUg = inventoryCountUg({ concentrationMgPerMl: l.concentrationMgPerMl, vialVolumeMl: l.vialVolumeMl, fullContainers: 1 });
      const full = Math.floor(balanceUg / vialUg);
      const restUg = balanceUg - full * vialUg;
      // mL = µg / (mg/mL × 1000), to 2 decimals (an estimate, as Schedule III allows).
      const restMl = restUg > 0 ? (restUg / (Number(l.concentrationMgPerMl) * 1000)).toFixed(2) : "";
      return {
        lotId: l.id,
        lotNumber: l.lotNumber,
        drugName: l.product,
        strength: strengthOf(l),
        dosageForm: DOSAGE_FORM,
        balanceUg,
        fullContainers: full,
        openedContainers: restUg > 0 ? 1 : 0,
        openedEstimateMl: restMl,
        concentrationMgPerMl: l.concentrationMgPerMl,
        vialVolumeMl: l.vialVolumeMl,
      };
    });
  return { site: { id: site.id, name: site.name, today: todayIn(site.timeZone) }, lines };
}

/**
 * Takes an inventory: the taker signs with their password ("inventoried by"); each line
 * writes an INVENTORY_COUNT entry to its lot's ledger (a difference from the ledger needs an
 * explanation and is flagged). Every lot with a balance at the site must be counted.
 */
export async function createInventory(actor: Actor, meta: RequestMeta, input: InventoryInput) {
  const db = await dbReady();
  const draft = await inventoryDraft(input.siteId);
  if (!draft) throw new FieldError("siteId", "Choose a site from the list");
  if (input.kind === "INITIAL" && (await db.deaInventory.count({ where: { siteId: input.siteId } })) > 0) {
    throw new FieldError("kind", "This site already has an inventory: the next one is a biennial inventory");
  }
  const byLot = new Map(draft.lines.map((l) => [l.lotId, l]));
  const seen = new Set(input.lines.map((l) => l.lotId));
  if (seen.size !== input.lines.length || input.lines.some((l) => !byLot.has(l.lotId)) || draft.lines.some((l) => !seen.has(l.lotId))) {
    throw new ConflictError("The lots at this site changed while you were counting; open the inventory again");
  }
  const counted = input.lines.map((line, i) => {
    const lot = byLot.get(line.lotId)!;
    if (line.openedContainers === 0 && line.openedEstimateMl) {
      throw new FieldError(`lines[${i}].openedContainers`, "Enter the number of opened containers the estimate is for");
    }
    const countedUg = inventoryCountUg({ ...lot, fullContainers: line.fullContainers, openedEstimateMl: line.openedEstimateMl ?? null });
    const diff = countedUg - lot.balanceUg;
    if (diff !== 0 && !line.explanation) {
      throw new FieldError(
        `lines[${i}].explanation`,
        `Lot ${lot.lotNumber}: the count is ${formatMg(Math.abs(diff))} mg ${diff < 0 ? "less" : "more"} than the ledger's ${formatMg(lot.balanceUg)} mg: explain the discrepancy`,
      );
    }
    return { line, lot, countedUg };
  });
  const signature = await confirmSignature(actor, meta, "DEA_INVENTORY", input.password);
  return withLedgerRetry(() =>
    db.$transaction(async (tx) => {
      // Every lot's lock first (SQLite: the first write takes the database's write lock).
      for (const c of counted) await lockLotTx(tx, c.lot.lotId);
      const inventory = await tx.deaInventory.create({
        data: {
          siteId: input.siteId,
          kind: input.kind,
          takenOn: input.takenOn,
          timeOfDay: input.timeOfDay,
          takenById: actor.id,
          signedByName: signature.name,
          signatureMeaning: signature.meaning,
          signedAt: new Date(),
          note: input.note ?? null,
        },
      });
      for (const c of counted) {
        const entry = await appendLedgerEntryTx(tx, actor, meta, c.lot.lotId, {
          type: "INVENTORY_COUNT",
          amountUg: c.countedUg,
          expectedUg: c.lot.balanceUg,
          explanation: c.line.explanation ?? null,
          note: `${INVENTORY_KIND_LABELS[input.kind]} ${input.takenOn}`,
        });
        await tx.deaInventoryLine.create({
          data: {
            inventoryId: inventory.id,
            lotId: c.lot.lotId,
            drugName: c.lot.drugName,
            strength: c.lot.strength,
            dosageForm: c.lot.dosageForm,
            fullContainers: c.line.fullContainers,
            openedContainers: c.line.openedContainers,
            openedEstimateMl: c.line.openedEstimateMl ?? null,
            countedUg: c.countedUg,
            ledgerBalanceUg: c.lot.balanceUg,
            explanation: c.line.explanation ?? null,
            ledgerEntryId: entry.id,
          },
        });
      }
      await audit(tx, {
        actor,
        action: "dea.inventory_create",
        entityType: "DeaInventory",
        entityId: inventory.id,
        summary: `${INVENTORY_KIND_LABELS[input.kind]} of ${draft.site.name} on ${input.takenOn} (${INVENTORY_TIME_LABELS[input.timeOfDay].toLowerCase()}), ${counted.length} lot(s), signed by ${signature.name} — ${signature.meaning}`,
        ...meta,
      });
      return inventory;
    }, LEDGER_TX_OPTIONS),
  );
}

async function inventoriesOf(db: Db, siteId: string, upTo?: string) {
  const inventories = await db.deaInventory.findMany({
    where: { siteId, ...(upTo ? { takenOn: { lte: upTo } } : {}) },
    orderBy: [{ takenOn: "desc" }, { signedAt: "desc" }],
    include: { lines: true },
  });
  const lots = await db.ketamineLot.findMany({
    where: { id: { in: inventories.flatMap((i) => i.lines.map((l) => l.lotId)) } },
    select: { id: true, lotNumber: true },
  });
  const lotNumber = new Map(lots.map((l) => [l.id, l.lotNumber]));
  return inventories.map((i) => ({
    id: i.id,
    kind: i.kind as InventoryKind,
    takenOn: i.takenOn,
    timeOfDay: i.timeOfDay as InventoryTime,
    signedByName: i.signedByName,
    signatureMeaning: i.signatureMeaning,
    signedAt: i.signedAt.toISOString(),
    note: i.note,
    lines: i.lines.map((l) => ({ ...l, lotNumber: lotNumber.get(l.lotId) ?? "?" })),
  }));
}

// ---------------------------------------------------------------------------------------------
// The DEA records page of a site

export async function getDeaRecords(siteId: string) {
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: siteId } });
  if (!site) return null;
  const today = todayIn(site.timeZone);
  const inventories = await inventoriesOf(db, siteId);
  const losses = await db.deaLossReport.findMany({ where: { siteId }, orderBy: { discoveredOn: "desc" } });
  const lossEntries = await db.ledgerEntry.findMany({
    where: { id: { in: losses.map((l) => l.ledgerEntryId) } },
    include: { lot: { select: { lotNumber: true } } },
  });
  const destructions = await db.deaDestruction.findMany({ where: { siteId }, orderBy: { destroyedOn: "desc" } });
  const destroyEntries = await db.ledgerEntry.findMany({
    where: { id: { in: destructions.map((d) => d.ledgerEntryId) } },
    include: { lot: { select: { lotNumber: true } } },
  });
  const users = await db.user.findMany({
    where: { id: { in: destructions.flatMap((d) => [d.witness1Id, d.witness2Id, d.createdById]) } },
    select: { id: true, name: true },
  });
  const name = (id: string) => users.find((u) => u.id === id)?.name ?? "Unknown";
  return {
    site: { id: site.id, name: site.name, today },
    registrant: {
      deaRegistrationNumber: site.deaRegistrationNumber,
      deaRegistrantName: site.deaRegistrantName,
      deaRegistrantAddress: site.deaRegistrantAddress ?? site.address,
    },
    inventories,
    biennialDueBy: inventories[0] ? biennialInventoryDueBy(inventories[0].takenOn) : null,
    losses: losses.map((l) => {
      const e = lossEntries.find((x) => x.id === l.ledgerEntryId);
      return {
        id: l.id,
        lotNumber: e?.lot.lotNumber ?? "?",
        amountUg: e?.amountUg ?? 0,
        discoveredOn: l.discoveredOn,
        lossType: DEA_LOSS_TYPE_LABELS[l.lossType as DeaLossType] ?? l.lossType,
        policeNotified: l.policeNotified,
        policeReportNumber: l.policeReportNumber,
        description: l.description,
        reportedToDeaOn: l.reportedToDeaOn,
        clock: lossReportClock(l, today),
      };
    }),
    destructions: destructions.map((d) => {
      const e = destroyEntries.find((x) => x.id === d.ledgerEntryId);
      return {
        id: d.id,
        lotNumber: e?.lot.lotNumber ?? "?",
        amountUg: e?.amountUg ?? 0,
        destroyedOn: d.destroyedOn,
        method: d.method,
        reason: d.reason,
        place: d.place,
        witnesses: [name(d.witness1Id), name(d.witness2Id)],
        recordedBy: name(d.createdById),
      };
    }),
  };
}

/** The biennial inventory due date of each site, for /ledger ("due by"; null: no inventory yet). */
export async function inventoryDueDates() {
  // On every view of the controlled-substance log: one statement through the driver.
  const rows = await readRows(
    `SELECT s."id", s."name", s."timeZone", (SELECT MAX(d."takenOn") FROM "DeaInventory" d WHERE d."siteId" = s."id") ` +
      `FROM "Site" s WHERE s."active" = ${sqlTrue()} ORDER BY s."name", s."id"`,
    [],
  );
  return rows.map(([siteId, site, timeZone, last]) => {
    const lastOn = (last as string | null) ?? null;
    const dueBy = lastOn ? biennialInventoryDueBy(lastOn) : null;
    return { siteId: siteId as string, site: site as string, lastOn, dueBy, overdue: !!dueBy && todayIn(timeZone as string) > dueBy };
  });
}

/** Records, once, the date a loss was reported to the DEA (Form 106 filed). */
export async function recordLossReported(actor: Actor, meta: RequestMeta, input: { lossReportId: string; reportedToDeaOn: string }) {
  const db = await dbReady();
  const report = await db.deaLossReport.findUnique({ where: { id: input.lossReportId } });
  if (!report) notFound("Loss not found");
  if (input.reportedToDeaOn < report.discoveredOn) {
    throw new FieldError(
      "reportedToDeaOn",
      `The report cannot be before the loss was discovered (${formatLocalDate(report.discoveredOn)})`,
    );
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.deaLossReport.updateMany({
      where: { id: report.id, reportedToDeaOn: null },
      data: { reportedToDeaOn: input.reportedToDeaOn, reportedById: actor.id, reportedAt: new Date() },
    });
    if (count === 0) throw new ConflictError("This loss was already recorded as reported to the DEA");
    await audit(tx, {
      actor,
      action: "dea.loss_reported",
      entityType: "DeaLossReport",
      entityId: report.id,
      summary: `Loss discovered ${report.discoveredOn} reported to the DEA on ${input.reportedToDeaOn} (due ${report.reportDueOn})`,
      ...meta,
    });
    return report;
  });
}

// ---------------------------------------------------------------------------------------------
// Inspection packet

/** The calendar date (YYYY-MM-DD) of an instant at the site. */
const dateAt = (d: Date, timeZone: string) => todayIn(timeZone, d);

/**
 * Everything an inspector asks for, for one registrant (site) and a period (inclusive dates at
 * the site): receipts with the supplier's DEA number, administrations by participant code
 * (never names), waste, destructions, losses, transfers, inventories, and the reconciliation.
 * An audited read (it names participants by code).
 */
export async function buildInspectionPacket(viewer: Reader, filter: { siteId: string; from: string; to: string }) {
  const db = await dbReady();
  const site = await db.site.findUnique({ where: { id: filter.siteId } });
  if (!site) return null;
  const tz = site.timeZone;
  const lots = await db.ketamineLot.findMany({
    where: { siteId: site.id },
    include: { entries: { orderBy: { seq: "asc" } } },
    orderBy: { lotNumber: "asc" },
  });
  const participantIds = [...new Set(lots.flatMap((l) => l.entries.map((e) => e.participantId)).filter((x): x is string => !!x))];
  const participants = await db.participant.findMany({ where: { id: { in: participantIds } }, select: { id: true, code: true } });
  const codeOf = new Map(participants.map((p) => [p.id, p.code]));
  const userIds = new Set<string>();
  for (const l of lots) for (const e of l.entries) [e.recordedById, e.witnessId].forEach((x) => x && userIds.add(x));
  const destructions = await db.deaDestruction.findMany({ where: { siteId: site.id } });
  for (const d of destructions) [d.witness1Id, d.witness2Id].forEach((x) => userIds.add(x));
  const losses = await db.deaLossReport.findMany({ where: { siteId: site.id } });
  const users = await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true } });
  const nameOf = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? "Unknown") : "");
  const inPeriod = (on: string) => on >= filter.from && on <= filter.to;

  type Row = { on: string; lotNumber: string; amountUg: number; entryId: string; reversed: boolean };
  const receipts: (Row & { supplier: string; supplierAddress: string; supplierDeaNumber: string; invoiceNumber: string })[] = [];
  const administrations: (Row & { participantCode: string; recordedBy: string })[] = [];
  const wastes: (Row & { method: string; witness: string; recordedBy: string })[] = [];
  const destroyed: (Row & { method: string; reason: string; place: string; witnesses: string; destroyedOn: string })[] = [];
  const lost: (Row & { discoveredOn: string; lossType: string; police: string; description: string; reportedToDeaOn: string })[] = [];
  const transfers: (Row & { direction: string; counterparty: string })[] = [];
  const reversals: (Row & { reverses: string; reason: string })[] = [];
  const recon: ReconciliationEntry[] = [];
  let onHandUg = 0;
  for (const lot of lots) {
    const typeOf = new Map(lot.entries.map((e) => [e.id, e.type as LedgerEntryType]));
    const reversedIds = new Set(
      lot.entries.filter((e) => e.reversesEntryId && dateAt(e.recordedAt, tz) <= filter.to).map((e) => e.reversesEntryId!),
    );
    let balanceAtEnd = 0;
    for (const e of lot.entries) {
      const on = dateAt(e.recordedAt, tz);
      const type = e.type as LedgerEntryType;
      recon.push({ type, amountUg: e.amountUg, on, reversesType: e.reversesEntryId ? typeOf.get(e.reversesEntryId) : null });
      if (on <= filter.to) balanceAtEnd = e.balanceAfterUg;
      if (!inPeriod(on)) continue;
      const row: Row = { on, lotNumber: lot.lotNumber, amountUg: e.amountUg, entryId: e.id, reversed: reversedIds.has(e.id) };
      switch (type) {
        case "RECEIVE":
          receipts.push({
            ...row,
            supplier: lot.supplier,
            supplierAddress: lot.supplierAddress ?? "",
            supplierDeaNumber: lot.supplierDeaNumber ?? "",
            invoiceNumber: lot.invoiceNumber,
          });
          break;
        case "ADMINISTER":
          administrations.push({ ...row, participantCode: codeOf.get(e.participantId ?? "") ?? "?", recordedBy: nameOf(e.recordedById) });
          break;
        case "WASTE":
          wastes.push({ ...row, method: e.method ?? "", witness: nameOf(e.witnessId), recordedBy: nameOf(e.recordedById) });
          break;
        case "DESTROY": {
          const d = destructions.find((x) => x.ledgerEntryId === e.id);
          destroyed.push({
            ...row,
            destroyedOn: d?.destroyedOn ?? on,
            method: d?.method ?? e.method ?? "",
            reason: d?.reason ?? e.reason ?? "",
            place: d?.place ?? "",
            witnesses: d ? `${nameOf(d.witness1Id)}; ${nameOf(d.witness2Id)}` : nameOf(e.witnessId),
          });
          break;
        }
        case "LOSS_THEFT": {
          const l = losses.find((x) => x.ledgerEntryId === e.id);
          lost.push({
            ...row,
            discoveredOn: l?.discoveredOn ?? "",
            lossType: l ? (DEA_LOSS_TYPE_LABELS[l.lossType as DeaLossType] ?? l.lossType) : "",
            police: l ? (l.policeNotified ? `Notified, report ${l.policeReportNumber ?? ""}` : "Not notified") : "",
            description: e.reason ?? "",
            reportedToDeaOn: l?.reportedToDeaOn ?? "not yet reported",
          });
          break;
        }
        case "TRANSFER_IN":
        case "TRANSFER_OUT":
          transfers.push({ ...row, direction: type === "TRANSFER_IN" ? "In" : "Out", counterparty: e.counterparty ?? "" });
          break;
        case "REVERSAL": {
          const target = lot.entries.find((x) => x.id === e.reversesEntryId);
          reversals.push({
            ...row,
            reverses: target ? `#${target.seq} ${LEDGER_ENTRY_TYPE_LABELS[target.type as LedgerEntryType]}` : "?",
            reason: e.reason ?? "",
          });
          break;
        }
      }
    }
    onHandUg += balanceAtEnd;
  }
  const inventories = await inventoriesOf(db, site.id, filter.to);
  const last = inventories[0] ?? null;
  const reconciliation = reconcile({
    totals: periodTotals(recon, filter.from, filter.to),
    onHandUg,
    lastInventory: last
      ? last.lines.map((l) => ({
          label: `Lot ${l.lotNumber} (${INVENTORY_KIND_LABELS[last.kind]} ${formatLocalDate(last.takenOn)})`,
          countedUg: l.countedUg,
          ledgerBalanceUg: l.ledgerBalanceUg,
          explanation: l.explanation,
        }))
      : null,
  });
  await auditParticipantRead(viewer, {
    what: `DEA inspection packet of ${site.name}, ${filter.from} to ${filter.to}`,
    participantIds: [...new Set(administrations.map((a) => a.participantCode))].flatMap((code) =>
      participants.filter((p) => p.code === code).map((p) => p.id),
    ),
    subject: { type: "Site", id: site.id },
  });
  return {
    period: { from: filter.from, to: filter.to },
    registrant: {
      site: site.name,
      name: site.deaRegistrantName ?? site.name,
      address: site.deaRegistrantAddress ?? site.address ?? "",
      deaRegistrationNumber: site.deaRegistrationNumber ?? "",
    },
    receipts,
    administrations,
    wastes,
    destructions: destroyed,
    losses: lost,
    transfers,
    reversals,
    inventories: inventories.filter((i) => i === last || inPeriod(i.takenOn)),
    reconciliation,
    generatedAt: new Date().toISOString(),
    generatedBy: viewer.email,
  };
}

export type InspectionPacket = NonNullable<Awaited<ReturnType<typeof buildInspectionPacket>>>;

/** The reconciliation sentence (also the PDF's and CSV's reconciliation line). */
export function reconciliationLine(p: InspectionPacket): string {
  const t = p.reconciliation.totals;
  const mg = (ug: number) => `${formatMg(ug)} mg`;
  return (
    `Opening ${mg(t.openingUg)} + received ${mg(t.receivedUg)} + transferred in ${mg(t.transferredInUg)} − administered ${mg(t.administeredUg)}` +
    ` − wasted ${mg(t.wastedUg)} − destroyed ${mg(t.destroyedUg)} − lost ${mg(t.lostUg)} − transferred out ${mg(t.transferredOutUg)}` +
    ` = ${mg(p.reconciliation.expectedUg)}; on hand per ledger ${mg(p.reconciliation.onHandUg)}` +
    (p.reconciliation.inventoryCountedUg === null
      ? "; no inventory taken"
      : `; last inventory counted ${mg(p.reconciliation.inventoryCountedUg)}`)
  );
}
