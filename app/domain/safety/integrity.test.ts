import { describe, expect, it } from "vitest";
import {
  SESSION_TIME_WINDOW,
  addDays,
  administrationExpiryRefusal,
  attendanceChangeAddendum,
  defaultClinicalTime,
  dischargeVitalsRefusal,
  lastReading,
  lotReceiptWarning,
  openVialRemainderUg,
  parseNoteSnapshot,
  sessionTimeWindow,
  suggestLot,
  timeOutsideWindowWarning,
} from "./integrity";

const session = { startsAt: new Date("2026-03-10T14:00:00Z"), endsAt: new Date("2026-03-10T17:00:00Z") };
const tz = "UTC";

describe("session time window", () => {
  it("runs from 2 h before the start to 4 h after the end, edges included", () => {
    expect(SESSION_TIME_WINDOW).toEqual({ beforeStartMinutes: 120, afterEndMinutes: 240 });
    const w = sessionTimeWindow(session);
    expect(w.from.toISOString()).toBe("2026-03-10T12:00:00.000Z");
    expect(w.to.toISOString()).toBe("2026-03-10T21:00:00.000Z");
    expect(timeOutsideWindowWarning(w.from, session, tz)).toBeNull();
    expect(timeOutsideWindowWarning(w.to, session, tz)).toBeNull();
  });

  it("warns one minute outside either edge, naming the time and the window", () => {
    const early = timeOutsideWindowWarning(new Date("2026-03-10T11:59:00Z"), session, tz, "Time given");
    expect(early).toMatch(/^Time given \(Tue 10 Mar 2026, 11:59\) is before this session's window/);
    expect(early).toContain("The time is correct");
    expect(timeOutsideWindowWarning(new Date("2026-03-10T21:01:00Z"), session, tz)).toMatch(/is after this session's window/);
    // Six days later (the walkthrough's stale "now")
    expect(timeOutsideWindowWarning(new Date("2026-03-16T15:00:00Z"), session, tz)).not.toBeNull();
  });

  it("defaults to now inside the window, else to the session's start (its own date)", () => {
    const inside = new Date("2026-03-10T15:30:00Z");
    expect(defaultClinicalTime(session, inside)).toBe(inside);
    expect(defaultClinicalTime(session, new Date("2026-03-16T09:00:00Z"))).toBe(session.startsAt);
  });
});

describe("discharge vitals check", () => {
  const limits = { systolicMax: 140, diastolicMax: 90, hrMax: 110, spo2Min: 94 };
  const r = (at: string, systolic: number, diastolic: number, heartRate = 80, spo2 = 98) => ({
    takenAt: new Date(at),
    systolic,
    diastolic,
    heartRate,
    spo2,
  });

  it("refuses without any reading", () => {
    expect(dischargeVitalsRefusal([], limits, tz)).toMatch(/No vitals have been recorded after the dose/);
  });

  it("compares with the reading taken last, not the one typed in last", () => {
    const readings = [r("2026-03-10T15:40:00Z", 160, 102), r("2026-03-10T15:00:00Z", 120, 80)];
    expect(lastReading(readings)?.systolic).toBe(160);
    const message = dischargeVitalsRefusal(readings, limits, tz);
    expect(message).toContain("The last reading (160/102 mmHg");
    expect(message).toContain("BP 160/102 mmHg is above 140/90");
    expect(dischargeVitalsRefusal([...readings, r("2026-03-10T16:10:00Z", 132, 84)], limits, tz)).toBeNull();
  });

  it("checks each limit at its edge", () => {
    expect(dischargeVitalsRefusal([r("2026-03-10T16:00:00Z", 140, 90, 110, 94)], limits, tz)).toBeNull();
    expect(dischargeVitalsRefusal([r("2026-03-10T16:00:00Z", 141, 90)], limits, tz)).toMatch(/141\/90/);
    expect(dischargeVitalsRefusal([r("2026-03-10T16:00:00Z", 120, 80, 111)], limits, tz)).toMatch(/heart rate 111 bpm is above 110/);
    expect(dischargeVitalsRefusal([r("2026-03-10T16:00:00Z", 120, 80, 80, 93)], limits, tz)).toMatch(/SpO2 93% is below 94%/);
  });
});

describe("lot expiry", () => {
  it("on receipt: expired needs confirmation, within 30 days warns, later is fine", () => {
    expect(lotReceiptWarning("2026-03-09", "2026-03-10")?.level).toBe("expired");
    expect(lotReceiptWarning("2026-03-10", "2026-03-10")).toMatchObject({ level: "soon", message: expect.stringContaining("today") });
    expect(lotReceiptWarning(addDays("2026-03-10", 30), "2026-03-10")).toMatchObject({
      level: "soon",
      message: expect.stringContaining("in 30 days"),
    });
    expect(lotReceiptWarning(addDays("2026-03-10", 31), "2026-03-10")).toBeNull();
  });

  it("refuses administration when the lot expired before the session's date (the expiry day itself is usable)", () => {
    expect(administrationExpiryRefusal({ lotNumber: "K1", expiryDate: "2026-03-10" }, "2026-03-10")).toBeNull();
    expect(administrationExpiryRefusal({ lotNumber: "K1", expiryDate: "2026-03-09" }, "2026-03-10")).toBe(
      "Lot K1 expired on Mon 9 Mar 2026, before this session's date (Tue 10 Mar 2026): choose another lot",
    );
  });

  it("suggests the lot that expires first among those with enough left and not expired", () => {
    const lots = [
      { id: "a", lotNumber: "A", expiryDate: "2026-06-01", balanceUg: 500_000 },
      { id: "b", lotNumber: "B", expiryDate: "2026-04-01", balanceUg: 30_000 },
      { id: "c", lotNumber: "C", expiryDate: "2026-03-01", balanceUg: 900_000 }, // expired on the session date
      { id: "d", lotNumber: "D", expiryDate: "2026-05-01", balanceUg: 100_000 },
    ];
    expect(suggestLot(lots, "2026-03-10", null)?.id).toBe("b");
    expect(suggestLot(lots, "2026-03-10", 40_000)?.id).toBe("d");
    expect(suggestLot(lots, "2026-03-10", 200_000)?.id).toBe("a");
    expect(suggestLot(lots, "2026-03-10", 600_000)).toBeNull();
    expect(suggestLot([{ id: "e", lotNumber: "E", expiryDate: "2026-04-01", balanceUg: 0 }], "2026-03-10", null)).toBeNull();
  });
});

describe("signed note helpers", () => {
  it("words the automatic addendum", () => {
    expect(
      attendanceChangeAddendum({
        who: "P-001",
        from: "PRESENT",
        to: "ABSENT",
        byName: "Fran Facilitator",
        at: new Date("2026-03-11T09:05:00Z"),
        timeZone: tz,
      }),
    ).toBe("Attendance changed after signing: P-001 from present to absent, by Fran Facilitator at Wed 11 Mar 2026, 09:05");
  });

  it("reads a stored snapshot and ignores garbage", () => {
    expect(parseNoteSnapshot(null)).toBeNull();
    expect(parseNoteSnapshot("{")).toBeNull();
    expect(parseNoteSnapshot('{"attendance":[],"observations":[]}')).toEqual({ attendance: [], observations: [] });
  });
});

describe("opened vial remainder", () => {
  it("is the part of the balance that is not whole vials", () => {
    expect(openVialRemainderUg(1_000_000, 500_000)).toBe(0);
    expect(openVialRemainderUg(960_000, 500_000)).toBe(460_000);
    expect(openVialRemainderUg(455_500, 500_000)).toBe(455_500);
    expect(openVialRemainderUg(0, 500_000)).toBe(0);
    expect(openVialRemainderUg(100, 0)).toBe(0);
  });
});
