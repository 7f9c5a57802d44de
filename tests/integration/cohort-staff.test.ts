// Changing a running cohort's staff: from the CLI (addCohortStaff) and from the cohort page
// (a coordinator adds or removes a person; version-checked, audited, facilitators refused).
import { describe, expect, it } from "vitest";
import { addCohortStaff } from "~/models/cohortStaff.server";
import * as cohortRoute from "~/routes/cohorts.$cohortId";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createTestCohort } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { call, formReply } from "../setup/http";

const meta = { ip: null, userAgent: "vitest" };

async function cohortWithSessions() {
  const db = await dbReady();
  const cohort = await createTestCohort();
  const at = (d: number) => new Date(Date.UTC(2027, 0, d, 16));
  const mk = (d: number, status: string, kind = "DOSING") =>
    db.groupSession.create({ data: { cohortId: cohort.id, kind, title: `S${d}`, startsAt: at(d), endsAt: at(d + 1), status } });
  const sessions = {
    held: await mk(1, "COMPLETED"),
    upcoming: await mk(8, "SCHEDULED"),
    cancelled: await mk(15, "CANCELLED"),
    integration: await mk(22, "SCHEDULED", "INTEGRATION"),
  };
  return { cohort, sessions };
}

describe("adding staff to a running cohort", () => {
  it("assigns the cohort and the scheduled sessions that need them (not held or cancelled ones), and audits it", async () => {
    const db = await dbReady();
    const { cohort, sessions } = await cohortWithSessions();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });

    await addCohortStaff(null, meta, { cohortId: cohort.id, userId: clinician.id, role: "CLINICIAN" });
    await expect(addCohortStaff(null, meta, { cohortId: cohort.id, userId: clinician.id, role: "CLINICIAN" })).rejects.toThrow(
      /already clinician of this cohort/,
    );

    expect(await db.cohortStaff.count({ where: { cohortId: cohort.id, userId: clinician.id } })).toBe(1);
    const staffed = await db.sessionStaff.findMany({ where: { userId: clinician.id } });
    // A clinician staffs the dosing session ahead, not the integration session (no medical staff needed).
    expect(staffed.map((s) => s.sessionId)).toEqual([sessions.upcoming.id]);
    expect(staffed[0].role).toBe("CLINICIAN");
    expect(await db.auditEvent.count({ where: { action: "cohort.staff_add", entityId: cohort.id } })).toBe(1);
  });

  it("refuses a user without the matching role and writes nothing", async () => {
    const db = await dbReady();
    const cohort = await createTestCohort();
    const analyst = await createTestUser({ roles: ["ANALYST"] });
    await expect(addCohortStaff(null, meta, { cohortId: cohort.id, userId: analyst.id, role: "CLINICIAN" })).rejects.toThrow(
      /not an active clinician/,
    );
    expect(await db.cohortStaff.count({ where: { cohortId: cohort.id, userId: analyst.id } })).toBe(0);
  });
});

describe("the cohort page's staff editor", () => {
  it("adds and removes staff for the sessions ahead, keeps the last lead, checks the version and audits", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const { cohort, sessions } = await cohortWithSessions();
    const lead = await createTestUser({ roles: ["FACILITATOR"] });
    const cover = await createTestUser({ roles: ["FACILITATOR"] });
    const analyst = await createTestUser({ roles: ["ANALYST"] });
    await addCohortStaff(null, meta, { cohortId: cohort.id, userId: lead.id, role: "LEAD_FACILITATOR" });
    const version = async () => String((await db.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).version);
    const post = async (form: Record<string, string>, cookie = coordinator.cookie) =>
      call(cohortRoute.action, `/cohorts/${cohort.id}`, "POST", { cookie, params: { cohortId: cohort.id }, form });

    // Field messages: nobody chosen, no role, a person who is not a facilitator. Nothing written.
    const empty = await post({ intent: "staff-add", userId: "", role: "", version: await version() });
    expect(empty.status).toBe(400);
    expect(formReply(empty.data).errors).toMatchObject({ userId: "Choose a person", role: "Choose their role in this cohort" });
    const wrong = await post({ intent: "staff-add", userId: analyst.id, role: "FACILITATOR", version: await version() });
    expect(formReply(wrong.data).errors.userId).toMatch(/is not an active facilitator/);
    expect(await db.cohortStaff.count({ where: { cohortId: cohort.id } })).toBe(1);

    // The last lead facilitator cannot be removed.
    const last = await post({ intent: "staff-remove", userId: lead.id, role: "LEAD_FACILITATOR", version: await version() });
    expect(formReply(last.data).errors.form).toMatch(/only lead facilitator: add the new lead facilitator first/);

    // A cover lead joins; the first lead leaves: the sessions ahead change, the held one keeps its staff.
    await db.sessionStaff.create({ data: { sessionId: sessions.held.id, userId: lead.id, role: "FACILITATOR" } });
    const added = await post({ intent: "staff-add", userId: cover.id, role: "LEAD_FACILITATOR", version: await version() });
    expect(added.status).toBe(200);
    expect((added.data as { message?: string }).message).toMatch(/added as lead facilitator: 2 upcoming session\(s\) changed/);
    const stale = String(Number(await version()) - 1);
    expect((await post({ intent: "staff-remove", userId: lead.id, role: "LEAD_FACILITATOR", version: stale })).status).toBe(409);
    const removed = await post({ intent: "staff-remove", userId: lead.id, role: "LEAD_FACILITATOR", version: await version() });
    expect(removed.status).toBe(200);

    const staffOf = async (sessionId: string) =>
      (await db.sessionStaff.findMany({ where: { sessionId }, select: { userId: true } })).map((s) => s.userId);
    expect(await staffOf(sessions.upcoming.id)).toEqual([cover.id]);
    expect(await staffOf(sessions.integration.id)).toEqual([cover.id]);
    expect(await staffOf(sessions.held.id)).toEqual([lead.id]);
    expect(await db.cohortStaff.findMany({ where: { cohortId: cohort.id }, select: { userId: true, role: true } })).toEqual([
      { userId: cover.id, role: "LEAD_FACILITATOR" },
    ]);
    expect(await db.auditEvent.count({ where: { entityId: cohort.id, action: { in: ["cohort.staff_add", "cohort.staff_remove"] } } })).toBe(
      3,
    );

    // A facilitator may not change staff.
    const facilitator = await signedInUser(["FACILITATOR"]);
    const refused = await post({ intent: "staff-add", userId: lead.id, role: "FACILITATOR", version: await version() }, facilitator.cookie);
    expect(refused.status).toBe(403);
  });
});
