/**
 * DEA records for a registrant (21 CFR 1304; ketamine is Schedule III): the one-business-day
 * clock for reporting a theft or significant loss (1301.76(b)), the biennial inventory date
 * (1304.11(c)), an inventory line's count (opened containers may be estimated for Schedule
 * III, 1304.11(e)(3)) and the reconciliation an inspector does:
 *   opening + received − administered − wasted − destroyed − lost − transferred out = on hand
 *   on hand = the last inventory count, or each difference listed with its explanation.
 * All amounts are integer µg; dates are calendar dates (YYYY-MM-DD) at the site.
 */
import { divideRoundHalfAwayFromZero, parseDecimal, pow10 } from "./decimal";
import type { LedgerEntryType } from "./ledger";

// ---------------------------------------------------------------------------------------------
// Calendar dates

function toUtc(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}
const fromUtc = (d: Date) => d.toISOString().slice(0, 10);

/** The `nth` (1-based) given weekday of a month, or the last one when nth is -1. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): string {
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return fromUtc(new Date(Date.UTC(year, month - 1, 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7)));
  }
  const lastDay = new Date(Date.UTC(year, month, 0));
  return fromUtc(new Date(Date.UTC(year, month - 1, lastDay.getUTCDate() - ((lastDay.getUTCDay() - weekday + 7) % 7))));
}

/** A fixed-date holiday as observed: on a Saturday, the Friday before; on a Sunday, the Monday after (5 U.S.C. 6103(b)). */
function observed(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
  else if (d.getUTCDay() === 0) d.setUTCDate(d.getUTCDate() + 1);
  return fromUtc(d);
}

/** The US federal holidays of a year (5 U.S.C. 6103), as observed: the days federal offices, the DEA's included, are closed. */
export function usFederalHolidays(year: number): string[] {
  return [
    observed(year, 1, 1), // New Year's Day
    nthWeekday(year, 1, 1, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    observed(year, 6, 19), // Juneteenth National Independence Day
    observed(year, 7, 4), // Independence Day
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(year, 11, 11), // Veterans Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving Day
    observed(year, 12, 25), // Christmas Day
    // New Year's Day of the next year observed on this year's 31 December (a Saturday 1 January).
    ...(observed(year + 1, 1, 1).startsWith(`${year}-`) ? [observed(year + 1, 1, 1)] : []),
  ];
}

function isUsFederalHoliday(date: string): boolean {
  return usFederalHolidays(Number(date.slice(0, 4))).includes(date);
}

/** The date `n` business days after `date`: Monday–Friday, skipping US federal holidays (as observed). */
export function addBusinessDays(date: string, n: number): string {
  const d = toUtc(date);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6 && !isUsFederalHoliday(fromUtc(d))) left--;
  }
  return fromUtc(d);
}

/** A theft or significant loss is reported to the DEA within one business day of discovery. */
export function deaLossReportDueOn(discoveredOn: string): string {
  return addBusinessDays(discoveredOn, 1);
}

export type LossReportClock =
  | { status: "reported"; reportedOn: string; late: boolean; dueOn: string }
  | { status: "due"; dueOn: string }
  | { status: "overdue"; dueOn: string };

/** Where the report to the DEA stands on `today` (at the site). */
export function lossReportClock(r: { discoveredOn: string; reportedToDeaOn: string | null }, today: string): LossReportClock {
  const dueOn = deaLossReportDueOn(r.discoveredOn);
  if (r.reportedToDeaOn) return { status: "reported", reportedOn: r.reportedToDeaOn, late: r.reportedToDeaOn > dueOn, dueOn };
  return today > dueOn ? { status: "overdue", dueOn } : { status: "due", dueOn };
}

