// Fixtures for outcome-measure tests: a cohort with its program's sessions expanded (so
// session-anchored timepoints have due dates) and enrolled participants.
import { expandTemplate, FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { dbReady } from "~/utils/db.server";
import { createEnrolledTestParticipant, createTestCohort, type TestCohortOptions } from "./factories-scheduling";

export async function createMeasuredCohort(opts: TestCohortOptions & { participants?: number } = {}) {
  const db = await dbReady();
  const template: ProgramTemplate = opts.template ?? FIRST_RESPONDERS_TEMPLATE;
  const cohort = await createTestCohort({ status: "ACTIVE", ...opts, template });
  const sessions = expandTemplate({ template, startDate: cohort.startDate, timeZone: cohort.timeZone });
  await db.groupSession.createMany({
    data: sessions.map((s) => ({
      cohortId: cohort.id,
      planIndex: s.index,
      kind: s.kind,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      requiredStaff: JSON.stringify(s.requiredStaff),
    })),
  });
  const enrolled = [];
  for (let i = 0; i < (opts.participants ?? 2); i++) enrolled.push(await createEnrolledTestParticipant(cohort.id, "ACTIVE"));
  return { cohort, enrolled };
}

/** Opens the window of every expected assessment at a timepoint so it is due now. */
export async function openWindow(enrollmentId: string, timepointKey: string, hours = 48) {
  const db = await dbReady();
  await db.assessment.updateMany({
    where: { enrollmentId, timepointKey, status: "EXPECTED" },
    data: { windowOpens: new Date(Date.now() - 3_600_000), windowCloses: new Date(Date.now() + hours * 3_600_000) },
  });
}
