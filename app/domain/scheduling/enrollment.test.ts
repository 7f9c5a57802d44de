import { describe, expect, it } from "vitest";
import {
  canTransition,
  cohortsOverlap,
  ENROLLMENT_STATUSES,
  ENROLLMENT_TRANSITIONS,
  findOverlapConflict,
  nextFromWaitlist,
  nextWaitlistPosition,
  occupiesSeat,
  offersForFreeSeats,
  placeEnrollment,
  type EnrollmentStatus,
  type PersonEnrollment,
  type TransitionContext,
} from "./enrollment";

/** Context that satisfies every requirement, so only the table decides. */
const fullContext: TransitionContext = {
  consentDate: "2026-10-01",
  reason: "Moved out of state",
  withdrawnOn: "2026-10-15",
  today: "2026-10-20",
  seats: { occupied: 2, capacity: 6 },
};
const contextFor = (to: EnrollmentStatus): TransitionContext =>
  to === "WAITLISTED" ? { ...fullContext, seats: { occupied: 6, capacity: 6 } } : fullContext;

describe("status transitions", () => {
  const legal: Array<[EnrollmentStatus, EnrollmentStatus]> = [
    ["REFERRED", "SCREENING"],
    ["REFERRED", "WITHDRAWN"],
    ["SCREENING", "ELIGIBLE"],
    ["SCREENING", "INELIGIBLE"],
    ["SCREENING", "WITHDRAWN"],
    ["ELIGIBLE", "ENROLLED"],
    ["ELIGIBLE", "WAITLISTED"],
    ["ELIGIBLE", "WITHDRAWN"],
    ["INELIGIBLE", "SCREENING"],
    ["INELIGIBLE", "WITHDRAWN"],
    ["WAITLISTED", "ENROLLED"],
    ["WAITLISTED", "WITHDRAWN"],
    ["ENROLLED", "ACTIVE"],
    ["ENROLLED", "WITHDRAWN"],
    ["ACTIVE", "COMPLETED"],
    ["ACTIVE", "WITHDRAWN"],
  ];
  it("the table is exactly the documented life cycle", () => {
    const table = ENROLLMENT_STATUSES.flatMap((from) => ENROLLMENT_TRANSITIONS[from].map((to) => `${from}->${to}`)).sort();
    expect(table).toEqual(legal.map(([f, t]) => `${f}->${t}`).sort());
  });
  it("every legal transition is allowed with a complete context", () => {
    for (const [from, to] of legal) expect(canTransition(from, to, contextFor(to)), `${from}->${to}`).toEqual({ ok: true });
  });
  it("every other transition is refused with a message, even with a complete context", () => {
    const legalSet = new Set(legal.map(([f, t]) => `${f}->${t}`));
    let refused = 0;
    for (const from of ENROLLMENT_STATUSES)
      for (const to of ENROLLMENT_STATUSES) {
        if (legalSet.has(`${from}->${to}`)) continue;
        const r = canTransition(from, to, contextFor(to));
        expect(r.ok, `${from}->${to}`).toBe(false);
        if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
        refused++;
      }
    expect(refused).toBe(81 - 16);
  });
  it("messages explain the refusal", () => {
    expect(canTransition("REFERRED", "ACTIVE", fullContext)).toEqual({
      ok: false,
      message: "A referred participant cannot become active; next steps are: screening, withdrawn",
    });
    expect(canTransition("COMPLETED", "ACTIVE", fullContext)).toEqual({
      ok: false,
      message: "A completed enrollment is final and cannot change",
    });
    expect(canTransition("ACTIVE", "ACTIVE", fullContext)).toEqual({ ok: false, message: "The participant is already active" });
  });
  it("consent date is required (and not in the future) before ACTIVE", () => {
    expect(canTransition("ENROLLED", "ACTIVE", {})).toEqual({
      ok: false,
      message: "Record the consent date before the participant becomes active",
    });
    expect(canTransition("ENROLLED", "ACTIVE", { consentDate: "2026-02-30" }).ok).toBe(false);
    expect(canTransition("ENROLLED", "ACTIVE", { consentDate: "2026-10-21", today: "2026-10-20" })).toEqual({
      ok: false,
      message: "Consent date cannot be in the future",
    });
    expect(canTransition("ENROLLED", "ACTIVE", { consentDate: "2026-10-20", today: "2026-10-20" })).toEqual({ ok: true });
  });
  it("INELIGIBLE needs a reason; WITHDRAWN needs a reason and a date", () => {
    expect(canTransition("SCREENING", "INELIGIBLE", { reason: "  " })).toEqual({
      ok: false,
      message: "Give the reason the participant is ineligible",
    });
    expect(canTransition("SCREENING", "INELIGIBLE", { reason: "BP 168/102 at screening" })).toEqual({ ok: true });
    expect(canTransition("ACTIVE", "WITHDRAWN", { withdrawnOn: "2026-10-15" })).toEqual({
      ok: false,
      message: "Give the reason for withdrawal",
    });
    expect(canTransition("ACTIVE", "WITHDRAWN", { reason: "Relocated" })).toEqual({ ok: false, message: "Give the withdrawal date" });
    expect(canTransition("ACTIVE", "WITHDRAWN", { reason: "Relocated", withdrawnOn: "2026-10-31", today: "2026-10-20" })).toEqual({
      ok: false,
      message: "Withdrawal date cannot be in the future",
    });
  });
  it("ENROLLED needs a free seat; WAITLISTED only when full", () => {
    expect(canTransition("ELIGIBLE", "ENROLLED", {})).toEqual({
      ok: false,
      message: "Seat availability is needed to place this participant",
    });
    expect(canTransition("ELIGIBLE", "ENROLLED", { seats: { occupied: 6, capacity: 6 } })).toEqual({
      ok: false,
      message: "The cohort is full (6 seats); add the participant to the waitlist",
    });
    expect(canTransition("ELIGIBLE", "WAITLISTED", { seats: { occupied: 5, capacity: 6 } })).toEqual({
      ok: false,
      message: "A seat is free; enroll the participant instead of waitlisting",
    });
    expect(canTransition("WAITLISTED", "ENROLLED", { seats: { occupied: 5, capacity: 6 } })).toEqual({ ok: true });
  });
});

