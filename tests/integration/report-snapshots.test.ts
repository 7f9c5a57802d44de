// Kept program reports (ReportSnapshot, app/models/reportSnapshot.server.ts), on SQLite and
// PostgreSQL: a report worked out once is answered again without reading its report rows and
// equals the same report worked out afresh; every change that makes another report (a score, a
// status, a participant's details, an adverse event, a referral, a dosing session, the
// cohort's start date, the options, hidden reasons) makes another key, never a stale answer; only the
// newest few per program and only reports of enough enrollments are kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetDecodedReportRows, loadScope, parseScopeParams, type LoadedScope } from "~/models/reportData.server";
import { KEPT_SNAPSHOTS_PER_PROGRAM, keepReportSnapshots, reportSnapshots } from "~/models/reportSnapshot.server";
import { runReportTask, type ReportTask } from "~/models/reportTask.server";
import { dbReady } from "~/utils/db.server";
import {
  addCompletedAssessment,
  addDosingSession,
  addReportAdverseEvent,
  addReportParticipant,
  addSignedDosing,
  createReportCohort,
} from "../setup/factories-reports";
import { counted } from "../setup/statements";

const viewer = { id: "analyst", email: "analyst@example.org", roles: ["ANALYST"] } as never;

let programId: string;
let cohortId: string;
let sessionId: string;
const people: Awaited<ReturnType<typeof addReportParticipant>>[] = [];

beforeAll(async () => {
  keepReportSnapshots(0);
  const { cohort, program } = await createReportCohort({ name: "Kept snapshot cohort" });
  programId = program.id;
  cohortId = cohort.id;
  sessionId = (await addDosingSession(cohort.id, "2026-03-10T14:00:00Z")).id;
  for (let i = 0; i < 6; i++) {
    const p = await addReportParticipant(cohort.id, { code: `KS-${i}`, occupation: i % 2 ? "NURSE" : "EMS" });
    await addCompletedAssessment(p.enrollment.id, "baseline", "PHQ9", [2, 2, 2, 1, 1, 1, 1, 1, i % 2]);
    await addCompletedAssessment(p.enrollment.id, "post_session_6", "PHQ9", [1, 1, 0, 0, 0, 0, 1, i % 3, 0]);
    if (i < 4) await addSignedDosing(sessionId, p.enrollment.id);
    people.push(p);
  }
});

afterAll(() => keepReportSnapshots(2_000));

async function task(query = "", hideReasons = true): Promise<ReportTask<"report">> {
  const scope: LoadedScope = await loadScope(viewer, { kind: "program", programId });
  const { filters, options } = parseScopeParams(new URLSearchParams(query), scope);
  return { make: "report", scope, filters, options, hideReasons };
}

/** The report as a process that keeps nothing works it out: no decoded rows, no snapshot read or written. */
async function afresh(t: ReportTask<"report">) {
  forgetDecodedReportRows();
  keepReportSnapshots(null);
  try {
    const hits = reportSnapshots.hits;
    const out = await runReportTask(t, null);
    expect(reportSnapshots.hits).toBe(hits);
    return out;
  } finally {
    keepReportSnapshots(0);
    forgetDecodedReportRows();
  }
}

/** Asked for after a restart (nothing decoded kept): whether a snapshot answered, and the answer. */
async function afterRestart(t: ReportTask<"report">) {
  forgetDecodedReportRows();
  const hits = reportSnapshots.hits;
  const { value, queries } = await counted(() => runReportTask(t));
  return { hit: reportSnapshots.hits === hits + 1, value, queries };
}

async function snapshotCount() {
  return (await dbReady()).reportSnapshot.count({ where: { programId } });
}

