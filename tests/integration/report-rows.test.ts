// The report's read model (ReportRow) is kept by database triggers. After a seeded random
// sequence of writes, edits and deletions — through the app's model functions where the app
// has one (assessment entry and edits, missed, enrollment transitions and withdrawal,
// participant edits, CSV import) and straight through Prisma where it has none (dosing
// records signed and voided, assessments deleted, an enrollment removed or moved) — the
// report read from the maintained rows equals the one read from the source tables, and the
// rebuild command finds nothing to change. Runs on SQLite and on PostgreSQL.
import { describe, expect, it } from "vitest";
import { getInstrument, type InstrumentCode } from "~/domain/instruments";
import { buildReport, parseReportParams } from "~/domain/reports";
import { BURNOUT_TEMPLATE, ENROLLMENT_TRANSITIONS, type EnrollmentStatus } from "~/domain/scheduling";
import { assessmentIntents } from "~/forms/measures";
import { enterAssessment, markAssessmentMissed } from "~/models/assessment.server";
import { transitionEnrollment } from "~/models/enrollment.server";
import { commitImport } from "~/models/measureImport.server";
import { ParticipantEditSchema } from "~/models/participant.schema";
import { updateParticipant } from "~/models/participant.server";
import {
  assemblies,
  computeReport,
  forgetDecodedReportRows,
  keepDecodedReportRows,
  loadReportData,
  loadScope,
  readReportHeader,
  type ReportData,
} from "~/models/reportData.server";
import { rebuildReportRows } from "~/models/reportRows.server";
import { toCsv } from "~/utils/csv";
import { dbReady } from "~/utils/db.server";
import { mulberry32 } from "~/utils/random";
import { createTestUser } from "../setup/factories";
import {
  addCompletedAssessment,
  addDosingSession,
  addReportAdverseEvent,
  addReportParticipant,
  addSignedDosing,
  createReportCohort,
} from "../setup/factories-reports";
import { defaultReportInput, normalized, plainRead, withoutPersonNumbers } from "../setup/report-plain-read";

const viewer = { id: "analyst", email: "analyst@example.org", roles: ["ANALYST"] } as never;
const meta = { ip: null, userAgent: "test" };

const PLAN = BURNOUT_TEMPLATE.measurePlan.flatMap((tp) => tp.instruments.map((code) => ({ tp: tp.key, code: code as InstrumentCode })));

/**
 * The report of the rows this process keeps decoded (only the cohorts whose stamp moved are
 * read again) equals the report of rows all read and decoded afresh.
 */
async function keptSameAsFresh(programId: string) {
  const scope = await loadScope(viewer, { kind: "program", programId });
  const kept = await loadReportData(scope.cohorts);
  const report = (d: ReportData) => buildReport(defaultReportInput(scope, d, d.index));
  const fromKept = report(kept);
  forgetDecodedReportRows();
  const fresh = await loadReportData(scope.cohorts);
  // People are numbered in the order the process first read them: the same people, other numbers.
  expect(withoutPersonNumbers(kept)).toEqual(withoutPersonNumbers(fresh));
  expect(fromKept).toEqual(report(fresh));
  // Warm the blocks again for the next comparison, so that later writes meet kept blocks.
  await loadReportData(scope.cohorts);
}

async function stamps(cohortIds: string[]) {
  const db = await dbReady();
  const rows = await db.reportCohortStamp.findMany({ where: { cohortId: { in: cohortIds } } });
  return Object.fromEntries(rows.map((r) => [r.cohortId, Number(r.seq)]));
}

async function sameAsSources(programId: string) {
  const scope = await loadScope(viewer, { kind: "program", programId });
  const data = await loadReportData(scope.cohorts, { assessmentDates: true });
  const plain = await plainRead(scope.cohorts.map((c) => c.id));
  expect(normalized(data)).toEqual(normalized(plain));
  return { scope, data, plain };
}

