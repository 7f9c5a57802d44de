import { describe, expect, it } from "vitest";
import {
  LedgerIntegrityError,
  formatMg,
  isLotExpired,
  ledgerBalance,
  ledgerEntryFormSchema,
  lotSchema,
  lotTotalUg,
  mgToUg,
  validateEntry,
  type LedgerEntry,
} from "./ledger";
import { fieldMessages } from "./testing";

let seq = 0;
function entry(type: LedgerEntry["type"], amountMg: number, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  seq += 1;
  return {
    id: `e${seq}`,
    lotNumber: "K-2291",
    type,
    amountUg: mgToUg(amountMg),
    recordedAt: new Date(`2026-03-10T17:${String(seq % 60).padStart(2, "0")}:00Z`),
    recordedById: "u-nurse",
    ...extra,
  };
}

/** Append through validateEntry, as the model does, and return the stored ledger. */
function build(...candidates: LedgerEntry[]): LedgerEntry[] {
  const ledger: LedgerEntry[] = [];
  for (const c of candidates) {
    const r = validateEntry(ledger, c);
    if (!r.ok) throw new Error(r.message);
    ledger.push(r.value.entry);
  }
  return ledger;
}

const receive = () => entry("RECEIVE", 1000); // 10 vials × 1 mL × 100 mg/mL
const administer = (mg: number) => entry("ADMINISTER", mg, { participantId: "p1" });
const waste = (mg: number) => entry("WASTE", mg, { wasteMethod: "Rendered unrecoverable in disposal container", witnessId: "u-witness" });

describe("amounts", () => {
  it("converts mg to integer µg exactly and back", () => {
    expect(mgToUg(12.5)).toBe(12_500);
    expect(mgToUg("0.001")).toBe(1);
    expect(() => mgToUg(0.1 + 0.2)).toThrow(RangeError); // 0.30000000000000004: more than 3 decimals
    expect(formatMg(1_500_000)).toBe("1,500");
    expect(formatMg(12_345)).toBe("12.345");
    expect(formatMg(0)).toBe("0");
  });
  it("sums tenths without float drift", () => {
    const ledger = build(receive(), ...Array.from({ length: 10 }, () => administer(0.1)));
    expect(ledgerBalance(ledger).balanceUg).toBe(999_000);
    expect(formatMg(ledgerBalance(ledger).balanceUg)).toBe("999");
  });
});

describe("ledgerBalance", () => {
  it("keeps a running balance through receipt, administration, waste and transfers", () => {
    const ledger = build(
      receive(),
      administer(35),
      waste(15),
      entry("TRANSFER_OUT", 200, { counterparty: "Site B" }),
      entry("TRANSFER_IN", 50.5, { counterparty: "Site C" }),
      entry("LOSS_THEFT", 0.5, { reason: "Vial cracked during transport" }),
    );
    const b = ledgerBalance(ledger);
    expect(b.rows.map((r) => [r.entry.type, r.deltaUg, r.balanceUg])).toEqual([
      ["RECEIVE", 1_000_000, 1_000_000],
      ["ADMINISTER", -35_000, 965_000],
      ["WASTE", -15_000, 950_000],
      ["TRANSFER_OUT", -200_000, 750_000],
      ["TRANSFER_IN", 50_500, 800_500],
      ["LOSS_THEFT", -500, 800_000],
    ]);
    expect(b.balanceUg).toBe(800_000);
    expect(b.lotNumber).toBe("K-2291");
  });

  it("a reversal undoes exactly the named entry", () => {
    const wrong = administer(53);
    const ledger = build(
      receive(),
      wrong,
      entry("REVERSAL", 0, { reversesEntryId: wrong.id, reason: "Typed 53 instead of 35" }),
      administer(35),
    );
    const b = ledgerBalance(ledger);
    expect(b.rows.map((r) => r.balanceUg)).toEqual([1_000_000, 947_000, 1_000_000, 965_000]);
    expect(b.rows[1].reversed).toBe(true);
    expect(b.rows[2].entry.amountUg).toBe(53_000);
  });

  it("an inventory count does not move the balance", () => {
    const ledger = build(receive(), administer(35), entry("INVENTORY_COUNT", 965));
    expect(ledgerBalance(ledger).balanceUg).toBe(965_000);
  });

  it("an empty ledger has a zero balance", () => {
    expect(ledgerBalance([])).toEqual({ lotNumber: null, balanceUg: 0, rows: [] });
  });

  it("refuses corrupted data", () => {
    expect(() => ledgerBalance([receive(), { ...administer(1), lotNumber: "OTHER" }])).toThrow(LedgerIntegrityError);
    expect(() => ledgerBalance([receive(), entry("REVERSAL", 0, { reversesEntryId: "nope" })])).toThrow(LedgerIntegrityError);
  });
});

