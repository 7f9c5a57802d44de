// A participant's page reads its access check, header and overview, and the cohort choices,
// through the driver (app/utils/db.server.ts readRows): what they return on both databases,
// how many statements they take, and that a facilitator sees only their own cohorts. Also: the
// session is validated once per HTTP request however many loaders run, and again after an action.
import { describe, expect, it } from "vitest";
import { readerFor, requireParticipantAccess, type Viewer } from "~/models/access.server";
import {
  cohortFilterOptions,
  getParticipantHeader,
  getParticipantOverview,
  listParticipants,
  openCohortChoices,
} from "~/models/participant.server";
import { getUser } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createEnrolledTestParticipant, createTestCohort, createTestEnrollment } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { BASE } from "../setup/http";
import { counted } from "../setup/statements";

const reader = (v: Viewer) => readerFor({ request: new Request(`${BASE}/participants/x`), context: {} } as never, v);

async function fixture() {
  const db = await dbReady();
  const facilitator = await createTestUser({ roles: ["FACILITATOR"], name: "Fay Facilitator" });
  const coordinator = await createTestUser({ roles: ["COORDINATOR"], name: "Cora Coordinator" });
  const mine = await createTestCohort({ name: `Mine ${Date.now()}`, startDate: "2030-03-02" });
  const other = await createTestCohort({ name: `Other ${Date.now()}`, startDate: "2030-05-04" });
  await db.cohort.update({ where: { id: mine.id }, data: { capacity: 2 } });
  await db.cohortStaff.create({ data: { cohortId: mine.id, userId: facilitator.id, role: "FACILITATOR" } });
  const { participant, enrollment } = await createEnrolledTestParticipant(mine.id, "ACTIVE", { weightKg: 71.5, email: "pat@example.org" });
  await db.participant.update({ where: { id: participant.id }, data: { phone: "+15555550100", emergencyContactName: "Sam" } });
  const elsewhere = await createTestEnrollment({
    participantId: participant.id,
    cohortId: other.id,
    status: "WAITLISTED",
    waitlistPosition: 3,
  });
  await createEnrolledTestParticipant(mine.id, "ENROLLED"); // fills the second seat of `mine`
  const gone = await createTestUser({ roles: ["COORDINATOR"], name: "Gone Coordinator" });
  await db.enrollmentStatusChange.deleteMany({ where: { enrollmentId: { in: [enrollment.id, elsewhere.id] } } });
  await db.enrollmentStatusChange.createMany({
    data: [
      {
        enrollmentId: enrollment.id,
        fromStatus: null,
        toStatus: "REFERRED",
        changedById: null,
        changedAt: new Date("2030-01-01T10:00:00Z"),
      },
      {
        enrollmentId: enrollment.id,
        fromStatus: "REFERRED",
        toStatus: "ACTIVE",
        reason: "Screened",
        changedById: coordinator.id,
        changedAt: new Date("2030-01-02T10:00:00Z"),
      },
      {
        enrollmentId: elsewhere.id,
        fromStatus: null,
        toStatus: "WAITLISTED",
        changedById: gone.id,
        changedAt: new Date("2030-01-03T10:00:00Z"),
      },
    ],
  });
  await db.userRole.deleteMany({ where: { userId: gone.id } });
  await db.authSession.deleteMany({ where: { userId: gone.id } });
  await db.user.delete({ where: { id: gone.id } }); // their history rows keep the id: "Unknown user"
  const signal = (cohortId: string | null, detail: string, at: string) =>
    db.safetySignal.create({
      data: {
        kind: "AE_GRADE_3_PLUS",
        participantId: participant.id,
        cohortId,
        sourceType: "Test",
        sourceId: `${detail}-${participant.id}`,
        detail,
        createdAt: new Date(at),
      },
    });
  await signal(other.id, "In the other cohort", "2030-01-04T10:00:00Z");
  await signal(mine.id, "In my cohort", "2030-01-05T10:00:00Z");
  await signal(null, "No cohort", "2030-01-06T10:00:00Z");
  const acknowledged = await signal(mine.id, "Acknowledged", "2030-01-07T10:00:00Z");
  await db.safetySignal.update({ where: { id: acknowledged.id }, data: { acknowledgedAt: new Date() } });
  return { facilitator, coordinator, mine, other, participant, enrollment, elsewhere };
}

