import { describe, expect, it } from "vitest";
import { parseDeaNumber } from "./dea";
import {
  addBusinessDays,
  biennialInventoryDueBy,
  deaLossReportDueOn,
  expectedOnHandUg,
  inventoryCountUg,
  lossReportClock,
  periodTotals,
  reconcile,
  type ReconciliationEntry,
  usFederalHolidays,
} from "./deaRecords";

describe("one business day to report a theft or loss to the DEA", () => {
  it("is the next weekday, skipping the weekend", () => {
    // 2026-12-02 is a Wednesday.
    expect(deaLossReportDueOn("2026-12-02")).toBe("2026-12-03");
    expect(deaLossReportDueOn("2026-12-04")).toBe("2026-12-07"); // Friday → Monday
    expect(deaLossReportDueOn("2026-12-05")).toBe("2026-12-07"); // Saturday → Monday
    expect(deaLossReportDueOn("2026-12-06")).toBe("2026-12-07"); // Sunday → Monday
    expect(deaLossReportDueOn("2026-12-31")).toBe("2027-01-04"); // across the year, past New Year's Day (a Friday)
    expect(addBusinessDays("2026-12-04", 3)).toBe("2026-12-09");
  });

  it("is due until the due date, overdue after it, and records a late report", () => {
    const r = { discoveredOn: "2026-12-04", reportedToDeaOn: null };
    expect(lossReportClock(r, "2026-12-04")).toEqual({ status: "due", dueOn: "2026-12-07" });
    expect(lossReportClock(r, "2026-12-07")).toEqual({ status: "due", dueOn: "2026-12-07" });
    expect(lossReportClock(r, "2026-12-08")).toEqual({ status: "overdue", dueOn: "2026-12-07" });
    expect(lossReportClock({ ...r, reportedToDeaOn: "2026-12-07" }, "2027-01-01")).toEqual({
      status: "reported",
      reportedOn: "2026-12-07",
      late: false,
      dueOn: "2026-12-07",
    });
    expect(lossReportClock({ ...r, reportedToDeaOn: "2026-12-09" }, "2027-01-01")).toMatchObject({ status: "reported", late: true });
  });
});

describe("biennial inventory", () => {
  it("is due two years after the last one", () => {
    expect(biennialInventoryDueBy("2026-12-01")).toBe("2028-12-01");
    expect(biennialInventoryDueBy("2028-02-29")).toBe("2030-02-28");
  });
});

describe("inventory line count", () => {
  it("counts unopened vials exactly and adds the estimated mL of opened ones", () => {
    expect(inventoryCountUg({ concentrationMgPerMl: "50", vialVolumeMl: "10", fullContainers: 3 })).toBe(1_500_000);
    expect(inventoryCountUg({ concentrationMgPerMl: "50", vialVolumeMl: "10", fullContainers: 3, openedEstimateMl: "2.5" })).toBe(
      1_625_000,
    );
    expect(inventoryCountUg({ concentrationMgPerMl: "100", vialVolumeMl: "5", fullContainers: 0, openedEstimateMl: "" })).toBe(0);
  });
});

describe("DEA number check (reused for suppliers and registrants)", () => {
  it("checks the digit and names whose number is missing", () => {
    expect(parseDeaNumber("PS1234563", "the supplier's")).toEqual({ ok: true, value: "PS1234563" });
    expect(parseDeaNumber("PS1234564", "the supplier's").ok).toBe(false);
    expect(parseDeaNumber("", "the supplier's")).toEqual({ ok: false, message: "Enter the supplier's DEA registration number" });
  });
});

