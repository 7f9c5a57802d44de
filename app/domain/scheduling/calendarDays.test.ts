import { describe, expect, it } from "vitest";
import { limitPerDay, MONTH_SESSIONS_PER_DAY } from "./calendarDays";

const day = (localDate: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${localDate}-${i}`, localDate }));

describe("limitPerDay", () => {
  it("shows every event of a day with at most the limit", () => {
    const events = [...day("2027-05-03", 4), ...day("2027-05-04", 1)];
    expect(limitPerDay(events, 4)).toEqual({ events, more: {} });
  });

  it("shows one fewer than the limit on a fuller day, in order, and counts the rest", () => {
    const busy = day("2027-05-04", 9);
    const events = [...day("2027-05-03", 2), ...busy, ...day("2027-05-05", 5)];
    const { events: shown, more } = limitPerDay(events, 4);
    expect(shown.map((e) => e.id)).toEqual([
      "2027-05-03-0",
      "2027-05-03-1",
      "2027-05-04-0",
      "2027-05-04-1",
      "2027-05-04-2",
      "2027-05-05-0",
      "2027-05-05-1",
      "2027-05-05-2",
    ]);
    expect(more).toEqual({ "2027-05-04": 6, "2027-05-05": 2 });
  });

  it("keeps each day's order when days interleave, and nothing is lost: shown + more = all", () => {
    const events = [...day("2027-05-04", 6), ...day("2027-05-03", 6)].sort((a, b) => a.id.slice(-1).localeCompare(b.id.slice(-1)));
    const { events: shown, more } = limitPerDay(events, MONTH_SESSIONS_PER_DAY);
    expect(shown.filter((e) => e.localDate === "2027-05-04").map((e) => e.id)).toEqual(["2027-05-04-0", "2027-05-04-1", "2027-05-04-2"]);
    expect(shown.length + Object.values(more).reduce((a, b) => a + b, 0)).toBe(events.length);
  });
});
