// A coordinator chooses the cohort's on-call clinician on the cohort page: only an active
// clinician, with the page's version, audited; a facilitator cannot.
import { describe, expect, it } from "vitest";
import * as cohortRoute from "~/routes/cohorts.$cohortId";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createTestCohort } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
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
});
