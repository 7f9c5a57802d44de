// A participant's measures tab reads through the driver: the same enrollments (visible cohorts
// only), plans and questionnaires as the ORM's nested read it replaced, in a pinned number of
// statements, and the read is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { readerFor, type Viewer } from "~/models/access.server";
import { getParticipantMeasures, measurePlanOf, scoreResponses, syncExpectedAssessments } from "~/models/assessment.server";
import * as measuresTab from "~/routes/participants.$participantId.measures";
import { dbReady } from "~/utils/db.server";
import { createMeasuredCohort } from "../setup/factories-measures";
import { createTestEnrollment } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { BASE, call } from "../setup/http";
import { counted } from "../setup/statements";

/** The earlier read (Prisma's nested include), shaped as getParticipantMeasures returns it. */
async function ormReference(participantId: string, cohortIds: readonly string[]) {
  const db = await dbReady();
  const enrollments = await db.enrollment.findMany({
    where: { participantId, cohortId: { in: [...cohortIds] } },
    include: {
      cohort: { include: { programVersion: true } },
      assessments: { orderBy: [{ dueDate: "asc" }, { instrumentCode: "asc" }, { id: "asc" }] },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return enrollments.map((e) => ({
    enrollmentId: e.id,
    cohortId: e.cohortId,
    cohortName: e.cohort.name,
    timeZone: e.cohort.timeZone,
    plan: measurePlanOf(e.cohort.programVersion.definition),
    assessments: e.assessments.map((a) => ({
      id: a.id,
      timepointKey: a.timepointKey,
      instrumentCode: a.instrumentCode,
      status: a.status,
      windowOpens: a.windowOpens,
      windowCloses: a.windowCloses,
      dueDate: a.dueDate,
      completedOn: a.completedOn,
      source: a.source,
      scores: a.scores,
    })),
  }));
}

type Tab = Awaited<ReturnType<typeof measuresTab.loader>>;

describe("a participant's measures tab", () => {
  it("reads the visible cohorts' questionnaires as the ORM did, in two statements, audited", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const facilitator = await signedInUser(["FACILITATOR"]);
    const first = await createMeasuredCohort({ participants: 1, staff: [{ userId: facilitator.user.id, role: "FACILITATOR" }] });
    const second = await createMeasuredCohort({ participants: 1, startDate: "2026-01-05", endDate: "2026-02-20" });
    const person = first.enrolled[0].participant;
    await createTestEnrollment({ participantId: person.id, cohortId: second.cohort.id, status: "COMPLETED" });
    await syncExpectedAssessments(first.cohort.id);
    await syncExpectedAssessments(second.cohort.id);
    // Completed (scored), missed and expected questionnaires in both cohorts.
    const phq = scoreResponses("PHQ9", [2, 2, 2, 1, 1, 1, 0, 0, 0]);
    await db.assessment.updateMany({
      where: { enrollment: { participantId: person.id }, timepointKey: "baseline", instrumentCode: "PHQ9" },
      data: {
        status: "COMPLETED",
        completedOn: "2026-01-02",
        source: "STAFF",
        scores: JSON.stringify(phq.scores),
        scaleValues: phq.scaleValues,
      },
    });
    await db.assessment.updateMany({
      where: { enrollment: { participantId: person.id, cohortId: second.cohort.id }, timepointKey: "baseline", instrumentCode: "GAD7" },
      data: { status: "MISSED" },
    });

    const tab = async (cookie: string) => {
      const { value: res, queries } = await counted(() =>
        call(measuresTab.loader, `/participants/${person.id}/measures`, "GET", { cookie, params: { participantId: person.id } }),
      );
      expect(res.status).toBe(200);
      return { data: res.data as Tab, queries };
    };
    // What the page shows, from the reference rows, by the loader's own shaping.
    const shown = async (cohortIds: string[]) => {
      const reference = await ormReference(person.id, cohortIds);
      expect(reference.flatMap((e) => e.assessments).length).toBeGreaterThan(10);
      return reference.map((e) => ({ cohortId: e.cohortId, cohortName: e.cohortName, ids: e.assessments.map((a) => a.id) }));
    };

    const all = await tab(coordinator.cookie);
    expect(
      all.data.enrollments.map((e) => ({ cohortId: e.cohortId, cohortName: e.cohortName, ids: e.assessments.map((a) => a.id) })),
    ).toEqual(await shown([first.cohort.id, second.cohort.id]));
    // The session, the participant's access, the enrollments and the questionnaires (together), the
    // audit row: the ORM's nested read took four statements for the two reads.
    expect(all.queries).toBe(5);
    const charts = all.data.enrollments.flatMap((e) => e.charts.map((c) => [e.cohortId, c.code, c.points.map((p) => p.values)]));
    expect(charts).toEqual([
      [first.cohort.id, "PHQ9", [{ total: 9 }]],
      [second.cohort.id, "PHQ9", [{ total: 9 }]],
    ]);
    const states = all.data.enrollments.map((e) =>
      e.assessments
        .filter((a) => a.state === "completed" || a.state === "missed")
        .map((a) => a.state)
        .sort(),
    );
    expect(states).toEqual([["completed"], ["completed", "missed"]]);

    // Every field the model returns, as the ORM read them, for either viewer.
    const reader = (viewer: Viewer) =>
      readerFor(
        { request: new Request(`${BASE}/participants/${person.id}/measures`), params: {}, context: {} } as unknown as LoaderFunctionArgs,
        viewer,
      );
    const asFacilitator: Viewer = { id: facilitator.user.id, email: facilitator.user.email, roles: ["FACILITATOR"] };
    const asCoordinator: Viewer = { id: coordinator.user.id, email: coordinator.user.email, roles: ["COORDINATOR"] };
    expect(await getParticipantMeasures(reader(asCoordinator), person.id)).toEqual(
      await ormReference(person.id, [first.cohort.id, second.cohort.id]),
    );
    expect(await getParticipantMeasures(reader(asFacilitator), person.id)).toEqual(await ormReference(person.id, [first.cohort.id]));

    // A facilitator sees the cohort they staff only.
    const theirs = await tab(facilitator.cookie);
    expect(
      theirs.data.enrollments.map((e) => ({ cohortId: e.cohortId, cohortName: e.cohortName, ids: e.assessments.map((a) => a.id) })),
    ).toEqual(await shown([first.cohort.id]));
    const audited = await db.auditEvent.count({ where: { actorId: facilitator.user.id, entityId: person.id } });
    expect(audited).toBeGreaterThan(0);
  });
});
