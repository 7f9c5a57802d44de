import { describe, expect, it } from "vitest";
import { AssessmentIndex } from "./assessmentIndex";
import { buildReport } from "./build";
import { peopleOf } from "./people";
import { itemsForTotal, reportEnrollment, toReportAssessment } from "./testSupport";
import type { ReportAdverseEvent, ReportDosing, ReportEnrollment, ReportInput, ReportReferral } from "./types";

describe("peopleOf", () => {
  it("numbers people by id when records carry no numbers: one number per participant across enrollments and dosings", () => {
    const enrollments = [reportEnrollment(1), reportEnrollment(2), reportEnrollment(3, { participantId: "p1" })];
    const dosings: ReportDosing[] = [{ participantId: "p9", sessionNumber: 1 }];
    const people = peopleOf(enrollments, dosings);
    expect(people.size).toBe(3);
    expect(people.of(enrollments[0])).toBe(people.of(enrollments[2]));
    expect(new Set([enrollments[0], enrollments[1], dosings[0]].map((r) => people.of(r))).size).toBe(3);
    expect(people.of({ participantId: "nobody" })).toBe(-1);
  });

  it("uses the loader's numbers when every record has one, and finds an unnumbered record by its id", () => {
    const enrollments = [reportEnrollment(1, { person: 40 }), reportEnrollment(2, { person: 7 })];
    const people = peopleOf(enrollments, [{ participantId: "p2", sessionNumber: 1, person: 7 }]);
    expect(people.size).toBe(41);
    expect(people.of(enrollments[0])).toBe(40);
    expect(people.of({ participantId: "p2" })).toBe(7);
    expect(people.of({ participantId: "p3" })).toBe(-1);
    expect(people.of({ participantId: "p3", person: 99 })).toBe(-1); // beyond the numbered
  });
});

describe("reports of numbered and unnumbered people", () => {
  // 30 people; every fifth also has an earlier, waitlisted enrollment in another cohort; dosed
  // people have one to three sessions; events of every kind, some at no session or at a session
  // the person was not dosed at; referrals linked (some twice) and not linked to anyone here.
  const enrollments: ReportEnrollment[] = [];
  const dosings: ReportDosing[] = [];
  for (let i = 1; i <= 30; i++) {
    const sessions = i % 4;
    if (i % 5 === 0)
      enrollments.push(
        reportEnrollment(100 + i, {
          participantId: `p${i}`,
          cohortId: "c0",
          status: "WAITLISTED",
          statusesReached: ["REFERRED", "WAITLISTED"],
          dosingSessions: 0,
          route: "Not dosed",
        }),
      );
    enrollments.push(
      reportEnrollment(i, {
        status: i % 7 === 0 ? "WITHDRAWN" : "COMPLETED",
        statusReason: i % 7 === 0 ? "Moved away" : null,
        dosingSessions: sessions,
        route: sessions ? "IM" : "Not dosed",
      }),
    );
    for (let s = 1; s <= sessions; s++) dosings.push({ participantId: `p${i}`, sessionNumber: s });
  }
  const adverseEvents: ReportAdverseEvent[] = [
    { participantId: "p1", grade: 1, serious: false, related: true, sessionNumber: 1 },
    { participantId: "p1", grade: 2, serious: false, related: true, sessionNumber: 1 },
    { participantId: "p2", grade: 3, serious: true, related: false, sessionNumber: 2 },
    { participantId: "p3", grade: 1, serious: false, related: false, sessionNumber: null },
    { participantId: "p4", grade: 2, serious: false, related: true, sessionNumber: 1 }, // p4 was not dosed
    { participantId: "p7", grade: 1, serious: false, related: true, sessionNumber: 3 },
    { participantId: "p99", grade: 1, serious: false, related: true, sessionNumber: 1 }, // not in the report
  ];
  const referral = (participantId: string | null, status: string, statusReason: string | null = null): ReportReferral => ({
    participantId,
    status,
    statusReason,
    ruleStatus: status === "ENROLLED" ? "ELIGIBLE" : null,
    clearance: null,
    clearanceReason: null,
  });
  const referrals = [
    referral("p1", "ENROLLED"),
    referral("p1", "DECLINED", "Not now"),
    referral("p2", "ENROLLED"),
    referral("p50", "ENROLLED"),
    referral(null, "DECLINED", "No reply"),
  ];
  const assessments = enrollments.flatMap((e, i) => [
    toReportAssessment(e.enrollmentId, "baseline", "PHQ9", itemsForTotal(10 + (i % 9), 9, 3)),
    toReportAssessment(e.enrollmentId, "post", "PHQ9", itemsForTotal(3 + (i % 7), 9, 3)),
  ]);
  const input = (over: Partial<ReportInput>): ReportInput => ({
    scope: { kind: "program", id: "p", name: "Program" },
    timepoints: [
      { key: "baseline", label: "Baseline", instruments: ["PHQ9"] },
      { key: "post", label: "Post", instruments: ["PHQ9"] },
    ],
    eligibility: null,
    enrollments,
    assessments: new AssessmentIndex(assessments),
    dosings,
    adverseEvents,
    referrals,
    filters: {},
    options: { pre: "baseline", post: "post", population: "enrolled" },
    ...over,
  });
  // The loader's numbers: dense, in an order unrelated to the ids; events numbered but one.
  const numberOf = new Map<string, number>();
  for (const id of ["p99", ...[...new Set(enrollments.map((e) => e.participantId))].reverse()]) numberOf.set(id, numberOf.size);
  const numbered = {
    enrollments: enrollments.map((e) => ({ ...e, person: numberOf.get(e.participantId)! })),
    dosings: dosings.map((d) => ({ ...d, person: numberOf.get(d.participantId)! })),
    adverseEvents: adverseEvents.map((e, k) => (k === 2 ? e : { ...e, person: numberOf.get(e.participantId)! })),
  };

  it("are the same, with and without filters, for every population", () => {
    for (const population of ["enrolled", "dosed", "completers"] as const) {
      for (const filters of [{}, { sex: "FEMALE" }, { cohortIds: ["c1"] }]) {
        const options = { pre: "baseline", post: "post", population };
        const plain = buildReport(input({ filters, options }));
        expect(buildReport(input({ ...numbered, filters, options }))).toEqual(plain);
        expect(plain.safety.totalEvents).toBeGreaterThan(0);
      }
    }
  });

  it("count each person once in the flow and the safety section", () => {
    const r = buildReport(input({}));
    expect(r.flow.referred).toBe(32); // 30 people + the two referrals of no one here
    expect(r.flow.enrolled).toBe(30);
    expect(r.safety.perSession.find((s) => s.sessionNumber === 1)).toMatchObject({ participantsDosed: 23, any: { count: 1 } });
    expect(r.safety.perSession.find((s) => s.sessionNumber === 2)).toMatchObject({ serious: { count: 1 } });
    expect(r.safety.totalEvents).toBe(6); // p99 is not analysed
    expect(r.safety.participantsWithAe).toBe(5);
  });
});
