// The report's data read the plain way, straight from the source tables (Prisma findMany, one
// row per database row, no aggregation and no report rows): the full recomputation that the
// read model (ReportRow, kept by triggers) must equal.
import { parseScaleValues } from "~/domain/instruments/compact";
import { defaultTimepoints, indexAssessments, type ReportAssessment, type ReportInput } from "~/domain/reports";
import { parseScales, type LoadedScope, type ReportData } from "~/models/reportData.server";
import { dbReady } from "~/utils/db.server";

/** The same data read the plain way: one Prisma row per database row, no aggregation. */
export async function plainRead(cohortIds: string[]): Promise<ReportData> {
  const db = await dbReady();
  const cohorts = await db.cohort.findMany({ where: { id: { in: cohortIds } }, select: { id: true, name: true, startDate: true } });
  const byId = new Map(cohorts.map((c) => [c.id, c]));
  const sessions = await db.groupSession.findMany({
    where: { cohortId: { in: cohortIds }, kind: "DOSING", status: { not: "CANCELLED" } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const number = new Map<string, number>();
  const perCohort = new Map<string, number>();
  for (const s of sessions) {
    perCohort.set(s.cohortId, (perCohort.get(s.cohortId) ?? 0) + 1);
    number.set(s.id, perCohort.get(s.cohortId)!);
  }
  const enrollments = await db.enrollment.findMany({
    where: { cohortId: { in: cohortIds } },
    include: { participant: true, history: true, assessments: { where: { status: "COMPLETED" } } },
  });
  const signed = await db.dosingRecord.findMany({ where: { status: "SIGNED", enrollmentId: { in: enrollments.map((e) => e.id) } } });
  const { ageBand } = await import("~/domain/reports");
  const out = {
    enrollments: [] as ReportData["enrollments"],
    assessments: [] as ReportAssessment[],
    dosings: [] as ReportData["dosings"],
    adverseEvents: [] as ReportData["adverseEvents"],
  };
  const { isRelated } = await import("~/domain/safety/adverseEvents");
  for (const e of await db.adverseEvent.findMany({ where: { cohortId: { in: cohortIds } } })) {
    let related = false;
    try {
      related = isRelated(e.relatednessKetamine as never);
    } catch {
      related = false;
    }
    out.adverseEvents.push({
      participantId: e.participantId,
      grade: e.grade,
      serious: e.serious,
      related,
      sessionNumber: e.sessionId ? (number.get(e.sessionId) ?? null) : null,
    });
  }
  for (const e of enrollments) {
    const cohort = byId.get(e.cohortId)!;
    const counted = signed.filter((r) => r.enrollmentId === e.id && number.has(r.sessionId));
    const routes = new Set(counted.map((r) => r.route ?? sessions.find((s) => s.id === r.sessionId)!.route ?? "Unknown"));
    out.enrollments.push({
      enrollmentId: e.id,
      participantId: e.participantId,
      code: e.participant.code,
      cohortId: e.cohortId,
      cohortName: cohort.name,
      cohortStartDate: cohort.startDate,
      sex: e.participant.sex,
      occupation: e.participant.occupation,
      ageBand: ageBand(e.participant.dateOfBirth, cohort.startDate),
      route: routes.size === 0 ? "Not dosed" : routes.size === 1 ? [...routes][0] : "Mixed",
      status: e.status,
      statusReason: e.statusReason,
      statusesReached: e.history.map((h) => h.toStatus),
      dosingSessions: counted.length,
    });
    for (const r of counted) out.dosings.push({ participantId: e.participantId, sessionNumber: number.get(r.sessionId)! });
    for (const a of e.assessments) {
      const parsed = a.scaleValues ? parseScaleValues(a.instrumentCode, a.scaleValues) : parseScales(a.scores);
      if (!parsed) continue;
      out.assessments.push({
        enrollmentId: e.id,
        timepointKey: a.timepointKey,
        instrument: a.instrumentCode as never,
        completedOn: a.completedOn,
        scales: parsed.scales,
        completeMystical: parsed.completeMystical,
      });
    }
  }
  return { ...out, index: indexAssessments(out.assessments), withoutScaleValues: 0 };
}

const key = (x: object) => JSON.stringify(x);
export function normalized(d: ReportData) {
  checkPersonNumbers(d);
  return {
    enrollments: d.enrollments.map((e) => key({ ...unnumbered(e), statusesReached: [...e.statusesReached].sort() })).sort(),
    assessments: d.assessments.map(key).sort(),
    dosings: d.dosings.map((x) => key(unnumbered(x))).sort(),
    adverseEvents: d.adverseEvents.map((x) => key(unnumbered(x))).sort(),
  };
}

const unnumbered = <T extends { person?: number }>({ person: _, ...rest }: T) => rest;

/** Enrollments and dosings in load order, without the person numbers (checked first). */
export function withoutPersonNumbers(d: Pick<ReportData, "enrollments" | "dosings" | "adverseEvents">) {
  checkPersonNumbers(d);
  return { enrollments: d.enrollments.map(unnumbered), dosings: d.dosings.map(unnumbered) };
}

/**
 * The loader numbers people (ReportEnrollment.person; a plain read does not): every record
 * numbered, one number per participant id and one id per number across enrollments, dosings
 * and adverse events (a plain read numbers none). Which number a person gets depends on what the process read before.
 */
export function checkPersonNumbers(d: Pick<ReportData, "enrollments" | "dosings" | "adverseEvents">) {
  const records = [...d.enrollments, ...d.dosings, ...d.adverseEvents];
  if (records.every((r) => r.person === undefined)) return; // a plain read
  const numberOf = new Map<string, number>();
  const idOf = new Map<number, string>();
  for (const r of records) {
    const p = r.person;
    if (p === undefined || !Number.isInteger(p) || p < 0) throw new Error(`A loaded record of ${r.participantId} has no person number`);
    if ((numberOf.get(r.participantId) ?? p) !== p || (idOf.get(p) ?? r.participantId) !== r.participantId)
      throw new Error(`Person number ${p} and participant ${r.participantId} do not match one to one`);
    numberOf.set(r.participantId, p);
    idOf.set(p, r.participantId);
  }
}

/** The report input of a scope's data with the default timepoints, no filters and every participant line. */
export function defaultReportInput(scope: LoadedScope, data: ReportData, assessments: ReportInput["assessments"]): ReportInput {
  const defaults = defaultTimepoints(scope.timepoints)!;
  return {
    scope: { kind: scope.kind, id: scope.id, name: scope.name },
    timepoints: scope.timepoints,
    eligibility: scope.eligibility,
    enrollments: data.enrollments,
    assessments,
    dosings: data.dosings,
    adverseEvents: data.adverseEvents,
    filters: {},
    options: { pre: defaults.pre, post: defaults.post, population: "enrolled", participantLines: true },
  };
}
