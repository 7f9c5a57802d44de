// The cohort measures tracker's read (the heaviest cohort tab): what each cell shows (state,
// wording, score headline, open questionnaire links), in a pinned number of statements, and
// only to staff who may see the cohort.
import { describe, expect, it } from "vitest";
import { unpackTrackerRows } from "~/components/measures/CompletionTracker";
import { syncExpectedAssessments, scoreResponses } from "~/models/assessment.server";
import { cellState, describeQuestionnaire, windowDates } from "~/models/measureState";
import { hashToken } from "~/models/selfReport.server";
import * as tracker from "~/routes/cohorts.$cohortId.measures";
import { dbReady } from "~/utils/db.server";
import { createMeasuredCohort, openWindow } from "../setup/factories-measures";
import { createEnrolledTestParticipant } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";
import { counted } from "../setup/statements";

type Page = Awaited<ReturnType<typeof tracker.loader>>;

async function trackerOf(cohortId: string, cookie: string, query = "?timepoint=all") {
  const { value: res, queries } = await counted(() =>
    call(tracker.loader, `/cohorts/${cohortId}/measures${query}`, "GET", { cookie, params: { cohortId } }),
  );
  expect(res.status).toBe(200);
  const data = res.data as Page;
  // The rows travel as one text (packTrackerRows): read as the page reads them.
  return { page: { ...data, rows: unpackTrackerRows(data.rows, data.columns) }, queries };
}

