// Demo data for adverse events (seeded with the demo database; see app/models/seed.server.ts).
import { AE_TERM_LABELS, type AeAction, type AeOutcome, type AeTerm, type Relatedness } from "~/domain/safety";
import { audit } from "~/utils/audit.server";
import type { Db } from "~/utils/db.server";

/**
 * A few realistic AEs for the demo cohorts: nausea (grade 1, related, resolved, awaiting review) and a
 * closed dizziness episode in the completed cohort; elevated BP (grade 2) at the active cohort's first dosing
 * session. For the active cohort's first dosing session it also creates signed DosingRecords for
 * the enrolled participants who have none (so the rate table has a denominator); call it AFTER
 * the dosing demo seed (seedDemoSessionDocs). Idempotent: does nothing when the cohorts already have AEs.
 */
export async function seedDemoAdverseEvents(db: Db, cohorts: { completedCohortId: string; activeCohortId: string }) {
  if ((await db.adverseEvent.count({ where: { cohortId: { in: [cohorts.completedCohortId, cohorts.activeCohortId] } } })) > 0) return;
  const clinician =
    (await db.user.findFirst({ where: { email: "clinician@demo.groupkap.org" } })) ??
    (await db.user.findFirst({ where: { roles: { some: { roleCode: "CLINICIAN" } } } }));
  if (!clinician) return;

  async function dosingSessions(cohortId: string) {
    return db.groupSession.findMany({ where: { cohortId, kind: "DOSING", status: { not: "CANCELLED" } }, orderBy: { startsAt: "asc" } });
  }
  async function enrollmentsOf(cohortId: string) {
    return db.enrollment.findMany({ where: { cohortId }, orderBy: { createdAt: "asc" } });
  }
  async function ensureDosed(sessionId: string, enrollmentId: string, at: Date) {
    const existing = await db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: { sessionId, enrollmentId } } });
    if (existing) return;
    await db.dosingRecord.create({
      data: {
        sessionId,
        enrollmentId,
        status: "SIGNED",
        preDoseSystolic: 128,
        preDoseDiastolic: 82,
        preDoseHeartRate: 74,
        preDoseSpo2: 98,
        preDoseTakenAt: new Date(at.getTime() - 20 * 60_000),
        doseUg: 50_000,
        weightG: 72_000,
        route: "IM",
        givenAt: at,
        givenById: clinician!.id,
        signedAt: new Date(at.getTime() + 3 * 3_600_000),
        signedById: clinician!.id,
      },
    });
  }
  type Spec = {
    cohortId: string;
    sessionIndex: number;
    enrollmentIndex: number;
    term: AeTerm;
    grade: number;
    minutesAfter: number;
    description: string;
    relK: Relatedness;
    relG: Relatedness;
    action: AeAction;
    outcome: AeOutcome;
    resolvedAfterMin?: number;
    close?: boolean;
  };
  const specs: Spec[] = [
    {
      cohortId: cohorts.completedCohortId,
      sessionIndex: 0,
      enrollmentIndex: 0,
      term: "NAUSEA",
      grade: 1,
      minutesAfter: 35,
      description: "Mild nausea about 35 minutes after the dose; settled with rest and ginger tea.",
      relK: "PROBABLE",
      relG: "UNRELATED",
      action: "NONE",
      outcome: "RECOVERED",
      resolvedAfterMin: 90,
    },
    {
      cohortId: cohorts.completedCohortId,
      sessionIndex: 1,
      enrollmentIndex: 1,
      term: "DIZZINESS",
      grade: 1,
      minutesAfter: 70,
      description: "Light-headed on standing; observed for 30 extra minutes before discharge.",
      relK: "POSSIBLE",
      relG: "UNLIKELY",
      action: "OBSERVATION_EXTENDED",
      outcome: "RECOVERED",
      resolvedAfterMin: 120,
      close: true,
    },
    {
      cohortId: cohorts.activeCohortId,
      sessionIndex: 0,
      enrollmentIndex: 0,
      term: "ELEVATED_BLOOD_PRESSURE",
      grade: 2,
      minutesAfter: 40,
      description: "BP 168/102 at 40 minutes (pre-dose 132/84); 152/94 at 60 minutes, 138/88 at discharge.",
      relK: "PROBABLE",
      relG: "UNRELATED",
      action: "OBSERVATION_EXTENDED",
      outcome: "RECOVERED",
      resolvedAfterMin: 150,
    },
  ];
  const now = Date.now();
  for (const s of specs) {
    const session = (await dosingSessions(s.cohortId))[s.sessionIndex];
    const enrollment = (await enrollmentsOf(s.cohortId))[s.enrollmentIndex];
    if (!session || !enrollment || session.startsAt.getTime() > now) continue;
    const givenAt = new Date(session.startsAt.getTime() + 30 * 60_000);
    // The dosing helper's demo seed documents the completed cohort; the active cohort's first
    // dosing session gets signed records here so that its rate table has a denominator.
    if (s.cohortId === cohorts.activeCohortId) {
      for (const e of await enrollmentsOf(s.cohortId)) {
        if (["ENROLLED", "ACTIVE", "COMPLETED"].includes(e.status)) await ensureDosed(session.id, e.id, givenAt);
      }
    }
    const onsetAt = new Date(givenAt.getTime() + s.minutesAfter * 60_000);
    const resolvedAt = s.resolvedAfterMin ? new Date(onsetAt.getTime() + s.resolvedAfterMin * 60_000) : null;
    await db.$transaction(async (tx) => {
      const ae = await tx.adverseEvent.create({
        data: {
          participantId: enrollment.participantId,
          cohortId: s.cohortId,
          sessionId: session.id,
          term: s.term,
          onsetAt,
          description: s.description,
          grade: s.grade,
          serious: false,
          seriousCriteria: "[]",
          relatednessKetamine: s.relK,
          relatednessGroup: s.relG,
          expected: true,
          actionTaken: s.action,
          outcome: s.outcome,
          resolvedAt,
          status: s.close ? "CLOSED" : "OPEN",
          closedAt: s.close ? resolvedAt : null,
          closedById: s.close ? clinician.id : null,
          recordedById: clinician.id,
          createdAt: onsetAt,
        },
      });
      await audit(tx, {
        actor: null,
        actorLabel: "seed",
        action: "adverse_event.create",
        entityType: "AdverseEvent",
        entityId: ae.id,
        summary: `Seeded demo adverse event "${AE_TERM_LABELS[s.term]}"`,
      });
    });
  }
}