describe("validateEntry", () => {
  it("refuses a withdrawal beyond the balance", () => {
    const ledger = build(receive(), administer(950));
    expect(validateEntry(ledger, administer(50.001))).toEqual({ ok: false, message: "Only 50 mg remain in lot K-2291" });
    expect(validateEntry(ledger, waste(60))).toEqual({ ok: false, message: "Only 50 mg remain in lot K-2291" });
    expect(validateEntry(ledger, entry("LOSS_THEFT", 51, { reason: "Missing vial" }))).toEqual({
      ok: false,
      message: "Only 50 mg remain in lot K-2291",
    });
    const exact = validateEntry(ledger, administer(50));
    expect(exact.ok && exact.value.balanceAfterUg).toBe(0);
  });

  it("refuses any withdrawal from an empty lot, with a fractional balance shown exactly", () => {
    expect(validateEntry([], administer(1))).toEqual({ ok: false, message: "Only 0 mg remain in lot K-2291" });
    const ledger = build(receive(), administer(987.5));
    expect(validateEntry(ledger, administer(13))).toEqual({ ok: false, message: "Only 12.5 mg remain in lot K-2291" });
  });

  it("requires a waste method and a witness who is not the recorder", () => {
    const ledger = build(receive());
    expect(validateEntry(ledger, entry("WASTE", 5, { witnessId: "u-witness" }))).toEqual({
      ok: false,
      message: "Record how the waste was destroyed",
    });
    expect(validateEntry(ledger, entry("WASTE", 5, { wasteMethod: "Disposal container" }))).toEqual({
      ok: false,
      message: "Waste must be witnessed by a second person: name the witness",
    });
    expect(validateEntry(ledger, entry("WASTE", 5, { wasteMethod: "Disposal container", witnessId: "u-nurse" }))).toEqual({
      ok: false,
      message: "The witness must be a different person from the one recording the waste",
    });
    expect(validateEntry(ledger, waste(5)).ok).toBe(true);
  });

  it("LOSS_THEFT requires a reason and marks DEA Form 106", () => {
    const ledger = build(receive());
    expect(validateEntry(ledger, entry("LOSS_THEFT", 100, {}))).toEqual({ ok: false, message: "Describe the loss or theft" });
    const r = validateEntry(ledger, entry("LOSS_THEFT", 100, { reason: "Vial missing from locked cabinet at count" }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.entry.dea106Required).toBe(true);
      expect(r.value.entry.flagged).toBe(true);
    }
    const other = validateEntry(ledger, administer(1));
    expect(other.ok && other.value.entry.dea106Required).toBe(false);
  });

  it("INVENTORY_COUNT records expected vs physical; a discrepancy needs an explanation and is flagged", () => {
    const ledger = build(receive(), administer(35));
    const match = validateEntry(ledger, entry("INVENTORY_COUNT", 965));
    expect(match.ok && match.value.entry).toMatchObject({ expectedUg: 965_000, discrepancyUg: 0, flagged: false });

    expect(validateEntry(ledger, entry("INVENTORY_COUNT", 960))).toEqual({
      ok: false,
      message: "The count is 5 mg less than the ledger's 965 mg: explain the discrepancy",
    });
    const explained = validateEntry(ledger, entry("INVENTORY_COUNT", 960, { explanation: "Residual in used vials not recorded as waste" }));
    expect(explained.ok && explained.value.entry).toMatchObject({ expectedUg: 965_000, discrepancyUg: -5_000, flagged: true });
    expect(explained.ok && explained.value.deltaUg).toBe(0);

    expect(validateEntry(ledger, entry("INVENTORY_COUNT", 965, { expectedUg: 1_000_000 }))).toEqual({
      ok: false,
      message: "The ledger balance for lot K-2291 is now 965 mg, not 1,000 mg; count again against the current balance",
    });
    expect(validateEntry(ledger, entry("INVENTORY_COUNT", 970)).ok).toBe(false);
    expect(validateEntry([], entry("INVENTORY_COUNT", 0)).ok).toBe(true);
  });

  it("reversals: named, once, never of a reversal, with a reason, never below zero", () => {
    const r1 = receive();
    const a1 = administer(35);
    const rev = entry("REVERSAL", 0, { reversesEntryId: a1.id, reason: "Dose was not given" });
    const ledger = build(r1, a1, rev);

    expect(validateEntry(ledger, entry("REVERSAL", 0, { reversesEntryId: rev.id, reason: "undo" }))).toEqual({
      ok: false,
      message: "A reversal cannot be reversed; record a new entry with the correct amount instead",
    });
    expect(validateEntry(ledger, entry("REVERSAL", 0, { reversesEntryId: a1.id, reason: "again" }))).toEqual({
      ok: false,
      message: `Entry ${a1.id} has already been reversed`,
    });
    expect(validateEntry(ledger, entry("REVERSAL", 0, { reversesEntryId: "missing", reason: "x" }))).toEqual({
      ok: false,
      message: "There is no earlier entry missing in lot K-2291 to reverse",
    });
    expect(validateEntry(ledger, entry("REVERSAL", 0, { reason: "x" }))).toEqual({
      ok: false,
      message: "Choose the entry this reversal corrects",
    });
    expect(validateEntry(ledger, entry("REVERSAL", 0, { reversesEntryId: r1.id }))).toEqual({
      ok: false,
      message: "Give the reason for the reversal",
    });

    const spent = build(receive(), administer(990));
    expect(validateEntry(spent, entry("REVERSAL", 0, { reversesEntryId: spent[0].id, reason: "Wrong lot received" }))).toEqual({
      ok: false,
      message: "Only 10 mg remain in lot K-2291",
    });
    const undoWaste = validateEntry(spent, entry("REVERSAL", 0, { reversesEntryId: spent[1].id, reason: "Entered twice" }));
    expect(undoWaste.ok && undoWaste.value.balanceAfterUg).toBe(1_000_000);
  });

  it("checks the other required links", () => {
    const ledger = build(receive());
    expect(validateEntry(ledger, entry("ADMINISTER", 35))).toEqual({ ok: false, message: "Link the administration to a participant" });
    expect(validateEntry(ledger, entry("TRANSFER_OUT", 35))).toEqual({
      ok: false,
      message: "Name the registrant or site the ketamine went to",
    });
    expect(validateEntry(ledger, entry("TRANSFER_IN", 35))).toEqual({
      ok: false,
      message: "Name the registrant or site the ketamine came from",
    });
    expect(validateEntry(ledger, { ...administer(0) })).toEqual({
      ok: false,
      message: "Amount must be more than 0 mg, to at most 3 decimal places",
    });
    expect(validateEntry(ledger, { ...administer(1), amountUg: 1.5 }).ok).toBe(false);
    expect(validateEntry(ledger, { ...administer(1), lotNumber: "K-9999" })).toEqual({
      ok: false,
      message: "This entry is for lot K-9999 but the ledger is for lot K-2291",
    });
    expect(validateEntry(ledger, { ...administer(1), id: ledger[0].id }).ok).toBe(false);
  });

  it("refuses administering from an expired lot", () => {
    const ledger = build(receive());
    expect(validateEntry(ledger, administer(35), { lotExpiryDate: "2026-03-09", today: "2026-03-10" })).toEqual({
      ok: false,
      message: "Lot K-2291 expired on Mon 9 Mar 2026 and cannot be administered",
    });
    expect(validateEntry(ledger, administer(35), { lotExpiryDate: "2026-03-10", today: "2026-03-10" }).ok).toBe(true);
    expect(validateEntry(ledger, waste(35), { lotExpiryDate: "2026-03-09", today: "2026-03-10" }).ok).toBe(true);
  });
});