describe("seats and waitlist", () => {
  it("only ENROLLED and ACTIVE occupy seats", () => {
    expect(ENROLLMENT_STATUSES.filter(occupiesSeat)).toEqual(["ENROLLED", "ACTIVE"]);
  });
  it("placeEnrollment: seat below capacity, waitlist at capacity", () => {
    expect(placeEnrollment(5, 6)).toBe("SEAT");
    expect(placeEnrollment(6, 6)).toBe("WAITLIST");
    expect(placeEnrollment(7, 6)).toBe("WAITLIST");
  });
  it("a freed seat goes to the lowest position still waiting", () => {
    const waitlist = [
      { enrollmentId: "e3", position: 3, status: "WAITLISTED" as const },
      { enrollmentId: "e1", position: 1, status: "WITHDRAWN" as const },
      { enrollmentId: "e2", position: 2, status: "WAITLISTED" as const },
      { enrollmentId: "e4", position: 4, status: "WAITLISTED" as const },
    ];
    expect(nextFromWaitlist(waitlist)?.enrollmentId).toBe("e2");
    expect(offersForFreeSeats(waitlist, 2).map((e) => e.enrollmentId)).toEqual(["e2", "e3"]);
    expect(offersForFreeSeats(waitlist, 0)).toEqual([]);
    expect(nextWaitlistPosition(waitlist)).toBe(5);
    expect(nextWaitlistPosition([])).toBe(1);
    expect(nextFromWaitlist([])).toBeNull();
  });
  it("promotion order over a sequence of freed seats", () => {
    let waitlist = [5, 2, 9, 7].map((p) => ({ enrollmentId: `p${p}`, position: p, status: "WAITLISTED" as "WAITLISTED" | "ENROLLED" }));
    const promoted: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = nextFromWaitlist(waitlist)!;
      promoted.push(next.enrollmentId);
      waitlist = waitlist.map((e) => (e === next ? { ...e, status: "ENROLLED" } : e));
    }
    expect(promoted).toEqual(["p2", "p5", "p7", "p9"]);
    expect(nextFromWaitlist(waitlist)).toBeNull();
  });
});

describe("overlapping cohorts", () => {
  const fall = { startDate: "2026-10-20", endDate: "2026-12-01" };
  it("cohortsOverlap is inclusive of shared days", () => {
    expect(cohortsOverlap(fall, { startDate: "2026-12-01", endDate: "2027-01-12" })).toBe(true);
    expect(cohortsOverlap(fall, { startDate: "2026-12-02", endDate: "2027-01-12" })).toBe(false);
    expect(cohortsOverlap(fall, { startDate: "2026-09-01", endDate: "2026-10-19" })).toBe(false);
    expect(cohortsOverlap({ startDate: "2026-11-01", endDate: "2026-11-02" }, fall)).toBe(true);
  });
  const mine = (status: EnrollmentStatus, window = fall, cohortId = "fall"): PersonEnrollment => ({
    enrollmentId: `e-${cohortId}`,
    cohortId,
    cohortName: "Fall 2026",
    status,
    window,
  });
  const winter = { cohortId: "winter", startDate: "2026-11-15", endDate: "2027-01-05" };
  it("refuses a seat in a cohort overlapping one where the person is active or enrolled", () => {
    const r = findOverlapConflict([mine("ACTIVE")], winter);
    expect(r?.enrollment.cohortId).toBe("fall");
    expect(r?.message).toBe(
      "This participant is already active in Fall 2026 (Tue 20 Oct 2026 to Tue 1 Dec 2026), which overlaps this cohort's dates. Withdraw or complete that enrollment first.",
    );
    expect(findOverlapConflict([mine("ENROLLED")], winter)).not.toBeNull();
  });
  it("ignores withdrawn/completed/waitlisted enrollments, the same cohort and non-overlapping cohorts", () => {
    for (const s of ["WITHDRAWN", "COMPLETED", "WAITLISTED", "REFERRED", "ELIGIBLE"] as const)
      expect(findOverlapConflict([mine(s)], winter)).toBeNull();
    expect(findOverlapConflict([mine("ACTIVE", fall, "winter")], winter)).toBeNull();
    expect(findOverlapConflict([mine("ACTIVE")], { cohortId: "spring", startDate: "2027-03-01", endDate: "2027-04-12" })).toBeNull();
  });
});
