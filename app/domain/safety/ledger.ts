/**
 * Controlled-substance ledger for ketamine (US Schedule III), one ledger per lot.
 *
 * Amounts are integers in MICROGRAMS (µg) everywhere in this module and in storage; the forms
 * take mg with at most 3 decimals and convert exactly (12.5 mg -> 12500 µg). Integer µg keeps
 * every sum exact, and 1 µg is far below anything a clinic measures.
 *
 * The ledger is append-only: entries are never edited or deleted. A mistake is corrected by a
 * REVERSAL naming the earlier entry (each entry can be reversed once; a reversal cannot be
 * reversed — record a fresh entry instead), followed by the correct entry.
 *
 * Balance effect per type: RECEIVE and TRANSFER_IN add; ADMINISTER, WASTE, DESTROY (stock
 * destroyed on DEA Form 41, two witnesses), TRANSFER_OUT and LOSS_THEFT subtract; INVENTORY_COUNT records physical vs expected and does not move the
 * balance (a shortfall is then recorded as LOSS_THEFT, or the erroneous entry reversed);
 * REVERSAL undoes exactly the effect of the entry it names.
 */
import { z } from "zod";
import { formatScaled, toScaledInteger, pow10, divideRoundHalfAwayFromZero, parseDecimal } from "./decimal";
import { calendarDateField, enumField, numberField, optionalTextField, textField } from "./fields";
import { type Outcome, refuse, succeed } from "./result";
import { formatLocalDate } from "../scheduling/localTime";

export const LEDGER_ENTRY_TYPES = [
  "RECEIVE",
  "ADMINISTER",
  "WASTE",
  "DESTROY",
  "TRANSFER_OUT",
  "TRANSFER_IN",
  "LOSS_THEFT",
  "INVENTORY_COUNT",
  "REVERSAL",
] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

export const LEDGER_ENTRY_TYPE_LABELS: Record<LedgerEntryType, string> = {
  RECEIVE: "Received",
  ADMINISTER: "Administered",
  WASTE: "Wasted (witnessed)",
  DESTROY: "Destroyed (DEA Form 41)",
  TRANSFER_OUT: "Transferred out",
  TRANSFER_IN: "Transferred in",
  LOSS_THEFT: "Loss or theft",
  INVENTORY_COUNT: "Inventory count",
  REVERSAL: "Reversal",
};

const ADDS: ReadonlySet<LedgerEntryType> = new Set(["RECEIVE", "TRANSFER_IN"]);
const WITHDRAWS: ReadonlySet<LedgerEntryType> = new Set(["ADMINISTER", "WASTE", "DESTROY", "TRANSFER_OUT", "LOSS_THEFT"]);

export interface LedgerEntry {
  id: string;
  lotNumber: string;
  type: LedgerEntryType;
  /**
   * Positive integer µg for movements; the PHYSICAL amount counted for INVENTORY_COUNT (may be 0);
   * for REVERSAL the amount of the reversed entry (filled in by validateEntry).
   */
  amountUg: number;
  recordedAt: Date;
  recordedById: string;
  /** ADMINISTER: the participant dosed (required) and the dosing record (if any). */
  participantId?: string | null;
  dosingRecordId?: string | null;
  /** WASTE: how it was destroyed, and the second person who witnessed it. */
  wasteMethod?: string | null;
  witnessId?: string | null;
  /** TRANSFER_OUT / TRANSFER_IN: the other registrant or site. */
  counterparty?: string | null;
  /** LOSS_THEFT: what happened. REVERSAL: why the named entry was wrong. */
  reason?: string | null;
  /** REVERSAL: the entry it reverses. */
  reversesEntryId?: string | null;
  /** INVENTORY_COUNT: the ledger balance at the time of the count (set by validateEntry). */
  expectedUg?: number | null;
  /** INVENTORY_COUNT: physical − expected (set by validateEntry). */
  discrepancyUg?: number | null;
  /** INVENTORY_COUNT: required when there is a discrepancy. */
  explanation?: string | null;
  /** Set by validateEntry: LOSS_THEFT always needs DEA Form 106 consideration. */
  dea106Required?: boolean;
  /** Set by validateEntry: a count discrepancy or a loss/theft, for review. */
  flagged?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Amounts

/** Exact mg -> µg (at most 3 decimals; more throws RangeError: use the form schema first). */
export function mgToUg(mg: number | string): number {
  const { scale } = parseDecimal(mg);
  if (scale > 3) throw new RangeError(`Amount ${mg} mg has more than 3 decimal places`);
  return Number(toScaledInteger(mg, 3));
}

/** µg -> mg as display text: 12500 -> "12.5", 1500000 -> "1,500". */
export function formatMg(ug: number): string {
  return formatScaled(BigInt(ug), 3, { trimZeros: true, group: true });
}

// ---------------------------------------------------------------------------------------------
// Balance

export class LedgerIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LedgerIntegrityError";
  }
}

