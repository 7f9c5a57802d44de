// Reads several loaders of one page ask alike are read once per request (oncePerRequest,
// app/utils/perRequest.server.ts): a cohort's access check, asked by the tab's loader, takes
// the cohort layout's header read when that read offered it (offerCohortAccess), and a failed
// offered read neither answers for the check nor goes unhandled.
import { describe, expect, it } from "vitest";
import { offerCohortAccess, requireCohortAccess, type CohortAccess, type Viewer } from "~/models/access.server";
import { createTestUser } from "../setup/factories";
import { createTestCohort } from "../setup/factories-scheduling";
import { counted } from "../setup/statements";

async function fixture() {
  const cohort = await createTestCohort();
  const user = await createTestUser({ roles: ["COORDINATOR"] });
  const viewer: Viewer = { id: user.id, email: user.email, roles: ["COORDINATOR"] };
  const access = await requireCohortAccess(viewer, cohort.id);
  return { cohort, viewer, access };
}

describe("a cohort's access check, once per request", () => {
  it("is one statement for the request's loaders; another request, or none, reads again", async () => {
    const { cohort, viewer, access } = await fixture();
    const request = {};
    const both = await counted(() =>
      Promise.all([requireCohortAccess(viewer, cohort.id, request), requireCohortAccess(viewer, cohort.id, request)]),
    );
    expect(both.queries).toBe(1);
    expect(both.value).toEqual([access, access]);
    expect((await counted(() => requireCohortAccess(viewer, cohort.id, {}))).queries).toBe(1);
    expect((await counted(() => requireCohortAccess(viewer, cohort.id))).queries).toBe(1);
  });

  it("takes an offered read (the layout's header), a 404 when it found nothing, and reads itself when it failed", async () => {
    const { cohort, viewer, access } = await fixture();
    const offered = { ...access, name: "As the header read it" };
    const request = {};
    offerCohortAccess(viewer, cohort.id, request, Promise.resolve(offered));
    const taken = await counted(() => requireCohortAccess(viewer, cohort.id, request));
    expect(taken).toEqual({ value: offered, queries: 0 });

    const hidden = {};
    offerCohortAccess(viewer, cohort.id, hidden, Promise.resolve(null));
    const refused = await requireCohortAccess(viewer, cohort.id, hidden).catch((e: unknown) => e as Response);
    expect((refused as Response).status).toBe(404);

    const failed = {};
    offerCohortAccess(viewer, cohort.id, failed, Promise.reject(new Error("header read failed")));
    const own = await counted(() => requireCohortAccess(viewer, cohort.id, failed));
    expect(own).toEqual({ value: access, queries: 1 });
  });

  it("ignores an offer once the request has checked, and a failed one then goes unhandled nowhere", async () => {
    const { cohort, viewer, access } = await fixture();
    const request = {};
    await requireCohortAccess(viewer, cohort.id, request);
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", listen);
    try {
      offerCohortAccess(viewer, cohort.id, request, Promise.reject(new Error("header read failed")));
      offerCohortAccess(viewer, cohort.id, request, Promise.resolve({ ...access, name: "Too late" } as CohortAccess));
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off("unhandledRejection", listen);
    }
    expect(unhandled).toEqual([]);
    expect((await counted(() => requireCohortAccess(viewer, cohort.id, request))).value).toEqual(access);
  });
});
