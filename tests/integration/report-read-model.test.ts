// The report's read model (app/models/reportData.server.ts) reads one aggregated row per
// enrollment. These tests build a cohort with every case that read has to get right and
// compare what it returns with the same data read the plain way (Prisma findMany, one row
// per database row), on SQLite and on PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, type ReportInput } from "~/domain/reports";
import { itemsForTotal } from "~/domain/reports/testSupport";
import { loadReportData, loadScope } from "~/models/reportData.server";
import { dbReady } from "~/utils/db.server";
import {
  addCompletedAssessment,
  addDosingSession,
  addReportParticipant,
  addSignedDosing,
  createReportCohort,
} from "../setup/factories-reports";
import { defaultReportInput, normalized, plainRead } from "../setup/report-plain-read";
import { counted } from "../setup/statements";

const viewer = { id: "analyst", email: "analyst@example.org", roles: ["ANALYST"] } as never;
let cohortId: string;
let programId: string;
let otherCohortId: string;

beforeAll(async () => {
  const db = await dbReady();
  const { cohort, program } = await createReportCohort({ name: "Read model cohort" });
  cohortId = cohort.id;
  programId = program.id;
  const s1 = await addDosingSession(cohort.id, "2026-03-10T14:00:00Z", "IM");
  const s2 = await addDosingSession(cohort.id, "2026-03-17T14:00:00Z", "IV");
  const cancelled = await addDosingSession(cohort.id, "2026-03-24T14:00:00Z", "IM");
  await db.groupSession.update({ where: { id: cancelled.id }, data: { status: "CANCELLED" } });

  // A: compact scores at two timepoints, dosed IM twice (route recorded on the record).
  const a = await addReportParticipant(cohort.id, { code: "RM-A", sex: "MALE", occupation: "EMS", dateOfBirth: "1990-01-01" });
  await addCompletedAssessment(a.enrollment.id, "baseline", "PHQ9", itemsForTotal(18, 9, 3), "2026-02-20");
  await addCompletedAssessment(a.enrollment.id, "post_session_6", "PHQ9", itemsForTotal(7, 9, 3), "2026-04-20");
  await addCompletedAssessment(a.enrollment.id, "baseline", "MBI_GS", [5, 4, 6, 5, 4, 3, 4, 2, 3, 1, 4, 3, 2, 3, 4, 5], "2026-02-20");
  const noDate = await addCompletedAssessment(a.enrollment.id, "baseline", "GAD7", itemsForTotal(9, 7, 3), "2026-02-20");
  await db.assessment.update({ where: { id: noDate.id }, data: { completedOn: null } });
  await addSignedDosing(s1.id, a.enrollment.id, "IM");
  await addSignedDosing(s2.id, a.enrollment.id, "IM");
  // B: one legacy row (no compact scale values), dosed IM then IV ("Mixed"), plus a signed
  // record at the cancelled session (not counted) and an unsigned one.
  const b = await addReportParticipant(cohort.id, { code: "RM-B", sex: "FEMALE", occupation: "NURSE", dateOfBirth: "1970-07-31" });
  await addCompletedAssessment(b.enrollment.id, "baseline", "PHQ9", itemsForTotal(22, 9, 3), "2026-02-21", { legacy: true });
  await addCompletedAssessment(b.enrollment.id, "post_session_6", "PHQ9", itemsForTotal(10, 9, 3), "2026-04-21");
  await addSignedDosing(s1.id, b.enrollment.id, "IM");
  await addSignedDosing(s2.id, b.enrollment.id, "IV");
  await addSignedDosing(cancelled.id, b.enrollment.id, "IM");
  // C: a draft dosing record only, an expected (not completed) assessment and a missing item.
  const c = await addReportParticipant(cohort.id, { code: "RM-C", status: "WITHDRAWN", reason: "Moved away" });
  await db.dosingRecord.create({ data: { sessionId: s1.id, enrollmentId: c.enrollment.id, status: "DRAFT", route: "IM", doseUg: 50_000 } });
  await addCompletedAssessment(c.enrollment.id, "baseline", "PHQ9", [1, 2, null, 1, 0, 1, 2, 1, 0], "2026-02-22");
  const at = new Date("2026-04-20T12:00:00Z");
  await db.assessment.create({
    data: {
      enrollmentId: c.enrollment.id,
      timepointKey: "post_session_6",
      instrumentCode: "PHQ9",
      dueDate: "2026-04-20",
      windowOpens: at,
      windowCloses: at,
      status: "EXPECTED",
    },
  });
  // D: referred only (no assessments, no dosing); a route left empty falls back to the session's.
  const d = await addReportParticipant(cohort.id, { code: "RM-D", status: "REFERRED" });
  await db.dosingRecord.create({
    data: { sessionId: s2.id, enrollmentId: d.enrollment.id, status: "SIGNED", route: null, doseUg: 50_000, signedAt: new Date() },
  });

  // Adverse events: serious and related at session 1, a mild one without a session.
  const ae = (participantId: string, sessionId: string | null, grade: number, serious: boolean, relatednessKetamine: string) =>
    db.adverseEvent.create({
      data: {
        participantId,
        cohortId: cohort.id,
        sessionId,
        term: "Nausea",
        onsetAt: new Date("2026-03-10T16:00:00Z"),
        description: "Synthetic",
        grade,
        serious,
        relatednessKetamine,
        relatednessGroup: "UNRELATED",
        expected: true,
        actionTaken: "NONE",
        outcome: "RESOLVED",
        recordedById: "test",
      },
    });
  await ae(a.participant.id, s1.id, 3, true, "PROBABLE");
  await ae(b.participant.id, null, 1, false, "UNLIKELY");

  // A cohort of another program: read only when asked for.
  const other = await createReportCohort({ name: "Other cohort" });
  otherCohortId = other.cohort.id;
  const e = await addReportParticipant(other.cohort.id, { code: "RM-E" });
  await addCompletedAssessment(e.enrollment.id, "baseline", "GAD7", itemsForTotal(12, 7, 3), "2026-02-20");
});