const asViewer = (u: { id: string; email: string }, roles: Viewer["roles"]): Viewer => ({ id: u.id, email: u.email, roles });

describe("participant page reads", () => {
  it("the access check: one statement, the columns its callers use; a facilitator of another cohort and an analyst get 404", async () => {
    const f = await fixture();
    const outsider = await createTestUser({ roles: ["FACILITATOR"] });
    const { value, queries } = await counted(() => requireParticipantAccess(asViewer(f.facilitator, ["FACILITATOR"]), f.participant.id));
    expect(queries).toBe(1);
    expect(value).toEqual({
      id: f.participant.id,
      code: f.participant.code,
      firstName: f.participant.firstName,
      lastName: f.participant.lastName,
      timeZone: null,
    });
    for (const [u, roles] of [
      [outsider, ["FACILITATOR"]],
      [f.coordinator, ["ANALYST"]],
    ] as const) {
      const refused = await requireParticipantAccess(asViewer(u, [...roles]), f.participant.id).catch((e: unknown) => e);
      expect((refused as Response).status).toBe(404);
    }
  });

  it("the access check, once per request: the layout's loader and the tab's share one statement; another request, or none, reads again; each 404 is its own", async () => {
    const f = await fixture();
    const viewer = asViewer(f.facilitator, ["FACILITATOR"]);
    const request = {}; // a loader's load context: one per HTTP request
    const both = await counted(() =>
      Promise.all([
        requireParticipantAccess(viewer, f.participant.id, request),
        requireParticipantAccess(viewer, f.participant.id, request),
      ]),
    );
    expect(both.queries).toBe(1);
    expect(both.value[0]).toEqual(both.value[1]);
    expect(both.value[0].id).toBe(f.participant.id);
    expect((await counted(() => requireParticipantAccess(viewer, f.participant.id, request))).queries).toBe(0);
    // Another request, and a caller without one (an action), read for themselves.
    expect((await counted(() => requireParticipantAccess(viewer, f.participant.id, {}))).queries).toBe(1);
    expect((await counted(() => requireParticipantAccess(viewer, f.participant.id))).queries).toBe(1);
    // Another viewer in the same request is checked for themselves: a facilitator of another cohort gets 404.
    const outsider = asViewer(await createTestUser({ roles: ["FACILITATOR"] }), ["FACILITATOR"]);
    const refused = await counted(() =>
      Promise.all(
        [1, 2].map(() =>
          requireParticipantAccess(outsider, f.participant.id, request).then(
            () => new Response("allowed", { status: 200 }),
            (e: unknown) => e as Response,
          ),
        ),
      ),
    );
    expect(refused.queries).toBe(1);
    expect(refused.value.map((r) => r.status)).toEqual([404, 404]);
    // Two responses, each with its own body for its loader's error boundary.
    expect(refused.value[0]).not.toBe(refused.value[1]);
    expect(await Promise.all(refused.value.map((r) => r.text()))).toEqual(["Participant not found", "Participant not found"]);
  });

  it("the header: who, and the open signals of the viewer's cohorts (a facilitator's own only), in two statements and the audit row", async () => {
    const f = await fixture();
    const mineOnly = await counted(() => getParticipantHeader(reader(asViewer(f.facilitator, ["FACILITATOR"])), f.participant.id));
    expect(mineOnly.queries).toBe(3);
    expect(mineOnly.value).toEqual({
      id: f.participant.id,
      code: f.participant.code,
      name: `${f.participant.firstName} ${f.participant.lastName}`,
      age: expect.any(Number),
      sex: "FEMALE",
      occupation: "NURSE",
      signals: [
        { id: expect.any(String), kind: "AE_GRADE_3_PLUS", detail: "In my cohort", createdAt: "2030-01-05T10:00:00.000Z" },
        { id: expect.any(String), kind: "AE_GRADE_3_PLUS", detail: "No cohort", createdAt: "2030-01-06T10:00:00.000Z" },
      ],
    });
    const all = await getParticipantHeader(reader(asViewer(f.coordinator, ["COORDINATOR"])), f.participant.id);
    expect(all.signals.map((s) => s.detail)).toEqual(["In the other cohort", "In my cohort", "No cohort"]);
  });

  it("the overview: details, enrollments in the viewer's cohorts newest first with history and free seats, in three statements and the audit row", async () => {
    const f = await fixture();
    const { value, queries } = await counted(() =>
      getParticipantOverview(reader(asViewer(f.coordinator, ["COORDINATOR"])), f.participant.id),
    );
    expect(queries).toBe(4);
    expect(value.participant).toEqual({
      id: f.participant.id,
      code: f.participant.code,
      firstName: f.participant.firstName,
      lastName: f.participant.lastName,
      dateOfBirth: "1985-06-15",
      sex: "FEMALE",
      occupation: "NURSE",
      email: "pat@example.org",
      phone: "+15555550100",
      emergencyContactName: "Sam",
      emergencyContactPhone: null,
      weightKg: 71.5,
      version: 1,
      createdAt: f.participant.createdAt.toISOString(),
    });
    const [newest, first] = value.enrollments;
    expect(value.enrollments).toHaveLength(2);
    expect(newest).toMatchObject({
      id: f.elsewhere.id,
      version: 1,
      status: "WAITLISTED",
      statusReason: null,
      consentDate: null,
      withdrawnOn: null,
      waitlistPosition: 3,
      seatFree: true,
      cohort: {
        id: f.other.id,
        name: f.other.name,
        startDate: "2030-05-04",
        endDate: f.other.endDate,
        timeZone: "America/Denver",
        capacity: f.other.capacity,
      },
    });
    expect(newest.history).toEqual([
      {
        id: expect.any(String),
        fromStatus: null,
        toStatus: "WAITLISTED",
        reason: null,
        changedAt: "2030-01-03T10:00:00.000Z",
        changedBy: "Unknown user",
      },
    ]);
    expect(first).toMatchObject({
      id: f.enrollment.id,
      status: "ACTIVE",
      consentDate: "2026-01-05",
      waitlistPosition: null,
      seatFree: false,
    });
    expect(first.cohort).toEqual({
      id: f.mine.id,
      name: f.mine.name,
      startDate: "2030-03-02",
      endDate: f.mine.endDate,
      timeZone: "America/Denver",
      capacity: 2,
    });
    expect(first.history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.changedBy])).toEqual([
      [null, "REFERRED", null, "System"],
      ["REFERRED", "ACTIVE", "Screened", "Cora Coordinator"],
    ]);
    // A facilitator sees only the enrollment in their own cohort.
    const theirs = await getParticipantOverview(reader(asViewer(f.facilitator, ["FACILITATOR"])), f.participant.id);
    expect(theirs.enrollments.map((e) => e.id)).toEqual([f.enrollment.id]);
  });

  it("the enroll-into choice: the viewer's open cohorts newest start first, without the person's own, up to the limit, and a chosen further one", async () => {
    const f = await fixture();
    const db = await dbReady();
    const stamp = Date.now();
    const done = await createTestCohort({ name: `Done ${stamp}`, startDate: "2030-07-01" });
    await db.cohort.update({ where: { id: done.id }, data: { status: "COMPLETED" } });
    const upcoming = await createTestCohort({ name: `Upcoming ${stamp}`, startDate: "2030-09-01" });
    const older = await createTestCohort({ name: `Older ${stamp}`, startDate: "2030-01-10" });
    for (const c of [done, upcoming, older])
      await db.cohortStaff.create({ data: { cohortId: c.id, userId: f.facilitator.id, role: "FACILITATOR" } });
    const viewer = asViewer(f.facilitator, ["FACILITATOR"]);
    const ids = (r: { cohorts: { id: string }[] }) => r.cohorts.map((c) => c.id);

    // A facilitator's own open cohorts (not the completed one, not `other`), newest start first.
    const { value, queries } = await counted(() => openCohortChoices(viewer));
    expect(queries).toBe(1);
    expect(value).toEqual({
      cohorts: [
        { id: upcoming.id, name: upcoming.name, startDate: "2030-09-01", capacity: upcoming.capacity, status: upcoming.status },
        { id: f.mine.id, name: f.mine.name, startDate: "2030-03-02", capacity: 2, status: f.mine.status },
        { id: older.id, name: older.name, startDate: "2030-01-10", capacity: older.capacity, status: older.status },
      ],
      more: false,
    });
    // Not the cohorts the person is already in.
    expect(ids(await openCohortChoices(viewer, { exceptParticipantId: f.participant.id }))).toEqual([upcoming.id, older.id]);
    // Up to the limit, saying there are more.
    const limited = await counted(() => openCohortChoices(viewer, { limit: 1 }));
    expect(limited.queries).toBe(1);
    expect(limited.value).toMatchObject({ more: true });
    expect(ids(limited.value)).toEqual([upcoming.id]);
    // A chosen one further down is added (a new participant's preselected cohort): one statement more.
    const chosen = await counted(() => openCohortChoices(viewer, { limit: 1, chosenId: older.id }));
    expect(chosen.queries).toBe(2);
    expect(ids(chosen.value)).toEqual([upcoming.id, older.id]);
    // Never a chosen one that is not open, not seen, or that the person is in.
    expect(ids(await openCohortChoices(viewer, { limit: 1, chosenId: done.id }))).toEqual([upcoming.id]);
    expect(ids(await openCohortChoices(viewer, { limit: 1, chosenId: f.other.id }))).toEqual([upcoming.id]);
    expect(ids(await openCohortChoices(viewer, { limit: 1, chosenId: f.mine.id, exceptParticipantId: f.participant.id }))).toEqual([
      upcoming.id,
    ]);
    // A coordinator sees every open cohort.
    const everyone = ids(await openCohortChoices(asViewer(f.coordinator, ["COORDINATOR"]), { limit: 100_000 }));
    expect(everyone).toEqual(expect.arrayContaining([f.mine.id, f.other.id, upcoming.id, older.id]));
    expect(everyone).not.toContain(done.id);
  });

  it("the lists' cohort filter: the newest cohorts the viewer sees, up to the limit, and an older chosen one (never one not seen)", async () => {
    const f = await fixture();
    const db = await dbReady();
    const older = await createTestCohort({ name: `Older ${Date.now()}`, startDate: "2029-01-05" });
    const newer = await createTestCohort({ name: `Newer ${Date.now()}`, startDate: "2031-02-03" });
    for (const c of [older, newer])
      await db.cohortStaff.create({ data: { cohortId: c.id, userId: f.facilitator.id, role: "FACILITATOR" } });
    const viewer = asViewer(f.facilitator, ["FACILITATOR"]);

    const { value, queries } = await counted(() => cohortFilterOptions(viewer, undefined, 2));
    expect(queries).toBe(1);
    expect(value).toEqual({
      cohorts: [
        { id: newer.id, name: newer.name },
        { id: f.mine.id, name: f.mine.name },
      ],
      more: true,
    });
    // An older chosen cohort is offered too (it is the filter's value); one the viewer does not
    // see is not, and neither says more than it shows.
    const chosen = await counted(() => cohortFilterOptions(viewer, older.id, 2));
    expect(chosen.queries).toBe(2);
    expect(chosen.value.cohorts.map((c) => c.id)).toEqual([newer.id, f.mine.id, older.id]);
    expect((await cohortFilterOptions(viewer, f.other.id, 2)).cohorts.map((c) => c.id)).toEqual([newer.id, f.mine.id]);
    expect(await cohortFilterOptions(viewer, f.mine.id, 3)).toEqual({
      cohorts: [
        { id: newer.id, name: newer.name },
        { id: f.mine.id, name: f.mine.name },
        { id: older.id, name: older.name },
      ],
      more: false,
    });
  });
});

