import { describe, expect, it } from "vitest";
import { addCohortStaff } from "~/models/cohortStaff.server";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createTestCohort } from "../setup/factories-scheduling";

const meta = { ip: null, userAgent: "vitest" };

describe("adding staff to a running cohort", () => {
  it("assigns the cohort and every scheduled session (not held or cancelled ones), and audits it", async () => {
    const db = await dbReady();
    const cohort = await createTestCohort();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const at = (d: number) => new Date(Date.UTC(2027, 0, d, 16));
    const mk = (d: number, status: string) =>
      db.groupSession.create({ data: { cohortId: cohort.id, kind: "DOSING", title: `S${d}`, startsAt: at(d), endsAt: at(d + 1), status } });
    const [held, upcoming, cancelled] = [await mk(1, "COMPLETED"), await mk(8, "SCHEDULED"), await mk(15, "CANCELLED")];

    await addCohortStaff(null, meta, { cohortId: cohort.id, userId: clinician.id, role: "CLINICIAN" });
    await addCohortStaff(null, meta, { cohortId: cohort.id, userId: clinician.id, role: "CLINICIAN" }); // idempotent

    expect(await db.cohortStaff.count({ where: { cohortId: cohort.id, userId: clinician.id } })).toBe(1);
    const staffed = await db.sessionStaff.findMany({ where: { userId: clinician.id } });
    expect(staffed.map((s) => s.sessionId)).toEqual([upcoming.id]);
    expect(staffed[0].role).toBe("CLINICIAN");
    expect(staffed.some((s) => s.sessionId === held.id || s.sessionId === cancelled.id)).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "cohort.staff_add", entityId: cohort.id } })).toBe(2);
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