describe("the report's scope", () => {
  it("is read through the driver: a cohort in one statement and its program's plan in another, a program in three", async () => {
    const cohort = await counted(() => loadScope(viewer, { kind: "cohort", cohortId }));
    expect(cohort.queries).toBe(2);
    expect(cohort.value).toMatchObject({ kind: "cohort", id: cohortId, programId, allCohorts: true });
    expect(cohort.value.cohorts).toEqual([expect.objectContaining({ id: cohortId })]);
    expect(cohort.value.timepoints.length).toBeGreaterThan(0);
    const program = await counted(() => loadScope(viewer, { kind: "program", programId }));
    expect(program.queries).toBe(3);
    expect(program.value).toMatchObject({ kind: "program", id: programId, programId, timepoints: cohort.value.timepoints });
    // Outside the viewer's scope or unknown: 404.
    const analyst = { id: "a-facilitator", email: "f@example.org", roles: ["FACILITATOR"] } as never;
    expect(((await loadScope(analyst, { kind: "cohort", cohortId }).catch((e: unknown) => e)) as Response).status).toBe(404);
    expect((await loadScope(analyst, { kind: "program", programId })).cohorts).toEqual([]);
    expect(((await loadScope(viewer, { kind: "program", programId: "no-such-program" }).catch((e: unknown) => e)) as Response).status).toBe(
      404,
    );
  });
});

describe("report read model", () => {
  it("reads a cohort exactly as the plain per-row reads do", async () => {
    const scope = await loadScope(viewer, { kind: "cohort", cohortId });
    const data = await loadReportData(scope.cohorts, { assessmentDates: true });
    expect(normalized(data)).toEqual(normalized(await plainRead([cohortId])));
    const byCode = new Map(data.enrollments.map((e) => [e.code, e]));
    expect(byCode.get("RM-A")).toMatchObject({ route: "IM", dosingSessions: 2 });
    expect(byCode.get("RM-B")).toMatchObject({ route: "Mixed", dosingSessions: 2 });
    expect(byCode.get("RM-C")).toMatchObject({ route: "Not dosed", dosingSessions: 0, status: "WITHDRAWN", statusReason: "Moved away" });
    expect(byCode.get("RM-D")).toMatchObject({ route: "IV", dosingSessions: 1 });
    expect(byCode.get("RM-D")!.statusesReached).toEqual(["REFERRED"]);
    // 7 completed assessments in this cohort; the expected one is not read.
    expect(data.assessments).toHaveLength(7);
    expect(data.assessments.find((a) => a.instrument === "GAD7")).toMatchObject({ completedOn: null, timepointKey: "baseline" });
    const legacy = data.assessments.find((a) => a.enrollmentId === byCode.get("RM-B")!.enrollmentId && a.timepointKey === "baseline")!;
    expect(legacy.scales.total).toMatchObject({ value: 22, sum: 22, valid: true });
    const mbi = data.assessments.find((a) => a.instrument === "MBI_GS")!;
    expect(mbi.scales.EX).toMatchObject({ sum: 23, mean: 4.6, value: 4.6, valid: true }); // items 1–4 and 6: 5 + 4 + 6 + 5 + 3
    expect(data.dosings.map((x) => x.sessionNumber).sort()).toEqual([1, 1, 2, 2, 2]);
    expect(data.adverseEvents.map((x) => [x.grade, x.serious, x.related, x.sessionNumber]).sort()).toEqual([
      [1, false, false, null],
      [3, true, true, 1],
    ]);
    // The report computed from the index the read model built equals the one computed from the list.
    const input = (assessments: ReportInput["assessments"]) => defaultReportInput(scope, data, assessments);
    const fromIndex = buildReport(input(data.index));
    expect(fromIndex).toEqual(buildReport(input(data.assessments)));
    expect(fromIndex.measures.find((m) => m.id === "PHQ9.total")).toMatchObject({ n: 2 });
  });

  it("reads a program across its cohorts exactly as the plain per-row reads do", async () => {
    const scope = await loadScope(viewer, { kind: "program", programId });
    expect(scope.cohorts.map((c) => c.id)).toEqual([cohortId]);
    const data = await loadReportData(scope.cohorts, { assessmentDates: true });
    expect(normalized(data)).toEqual(normalized(await plainRead([cohortId])));
    const both = await loadReportData(
      [...scope.cohorts, { id: otherCohortId, name: "Other cohort", startDate: "2026-03-02", timeZone: "America/New_York" }],
      { assessmentDates: true },
    );
    expect(normalized(both)).toEqual(normalized(await plainRead([cohortId, otherCohortId])));
  });
});
