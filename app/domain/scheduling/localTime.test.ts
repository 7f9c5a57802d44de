import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  addDaysToLocalDate,
  formatInstantDate,
  formatLocalDate,
  formatLocalDateTime,
  formatUtcDateTime,
  daysBetweenLocalDates,
  instantToLocal,
  isValidLocalDate,
  isValidLocalTime,
  isValidTimeZone,
  localDateTime,
  localToInstant,
  startOfLocalDay,
} from "./localTime";

describe("isValidTimeZone", () => {
  it("accepts IANA names", () => {
    for (const tz of ["America/Denver", "Europe/Berlin", "UTC", "Australia/Lord_Howe"]) expect(isValidTimeZone(tz)).toBe(true);
  });
  it("rejects unknown names, offsets and non-strings", () => {
    for (const tz of ["Mars/Olympus", "Denver", "", "+02:00", "-0700", 42, null, undefined]) expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe("local date/time validation", () => {
  it("dates must exist", () => {
    expect(isValidLocalDate("2028-02-29")).toBe(true);
    expect(isValidLocalDate("2026-02-29")).toBe(false);
    expect(isValidLocalDate("2026-13-01")).toBe(false);
    expect(isValidLocalDate("2026-1-01")).toBe(false);
  });
  it("times are HH:MM 24-hour", () => {
    expect(isValidLocalTime("00:00")).toBe(true);
    expect(isValidLocalTime("23:59")).toBe(true);
    for (const t of ["24:00", "6:00", "18:5", "6pm", "18:00:00", "18h00"]) expect(isValidLocalTime(t)).toBe(false);
  });
  it("calendar arithmetic crosses months and years", () => {
    expect(addDaysToLocalDate("2026-10-31", 1)).toBe("2026-11-01");
    expect(addDaysToLocalDate("2026-12-25", 14)).toBe("2027-01-08");
    expect(addDaysToLocalDate("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetweenLocalDates("2026-10-20", "2026-12-01")).toBe(42);
  });
});

describe("localToInstant", () => {
  it("ordinary times on either side of a DST change", () => {
    expect(localToInstant("2026-10-31", "18:00", "America/Denver")).toEqual({
      instant: new Date("2026-11-01T00:00:00Z"),
      adjustment: null,
    });
    expect(localToInstant("2026-11-02", "18:00", "America/Denver")).toEqual({
      instant: new Date("2026-11-03T01:00:00Z"),
      adjustment: null,
    });
  });
  it("a nonexistent time in the spring-forward gap is shifted forward by the gap", () => {
    // Berlin 2026-03-29: 02:00 CET -> 03:00 CEST; 02:30 does not exist.
    const r = localToInstant("2026-03-29", "02:30", "Europe/Berlin");
    expect(r.adjustment).toBe("SHIFTED_FORWARD");
    expect(r.instant.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(instantToLocal(r.instant, "Europe/Berlin")).toEqual({ date: "2026-03-29", time: "03:30" });
    // Denver 2026-03-08: 02:00 MST -> 03:00 MDT.
    const d = localToInstant("2026-03-08", "02:15", "America/Denver");
    expect(d.adjustment).toBe("SHIFTED_FORWARD");
    expect(instantToLocal(d.instant, "America/Denver").time).toBe("03:15");
  });
  it("a half-hour gap (Lord Howe) shifts forward by half an hour", () => {
    const r = localToInstant("2026-10-04", "02:15", "Australia/Lord_Howe");
    expect(r.adjustment).toBe("SHIFTED_FORWARD");
    expect(instantToLocal(r.instant, "Australia/Lord_Howe").time).toBe("02:45");
  });
  it("an ambiguous fall-back time resolves to the earlier instant", () => {
    // Denver 2026-11-01: 01:30 happens at 07:30Z (MDT) and 08:30Z (MST).
    expect(localToInstant("2026-11-01", "01:30", "America/Denver")).toEqual({
      instant: new Date("2026-11-01T07:30:00Z"),
      adjustment: "AMBIGUOUS_EARLIER",
    });
    // Berlin 2026-10-25: 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    expect(localToInstant("2026-10-25", "02:30", "Europe/Berlin")).toEqual({
      instant: new Date("2026-10-25T00:30:00Z"),
      adjustment: "AMBIGUOUS_EARLIER",
    });
  });
  it("times just outside the gap are untouched", () => {
    expect(localToInstant("2026-03-29", "01:59", "Europe/Berlin")).toEqual({ instant: new Date("2026-03-29T00:59:00Z"), adjustment: null });
    expect(localToInstant("2026-03-29", "03:00", "Europe/Berlin")).toEqual({ instant: new Date("2026-03-29T01:00:00Z"), adjustment: null });
  });
  it("rejects bad input", () => {
    expect(() => localToInstant("2026-02-30", "10:00", "UTC")).toThrow(RangeError);
    expect(() => localToInstant("2026-02-01", "25:00", "UTC")).toThrow(RangeError);
    expect(() => localToInstant("2026-02-01", "10:00", "Mars/Olympus")).toThrow(RangeError);
  });
  it("startOfLocalDay is local midnight", () => {
    expect(startOfLocalDay("2026-11-01", "America/Denver").toISOString()).toBe("2026-11-01T06:00:00.000Z");
    expect(startOfLocalDay("2026-11-02", "America/Denver").toISOString()).toBe("2026-11-02T07:00:00.000Z");
  });
});

describe("formatLocalDateTime", () => {
  it("formats in the cohort's zone, independent of ICU data", () => {
    expect(formatLocalDateTime(new Date("2026-11-04T01:00:00Z"), "America/Denver")).toBe("Tue 3 Nov 2026, 18:00");
    expect(formatLocalDateTime(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBe("Sun 29 Mar 2026, 03:30");
  });
});

describe("house date formats", () => {
  it("a calendar date reads as weekday, day, month, year", () => {
    expect(formatLocalDate("2026-11-09")).toBe("Mon 9 Nov 2026");
    expect(formatLocalDate("2028-02-29")).toBe("Tue 29 Feb 2028");
    expect(formatLocalDate("not a date")).toBe("not a date");
    expect(formatLocalDate("2026-11-09", { weekday: false, year: false })).toBe("9 Nov");
  });
  it("an instant's date is the day in the given zone", () => {
    // 03:00 UTC on 10 Nov is still 9 Nov in Denver.
    expect(formatInstantDate("2026-11-10T03:00:00Z", "America/Denver")).toBe("Mon 9 Nov 2026");
    expect(formatInstantDate(new Date("2026-11-10T03:00:00Z"), "UTC")).toBe("Tue 10 Nov 2026");
  });
  it("an unanchored instant is shown in UTC with the zone named", () => {
    expect(formatUtcDateTime("2026-11-03T18:00:00.000Z")).toBe("Tue 3 Nov 2026, 18:00 UTC");
  });
});

describe("wall clocks from the per-day offset cache", () => {
  // The library's own zoned date is the reference: every 7 minutes and 30 s over days with and
  // without changes of clocks (30-minute DST at Lord Howe, +05:45 Kathmandu, +12:45/+13:45
  // Chatham, zones that dropped DST), read twice (the second time from the cache).
  const ZONES = ["America/Denver", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "America/Sao_Paulo", "UTC"];
  const pad = (n: number) => String(n).padStart(2, "0");
  const reference = (ms: number, zone: string) => {
    const z = new TZDate(ms, zone);
    return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())} ${pad(z.getHours())}:${pad(z.getMinutes())}`;
  };
  it("gives TZDate's local date and time for every instant, across changes of clocks", () => {
    const starts = [Date.UTC(2026, 2, 6), Date.UTC(2026, 3, 3), Date.UTC(2026, 8, 25), Date.UTC(2026, 9, 23), Date.UTC(2018, 10, 2)];
    const wrong: string[] = [];
    let checked = 0;
    for (const zone of ZONES)
      for (const start of starts)
        for (let pass = 0; pass < 2; pass++)
          for (let ms = start; ms < start + 9 * 86_400_000; ms += 900_000) {
            const local = instantToLocal(new Date(ms), zone);
            const expected = reference(ms, zone);
            checked++;
            if (`${local.date} ${local.time}` !== expected)
              wrong.push(`${zone} ${new Date(ms).toISOString()}: ${local.date} ${local.time} ≠ ${expected}`);
          }
    expect(wrong).toEqual([]);
    expect(checked).toBe(ZONES.length * starts.length * 2 * 864);
  });
  it("formats the same text however it is asked", () => {
    const at = new Date("2026-11-01T08:30:00Z"); // Denver's clocks go back at 08:00 UTC that day
    expect(formatLocalDateTime(at, "America/Denver")).toBe("Sun 1 Nov 2026, 01:30");
    expect(formatLocalDateTime(new Date("2026-11-01T07:30:00Z"), "America/Denver")).toBe("Sun 1 Nov 2026, 01:30");
    const row = localDateTime(at, "America/Denver");
    expect(row).toEqual({ date: "2026-11-01", time: "01:30", text: "Sun 1 Nov 2026, 01:30" });
    expect(() => localDateTime(at, "Mars/Olympus")).toThrow(RangeError);
  });
});