export interface LedgerRow {
  entry: LedgerEntry;
  /** Signed change to the balance, µg. */
  deltaUg: number;
  /** Balance after this entry, µg. */
  balanceUg: number;
  /** Whether a later REVERSAL names this entry. */
  reversed: boolean;
}

export interface LedgerBalance {
  lotNumber: string | null;
  balanceUg: number;
  rows: LedgerRow[];
}

function movementDelta(entry: LedgerEntry): number {
  if (ADDS.has(entry.type)) return entry.amountUg;
  if (WITHDRAWS.has(entry.type)) return -entry.amountUg;
  return 0;
}

/**
 * Running balance of one lot. `entries` must be that lot's entries in the order they were
 * appended (the model orders by its sequence column, not by recordedAt, which may be backdated).
 * Throws LedgerIntegrityError on data that validateEntry would never have let in.
 */
export function ledgerBalance(entries: readonly LedgerEntry[]): LedgerBalance {
  const rows: LedgerRow[] = [];
  const byId = new Map<string, LedgerRow>();
  const lotNumber = entries[0]?.lotNumber ?? null;
  let balance = 0;
  for (const entry of entries) {
    if (entry.lotNumber !== lotNumber) {
      throw new LedgerIntegrityError(`Entries from lots ${lotNumber} and ${entry.lotNumber} are mixed in one ledger`);
    }
    if (!Number.isSafeInteger(entry.amountUg) || entry.amountUg < 0) {
      throw new LedgerIntegrityError(`Entry ${entry.id} has an amount that is not a whole number of µg`);
    }
    let delta: number;
    if (entry.type === "REVERSAL") {
      const target = entry.reversesEntryId ? byId.get(entry.reversesEntryId) : undefined;
      if (!target) throw new LedgerIntegrityError(`Reversal ${entry.id} names an unknown earlier entry`);
      if (target.reversed || target.entry.type === "REVERSAL") {
        throw new LedgerIntegrityError(`Reversal ${entry.id} reverses an entry that cannot be reversed`);
      }
      target.reversed = true;
      delta = -target.deltaUg;
    } else {
      delta = movementDelta(entry);
    }
    balance += delta;
    const row: LedgerRow = { entry, deltaUg: delta, balanceUg: balance, reversed: false };
    rows.push(row);
    byId.set(entry.id, row);
  }
  return { lotNumber, balanceUg: balance, rows };
}

// ---------------------------------------------------------------------------------------------
// Validating a new entry

export interface ValidateEntryContext {
  /** The lot's expiry date (YYYY-MM-DD) and today's date at the site, to refuse administering expired stock. */
  lotExpiryDate?: string;
  today?: string;
}

export interface ValidatedEntry {
  /** The entry as it should be stored, with derived fields filled in. */
  entry: LedgerEntry;
  deltaUg: number;
  balanceAfterUg: number;
}

const isBlank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === "";

/**
 * Check a new entry against the lot's existing entries (in append order). Refusals are
 * sentences to show the clinician; on success the entry comes back with derived fields
 * (REVERSAL amount, INVENTORY_COUNT expected/discrepancy, dea106Required, flagged).
 */