describe("report rows kept by triggers", () => {
  it("equal a full recomputation after a seeded sequence of writes, edits and deletions", async () => {
    const db = await dbReady();
    const random = mulberry32(20261130);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const user = await createTestUser({ roles: ["ADMIN"] });
    const actor = { id: user.id, email: user.email };
    const { cohort, program, version, site } = await createReportCohort({ name: "Rows cohort A" });
    const cohortB = await db.cohort.create({
      data: {
        name: "Rows cohort B",
        programId: program.id,
        programVersionId: version.id,
        startDate: "2025-09-01",
        endDate: "2025-12-01",
        timeZone: "UTC",
        siteId: site.id,
        capacity: 60,
        status: "COMPLETED",
      },
    });
    const cohorts = [cohort.id, cohortB.id];
    const sessions = new Map<string, string[]>();
    for (const c of cohorts) {
      const ids = [];
      for (const [k, route] of ["IM", "IV"].entries()) ids.push((await addDosingSession(c, `2026-01-${10 + k * 7}T14:00:00Z`, route)).id);
      sessions.set(c, ids);
    }
    for (let i = 0; i < 16; i++) {
      await addReportParticipant(cohorts[i % 2], {
        code: `RR-${i}`,
        status: i % 2 === 0 ? "REFERRED" : "COMPLETED",
        sex: i % 2 ? "MALE" : "FEMALE",
        occupation: pick(["NURSE", "EMS", "POLICE"]),
        dateOfBirth: `19${70 + i}-0${1 + (i % 9)}-1${i % 10}`,
      });
    }
    const done = new Map<string, number>();
    const count = (what: string) => done.set(what, (done.get(what) ?? 0) + 1);
    const enrollments = () => db.enrollment.findMany({ where: { cohortId: { in: cohorts } }, orderBy: { id: "asc" } });
    const answers = (code: InstrumentCode) => {
      const def = getInstrument(code);
      return Object.fromEntries(def.items.map((item) => [String(item.number), String(def.min + Math.floor(random() * 3))]));
    };

    const ops: Record<string, () => Promise<void>> = {
      async complete() {
        const e = pick(await enrollments());
        const { tp, code } = pick(PLAN);
        const where = { enrollmentId_timepointKey_instrumentCode: { enrollmentId: e.id, timepointKey: tp, instrumentCode: code } };
        const at = new Date("2026-01-15T12:00:00Z");
        const a =
          (await db.assessment.findUnique({ where })) ??
          (await db.assessment.create({
            data: { enrollmentId: e.id, timepointKey: tp, instrumentCode: code, dueDate: "2026-01-15", windowOpens: at, windowCloses: at },
          }));
        const input = assessmentIntents(code).parse({
          intent: "save",
          version: String(a.version),
          completedOn: `2026-01-${10 + Math.floor(random() * 18)}`,
          reason: a.status === "COMPLETED" ? "Corrected answers" : "",
          r: { [code]: answers(code) },
        });
        await enterAssessment(actor, meta, a.id, input as never);
        count(a.status === "COMPLETED" ? "edit assessment" : "complete assessment");
      },
      async missed() {
        const a = await db.assessment.findFirst({ where: { status: "EXPECTED", enrollment: { cohortId: { in: cohorts } } } });
        if (!a) return;
        await markAssessmentMissed(actor, meta, a.id, a.version);
        count("missed");
      },
      async deleteAssessment() {
        const list = await db.assessment.findMany({ where: { enrollment: { cohortId: { in: cohorts } } }, orderBy: { id: "asc" } });
        if (!list.length) return;
        await db.assessment.delete({ where: { id: pick(list).id } });
        count("delete assessment");
      },
      async legacy() {
        const list = await db.assessment.findMany({ where: { status: "COMPLETED", enrollment: { cohortId: { in: cohorts } } } });
        if (!list.length) return;
        await db.assessment.update({ where: { id: pick(list).id }, data: { scaleValues: null } });
        count("stored without scale values");
      },
      async dosing() {
        const e = pick(await enrollments());
        const sessionId = pick(sessions.get(e.cohortId)!);
        const existing = await db.dosingRecord.findUnique({ where: { sessionId_enrollmentId: { sessionId, enrollmentId: e.id } } });
        const route = pick(["IM", "IV", null]);
        if (!existing) {
          await db.dosingRecord.create({
            data: { sessionId, enrollmentId: e.id, status: random() < 0.7 ? "SIGNED" : "DRAFT", route, doseUg: 50_000 },
          });
          count("dosing record");
        } else if (random() < 0.6) {
          const status = existing.status === "SIGNED" ? "DRAFT" : "SIGNED";
          await db.dosingRecord.update({ where: { id: existing.id }, data: { status, signedAt: status === "SIGNED" ? new Date() : null } });
          count(status === "SIGNED" ? "sign dosing" : "void dosing");
        } else if (random() < 0.5) {
          await db.dosingRecord.update({ where: { id: existing.id }, data: { route } });
          count("dosing route");
        } else {
          await db.dosingRecord.delete({ where: { id: existing.id } });
          count("delete dosing");
        }
      },
      async transition() {
        const open = (await enrollments()).filter((x) => ENROLLMENT_TRANSITIONS[x.status as EnrollmentStatus].length > 0);
        if (!open.length) return;
        const e = pick(open);
        const next = ENROLLMENT_TRANSITIONS[e.status as EnrollmentStatus];
        const to = pick(next);
        await transitionEnrollment(
          actor,
          meta,
          { enrollmentId: e.id, version: e.version, to, reason: `Reason ${to}`, consentDate: "2026-01-05", withdrawnOn: "2026-01-20" },
          {},
          new Date("2026-02-01T12:00:00Z"),
        );
        count(to === "WITHDRAWN" ? "withdraw" : "transition");
      },
      async participant() {
        const e = pick(await enrollments());
        const p = (await db.participant.findUnique({ where: { id: e.participantId } }))!;
        const input = ParticipantEditSchema.parse({
          firstName: p.firstName,
          lastName: p.lastName,
          dateOfBirth: `19${60 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-15`,
          sex: pick(["FEMALE", "MALE"]),
          occupation: pick(["NURSE", "EMS", "FIREFIGHTER"]),
          email: p.email ?? "",
          phone: p.phone ?? "",
          emergencyContactName: "",
          emergencyContactPhone: "",
          weightKg: "",
          version: String(p.version),
        });
        await updateParticipant(actor, meta, p.id, input);
        count("participant edit");
      },
      async removeEnrollment() {
        const e = pick(await enrollments());
        await db.enrollment.delete({ where: { id: e.id } });
        count("remove enrollment");
      },
      async moveEnrollment() {
        const e = pick(await enrollments());
        const to = e.cohortId === cohort.id ? cohortB.id : cohort.id;
        if (await db.enrollment.findFirst({ where: { participantId: e.participantId, cohortId: to } })) return;
        await db.enrollment.update({ where: { id: e.id }, data: { cohortId: to } });
        count("move enrollment");
      },
      async add() {
        await addReportParticipant(pick(cohorts), { code: `RR-N${done.get("add participant") ?? 0}`, status: "COMPLETED" });
        count("add participant");
      },
      async importCsv() {
        const header = [
          "participant_code",
          "cohort",
          "timepoint",
          "instrument",
          "completed_on",
          ...Array.from({ length: 16 }, (_, i) => `item_${i + 1}`),
        ];
        const rows = [];
        const n = done.get("import") ?? 0;
        for (const code of [`RR-I${n}a`, `RR-I${n}b`]) {
          for (const { tp, code: instrument } of PLAN) {
            const def = getInstrument(instrument);
            const items = def.items.map(() => def.min + Math.floor(random() * 3));
            rows.push([code, "Rows cohort A", tp, instrument, "2026-01-20", ...items, ...Array(16 - items.length).fill("")]);
          }
        }
        const result = await commitImport(null, meta, {
          csvText: toCsv(header, rows),
          fileName: `rows-${n}.csv`,
          program: { id: program.id },
          createMissing: true,
          actorLabel: "test",
        });
        expect(result.errors).toEqual([]);
        count("import");
      },
    };
    const weighted = [
      ...Array(8).fill("complete"),
      "missed",
      "deleteAssessment",
      "legacy",
      ...Array(8).fill("dosing"),
      ...Array(4).fill("transition"),
      "participant",
      "participant",
      "removeEnrollment",
      "moveEnrollment",
      "add",
    ];
    await ops.importCsv();
    keepDecodedReportRows(20_000);
    const assembledBefore = { ...assemblies };
    await keptSameAsFresh(program.id);
    let stampsBefore = await stamps(cohorts);
    for (let step = 1; step <= 200; step++) {
      const op = step === 100 ? "importCsv" : pick(weighted);
      try {
        await ops[op]();
      } catch (error) {
        // A transition the domain refuses (a seat rule, say) changes nothing; anything else is a failure.
        if (op !== "transition" || !(error instanceof Error) || error.constructor.name === "Error") throw error;
      }
      if (step % 50 === 0) await sameAsSources(program.id);
      if (step % 5 === 0) {
        // A write that changed report rows raised its cohort's stamp (one cohort or both).
        const now = await stamps(cohorts);
        for (const c of cohorts) expect(now[c]).toBeGreaterThanOrEqual(stampsBefore[c]);
        if (["complete", "dosing", "moveEnrollment", "add", "participant"].includes(op))
          expect(
            cohorts.some((c) => now[c] > stampsBefore[c]),
            `${op} at step ${step}`,
          ).toBe(true);
        stampsBefore = now;
        await keptSameAsFresh(program.id);
      }
    }
    // Every kind of write happened at least once.
    for (const what of [
      "complete assessment",
      "edit assessment",
      "missed",
      "delete assessment",
      "stored without scale values",
      "dosing record",
      "sign dosing",
      "void dosing",
      "withdraw",
      "transition",
      "participant edit",
      "remove enrollment",
      "move enrollment",
      "add participant",
      "import",
    ])
      expect(done.get(what) ?? 0, what).toBeGreaterThan(0);
    // Kept blocks were patched into the last assembly, reused as they were, and assembled afresh.
    for (const way of ["patched", "reused", "afresh"] as const) expect(assemblies[way] - assembledBefore[way], way).toBeGreaterThan(0);

    const { scope, data, plain } = await sameAsSources(program.id);
    expect(data.enrollments.length).toBeGreaterThan(10);
    expect(data.assessments.length).toBeGreaterThan(20);
    // The report from the maintained rows equals the report from the source tables.
    // Participant lines follow the input order, which neither read promises: both sorted alike.
    const byId = (d: ReportData) => ({
      ...d,
      enrollments: [...d.enrollments].sort((x, y) => x.enrollmentId.localeCompare(y.enrollmentId)),
    });
    const r1 = buildReport(defaultReportInput(scope, byId(data), data.index));
    const r2 = buildReport(defaultReportInput(scope, byId(plain), plain.index));
    expect(r1).toEqual(r2);
    // And the rebuild finds nothing to change.
    expect(await rebuildReportRows(db, { checkOnly: true })).toEqual({ rows: await db.enrollment.count(), differed: 0 });
  }, 240_000);

  it("assessments that are not completed leave the rows and their cohort's stamp alone; completed ones move both", async () => {
    const db = await dbReady();
    const { cohort, program } = await createReportCohort({ name: "Expected-only cohort" });
    const a = await addReportParticipant(cohort.id, { code: "EX-A" });
    const row = () => db.reportRow.findUniqueOrThrow({ where: { enrollmentId: a.enrollment.id } });
    const before = { row: await row(), stamp: (await stamps([cohort.id]))[cohort.id] };
    const at = new Date("2026-01-15T12:00:00Z");
    const expected = (timepointKey: string) => ({
      enrollmentId: a.enrollment.id,
      timepointKey,
      instrumentCode: "PHQ9",
      dueDate: "2026-01-15",
      windowOpens: at,
      windowCloses: at,
    });
    // What every sync and import does: a statement of several expected rows, one of one, an
    // expected row marked missed, expected rows deleted.
    await db.assessment.createMany({ data: [expected("baseline"), expected("post_1")] });
    const one = await db.assessment.create({ data: expected("followup_1") });
    await db.assessment.update({ where: { id: one.id }, data: { status: "MISSED" } });
    await db.assessment.deleteMany({ where: { enrollmentId: a.enrollment.id } });
    expect(await row()).toEqual(before.row);
    expect((await stamps([cohort.id]))[cohort.id]).toBe(before.stamp);
    // A completed one changes the row and raises the stamp; deleting it does both again.
    const done = await addCompletedAssessment(a.enrollment.id, "baseline", "PHQ9", [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    const withOne = await row();
    expect(withOne.heads).not.toBe(before.row.heads);
    expect((await stamps([cohort.id]))[cohort.id]).toBeGreaterThan(before.stamp);
    const stamp = (await stamps([cohort.id]))[cohort.id];
    await db.assessment.delete({ where: { id: done.id } });
    expect((await row()).heads).toBe(before.row.heads);
    expect((await stamps([cohort.id]))[cohort.id]).toBeGreaterThan(stamp);
    await sameAsSources(program.id);
  });

  it("rebuild-report-rows finds rows that differ from a recomputation and replaces them", async () => {
    const db = await dbReady();
    const { cohort, program } = await createReportCohort({ name: "Rebuild cohort" });
    const a = await addReportParticipant(cohort.id, { code: "RB-A" });
    const b = await addReportParticipant(cohort.id, { code: "RB-B" });
    await addReportParticipant(cohort.id, { code: "RB-C" });
    expect((await rebuildReportRows(db)).differed).toBe(0);
    const before = await sameAsSources(program.id);
    keepDecodedReportRows(20_000);
    await keptSameAsFresh(program.id);
    // Damage bypassing the triggers' sources: one row changed, one removed, one invented.
    await db.reportRow.update({ where: { enrollmentId: a.enrollment.id }, data: { status: "WITHDRAWN" } });
    await db.reportRow.delete({ where: { enrollmentId: b.enrollment.id } });
    await db.reportRow.create({
      data: {
        enrollmentId: "ghost",
        cohortId: cohort.id,
        participantId: "ghost",
        code: "G",
        sex: "F",
        occupation: "X",
        dateOfBirth: "1990-01-01",
        status: "REFERRED",
      },
    });
    const scope = await loadScope(viewer, { kind: "program", programId: program.id });
    expect(normalized(await loadReportData(scope.cohorts, { assessmentDates: true }))).not.toEqual(normalized(before.plain));
    await keptSameAsFresh(program.id); // the damage raised the stamp: no kept block hides it
    expect(await rebuildReportRows(db, { checkOnly: true })).toMatchObject({ differed: 3 });
    expect(await rebuildReportRows(db)).toMatchObject({ differed: 3 });
    expect(await rebuildReportRows(db, { checkOnly: true })).toMatchObject({ differed: 0 });
    await sameAsSources(program.id);
  });

  it("kept decoded rows follow what the rows do not carry: the cohort's name and start date, its dosing sessions", async () => {
    const db = await dbReady();
    keepDecodedReportRows(20_000);
    const { cohort, program } = await createReportCohort({ name: "Kept cohort" });
    const first = await addDosingSession(cohort.id, "2026-01-10T14:00:00Z", "IM");
    const second = await addDosingSession(cohort.id, "2026-01-17T14:00:00Z", "IM");
    const a = await addReportParticipant(cohort.id, { code: "KB-A", dateOfBirth: "1996-06-01" });
    await addSignedDosing(second.id, a.enrollment.id, "");
    const load = async () => loadReportData((await loadScope(viewer, { kind: "program", programId: program.id })).cohorts);
    const enrollmentOf = async () => (await load()).enrollments.find((e) => e.code === "KB-A")!;
    expect(await enrollmentOf()).toMatchObject({ cohortName: "Kept cohort", route: "IM", dosingSessions: 1 });
    expect((await load()).dosings).toEqual([{ participantId: a.participant.id, sessionNumber: 2, person: expect.any(Number) }]);
    await db.groupSession.update({ where: { id: second.id }, data: { route: "IV" } });
    expect(await enrollmentOf()).toMatchObject({ route: "IV" });
    await db.groupSession.update({ where: { id: first.id }, data: { status: "CANCELLED" } });
    expect((await load()).dosings).toEqual([{ participantId: a.participant.id, sessionNumber: 1, person: expect.any(Number) }]);
    const ageBefore = (await enrollmentOf()).ageBand;
    await db.cohort.update({ where: { id: cohort.id }, data: { name: "Kept cohort, renamed" } });
    expect((await enrollmentOf()).cohortName).toBe("Kept cohort, renamed");
    await db.cohort.update({ where: { id: cohort.id }, data: { startDate: "2030-01-01" } });
    const after = await enrollmentOf();
    expect(after.cohortStartDate).toBe("2030-01-01");
    expect(after.ageBand).not.toBe(ageBefore);
    await keptSameAsFresh(program.id);
  });

  it("a cohort's stamp rises with every change to its sessions and adverse events; their rows are read again only then", async () => {
    const db = await dbReady();
    const { cohort } = await createReportCohort({ name: "Stamped header cohort" });
    const other = await createReportCohort({ name: "Stamped header other" });
    const { participant } = await addReportParticipant(cohort.id, { code: "SH-1" });
    const stamp = async () => (await stamps([cohort.id]))[cohort.id] ?? 0;
    const header = () => readReportHeader([cohort.id]);
    let before = { stamp: await stamp(), header: await header() };
    // Read again with nothing changed: the same rows, not read again.
    const again = await header();
    expect(again.sessionRows).toBe(before.header.sessionRows);
    expect(again.aeRows).toBe(before.header.aeRows);
    const moved = async (what: string, check: (h: Awaited<ReturnType<typeof header>>) => void) => {
      const now = await stamp();
      expect(now, what).toBeGreaterThan(before.stamp);
      const h = await header();
      expect(h.aeRows, what).not.toBe(before.header.aeRows);
      check(h);
      before = { stamp: now, header: h };
    };
    const session = await addDosingSession(cohort.id, "2026-01-10T14:00:00Z", "IM");
    await moved("session added", (h) => expect(h.sessionRows).toEqual([[session.id, cohort.id, "IM"]]));
    await db.groupSession.update({ where: { id: session.id }, data: { route: "IV" } });
    await moved("session edited", (h) => expect(h.sessionRows).toEqual([[session.id, cohort.id, "IV"]]));
    const onsetAt = "2026-01-10T16:00:00Z";
    const event = await addReportAdverseEvent({ participantId: participant.id, cohortId: cohort.id, sessionId: session.id, onsetAt }, 1);
    await moved("adverse event added", (h) => expect(h.aeRows.map((r) => Number(r[2]))).toEqual([1]));
    await db.adverseEvent.update({ where: { id: event.id }, data: { grade: 3 } });
    await moved("adverse event edited", (h) => expect(h.aeRows.map((r) => Number(r[2]))).toEqual([3]));
    // Moved to another cohort: both cohorts' stamps rise.
    const otherBefore = (await stamps([other.cohort.id]))[other.cohort.id] ?? 0;
    await db.adverseEvent.update({ where: { id: event.id }, data: { cohortId: other.cohort.id } });
    await moved("adverse event moved away", (h) => expect(h.aeRows).toEqual([]));
    expect((await stamps([other.cohort.id]))[other.cohort.id]).toBeGreaterThan(otherBefore);
    await db.adverseEvent.update({ where: { id: event.id }, data: { cohortId: cohort.id } });
    await moved("adverse event moved back", (h) => expect(h.aeRows).toHaveLength(1));
    // An adverse event without a cohort is in no report and raises no stamp.
    await addReportAdverseEvent({ participantId: participant.id, cohortId: null, sessionId: null, onsetAt });
    expect(await stamp()).toBe(before.stamp);
    await db.adverseEvent.delete({ where: { id: event.id } });
    await moved("adverse event deleted", (h) => expect(h.aeRows).toEqual([]));
    await db.groupSession.delete({ where: { id: session.id } });
    await moved("session deleted", (h) => expect(h.sessionRows).toEqual([]));
  });

  it("two programs' reports in turn each reuse their own assembly, and a change to one is patched into its own", async () => {
    keepDecodedReportRows(20_000);
    const programs: { scope: Awaited<ReturnType<typeof loadScope>>; enrollment: { id: string } }[] = [];
    for (const name of ["Turn cohort A", "Turn cohort B"]) {
      const { cohort, program } = await createReportCohort({ name });
      const { enrollment } = await addReportParticipant(cohort.id, { code: `${name.slice(-1)}-1` });
      await addCompletedAssessment(enrollment.id, "baseline", "PHQ9", [2, 2, 1, 1, 1, 1, 1, 1, 0]);
      programs.push({ scope: await loadScope(viewer, { kind: "program", programId: program.id }), enrollment });
    }
    forgetDecodedReportRows();
    const load = (k: number) => loadReportData(programs[k].scope.cohorts);
    await load(0);
    await load(1);
    const before = { ...assemblies };
    const first = await load(0);
    await load(1);
    expect(assemblies.reused - before.reused).toBe(2);
    expect(assemblies.afresh - before.afresh).toBe(0);
    // A status reason edited in program A: its cohort is read again and patched into A's assembly.
    await (await dbReady()).enrollment.update({ where: { id: programs[0].enrollment.id }, data: { statusReason: "Edited" } });
    const edited = await load(0);
    expect(assemblies.patched - before.patched).toBe(1);
    expect(edited.enrollments[0].statusReason).toBe("Edited");
    expect(edited.index).toBe(first.index); // no score changed: the index as it was
    // A score added: patched again, into a copy of the index.
    await addCompletedAssessment(programs[0].enrollment.id, "post_session_6", "PHQ9", [1, 1, 0, 0, 0, 0, 1, 1, 0]);
    const scored = await load(0);
    expect(assemblies.patched - before.patched).toBe(2);
    expect(scored.index).not.toBe(first.index);
    await keptSameAsFresh(programs[0].scope.id);
  });

  it("a report asked for again is the one kept until its rows, adverse events or options change", async () => {
    keepDecodedReportRows(20_000);
    const { cohort, program } = await createReportCohort({ name: "Kept report cohort" });
    const session = await addDosingSession(cohort.id, "2026-01-10T14:00:00Z", "IM");
    const people = [];
    for (let i = 0; i < 3; i++) {
      const p = await addReportParticipant(cohort.id, { code: `KR-${i}` });
      await addCompletedAssessment(p.enrollment.id, "baseline", "PHQ9", [2, 2, 2, 1, 1, 1, 1, 1, i % 2]);
      await addCompletedAssessment(p.enrollment.id, "post_session_6", "PHQ9", [1, 1, 0, 0, 0, 0, 1, i % 3, 0]);
      if (i > 0) await addSignedDosing(session.id, p.enrollment.id, "IM");
      people.push(p);
    }
    const scope = await loadScope(viewer, { kind: "program", programId: program.id });
    const report = async (query = "") => {
      const { filters, options } = parseReportParams(new URLSearchParams(query), {
        timepoints: scope.timepoints,
        defaults: scope.defaults,
        cohortIds: scope.cohorts.map((c) => c.id),
      });
      return computeReport(scope, await loadReportData(scope.cohorts), filters, options);
    };
    const afresh = async (query = "") => {
      forgetDecodedReportRows();
      return report(query);
    };
    const first = await report();
    expect(await report()).toBe(first);
    const dosed = await report("population=dosed");
    expect(dosed).not.toBe(first);
    expect(dosed.flow.analysed).toBe(2);
    expect(await report()).toBe(first);
    // An adverse event (it raises its cohort's stamp): another report.
    await addReportAdverseEvent({
      participantId: people[1].participant.id,
      cohortId: cohort.id,
      sessionId: session.id,
      onsetAt: "2026-01-10T16:00:00Z",
    });
    const withEvent = await report();
    expect(withEvent).not.toBe(first);
    expect(withEvent.safety.totalEvents).toBe(1);
    expect(await report()).toBe(withEvent);
    // A score edited: the cohort is read again, and the report with it.
    await addCompletedAssessment(people[0].enrollment.id, "post_session_6", "GAD7", [3, 3, 3, 3, 3, 3, 3]);
    const withScore = await report();
    expect(withScore).not.toBe(withEvent);
    expect(withScore).toEqual(await afresh());
    expect(await report("population=dosed")).toEqual(await afresh("population=dosed"));
  });

  it("reports that start at once, each at a different moment of the others' reads, all get every score", async () => {
    keepDecodedReportRows(20_000);
    const { cohort, program } = await createReportCohort({ name: "At once cohort" });
    for (let i = 0; i < 6; i++) {
      const { enrollment } = await addReportParticipant(cohort.id, { code: `AO-${i}` });
      await addCompletedAssessment(enrollment.id, "baseline", "PHQ9", [2, 2, 1, 1, 1, 1, 1, 1, i % 2]);
      await addCompletedAssessment(enrollment.id, "post_session_6", "PHQ9", [1, 1, 0, 0, 0, 0, 1, i % 3, 0]);
    }
    const scope = await loadScope(viewer, { kind: "program", programId: program.id });
    const report = (d: ReportData) => buildReport(defaultReportInput(scope, d, d.index));
    forgetDecodedReportRows();
    const expected = report(await loadReportData(scope.cohorts, { assessmentDates: true }));
    for (let round = 0; round < 5; round++) {
      forgetDecodedReportRows();
      const loads = await Promise.all(
        Array.from({ length: 8 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i % 4)).then(() => loadReportData(scope.cohorts))),
      );
      for (const d of loads) expect(report(d)).toEqual(expected);
    }
  });
});