describe("the participants list", () => {
  it("a page takes five statements (count, page, its enrollments, its open signals, the audit row) and six after a cursor", async () => {
    const f = await fixture();
    const viewer = reader(asViewer(f.facilitator, ["FACILITATOR"]));
    const first = await counted(() => listParticipants(viewer, { signals: "open" }));
    expect(first.queries).toBe(5);
    expect(first.value.total).toBe(1);
    expect(first.value.participants).toEqual([
      {
        id: f.participant.id,
        code: f.participant.code,
        name: `${f.participant.lastName}, ${f.participant.firstName}`,
        age: expect.any(Number),
        occupation: "NURSE",
        openSignals: 2, // "In my cohort" and "No cohort"; not the other cohort's, not the acknowledged one
        enrollments: [{ cohortId: f.mine.id, cohortName: f.mine.name, status: "ACTIVE" }],
      },
    ]);
    const both = await listParticipants(viewer, { cohortId: f.mine.id }, { sort: "code" });
    expect(both.participants).toHaveLength(2);
    const after = await counted(() =>
      listParticipants(
        reader(asViewer(f.facilitator, ["FACILITATOR"])),
        { cohortId: f.mine.id },
        { sort: "code", after: both.participants[0].id },
      ),
    );
    expect(after.queries).toBe(6);
    expect(after.value.participants.map((p) => p.id)).toEqual([both.participants[1].id]);
    expect(after.value.previousCursor).toBe(both.participants[1].id);
    expect(after.value.total).toBe(2);
    expect(after.value.totalCapped).toBe(false);
  });

  it("counts the matching participants up to a cap and says there are more", async () => {
    const f = await fixture();
    const viewer = reader(asViewer(f.facilitator, ["FACILITATOR"]));
    const full = await listParticipants(viewer, { cohortId: f.mine.id }, { sort: "code" });
    expect({ total: full.total, totalCapped: full.totalCapped }).toEqual({ total: 2, totalCapped: false });
    const exact = await listParticipants(viewer, { cohortId: f.mine.id }, { sort: "code" }, 2);
    expect({ total: exact.total, totalCapped: exact.totalCapped }).toEqual({ total: 2, totalCapped: false });
    const capped = await counted(() => listParticipants(viewer, { cohortId: f.mine.id }, { sort: "code" }, 1));
    expect({ total: capped.value.total, totalCapped: capped.value.totalCapped }).toEqual({ total: 1, totalCapped: true });
    // The page itself is not capped: both participants are listed.
    expect(capped.value.participants.map((p) => p.id)).toEqual(full.participants.map((p) => p.id));
    expect(capped.queries).toBeLessThanOrEqual(5);
  });
});

describe("the session, once per request", () => {
  it("a second ask in the same request reads nothing; an action reads again and so do the loaders after it", async () => {
    const { cookie } = await signedInUser(["COORDINATOR"]);
    const context = { clientIp: "10.0.0.1" };
    const args = (method: string) =>
      ({ request: new Request(`${BASE}/participants`, { method, headers: { cookie } }), context, params: {} }) as never;
    const first = await counted(() => getUser(args("GET")));
    expect(first.value?.roles).toEqual(["COORDINATOR"]);
    expect(first.queries).toBeGreaterThanOrEqual(1);
    expect((await counted(() => getUser(args("GET")))).queries).toBe(0);
    expect((await counted(() => getUser(args("POST")))).queries).toBeGreaterThanOrEqual(1);
    expect((await counted(() => getUser(args("GET")))).queries).toBeGreaterThanOrEqual(1);
    expect((await counted(() => getUser(args("GET")))).queries).toBe(0);
    // Another context (another request) reads for itself.
    expect((await counted(() => getUser({ ...(args("GET") as object), context: {} } as never))).queries).toBeGreaterThanOrEqual(1);
  });
});