describe("the measures tracker's read", () => {
  it("shows every cell's state, wording and scores and the open links, in a few statements, to the cohort's staff only", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const { cohort, enrolled } = await createMeasuredCohort({ participants: 2 });
    await syncExpectedAssessments(cohort.id);
    const [first, second] = enrolled;
    // Not measured: a withdrawn enrollment is not a row of the tracker.
    const withdrawn = await createEnrolledTestParticipant(cohort.id, "WITHDRAWN");

    // The first participant's baseline: PHQ-9 completed (scored by the domain code), GAD-7
    // missed, the rest due now, with one open link; a revoked and an expired link are not shown.
    await openWindow(first.enrollment.id, "baseline");
    const phq = scoreResponses("PHQ9", [2, 2, 2, 1, 1, 1, 0, 0, 0]);
    await db.assessment.updateMany({
      where: { enrollmentId: first.enrollment.id, timepointKey: "baseline", instrumentCode: "PHQ9" },
      data: { status: "COMPLETED", completedOn: "2026-03-02", scores: JSON.stringify(phq.scores), scaleValues: phq.scaleValues },
    });
    await db.assessment.updateMany({
      where: { enrollmentId: first.enrollment.id, timepointKey: "baseline", instrumentCode: "GAD7" },
      data: { status: "MISSED" },
    });
    const hour = 3_600_000;
    const link = await db.selfReportLink.create({
      data: {
        enrollmentId: first.enrollment.id,
        timepointKey: "baseline",
        tokenHash: hashToken("open"),
        expiresAt: new Date(Date.now() + 48 * hour),
      },
    });
    await db.selfReportLink.createMany({
      data: [
        {
          enrollmentId: first.enrollment.id,
          timepointKey: "dosing_1",
          tokenHash: hashToken("gone"),
          expiresAt: new Date(Date.now() - hour),
        },
        {
          enrollmentId: second.enrollment.id,
          timepointKey: "baseline",
          tokenHash: hashToken("revoked"),
          expiresAt: new Date(Date.now() + 48 * hour),
          revokedAt: new Date(),
        },
      ],
    });

    const { page, queries } = await trackerOf(cohort.id, coordinator.cookie);
    // The session, the access check (one statement), the tracker's five reads and the audit
    // row's write: through the ORM, the check and the reads took twelve.
    expect(queries).toBe(8);

    const codes = [first.participant.code, second.participant.code].sort();
    expect(page.rows.map((r) => r.label)).toEqual(
      codes.map((code) => {
        const p = [first.participant, second.participant].find((x) => x.code === code)!;
        return `${p.firstName} ${p.lastName}`;
      }),
    );
    expect(page.rows.map((r) => r.enrollmentId)).not.toContain(withdrawn.enrollment.id);
    expect(page.skipped).toEqual([]);
    expect(page.columns[0]).toMatchObject({ timepointKey: "baseline", timepointLabel: "Baseline", firstOfTimepoint: true });
    expect(page.columns[1].firstOfTimepoint).toBe(false);

    // Every cell as the one wording gives it, each computed on its own.
    const now = new Date();
    for (const e of [first, second]) {
      const row = page.rows.find((r) => r.enrollmentId === e.enrollment.id)!;
      const stored = await db.assessment.findMany({ where: { enrollmentId: e.enrollment.id } });
      expect(row.expected).toBe(stored.length);
      expect(row.completed).toBe(stored.filter((a) => a.status === "COMPLETED").length);
      expect(Object.keys(row.cells).sort()).toEqual(stored.map((a) => `${a.timepointKey}|${a.instrumentCode}`).sort());
      for (const a of stored) {
        const state = cellState(a, now);
        expect(row.cells[`${a.timepointKey}|${a.instrumentCode}`]).toEqual({
          id: a.id,
          state,
          when: describeQuestionnaire({ state, ...windowDates(a, cohort.timeZone), completedOn: a.completedOn }),
          headline: a.instrumentCode === "PHQ9" && a.status === "COMPLETED" ? expect.any(String) : null,
        });
      }
    }
    const cells = page.rows.find((r) => r.enrollmentId === first.enrollment.id)!.cells;
    expect(cells["baseline|PHQ9"]).toMatchObject({ state: "completed", when: "Completed Mon 2 Mar 2026", headline: "9" });
    expect(cells["baseline|GAD7"]).toMatchObject({ state: "missed", when: "Missed" });
    expect(cells["baseline|PCL5"]?.state).toBe("due");
    expect(page.rows.find((r) => r.enrollmentId === first.enrollment.id)!.links).toEqual({
      baseline: { id: link.id, expiresAt: link.expiresAt.toISOString() },
    });
    expect(page.rows.find((r) => r.enrollmentId === second.enrollment.id)!.links).toEqual({});
    expect(page).toMatchObject({ cohortName: cohort.name, canEnter: true, canLink: true, names: true });

    // Headlines come from the compact scores; a questionnaire stored before that column gets
    // its headline from its full scores, read in one more statement.
    const legacy = scoreResponses("PHQ9", [3, 3, 3, 3, 3, 3, 3, 3, 1]);
    await db.assessment.updateMany({
      where: { enrollmentId: second.enrollment.id, timepointKey: "baseline", instrumentCode: "PHQ9" },
      data: { status: "COMPLETED", completedOn: "2026-03-03", scores: JSON.stringify(legacy.scores), scaleValues: null },
    });
    const withLegacy = await trackerOf(cohort.id, coordinator.cookie);
    expect(withLegacy.queries).toBe(9);
    expect(withLegacy.page.rows.find((r) => r.enrollmentId === second.enrollment.id)!.cells["baseline|PHQ9"]).toMatchObject({
      state: "completed",
      headline: "25",
    });
    expect(withLegacy.page.rows.find((r) => r.enrollmentId === first.enrollment.id)!.cells["baseline|PHQ9"]?.headline).toBe("9");

    // A timepoint whose anchor session is gone is reported, its cells still listed.
    await db.groupSession.deleteMany({ where: { cohortId: cohort.id, planIndex: 1 } });
    expect((await trackerOf(cohort.id, coordinator.cookie)).page.skipped.map((s) => s.key)).toEqual(["dosing_1"]);

    // An analyst sees codes only.
    const analyst = await signedInUser(["ANALYST"]);
    expect((await trackerOf(cohort.id, analyst.cookie)).page.rows.map((r) => r.label)).toEqual(codes);

    // A facilitator of another cohort gets a 404; assigned to this one, the tracker.
    const facilitator = await signedInUser(["FACILITATOR"]);
    const hidden = await call(tracker.loader, `/cohorts/${cohort.id}/measures`, "GET", {
      cookie: facilitator.cookie,
      params: { cohortId: cohort.id },
    }).catch((e: unknown) => e);
    expect((hidden as Response).status).toBe(404);
    await db.cohortStaff.create({ data: { cohortId: cohort.id, userId: facilitator.user.id, role: "FACILITATOR" } });
    expect((await trackerOf(cohort.id, facilitator.cookie)).page.rows).toHaveLength(2);
  });
});

