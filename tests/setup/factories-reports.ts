// Fixtures for report tests: a program from a shipped template, a cohort, participants
// with enrollment histories, completed assessments scored by the measures code, signed
// dosing records and adverse events — written directly with Prisma.
import type { InstrumentCode } from "~/domain/instruments";
import { BURNOUT_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { scoreResponses } from "~/models/assessment.server";
import { dbReady } from "~/utils/db.server";

let n = 0;
const uid = () => `${++n}-${Math.random().toString(36).slice(2, 7)}`;

export async function createReportCohort(
  opts: { name?: string; template?: ProgramTemplate; programName?: string; startDate?: string } = {},
) {
  const db = await dbReady();
  const template = opts.template ?? BURNOUT_TEMPLATE;
  const site = await db.site.create({ data: { name: `Site ${uid()}`, timeZone: "America/New_York" } });
  const program = await db.program.create({
    data: { name: opts.programName ?? `${template.name} ${uid()}`, description: template.description },
  });
  const version = await db.programVersion.create({ data: { programId: program.id, version: 1, definition: JSON.stringify(template) } });
  const cohort = await db.cohort.create({
    data: {
      name: opts.name ?? `Cohort ${uid()}`,
      programId: program.id,
      programVersionId: version.id,
      startDate: opts.startDate ?? "2026-03-02",
      endDate: "2026-05-01",
      timeZone: "America/New_York",
      siteId: site.id,
      capacity: 60,
      status: "COMPLETED",
    },
  });
  return { program, version, cohort, site };
}

const PATH = ["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", "ACTIVE", "COMPLETED"];

export async function addReportParticipant(
  cohortId: string,
  opts: {
    code?: string;
    sex?: string;
    occupation?: string;
    dateOfBirth?: string;
    status?: string;
    reason?: string;
    firstName?: string;
    lastName?: string;
  } = {},
) {
  const db = await dbReady();
  const status = opts.status ?? "COMPLETED";
  const participant = await db.participant.create({
    data: {
      code: opts.code ?? `R-${uid()}`,
      firstName: opts.firstName ?? "Avery",
      lastName: opts.lastName ?? `Testperson${n}`,
      dateOfBirth: opts.dateOfBirth ?? "1985-06-15",
      sex: opts.sex ?? "FEMALE",
      occupation: opts.occupation ?? "NURSE",
      email: `p${uid()}@example.org`,
      phone: "+1 555 0100",
    },
  });
  // History: the usual path up to the final status (withdrawn/ineligible branch off it).
  const upTo = PATH.indexOf(status);
  const steps =
    upTo >= 0 ? PATH.slice(0, upTo + 1) : status === "INELIGIBLE" ? ["REFERRED", "SCREENING", "INELIGIBLE"] : [...PATH.slice(0, 5), status];
  const enrollment = await db.enrollment.create({
    data: {
      participantId: participant.id,
      cohortId,
      status,
      statusReason: opts.reason ?? null,
      history: {
        create: steps.map((toStatus, i) => ({
          fromStatus: i ? steps[i - 1] : null,
          toStatus,
          reason: i === steps.length - 1 ? (opts.reason ?? null) : null,
        })),
      },
    },
  });
  return { participant, enrollment };
}

/**
 * A completed assessment scored as the app's writers score it (full `scores` JSON and the
 * compact `scaleValues`); `legacy` leaves `scaleValues` out, like a row stored without it.
 */
export async function addCompletedAssessment(
  enrollmentId: string,
  timepointKey: string,
  code: InstrumentCode,
  responses: (number | null)[],
  completedOn = "2026-03-01",
  opts: { legacy?: boolean } = {},
) {
  const db = await dbReady();
  const { scores, scaleValues, scoringVersion } = scoreResponses(code, responses);
  const at = new Date(`${completedOn}T12:00:00Z`);
  return db.assessment.create({
    data: {
      enrollmentId,
      timepointKey,
      instrumentCode: code,
      dueDate: completedOn,
      windowOpens: at,
      windowCloses: at,
      status: "COMPLETED",
      completedOn,
      completedAt: at,
      source: "STAFF",
      responses: JSON.stringify(responses),
      scores: JSON.stringify(scores),
      scaleValues: opts.legacy ? null : scaleValues,
      scoringVersion,
    },
  });
}

export async function addDosingSession(cohortId: string, startsAt: string, route = "IM") {
  const db = await dbReady();
  return db.groupSession.create({
    data: {
      cohortId,
      kind: "DOSING",
      title: "Dosing",
      startsAt: new Date(startsAt),
      endsAt: new Date(Date.parse(startsAt) + 3 * 3600_000),
      status: "COMPLETED",
      route,
    },
  });
}

export async function addSignedDosing(sessionId: string, enrollmentId: string, route = "IM") {
  const db = await dbReady();
  return db.dosingRecord.create({ data: { sessionId, enrollmentId, status: "SIGNED", route, doseUg: 50_000, signedAt: new Date() } });
}

/** A synthetic adverse event (grade 2, probably related, resolved) of a participant in a cohort. */
export async function addReportAdverseEvent(
  a: { participantId: string; cohortId: string | null; sessionId: string | null; onsetAt: string },
  grade = 2,
) {
  const db = await dbReady();
  return db.adverseEvent.create({
    data: {
      ...a,
      onsetAt: new Date(a.onsetAt),
      term: "Nausea",
      description: "Synthetic",
      grade,
      serious: false,
      relatednessKetamine: "PROBABLE",
      relatednessGroup: "UNRELATED",
      expected: true,
      actionTaken: "NONE",
      outcome: "RESOLVED",
      recordedById: "test",
    },
  });
}
