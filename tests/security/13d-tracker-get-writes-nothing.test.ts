// Finding 13d: viewing the measures tracker inserted Assessment rows (a GET writing clinical
// data, unaudited). The expected rows are now created by the writes that make them
// expected; the tracker only reads and still lists every expected timepoint.
import { describe, expect, it } from "vitest";
import { unpackTrackerRows } from "~/components/measures/CompletionTracker";
import { FIRST_RESPONDERS_TEMPLATE } from "~/domain/scheduling";
import { addToCohort } from "~/models/enrollment.server";
import * as tracker from "~/routes/cohorts.$cohortId.measures";
import { dbReady } from "~/utils/db.server";
import { createMeasuredCohort } from "../setup/factories-measures";
import { createTestParticipant } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

const meta = { ip: "10.0.0.1", userAgent: "vitest" };

describe("the measures tracker", () => {
  it("a GET changes no Assessment row and still lists every expected timepoint", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const { cohort } = await createMeasuredCohort({ participants: 0 });
    // Enrolled the way the app enrolls people (the roster's "add as eligible").
    for (let i = 0; i < 2; i++) {
      const p = await createTestParticipant();
      await addToCohort(coordinator.user, meta, { participantId: p.id, cohortId: cohort.id, mode: "PLACE" });
    }
    const rowsOf = () =>
      db.assessment.findMany({
        where: { enrollment: { cohortId: cohort.id } },
        orderBy: { id: "asc" },
        select: { id: true, status: true, dueDate: true, windowOpens: true },
      });
    const before = await rowsOf();

    const res = await call(tracker.loader, `/cohorts/${cohort.id}/measures?timepoint=all`, "GET", {
      cookie: coordinator.cookie,
      params: { cohortId: cohort.id },
    });
    expect(res.status).toBe(200);

    expect(await rowsOf()).toEqual(before);
    const perEnrollment = FIRST_RESPONDERS_TEMPLATE.measurePlan.reduce((n, tp) => n + tp.instruments.length, 0);
    const page = res.data as Awaited<ReturnType<typeof tracker.loader>>;
    expect(page.skipped).toEqual([]);
    expect(page.columns).toHaveLength(perEnrollment);
    const rows = unpackTrackerRows(page.rows, page.columns);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.expected).toBe(perEnrollment);
      expect(Object.keys(row.cells).sort()).toEqual(page.columns.map((c) => `${c.timepointKey}|${c.instrumentCode}`).sort());
    }
  });
});
