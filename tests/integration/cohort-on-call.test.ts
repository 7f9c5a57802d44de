// A coordinator chooses the cohort's on-call clinician on the cohort page: only an active
// clinician, with the page's version, audited; a facilitator cannot.
import { describe, expect, it } from "vitest";
import * as cohortRoute from "~/routes/cohorts.$cohortId";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createTestCohort, createTestEnrollment, createTestParticipant } from "../setup/factories-scheduling";
import { createTestSession, signedInUser } from "../setup/factories-sessions";
import { call, formReply } from "../setup/http";

describe("cohort on-call clinician", () => {
  it("saves an active clinician, refuses anyone else and a stale page, and audits the change", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const facilitatorUser = await createTestUser({ roles: ["FACILITATOR"] });
    const cohort = await createTestCohort();
    const post = (form: Record<string, string>, cookie = coordinator.cookie) =>
      call(cohortRoute.action, `/cohorts/${cohort.id}`, "POST", {
        cookie,
        params: { cohortId: cohort.id },
        form: { intent: "on-call", ...form },
      });

    const wrong = await post({ onCallUserId: facilitatorUser.id, version: "1" });
    expect(wrong.status).toBe(400);
    expect(formReply(wrong.data).errors.onCallUserId).toBe("Choose an active clinician");

    expect((await post({ onCallUserId: clinician.id, version: "1" })).status).toBe(200);
    expect((await db.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).onCallUserId).toBe(clinician.id);
    expect(await db.auditEvent.count({ where: { entityId: cohort.id, action: "cohort.on_call" } })).toBe(1);

    const stale = await post({ onCallUserId: "", version: "1" });
    expect(stale.status).toBe(409);
    expect((await db.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).onCallUserId).toBe(clinician.id);

    const facilitator = await signedInUser(["FACILITATOR"]);
    expect((await post({ onCallUserId: "", version: "2" }, facilitator.cookie)).status).toBe(403);
  });

  it("the cohort header (read in two statements) shows the on-call clinician, seat and session counts, staff in role order, and only active clinicians to choose", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const clinician = await createTestUser({ roles: ["CLINICIAN"], name: "Zed Clinician" });
    const lead = await createTestUser({ roles: ["FACILITATOR"], name: "Yan Lead" });
    const gone = await createTestUser({ roles: ["CLINICIAN"], name: "Gone Clinician" });
    await db.user.update({ where: { id: gone.id }, data: { active: false } });
    const cohort = await createTestCohort();
    await db.cohort.update({ where: { id: cohort.id }, data: { onCallUserId: clinician.id } });
    await db.cohortStaff.createMany({
      data: [
        { cohortId: cohort.id, userId: clinician.id, role: "CLINICIAN" },
        { cohortId: cohort.id, userId: lead.id, role: "LEAD_FACILITATOR" },
      ],
    });
    for (const status of ["ENROLLED", "ACTIVE", "COMPLETED", "WAITLISTED", "SCREENING", "WITHDRAWN"]) {
      await createTestEnrollment({ participantId: (await createTestParticipant()).id, cohortId: cohort.id, status });
    }
    const sessions = [await createTestSession(cohort.id), await createTestSession(cohort.id), await createTestSession(cohort.id)];
    await db.groupSession.update({ where: { id: sessions[0].id }, data: { status: "COMPLETED" } });
    await db.groupSession.update({ where: { id: sessions[1].id }, data: { status: "CANCELLED", cancelReason: "Snow" } });

    const res = await call(cohortRoute.loader, `/cohorts/${cohort.id}`, "GET", {
      cookie: coordinator.cookie,
      params: { cohortId: cohort.id },
    });
    expect(res.status).toBe(200);
    const data = res.data as Awaited<ReturnType<typeof cohortRoute.loader>>;
    expect(data.cohort).toMatchObject({
      id: cohort.id,
      name: cohort.name,
      capacity: cohort.capacity,
      timeZone: cohort.timeZone,
      startDate: cohort.startDate,
      onCall: { id: clinician.id, name: "Zed Clinician" },
      counts: { enrolled: 2, completed: 1, waitlisted: 1, inScreening: 1, sessions: sessions.length - 1, sessionsDone: 1 },
    });
    expect(data.cohort.staff.map((s) => [s.name, s.role])).toEqual([
      ["Yan Lead", "LEAD_FACILITATOR"],
      ["Zed Clinician", "CLINICIAN"],
    ]);
    expect(data.clinicians.map((c) => c.id)).toContain(clinician.id);
    expect(data.clinicians.map((c) => c.id)).not.toContain(gone.id);
    expect(data.clinicians.map((c) => c.id)).not.toContain(lead.id);
    expect(data.staffChoices.facilitators.map((c) => c.id)).toContain(lead.id);

    // A facilitator of another cohort gets a 404, the cohort's own lead the header.
    const stranger = await signedInUser(["FACILITATOR"]);
    const hidden = await call(cohortRoute.loader, `/cohorts/${cohort.id}`, "GET", {
      cookie: stranger.cookie,
      params: { cohortId: cohort.id },
    }).catch((e) => e);
    expect((hidden as Response).status).toBe(404);
  });
});
