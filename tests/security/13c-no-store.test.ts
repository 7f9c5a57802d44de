// Finding 13c: responses with participant data must not be kept by browsers or proxies.
// Every page and every single-fetch `.data` response the app renders says
// `Cache-Control: no-store`, checked through the real request handler.
import { beforeAll, describe, expect, it } from "vitest";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { remixHandler } from "../setup/remix-handler";

let handle: Awaited<ReturnType<typeof remixHandler>>;
let cookie: string;
let participantId: string;

beforeAll(async () => {
  handle = await remixHandler();
  cookie = (await signedInUser(["COORDINATOR", "CLINICIAN"])).cookie;
  const cohort = await createTestCohort({ status: "ACTIVE" });
  participantId = (await createEnrolledTestParticipant(cohort.id, "ACTIVE", { firstName: "Cara", lastName: "Nocache" })).participant.id;
}, 180_000);

describe("Cache-Control: no-store on participant data", () => {
  it.each([
    ["a page (document request)", () => `/participants/${participantId}`],
    ["a single-fetch .data request of every loader", () => `/participants/${participantId}.data`],
    [
      "a .data request for one child route",
      () => `/participants/${participantId}.data?_routes=${encodeURIComponent("routes/participants.$participantId._index")}`,
    ],
    ["the participant search", () => "/participants?q=Noc"],
    ["a CSV download", () => "/adverse-events.csv"],
  ])("%s", async (_label, url) => {
    const res = await handle(url(), { cookie });
    const body = await res.text();
    expect(res.status).toBe(200);
    if (!url().endsWith(".csv")) expect(body).toContain("Nocache");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("error and sign-in pages too (they can follow a signed-in page in the same tab)", async () => {
    const missing = await handle(`/participants/nobody`, { cookie });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
    const login = await handle("/login");
    expect(login.headers.get("cache-control")).toBe("no-store");
  });
});