describe("the measures tracker's timepoints", () => {
  it("opens on the latest timepoint whose window has opened, counts each timepoint's due and overdue questionnaires, and shows one timepoint or all", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const { cohort, enrolled } = await createMeasuredCohort({ participants: 2 });
    await syncExpectedAssessments(cohort.id);
    const [first, second] = enrolled;
    const keysOf = (page: { columns: { timepointKey: string }[] }) => [...new Set(page.columns.map((c) => c.timepointKey))];

    // Nothing open yet: the first timepoint.
    const closed = (await trackerOf(cohort.id, coordinator.cookie, "")).page;
    expect(closed.timepoint).toBe("baseline");
    expect(keysOf(closed)).toEqual(["baseline"]);
    expect(closed.timepoints.every((t) => t.due === 0 && t.overdue === 0 && !t.opened)).toBe(true);

    // The first participant's baseline is open, one of it overdue; the second's first dosing
    // timepoint is open: the tracker opens on that one, its cells only.
    await openWindow(first.enrollment.id, "baseline");
    await db.assessment.updateMany({
      where: { enrollmentId: first.enrollment.id, timepointKey: "baseline", instrumentCode: "PHQ9" },
      data: { windowOpens: new Date(Date.now() - 96 * 3_600_000), windowCloses: new Date(Date.now() - 3_600_000) },
    });
    await openWindow(second.enrollment.id, "dosing_1");
    const baselineCount = await db.assessment.count({ where: { enrollmentId: first.enrollment.id, timepointKey: "baseline" } });
    const dosingCount = await db.assessment.count({ where: { enrollmentId: second.enrollment.id, timepointKey: "dosing_1" } });
    const { page, queries: defaultQueries } = await trackerOf(cohort.id, coordinator.cookie, "");
    expect(page.timepoint).toBe("dosing_1");
    // The other timepoints are counted, not read: the counts, then the chosen timepoint's
    // questionnaires (the session, the access check, five reads, the audit row, one more read).
    expect(defaultQueries).toBe(9);
    expect(keysOf(page)).toEqual(["dosing_1"]);
    expect(page.rows.flatMap((r) => Object.keys(r.cells)).every((k) => k.startsWith("dosing_1|"))).toBe(true);
    // The completed counts stay those of every timepoint.
    expect(page.rows.find((r) => r.enrollmentId === first.enrollment.id)!.expected).toBe(
      await db.assessment.count({ where: { enrollmentId: first.enrollment.id } }),
    );
    const counts = Object.fromEntries(page.timepoints.map((t) => [t.key, { due: t.due, overdue: t.overdue, opened: t.opened }]));
    expect(counts.baseline).toEqual({ due: baselineCount - 1, overdue: 1, opened: true });
    expect(counts.dosing_1).toEqual({ due: dosingCount, overdue: 0, opened: true });
    expect(page.timepoints.map((t) => t.key)[0]).toBe("baseline");

    // Both participants' first dosing questionnaires in one window: counted as one group of
    // several (each counts).
    await db.assessment.updateMany({
      where: { enrollmentId: { in: [first.enrollment.id, second.enrollment.id] }, timepointKey: "dosing_1" },
      data: { windowOpens: new Date(Date.now() - 3_600_000), windowCloses: new Date(Date.now() + 48 * 3_600_000) },
    });
    const shared = (await trackerOf(cohort.id, coordinator.cookie, "")).page.timepoints.find((t) => t.key === "dosing_1")!;
    expect(shared.due).toBe(await db.assessment.count({ where: { enrollment: { cohortId: cohort.id }, timepointKey: "dosing_1" } }));
    expect(shared.due).toBe(2 * dosingCount);

    // Chosen: one timepoint, or all; an unknown key is the default.
    const chosen = await trackerOf(cohort.id, coordinator.cookie, "?timepoint=baseline");
    const baseline = chosen.page;
    expect([baseline.timepoint, ...keysOf(baseline)]).toEqual(["baseline", "baseline"]);
    expect(chosen.queries).toBe(9); // a chosen timepoint is read with the counts, at once
    const all = (await trackerOf(cohort.id, coordinator.cookie)).page;
    expect(all.timepoint).toBe("all");
    expect(keysOf(all)).toEqual(all.timepoints.map((t) => t.key));
    // Counted or read, the same numbers and cells: the timepoints' counts and each row's totals
    // equal those of every questionnaire read, and a timepoint's cells are the same.
    expect(baseline.timepoints).toEqual(all.timepoints);
    expect((await trackerOf(cohort.id, coordinator.cookie, "")).page.timepoints).toEqual(all.timepoints);
    for (const r of all.rows) {
      const one = baseline.rows.find((x) => x.enrollmentId === r.enrollmentId)!;
      expect([one.completed, one.expected]).toEqual([r.completed, r.expected]);
      expect(one.cells).toEqual(Object.fromEntries(Object.entries(r.cells).filter(([k]) => k.startsWith("baseline|"))));
    }
    expect((await trackerOf(cohort.id, coordinator.cookie, "?timepoint=nope")).page.timepoint).toBe("dosing_1");
  });
});