describe("ledgerEntryFormSchema", () => {
  it("converts mg to µg and requires type-specific fields", () => {
    expect(ledgerEntryFormSchema.parse({ type: "ADMINISTER", amountMg: "35.5", participantId: "p1" })).toMatchObject({
      type: "ADMINISTER",
      amountUg: 35_500,
      participantId: "p1",
    });
    expect(fieldMessages(ledgerEntryFormSchema.safeParse({ type: "WASTE", amountMg: "2" }))).toEqual({
      wasteMethod: "Record how the waste was destroyed",
      witnessId: "Waste must be witnessed by a second person: choose the witness",
    });
    expect(fieldMessages(ledgerEntryFormSchema.safeParse({ type: "ADMINISTER", amountMg: "0", participantId: "p1" }))).toEqual({
      amountMg: "Amount must be more than 0 mg",
    });
    expect(fieldMessages(ledgerEntryFormSchema.safeParse({ type: "ADMINISTER", amountMg: "1.0005", participantId: "p1" }))).toEqual({
      amountMg: "Amount can have at most 3 decimal places",
    });
    expect(ledgerEntryFormSchema.parse({ type: "INVENTORY_COUNT", amountMg: "0" }).amountUg).toBe(0);
    expect(fieldMessages(ledgerEntryFormSchema.safeParse({ type: "REVERSAL" }))).toEqual({
      reason: "Give the reason for the reversal",
      reversesEntryId: "Choose the entry this reversal corrects",
    });
    expect(fieldMessages(ledgerEntryFormSchema.safeParse({ type: "BORROW" }))).toEqual({ type: "Choose the kind of entry" });
  });
});

