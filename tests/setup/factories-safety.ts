// Minimal fixtures for the adverse-event and safety-inbox tests: a cohort with staff and
// dosing sessions, enrolled participants, and signed dosing records ("dosed").
import { dbReady } from "~/utils/db.server";

let n = 0;
const uid = () => `${++n}-${Math.random().toString(36).slice(2, 7)}`;

export async function createSafetyCohort(
  opts: {
    staff?: { userId: string; role: "FACILITATOR" | "LEAD_FACILITATOR" | "CLINICIAN" }[];
    dosingSessions?: number;
    timeZone?: string;
  } = {},
) {
  const db = await dbReady();
  const id = uid();
  const timeZone = opts.timeZone ?? "America/Denver";
  const site = await db.site.create({ data: { name: `Site ${id}`, timeZone } });
  const program = await db.program.create({ data: { name: `Program ${id}`, description: "Test program" } });
  const version = await db.programVersion.create({ data: { programId: program.id, version: 1, definition: "{}" } });
  const cohort = await db.cohort.create({
    data: {
      name: `Cohort ${id}`,
      programId: program.id,
      programVersionId: version.id,
      startDate: "2026-09-01",
      endDate: "2026-10-20",
      timeZone,
      siteId: site.id,
      capacity: 6,
      status: "ACTIVE",
      staff: { create: (opts.staff ?? []).map((s) => ({ userId: s.userId, role: s.role })) },
    },
  });
  const sessions = [];
  for (let i = 0; i < (opts.dosingSessions ?? 3); i++) {
    const startsAt = new Date(Date.UTC(2026, 8, 8 + i * 14, 16, 0));
    sessions.push(
      await db.groupSession.create({
        data: {
          cohortId: cohort.id,
          kind: "DOSING",
          title: `Dosing session ${i + 1}`,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
          status: "COMPLETED",
        },
      }),
    );
  }
  return { cohort, sessions };
}

export async function createSafetyParticipant(cohortId: string, name = { firstName: "Pat", lastName: `Test${uid()}` }) {
  const db = await dbReady();
  const p = await db.participant.create({
    data: { code: `P-${uid()}`, ...name, dateOfBirth: "1985-04-02", sex: "FEMALE", occupation: "NURSE" },
  });
  const enrollment = await db.enrollment.create({ data: { participantId: p.id, cohortId, status: "ACTIVE" } });
  return { participant: p, enrollment };
}

/** A signed dosing record with the time given: the participant counts as dosed at that session. */
export async function markDosed(sessionId: string, enrollmentId: string, givenById: string, opts: { signed?: boolean } = {}) {
  const db = await dbReady();
  const signed = opts.signed ?? true;
  const session = await db.groupSession.findUniqueOrThrow({ where: { id: sessionId } });
  const givenAt = new Date(session.startsAt.getTime() + 30 * 60_000);
  return db.dosingRecord.create({
    data: {
      sessionId,
      enrollmentId,
      status: signed ? "SIGNED" : "DRAFT",
      doseUg: 50_000,
      weightG: 70_000,
      route: "IM",
      givenAt,
      givenById,
      signedAt: signed ? new Date(givenAt.getTime() + 3_600_000) : null,
      signedById: signed ? givenById : null,
    },
  });
}
