import { describe, expect, it } from "vitest";
import { aeRatesPerDosingSession, ordinal } from "./rates";

const dosed = (n: number, session: number, prefix = "p") =>
  Array.from({ length: n }, (_, i) => ({ participantId: `${prefix}${i + 1}`, sessionNumber: session }));

describe("aeRatesPerDosingSession", () => {
  it("counts participants, not events, against those dosed at each session", () => {
    const result = aeRatesPerDosingSession({
      dosings: [...dosed(6, 1), ...dosed(5, 2), ...dosed(4, 3)],
      events: [
        // session 1: p1 has three AEs (counted once), p2 one related, p3 serious unrelated
        { participantId: "p1", sessionNumber: 1, related: true, serious: false },
        { participantId: "p1", sessionNumber: 1, related: false, serious: false },
        { participantId: "p1", sessionNumber: 1, related: true, serious: false },
        { participantId: "p2", sessionNumber: 1, related: true, serious: false },
        { participantId: "p3", sessionNumber: 1, related: false, serious: true },
        // session 2: p1 related & serious
        { participantId: "p1", sessionNumber: 2, related: true, serious: true },
        // not attributed to a session
        { participantId: "p4", sessionNumber: null, related: false, serious: false },
        // p6 was not dosed at session 2: not in numerator or denominator
        { participantId: "p6", sessionNumber: 2, related: true, serious: false },
      ],
    });
    expect(result.sessions).toEqual([
      {
        sessionNumber: 1,
        label: "1st dosing session",
        participantsDosed: 6,
        withAnyAe: { count: 3, percent: 50 },
        withRelatedAe: { count: 2, percent: 33.3 },
        withSeriousAe: { count: 1, percent: 16.7 },
      },
      {
        sessionNumber: 2,
        label: "2nd dosing session",
        participantsDosed: 5,
        withAnyAe: { count: 1, percent: 20 },
        withRelatedAe: { count: 1, percent: 20 },
        withSeriousAe: { count: 1, percent: 20 },
      },
      {
        sessionNumber: 3,
        label: "3rd dosing session",
        participantsDosed: 4,
        withAnyAe: { count: 0, percent: 0 },
        withRelatedAe: { count: 0, percent: 0 },
        withSeriousAe: { count: 0, percent: 0 },
      },
    ]);
    expect(result.eventsWithoutSession).toBe(1);
    expect(result.eventsWithoutMatchingDosing).toBe(1);
  });

  it("reproduces a published-style rate (4.3% of 1,642)", () => {
    const events = Array.from({ length: 71 }, (_, i) => ({ participantId: `p${i + 1}`, sessionNumber: 1, related: true, serious: false }));
    const r = aeRatesPerDosingSession({ dosings: dosed(1642, 1), events });
    expect(r.sessions[0].withAnyAe).toEqual({ count: 71, percent: 4.3 });
  });

  it("rounds percentages half away from zero on the exact fraction", () => {
    // 1/8 = 12.5% exactly; 1/16 = 6.25% -> 6.3; 1/6 = 16.666… -> 16.7
    const one = (n: number) =>
      aeRatesPerDosingSession({ dosings: dosed(n, 1), events: [{ participantId: "p1", sessionNumber: 1, related: false, serious: false }] })
        .sessions[0].withAnyAe.percent;
    expect(one(8)).toBe(12.5);
    expect(one(16)).toBe(6.3);
    expect(one(6)).toBe(16.7);
  });

  it("counts a participant dosed twice in the same session number once", () => {
    const r = aeRatesPerDosingSession({ dosings: [...dosed(2, 1), ...dosed(2, 1)], events: [] });
    expect(r.sessions[0].participantsDosed).toBe(2);
  });

  it("gives null percentages with a note when nobody was dosed at a session", () => {
    const r = aeRatesPerDosingSession({
      dosings: dosed(3, 1),
      events: [{ participantId: "p1", sessionNumber: 4, related: true, serious: false }],
    });
    expect(r.sessions[1]).toEqual({
      sessionNumber: 4,
      label: "4th dosing session",
      participantsDosed: 0,
      withAnyAe: { count: 0, percent: null },
      withRelatedAe: { count: 0, percent: null },
      withSeriousAe: { count: 0, percent: null },
      note: "No participants were dosed at this session, so no rate can be given",
    });
    expect(aeRatesPerDosingSession({ dosings: [], events: [] })).toEqual({
      sessions: [],
      eventsWithoutSession: 0,
      eventsWithoutMatchingDosing: 0,
    });
  });

  it("refuses session numbers below 1", () => {
    expect(() => aeRatesPerDosingSession({ dosings: [{ participantId: "p1", sessionNumber: 0 }], events: [] })).toThrow(RangeError);
  });

  it("labels ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
    ]);
  });
});
