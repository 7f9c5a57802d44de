// The adverse event rates counted in the database (aeRatesForCohorts, one statement) against the
// domain's reference (aeRatesPerDosingSession) over seeded random networks: several cohorts with
// cancelled and out-of-order dosing sessions, people enrolled in two cohorts, signed, draft and
// not-given dosing records, and AEs with and without a session, at sessions where the participant
// was or was not dosed, related or not, serious or not. Both databases.
import { describe, expect, it } from "vitest";
import { aeRatesPerDosingSession } from "~/domain/safety/rates";
import { aeRatesForCohorts } from "~/models/adverseEvent.server";
import { dbReady } from "~/utils/db.server";
import { mulberry32 } from "~/utils/random";
import { createTestUser } from "../setup/factories";
import { createSafetyCohort, createSafetyParticipant } from "../setup/factories-safety";

const RELATEDNESS = ["UNRELATED", "UNLIKELY", "POSSIBLE", "PROBABLE", "DEFINITE"] as const;
const RELATED = new Set<string>(["POSSIBLE", "PROBABLE", "DEFINITE"]);

async function randomNetwork(seed: number, givenById: string) {
  const db = await dbReady();
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const cohorts = [];
  for (let c = 0; c < 3; c++) {
    const { cohort, sessions } = await createSafetyCohort({ dosingSessions: 4 });
    // Sessions out of creation order, one cancelled now and then: numbered by start time, skipping it.
    for (const s of sessions) {
      const startsAt = new Date(Date.UTC(2026, 8, 1 + Math.floor(random() * 60), 16, 0));
      const status = random() < 0.15 ? "CANCELLED" : "COMPLETED";
      await db.groupSession.update({
        where: { id: s.id },
        data: { startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3_600_000), status },
      });
    }
    const people = [];
    for (let p = 0; p < 5; p++) people.push(await createSafetyParticipant(cohort.id));
    cohorts.push({ cohort, sessions, people });
  }
  // Two people also enrolled in the next cohort: counted once per cohort.
  for (let c = 0; c < 2; c++) {
    const person = cohorts[c].people[0].participant;
    const enrollment = await db.enrollment.create({
      data: { participantId: person.id, cohortId: cohorts[c + 1].cohort.id, status: "ACTIVE" },
    });
    cohorts[c + 1].people.push({ participant: person, enrollment });
  }
  for (const { cohort, sessions, people } of cohorts) {
    for (const s of sessions)
      for (const { enrollment } of people) {
        const kind = random();
        if (kind < 0.3) continue; // not dosed
        const signed = kind >= 0.45; // 0.3–0.45: a draft
        const given = random() >= 0.1; // a signed record without the time given is not a dosing
        await db.dosingRecord.create({
          data: {
            sessionId: s.id,
            enrollmentId: enrollment.id,
            status: signed ? "SIGNED" : "DRAFT",
            doseUg: 50_000,
            weightG: 70_000,
            route: "IM",
            givenAt: given ? new Date(Date.UTC(2026, 8, 10)) : null,
            givenById,
            signedAt: signed ? new Date(Date.UTC(2026, 8, 10, 2)) : null,
            signedById: signed ? givenById : null,
          },
        });
      }
    for (let e = 0; e < 12; e++) {
      const { participant } = pick(people);
      await db.adverseEvent.create({
        data: {
          participantId: participant.id,
          cohortId: cohort.id,
          sessionId: random() < 0.2 ? null : pick(sessions).id,
          onsetAt: new Date(Date.UTC(2026, 8, 10, 1)),
          term: "NAUSEA",
          description: "Synthetic",
          grade: 1 + Math.floor(random() * 3),
          serious: random() < 0.25,
          relatednessKetamine: pick(RELATEDNESS),
          relatednessGroup: "UNRELATED",
          expected: true,
          actionTaken: "NONE",
          outcome: "RESOLVED",
          recordedById: givenById,
        },
      });
    }
  }
  return cohorts.map((c) => c.cohort.id);
}

/** The rates as the domain computes them from every row, keyed (cohort, participant) as the statement counts. */
async function referenceRates(cohortIds: string[]) {
  const db = await dbReady();
  const sessions = await db.groupSession.findMany({
    where: { cohortId: { in: cohortIds }, kind: "DOSING", status: { not: "CANCELLED" } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const numberOf = new Map<string, number>();
  const perCohort = new Map<string, number>();
  for (const s of sessions) {
    const n = (perCohort.get(s.cohortId) ?? 0) + 1;
    perCohort.set(s.cohortId, n);
    numberOf.set(s.id, n);
  }
  const records = await db.dosingRecord.findMany({
    where: { sessionId: { in: [...numberOf.keys()] }, status: "SIGNED", givenAt: { not: null } },
  });
  const enrollments = new Map(
    (await db.enrollment.findMany({ where: { id: { in: records.map((r) => r.enrollmentId) } } })).map((e) => [e.id, e]),
  );
  const events = await db.adverseEvent.findMany({ where: { cohortId: { in: cohortIds } } });
  const eventRows = events.map((a) => ({
    participantId: `${a.cohortId}:${a.participantId}`,
    sessionNumber: a.sessionId ? (numberOf.get(a.sessionId) ?? null) : null,
    related: RELATED.has(a.relatednessKetamine),
    serious: a.serious,
  }));
  const result = aeRatesPerDosingSession({
    dosings: records.map((r) => ({
      participantId: `${enrollments.get(r.enrollmentId)!.cohortId}:${enrollments.get(r.enrollmentId)!.participantId}`,
      sessionNumber: numberOf.get(r.sessionId)!,
    })),
    events: eventRows,
  });
  return {
    ...result,
    sessions: result.sessions.map((s) => ({ ...s, aeCount: eventRows.filter((e) => e.sessionNumber === s.sessionNumber).length })),
  };
}

describe("adverse event rates against the domain's reference", () => {
  it("equal on seeded random networks", async () => {
    const giver = await createTestUser({ roles: ["CLINICIAN"] });
    for (const seed of [11, 29, 47]) {
      const cohortIds = await randomNetwork(seed, giver.id);
      const expected = await referenceRates(cohortIds);
      // The network as a whole, and each cohort alone.
      expect(await aeRatesForCohorts(cohortIds), `seed ${seed}`).toEqual(expected);
      for (const id of cohortIds) expect(await aeRatesForCohorts([id]), `seed ${seed}, cohort ${id}`).toEqual(await referenceRates([id]));
      expect(expected.eventsWithoutMatchingDosing + expected.eventsWithoutSession, `seed ${seed} has unmatched events`).toBeGreaterThan(0);
    }
  });
});
