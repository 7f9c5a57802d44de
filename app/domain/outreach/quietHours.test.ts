import { describe, expect, it } from "vitest";
import { isQuiet, outsideQuietHours } from "./quietHours";

const Q = { start: "21:00", end: "08:00" };
const NY = "America/New_York";

describe("quiet hours", () => {
  it("knows quiet from awake on the participant's clock", () => {
    expect(isQuiet(new Date("2026-12-01T02:30:00Z"), NY, Q)).toBe(true); // 21:30 local
    expect(isQuiet(new Date("2026-12-01T01:59:00Z"), NY, Q)).toBe(false); // 20:59
    expect(isQuiet(new Date("2026-12-01T13:00:00Z"), NY, Q)).toBe(false); // 08:00
    expect(isQuiet(new Date("2026-12-01T12:59:00Z"), NY, Q)).toBe(true); // 07:59
  });

  it("moves a late-evening message to 08:00 the next morning", () => {
    expect(outsideQuietHours(new Date("2026-12-01T03:00:00Z"), NY, Q, "later").toISOString()).toBe("2026-12-01T13:00:00.000Z");
  });

  it("moves an early-morning message to 08:00 the same morning", () => {
    expect(outsideQuietHours(new Date("2026-12-01T10:00:00Z"), NY, Q, "later").toISOString()).toBe("2026-12-01T13:00:00.000Z");
  });

  it("moves a session reminder back to 20:59 the evening before", () => {
    expect(outsideQuietHours(new Date("2026-12-01T10:00:00Z"), NY, Q, "earlier").toISOString()).toBe("2026-12-01T01:59:00.000Z");
    expect(outsideQuietHours(new Date("2026-12-01T03:00:00Z"), NY, Q, "earlier").toISOString()).toBe("2026-12-01T01:59:00.000Z");
  });

  it("leaves daytime instants alone", () => {
    const t = new Date("2026-12-01T15:00:00Z");
    expect(outsideQuietHours(t, NY, Q, "later")).toBe(t);
  });

  it("follows the local clock across the spring-forward change", () => {
    // 2026-03-08: New York goes from UTC-5 to UTC-4 at 02:00. 06:00 local that morning is 10:00Z.
    const sixAm = new Date("2026-03-08T10:00:00Z");
    expect(isQuiet(sixAm, NY, Q)).toBe(true);
    // 08:00 EDT is 12:00Z (it would be 13:00Z the day before, in EST).
    expect(outsideQuietHours(sixAm, NY, Q, "later").toISOString()).toBe("2026-03-08T12:00:00.000Z");
    expect(outsideQuietHours(new Date("2026-03-07T13:30:00Z"), NY, Q, "later").toISOString()).toBe("2026-03-07T13:30:00.000Z");
  });

  it("follows the local clock across the fall-back change", () => {
    // 2026-11-01: back to UTC-5 at 02:00. 07:30 local is 12:30Z; 08:00 local is 13:00Z.
    expect(outsideQuietHours(new Date("2026-11-01T12:30:00Z"), NY, Q, "later").toISOString()).toBe("2026-11-01T13:00:00.000Z");
  });

  it("supports quiet hours within one day", () => {
    const day = { start: "12:00", end: "13:00" };
    expect(outsideQuietHours(new Date("2026-12-01T17:30:00Z"), NY, day, "later").toISOString()).toBe("2026-12-01T18:00:00.000Z");
    expect(isQuiet(new Date("2026-12-01T19:00:00Z"), NY, day)).toBe(false);
  });
});