export function validateEntry(
  entries: readonly LedgerEntry[],
  newEntry: LedgerEntry,
  context: ValidateEntryContext = {},
): Outcome<ValidatedEntry> {
  const ledger = ledgerBalance(entries);
  const lot = newEntry.lotNumber;
  const balance = ledger.balanceUg;
  const remaining = () => `Only ${formatMg(balance)} mg remain in lot ${lot}`;

  if (ledger.lotNumber !== null && ledger.lotNumber !== lot) {
    return refuse(`This entry is for lot ${lot} but the ledger is for lot ${ledger.lotNumber}`);
  }
  if (entries.some((e) => e.id === newEntry.id)) return refuse(`Entry ${newEntry.id} is already in the ledger`);
  if (isBlank(newEntry.recordedById)) return refuse("The person recording the entry is missing");

  const entry: LedgerEntry = { ...newEntry, dea106Required: false, flagged: false };

  if (newEntry.type === "REVERSAL") {
    if (isBlank(newEntry.reversesEntryId)) return refuse("Choose the entry this reversal corrects");
    const target = ledger.rows.find((r) => r.entry.id === newEntry.reversesEntryId);
    if (!target) return refuse(`There is no earlier entry ${newEntry.reversesEntryId} in lot ${lot} to reverse`);
    if (target.entry.type === "REVERSAL") {
      return refuse("A reversal cannot be reversed; record a new entry with the correct amount instead");
    }
    if (target.reversed) return refuse(`Entry ${target.entry.id} has already been reversed`);
    if (isBlank(newEntry.reason)) return refuse("Give the reason for the reversal");
    const delta = -target.deltaUg;
    if (balance + delta < 0) return refuse(remaining());
    entry.amountUg = target.entry.amountUg;
    return succeed({ entry, deltaUg: delta, balanceAfterUg: balance + delta });
  }

  if (newEntry.type === "INVENTORY_COUNT") {
    if (!Number.isSafeInteger(newEntry.amountUg) || newEntry.amountUg < 0) {
      return refuse("The physical count must be 0 mg or more, to at most 3 decimal places");
    }
    if (newEntry.expectedUg !== null && newEntry.expectedUg !== undefined && newEntry.expectedUg !== balance) {
      return refuse(
        `The ledger balance for lot ${lot} is now ${formatMg(balance)} mg, not ${formatMg(newEntry.expectedUg)} mg; count again against the current balance`,
      );
    }
    const discrepancy = newEntry.amountUg - balance;
    if (discrepancy !== 0 && isBlank(newEntry.explanation)) {
      const direction = discrepancy < 0 ? "less" : "more";
      return refuse(
        `The count is ${formatMg(Math.abs(discrepancy))} mg ${direction} than the ledger's ${formatMg(balance)} mg: explain the discrepancy`,
      );
    }
    entry.expectedUg = balance;
    entry.discrepancyUg = discrepancy;
    entry.flagged = discrepancy !== 0;
    return succeed({ entry, deltaUg: 0, balanceAfterUg: balance });
  }

  if (!Number.isSafeInteger(newEntry.amountUg) || newEntry.amountUg <= 0) {
    return refuse("Amount must be more than 0 mg, to at most 3 decimal places");
  }

  switch (newEntry.type) {
    case "RECEIVE":
      break;
    case "TRANSFER_IN":
      if (isBlank(newEntry.counterparty)) return refuse("Name the registrant or site the ketamine came from");
      break;
    case "TRANSFER_OUT":
      if (isBlank(newEntry.counterparty)) return refuse("Name the registrant or site the ketamine went to");
      break;
    case "ADMINISTER":
      if (isBlank(newEntry.participantId)) return refuse("Link the administration to a participant");
      if (context.lotExpiryDate && context.today && context.today > context.lotExpiryDate) {
        return refuse(`Lot ${lot} expired on ${formatLocalDate(context.lotExpiryDate)} and cannot be administered`);
      }
      break;
    case "WASTE":
      if (isBlank(newEntry.wasteMethod)) return refuse("Record how the waste was destroyed");
      if (isBlank(newEntry.witnessId)) return refuse("Waste must be witnessed by a second person: name the witness");
      if (newEntry.witnessId!.trim() === newEntry.recordedById.trim()) {
        return refuse("The witness must be a different person from the one recording the waste");
      }
      break;
    case "DESTROY":
      if (isBlank(newEntry.wasteMethod)) return refuse("Record the method of destruction");
      if (isBlank(newEntry.witnessId)) return refuse("A destruction must be witnessed by two people: name the witnesses");
      if (newEntry.witnessId!.trim() === newEntry.recordedById.trim()) {
        return refuse("A witness must be a different person from the one recording the destruction");
      }
      break;
    case "LOSS_THEFT":
      if (isBlank(newEntry.reason)) return refuse("Describe the loss or theft");
      entry.dea106Required = true;
      entry.flagged = true;
      break;
  }

  const delta = movementDelta(newEntry);
  if (balance + delta < 0) return refuse(remaining());
  return succeed({ entry, deltaUg: delta, balanceAfterUg: balance + delta });
}

// ---------------------------------------------------------------------------------------------
// Forms

/** An amount typed in mg (at most 3 decimals), converted exactly to µg. */
export function amountMgField(label = "Amount", options: { allowZero?: boolean } = {}) {
  const { allowZero = false } = options;
  return numberField({
    label,
    min: 0,
    max: 10_000_000,
    unit: "mg",
    maxDecimals: 3,
  })
    .refine((mg) => allowZero || mg > 0, `${label} must be more than 0 mg`)
    .transform((mg) => mgToUg(mg));
}

