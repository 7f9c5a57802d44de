// The feed is written with ical-generator and read back with another library
// (node-ical), the way a calendar client would read it.
import ical from "node-ical";
import { describe, expect, it } from "vitest";
import { serializeCalendar } from "./ical";

const octets = (s: string) => new TextEncoder().encode(s).length;

const text = serializeCalendar({
  prodId: "-//GroupKAP//Feed//EN",
  name: "My sessions",
  timeZone: "America/Denver",
  now: new Date("2026-11-01T12:00:00Z"),
  events: [
    {
      uid: "s1@groupkap",
      start: new Date("2026-11-03T01:00:00Z"),
      end: new Date("2026-11-03T03:00:00Z"),
      summary: "Dosing 1, group; A",
      location: "Room 1",
      description: `Cohort: Spring\nKind: Dosing\n${"long text é≥ ".repeat(20)}`,
      status: "CONFIRMED",
      categories: ["Dosing session"],
    },
    {
      uid: "s2@groupkap",
      start: new Date("2026-11-10T01:00:00Z"),
      end: new Date("2026-11-10T03:00:00Z"),
      summary: "Integration circle",
      status: "CANCELLED",
    },
  ],
});

describe("serializeCalendar", () => {
  it("writes CRLF line ends and folds every line at 75 octets", () => {
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(text).toContain("X-WR-TIMEZONE:America/Denver");
  });

  it("is read back by another iCalendar parser with the same events, times and text", () => {
    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((c) => c.type === "VEVENT") as ical.VEvent[];
    expect(events.map((e) => e.uid)).toEqual(["s1@groupkap", "s2@groupkap"]);
    const [first, second] = events;
    expect(new Date(first.start).toISOString()).toBe("2026-11-03T01:00:00.000Z");
    expect(new Date(first.end).toISOString()).toBe("2026-11-03T03:00:00.000Z");
    expect(String(first.summary)).toBe("Dosing 1, group; A");
    expect(String(first.location)).toBe("Room 1");
    expect(String(first.description)).toContain("Cohort: Spring\nKind: Dosing\nlong text é≥");
    expect(first.status).toBe("CONFIRMED");
    expect(second.status).toBe("CANCELLED");
    expect(new Date(first.dtstamp).toISOString()).toBe("2026-11-01T12:00:00.000Z");
  });

  it("writes times in UTC so no VTIMEZONE is needed", () => {
    expect(text).toContain("DTSTART:20261103T010000Z");
    expect(text).toContain("DTEND:20261103T030000Z");
    expect(text).not.toContain("BEGIN:VTIMEZONE");
  });
});