describe("reconciliation", () => {
  const entries: ReconciliationEntry[] = [
    { type: "RECEIVE", amountUg: 1_000_000, on: "2026-11-01" },
    { type: "ADMINISTER", amountUg: 100_000, on: "2026-11-20" },
    { type: "RECEIVE", amountUg: 500_000, on: "2026-12-01" },
    { type: "ADMINISTER", amountUg: 50_000, on: "2026-12-02" },
    { type: "ADMINISTER", amountUg: 70_000, on: "2026-12-02" },
    { type: "REVERSAL", amountUg: 70_000, on: "2026-12-02", reversesType: "ADMINISTER" },
    { type: "WASTE", amountUg: 10_000, on: "2026-12-03" },
    { type: "DESTROY", amountUg: 200_000, on: "2026-12-04" },
    { type: "LOSS_THEFT", amountUg: 5_000, on: "2026-12-05" },
    { type: "TRANSFER_OUT", amountUg: 100_000, on: "2026-12-06" },
    { type: "INVENTORY_COUNT", amountUg: 1_035_000, on: "2026-12-07" },
    { type: "ADMINISTER", amountUg: 1_000, on: "2027-01-05" },
  ];

  it("totals the period, counting a reversal against what it undoes and earlier entries as the opening balance", () => {
    const t = periodTotals(entries, "2026-12-01", "2026-12-31");
    expect(t).toEqual({
      openingUg: 900_000,
      receivedUg: 500_000,
      transferredInUg: 0,
      administeredUg: 50_000,
      wastedUg: 10_000,
      destroyedUg: 200_000,
      lostUg: 5_000,
      transferredOutUg: 100_000,
    });
    expect(expectedOnHandUg(t)).toBe(1_035_000);
  });

  it("reconciles when the movements close on the balance and the inventory matches", () => {
    const r = reconcile({
      totals: periodTotals(entries, "2026-12-01", "2026-12-31"),
      onHandUg: 1_035_000,
      lastInventory: [{ label: "Lot A", countedUg: 1_035_000, ledgerBalanceUg: 1_035_000, explanation: null }],
    });
    expect(r).toMatchObject({ expectedUg: 1_035_000, inventoryCountedUg: 1_035_000, discrepancies: [], reconciles: true, exact: true });
  });

  it("lists every inventory difference with its explanation, and does not reconcile an unexplained one", () => {
    const totals = periodTotals(entries, "2026-12-01", "2026-12-31");
    const explained = reconcile({
      totals,
      onHandUg: 1_035_000,
      lastInventory: [{ label: "Lot A", countedUg: 1_030_000, ledgerBalanceUg: 1_035_000, explanation: "Estimated opened vial" }],
    });
    expect(explained.discrepancies).toEqual([{ label: "Lot A", differenceUg: -5_000, explanation: "Estimated opened vial" }]);
    expect(explained).toMatchObject({ reconciles: true, exact: false });
    const unexplained = reconcile({
      totals,
      onHandUg: 1_035_000,
      lastInventory: [{ label: "Lot A", countedUg: 1_030_000, ledgerBalanceUg: 1_035_000, explanation: "  " }],
    });
    expect(unexplained.reconciles).toBe(false);
  });

  it("flags movements that do not add up to the balance", () => {
    const r = reconcile({ totals: periodTotals(entries, "2026-12-01", "2026-12-31"), onHandUg: 1_000_000, lastInventory: null });
    expect(r.discrepancies).toEqual([expect.objectContaining({ differenceUg: -35_000, explanation: null })]);
    expect(r).toMatchObject({ reconciles: false, inventoryCountedUg: null });
  });
});

describe("US federal holidays in the business-day clock", () => {
  it("lists the eleven holidays as observed (checked against the OPM calendars for 2026 and 2027)", () => {
    expect(usFederalHolidays(2026)).toEqual([
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03", // 4 July is a Saturday
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
    ]);
    expect(usFederalHolidays(2027)).toEqual([
      "2027-01-01",
      "2027-01-18",
      "2027-02-15",
      "2027-05-31",
      "2027-06-18", // 19 June is a Saturday
      "2027-07-05", // 4 July is a Sunday
      "2027-09-06",
      "2027-10-11",
      "2027-11-11",
      "2027-11-25",
      "2027-12-24", // 25 December is a Saturday
      "2027-12-31", // 1 January 2028 is a Saturday
    ]);
  });

  it("skips a holiday when counting the one business day", () => {
    expect(deaLossReportDueOn("2026-11-25")).toBe("2026-11-27"); // Wednesday before Thanksgiving → Friday
    expect(deaLossReportDueOn("2026-07-02")).toBe("2026-07-06"); // Thursday → Monday (Friday 3 July observed)
    expect(deaLossReportDueOn("2027-12-23")).toBe("2027-12-27"); // Thursday → Monday (Friday 24 December observed)
    expect(deaLossReportDueOn("2027-12-30")).toBe("2028-01-03"); // Thursday → Monday (Friday 31 December observed)
    expect(deaLossReportDueOn("2026-01-16")).toBe("2026-01-20"); // Friday → Tuesday (MLK Day)
  });
});