describe("kept program reports", () => {
  it("a report worked out once is answered after a restart without reading its rows, equal to the report worked out afresh", async () => {
    const t = await task();
    const first = await afterRestart(t);
    expect(first.hit).toBe(false);
    expect(await snapshotCount()).toBe(1);
    const again = await afterRestart(t);
    expect(again.hit).toBe(true);
    // Stamps, sessions, adverse events, referrals and the snapshot; not the report rows and their
    // score texts, nor the first's two writes that kept the report.
    expect(again.queries).toBe(first.queries - 4);
    expect(again.value).toEqual(first.value);
    expect(again.value).toEqual(await afresh(t));
    expect(again.value.report!.measures.find((m) => m.instrument === "PHQ9")!.n).toBe(6);
  });

  it("every change that makes another report makes another key: never a stale answer", async () => {
    const db = await dbReady();
    const changes: [string, () => Promise<unknown>][] = [
      ["a score", () => addCompletedAssessment(people[5].enrollment.id, "post_session_6", "GAD7", [3, 3, 3, 3, 3, 3, 3])],
      [
        "a status",
        () => db.enrollment.update({ where: { id: people[0].enrollment.id }, data: { status: "WITHDRAWN", statusReason: "Moved away" } }),
      ],
      [
        "a participant's details",
        () => db.participant.update({ where: { id: people[1].participant.id }, data: { occupation: "FIREFIGHTER" } }),
      ],
      ["a signed dosing", () => addSignedDosing(sessionId, people[4].enrollment.id)],
      [
        "an adverse event",
        () => addReportAdverseEvent({ participantId: people[2].participant.id, cohortId, sessionId, onsetAt: "2026-03-10T16:00:00Z" }),
      ],
      [
        "a referral",
        () =>
          db.referral.create({
            data: { programId, source: "SELF", referredOn: "2026-02-01", firstName: "Wren", lastName: "Lark", status: "INELIGIBLE" },
          }),
      ],
      // Before the others: they are numbered again (the adverse event's session is now the second).
      ["a dosing session", () => addDosingSession(cohortId, "2026-03-01T14:00:00Z", "SL")],
      // Ages are at the cohort's start: every participant moves to a younger age band.
      ["the cohort's start date", () => db.cohort.update({ where: { id: cohortId }, data: { startDate: "2016-03-02" } })],
    ];
    for (const [what, change] of changes) {
      const before = await afterRestart(await task());
      await change();
      const t = await task();
      const after = await afterRestart(t);
      expect(after.hit, what).toBe(false);
      expect(after.value, what).not.toEqual(before.value);
      expect(after.value, what).toEqual(await afresh(t));
      expect((await afterRestart(t)).hit, what).toBe(true);
    }
    // Other options, filters or hidden reasons: another report, another key.
    for (const [query, hideReasons] of [
      ["population=dosed", true],
      ["occupation=NURSE", true],
      ["", false],
    ] as const) {
      const t = await task(query, hideReasons);
      const first = await afterRestart(t);
      expect(first.hit, `${query} ${hideReasons}`).toBe(false);
      expect(first.value).toEqual(await afresh(t));
      expect((await afterRestart(t)).value).toEqual(first.value);
    }
  });

  it("keeps the newest few per program, and none of reports of fewer enrollments than asked for", async () => {
    for (let month = 1; month <= KEPT_SNAPSHOTS_PER_PROGRAM + 2; month++)
      await afterRestart(await task(`from=2025-${String(month).padStart(2, "0")}-01`));
    expect(await snapshotCount()).toBe(KEPT_SNAPSHOTS_PER_PROGRAM);
    keepReportSnapshots(people.length + 1);
    try {
      const written = reportSnapshots.written;
      const t = await task("population=completers");
      await afterRestart(t);
      expect(reportSnapshots.written).toBe(written);
      expect((await afterRestart(t)).hit).toBe(false);
    } finally {
      keepReportSnapshots(0);
    }
  });

  it("a cohort's report and a viewer who does not see every cohort are not kept", async () => {
    const scope = await loadScope(viewer, { kind: "cohort", cohortId });
    const { filters, options } = parseScopeParams(new URLSearchParams(), scope);
    const written = reportSnapshots.written;
    await runReportTask({ make: "report", scope, filters, options, hideReasons: true });
    const partial = { ...(await task()), scope: { ...(await task()).scope, allCohorts: false } };
    await runReportTask(partial);
    expect(reportSnapshots.written).toBe(written);
  });
});