/**
 * One form for all entry types (the `type` field picks which extra fields apply). Business rules
 * that depend on the existing ledger (balance, reversal targets) are validateEntry's job.
 */
export const ledgerEntryFormSchema = z
  .object({
    type: enumField(LEDGER_ENTRY_TYPES, "Choose the kind of entry"),
    amountMg: z.unknown().optional(),
    participantId: optionalTextField("Participant"),
    dosingRecordId: optionalTextField("Dosing record"),
    wasteMethod: optionalTextField("Method of destruction"),
    witnessId: optionalTextField("Witness"),
    counterparty: optionalTextField("Other registrant or site"),
    reason: optionalTextField("Reason"),
    reversesEntryId: optionalTextField("Entry to reverse"),
    explanation: optionalTextField("Explanation"),
  })
  .transform((v, ctx) => {
    const { amountMg, ...rest } = v;
    let amountUg = 0;
    if (v.type !== "REVERSAL") {
      const label = v.type === "INVENTORY_COUNT" ? "Physical count" : "Amount";
      const parsed = amountMgField(label, { allowZero: v.type === "INVENTORY_COUNT" }).safeParse(amountMg);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["amountMg"], message: issue.message });
        return z.NEVER;
      }
      amountUg = parsed.data;
    }
    const need = (field: keyof typeof rest, when: LedgerEntryType[], message: string) => {
      if (when.includes(v.type) && !rest[field]) ctx.addIssue({ code: "custom", path: [field], message });
    };
    need("participantId", ["ADMINISTER"], "Choose the participant who was dosed");
    need("wasteMethod", ["WASTE"], "Record how the waste was destroyed");
    need("witnessId", ["WASTE"], "Waste must be witnessed by a second person: choose the witness");
    need("counterparty", ["TRANSFER_IN", "TRANSFER_OUT"], "Name the other registrant or site");
    need("reason", ["LOSS_THEFT"], "Describe the loss or theft");
    need("reason", ["REVERSAL"], "Give the reason for the reversal");
    need("reversesEntryId", ["REVERSAL"], "Choose the entry this reversal corrects");
    return { ...rest, amountUg };
  });

export type LedgerEntryFormOutput = z.output<typeof ledgerEntryFormSchema>;

// ---------------------------------------------------------------------------------------------
// Lots

export const lotSchema = z.object({
  lotNumber: textField("Lot number", { max: 100 }),
  product: textField("Product", { max: 200 }),
  concentrationMgPerMl: numberField({
    label: "Concentration",
    min: 0,
    max: 1000,
    unit: "mg/mL",
    maxDecimals: 3,
  }).refine((v) => v > 0, "Concentration must be more than 0 mg/mL"),
  vialVolumeMl: numberField({ label: "Vial volume", min: 0, max: 100, unit: "mL", maxDecimals: 2 }).refine(
    (v) => v > 0,
    "Vial volume must be more than 0 mL",
  ),
  vialCount: numberField({ label: "Number of vials received", min: 1, max: 10_000, integer: true }),
  supplier: textField("Supplier", { max: 200 }),
  invoiceNumber: textField("Invoice number", { max: 100 }),
  expiryDate: calendarDateField("Expiry date"),
  siteId: textField("Site", { max: 100 }),
});

export type Lot = z.output<typeof lotSchema>;

/**
 * Total received = concentration × vial volume × vials, exact, in µg. (With at most 3 decimals
 * of mg/mL and 2 of mL the product is a multiple of 0.00001 mg; anything below 1 µg is rounded
 * half away from zero, which cannot happen for real vial sizes.)
 */
export function lotTotalUg(lot: Pick<Lot, "concentrationMgPerMl" | "vialVolumeMl" | "vialCount">): number {
  const c = parseDecimal(lot.concentrationMgPerMl);
  const v = parseDecimal(lot.vialVolumeMl);
  const mgUnits = c.units * v.units * BigInt(lot.vialCount); // scale c.scale + v.scale
  const ug = divideRoundHalfAwayFromZero(mgUnits * pow10(3), pow10(c.scale + v.scale));
  return Number(ug);
}

/** The lot is usable on `today` (YYYY-MM-DD at the site) through its expiry date inclusive. */
export function isLotExpired(lot: Pick<Lot, "expiryDate">, today: string): boolean {
  return today > lot.expiryDate;
}