describe("lots", () => {
  const form = {
    lotNumber: "K-2291",
    product: "Ketamine HCl injection",
    concentrationMgPerMl: "100",
    vialVolumeMl: "10",
    vialCount: "5",
    supplier: "Acme Pharma",
    invoiceNumber: "INV-881",
    expiryDate: "2027-05-31",
    siteId: "site-1",
  };
  it("computes total mg = concentration × volume × vials, exactly", () => {
    const lot = lotSchema.parse(form);
    expect(lotTotalUg(lot)).toBe(5_000_000);
    expect(lotTotalUg({ concentrationMgPerMl: 50, vialVolumeMl: 0.1 * 3, vialCount: 3 })).toBe(45_000);
    expect(lotTotalUg({ concentrationMgPerMl: 10.5, vialVolumeMl: 2.2, vialCount: 7 })).toBe(161_700);
  });
  it("gives field messages", () => {
    expect(
      fieldMessages(lotSchema.safeParse({ ...form, concentrationMgPerMl: "0", vialCount: "2.5", expiryDate: "2027-02-30", supplier: "" })),
    ).toEqual({
      concentrationMgPerMl: "Concentration must be more than 0 mg/mL",
      vialCount: "Number of vials received must be a whole number",
      expiryDate: "Expiry date: enter a real date between 1900 and 2100 (YYYY-MM-DD)",
      supplier: "Supplier is required",
    });
  });
  it("knows when a lot has expired (usable through its expiry date)", () => {
    expect(isLotExpired({ expiryDate: "2027-05-31" }, "2027-05-31")).toBe(false);
    expect(isLotExpired({ expiryDate: "2027-05-31" }, "2027-06-01")).toBe(true);
  });
});