/** The next biennial inventory is due two years after the last one (29 February → 28 February). */
export function biennialInventoryDueBy(lastTakenOn: string): string {
  const [y, m, d] = lastTakenOn.split("-").map(Number);
  const last = new Date(Date.UTC(y + 2, m, 0)).getUTCDate();
  return `${y + 2}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Inventory lines

export const DEA_LOSS_TYPES = ["THEFT", "EMPLOYEE_PILFERAGE", "LOST_IN_TRANSIT", "OTHER"] as const;
export type DeaLossType = (typeof DEA_LOSS_TYPES)[number];
export const DEA_LOSS_TYPE_LABELS: Record<DeaLossType, string> = {
  THEFT: "Theft",
  EMPLOYEE_PILFERAGE: "Employee pilferage",
  LOST_IN_TRANSIT: "Lost in transit",
  OTHER: "Other",
};

export const INVENTORY_KINDS = ["INITIAL", "BIENNIAL"] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];
export const INVENTORY_KIND_LABELS: Record<InventoryKind, string> = { INITIAL: "Initial inventory", BIENNIAL: "Biennial inventory" };
export const INVENTORY_TIMES = ["OPENING", "CLOSE"] as const;
export type InventoryTime = (typeof INVENTORY_TIMES)[number];
export const INVENTORY_TIME_LABELS: Record<InventoryTime, string> = { OPENING: "Opening of business", CLOSE: "Close of business" };

/**
 * What an inventory line counts, in µg: the unopened containers exactly (concentration × vial
 * volume × count) plus the estimated mL left in the opened ones × concentration.
 */
export function inventoryCountUg(line: {
  concentrationMgPerMl: string | number;
  vialVolumeMl: string | number;
  fullContainers: number;
  openedEstimateMl?: string | number | null;
}): number {
  const c = parseDecimal(line.concentrationMgPerMl);
  const v = parseDecimal(line.vialVolumeMl);
  const full = c.units * v.units * BigInt(line.fullContainers) * pow10(3);
  let ug = divideRoundHalfAwayFromZero(full, pow10(c.scale + v.scale));
  if (line.openedEstimateMl !== null && line.openedEstimateMl !== undefined && String(line.openedEstimateMl).trim() !== "") {
    const o = parseDecimal(line.openedEstimateMl);
    ug += divideRoundHalfAwayFromZero(c.units * o.units * pow10(3), pow10(c.scale + o.scale));
  }
  return Number(ug);
}

// ---------------------------------------------------------------------------------------------
// Reconciliation

export type ReconciliationTotals = {
  /** Balance before the period (entries recorded before it). */
  openingUg: number;
  receivedUg: number;
  transferredInUg: number;
  administeredUg: number;
  wastedUg: number;
  destroyedUg: number;
  lostUg: number;
  transferredOutUg: number;
};

const CATEGORY: Partial<Record<LedgerEntryType, keyof ReconciliationTotals>> = {
  RECEIVE: "receivedUg",
  TRANSFER_IN: "transferredInUg",
  ADMINISTER: "administeredUg",
  WASTE: "wastedUg",
  DESTROY: "destroyedUg",
  LOSS_THEFT: "lostUg",
  TRANSFER_OUT: "transferredOutUg",
};

/** One ledger entry as the reconciliation reads it; a REVERSAL carries the type of the entry it undoes. */
export type ReconciliationEntry = {
  type: LedgerEntryType;
  amountUg: number;
  /** YYYY-MM-DD (at the site) the entry was recorded. */
  on: string;
  reversesType?: LedgerEntryType | null;
};

/**
 * Totals for the period [from, to] (inclusive dates). A reversal counts against the category
 * of the entry it undoes, in the period it was recorded, so an entry and its reversal in one
 * period cancel out, and the arithmetic always closes on the ledger balance at the period's end.
 */
export function periodTotals(entries: readonly ReconciliationEntry[], from: string, to: string): ReconciliationTotals {
  const t: ReconciliationTotals = {
    openingUg: 0,
    receivedUg: 0,
    transferredInUg: 0,
    administeredUg: 0,
    wastedUg: 0,
    destroyedUg: 0,
    lostUg: 0,
    transferredOutUg: 0,
  };
  for (const e of entries) {
    if (e.on > to) continue;
    const type = e.type === "REVERSAL" ? e.reversesType : e.type;
    const key = type ? CATEGORY[type] : undefined;
    if (!key || key === "openingUg") continue;
    const sign = e.type === "REVERSAL" ? -1 : 1;
    if (e.on < from) {
      const adds = key === "receivedUg" || key === "transferredInUg";
      t.openingUg += sign * (adds ? e.amountUg : -e.amountUg);
    } else {
      t[key] += sign * e.amountUg;
    }
  }
  return t;
}

/** opening + received + transferred in − administered − wasted − destroyed − lost − transferred out. */
export function expectedOnHandUg(t: ReconciliationTotals): number {
  return t.openingUg + t.receivedUg + t.transferredInUg - t.administeredUg - t.wastedUg - t.destroyedUg - t.lostUg - t.transferredOutUg;
}

export type InventoryCheck = { label: string; countedUg: number; ledgerBalanceUg: number; explanation: string | null };

export type Reconciliation = {
  totals: ReconciliationTotals;
  expectedUg: number;
  /** The ledger's own balance at the end of the period (its running balance), for a cross-check. */
  onHandUg: number;
  /** Last inventory (its lines), null when none was taken. */
  inventoryCountedUg: number | null;
  /** Every difference: the arithmetic against the ledger, and each inventory line against the ledger then. */
  discrepancies: { label: string; differenceUg: number; explanation: string | null }[];
  /** Every discrepancy has an explanation (and the arithmetic closes). */
  reconciles: boolean;
  /** Nothing differs at all. */
  exact: boolean;
};

/**
 * The reconciliation of one registrant's stock for a period: the movements must add up to the
 * ledger's balance, and the last inventory's lines must match the ledger at the time each was
 * counted, or carry the explanation recorded with the count.
 */
export function reconcile(input: {
  totals: ReconciliationTotals;
  onHandUg: number;
  lastInventory: readonly InventoryCheck[] | null;
}): Reconciliation {
  const expectedUg = expectedOnHandUg(input.totals);
  const discrepancies: Reconciliation["discrepancies"] = [];
  if (expectedUg !== input.onHandUg) {
    discrepancies.push({
      label: "Ledger arithmetic (movements against the running balance)",
      differenceUg: input.onHandUg - expectedUg,
      explanation: null,
    });
  }
  for (const line of input.lastInventory ?? []) {
    const diff = line.countedUg - line.ledgerBalanceUg;
    if (diff !== 0) discrepancies.push({ label: line.label, differenceUg: diff, explanation: line.explanation?.trim() || null });
  }
  return {
    totals: input.totals,
    expectedUg,
    onHandUg: input.onHandUg,
    inventoryCountedUg: input.lastInventory ? input.lastInventory.reduce((s, l) => s + l.countedUg, 0) : null,
    discrepancies,
    reconciles: discrepancies.every((d) => d.explanation !== null),
    exact: discrepancies.length === 0,
  };
}
