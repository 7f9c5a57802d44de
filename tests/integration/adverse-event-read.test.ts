// An adverse event's page reads it through the driver (two statements): the same event,
// participant, cohort, session, names and follow-ups as the ORM's reads it replaced, for staff who
// see every cohort and for the cohort's clinician; 404 to staff of another cohort; audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { formatLocalDateTime } from "~/domain/scheduling/localTime";
import { readerFor, participantLabel, type Viewer } from "~/models/access.server";
import { getAdverseEvent, getAeFormContext } from "~/models/adverseEvent.server";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createSafetyCohort, createSafetyParticipant } from "../setup/factories-safety";
import { createTestEnrollment } from "../setup/factories-scheduling";
import { BASE } from "../setup/http";
import { counted } from "../setup/statements";

const reader = (viewer: Viewer, id: string) =>
  readerFor({ request: new Request(`${BASE}/adverse-events/${id}`), params: {}, context: {} } as unknown as LoaderFunctionArgs, viewer);

/** What the ORM read: the event, its participant, cohort, session, follow-ups and the users' names. */
async function ormReference(viewer: Viewer, id: string) {
  const db = await dbReady();
  const ae = await db.adverseEvent.findUniqueOrThrow({ where: { id } });
  const participant = await db.participant.findUniqueOrThrow({ where: { id: ae.participantId } });
  const cohort = ae.cohortId ? await db.cohort.findUnique({ where: { id: ae.cohortId } }) : null;
  const session = ae.sessionId ? await db.groupSession.findUnique({ where: { id: ae.sessionId } }) : null;
  const followUps = await db.adverseEventFollowUp.findMany({
    where: { adverseEventId: id },
    orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
  });
  const name = async (userId: string | null) => (userId ? ((await db.user.findUnique({ where: { id: userId } }))?.name ?? "—") : null);
  return {
    ae,
    participant: { id: participant.id, label: participantLabel(viewer, participant) },
    cohort: cohort ? { id: cohort.id, name: cohort.name, timeZone: cohort.timeZone } : null,
    session: session ? { id: session.id, title: session.title, startsAt: session.startsAt } : null,
    timeZone: cohort?.timeZone ?? "UTC",
    recordedBy: await name(ae.recordedById),
    closedBy: ae.closedByName ?? (await name(ae.closedById)),
    followUps: await Promise.all(
      followUps.map(async (f) => ({ id: f.id, note: f.note, recordedAt: f.recordedAt, by: await name(f.recordedById) })),
    ),
  };
}

describe("an adverse event's page", () => {
  it("reads the event, its names and follow-ups as the ORM did, in two statements, within the viewer's cohorts", async () => {
    const db = await dbReady();
    const clinician = await createTestUser({ roles: ["CLINICIAN"], name: "Dr Cora Clinician" });
    const closer = await createTestUser({ roles: ["CLINICIAN"], name: "Dr Clem Closer" });
    const outsider = await createTestUser({ roles: ["FACILITATOR"] });
    const admin = await createTestUser({ roles: ["ADMIN"] });
    const { cohort, sessions } = await createSafetyCohort({
      staff: [{ userId: clinician.id, role: "CLINICIAN" }],
      timeZone: "Europe/Berlin",
    });
    await createSafetyCohort({ staff: [{ userId: outsider.id, role: "FACILITATOR" }] });
    const { participant } = await createSafetyParticipant(cohort.id, { firstName: "Ada", lastName: "Eventful" });
    const base = {
      participantId: participant.id,
      term: "NAUSEA",
      description: "Synthetic",
      grade: 2,
      relatednessKetamine: "PROBABLE",
      relatednessGroup: "UNRELATED",
      expected: true,
      actionTaken: "NONE",
      outcome: "RESOLVED",
      onsetAt: new Date(Date.UTC(2026, 8, 8, 17)),
    };
    const closed = await db.adverseEvent.create({
      data: {
        ...base,
        cohortId: cohort.id,
        sessionId: sessions[0].id,
        serious: true,
        seriousCriteria: JSON.stringify(["IMPORTANT_MEDICAL_EVENT"]),
        seriousSince: new Date(Date.UTC(2026, 8, 8, 18)),
        resolvedAt: new Date(Date.UTC(2026, 8, 9, 8)),
        status: "CLOSED",
        closedAt: new Date(Date.UTC(2026, 8, 10, 9)),
        closedById: closer.id,
        closedMeaning: "reviewed by",
        recordedById: clinician.id,
      },
    });
    await db.adverseEventFollowUp.create({
      data: {
        adverseEventId: closed.id,
        note: "Called the next day",
        recordedById: clinician.id,
        recordedAt: new Date(Date.UTC(2026, 8, 9, 9)),
      },
    });
    await db.adverseEventFollowUp.create({
      data: { adverseEventId: closed.id, note: "Resolved", recordedById: closer.id, recordedAt: new Date(Date.UTC(2026, 8, 10, 9)) },
    });
    // No session, recorded by a user whose row is gone (never expected): "—".
    const open = await db.adverseEvent.create({ data: { ...base, cohortId: cohort.id, serious: false, recordedById: "gone-user" } });

    const asClinician: Viewer = { id: clinician.id, email: clinician.email, roles: ["CLINICIAN"] };
    const asAdmin: Viewer = { id: admin.id, email: admin.email, roles: ["ADMIN"] };
    for (const viewer of [asClinician, asAdmin])
      for (const ae of [closed, open]) {
        const { value: read, queries } = await counted(() => getAdverseEvent(reader(viewer, ae.id), ae.id));
        const { criteria: _c, action: _a, followUpStatus: _f, ...shown } = read;
        expect(shown).toEqual(await ormReference(viewer, ae.id));
        // The two reads and the audit row.
        expect(queries).toBe(3);
      }
    const read = await getAdverseEvent(reader(asClinician, closed.id), closed.id);
    expect(read).toMatchObject({ recordedBy: "Dr Cora Clinician", closedBy: "Dr Clem Closer", criteria: ["IMPORTANT_MEDICAL_EVENT"] });
    expect(read.followUps.map((f) => f.by)).toEqual(["Dr Cora Clinician", "Dr Clem Closer"]);
    expect((await getAdverseEvent(reader(asClinician, open.id), open.id)).recordedBy).toBe("—");

    // Staff of another cohort: not found, and nothing audited for them.
    const asOutsider: Viewer = { id: outsider.id, email: outsider.email, roles: ["FACILITATOR"] };
    await expect(getAdverseEvent(reader(asOutsider, closed.id), closed.id)).rejects.toMatchObject({ status: 404 });
    expect(await db.auditEvent.count({ where: { actorId: outsider.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { actorId: clinician.id, entityId: participant.id } })).toBeGreaterThan(0);
  });

  it("gives the form the participant, cohort and sessions the ORM's read gave, and 404 outside the viewer's cohorts", async () => {
    const db = await dbReady();
    const clinician = await createTestUser({ roles: ["CLINICIAN"] });
    const coordinator = await createTestUser({ roles: ["COORDINATOR"] });
    const first = await createSafetyCohort({ staff: [{ userId: clinician.id, role: "CLINICIAN" }], dosingSessions: 3 });
    const second = await createSafetyCohort({ dosingSessions: 2, timeZone: "Europe/Berlin" });
    await db.cohort.update({ where: { id: first.cohort.id }, data: { status: "COMPLETED" } });
    await db.groupSession.update({ where: { id: first.sessions[2].id }, data: { status: "CANCELLED" } });
    const { participant } = await createSafetyParticipant(first.cohort.id, { firstName: "Fern", lastName: "Formcontext" });
    await createTestEnrollment({ participantId: participant.id, cohortId: second.cohort.id, status: "ACTIVE" });

    /** The earlier read: the participant with every enrollment and cohort, filtered to the visible ones. */
    async function ormReference(viewer: Viewer, opts: { sessionId?: string; cohortId?: string }, visibleIds: string[] | null) {
      const p = await db.participant.findUniqueOrThrow({
        where: { id: participant.id },
        include: { enrollments: { include: { cohort: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] } },
      });
      const enrolled = p.enrollments.filter((e) => visibleIds === null || visibleIds.includes(e.cohortId));
      const cohortId = opts.sessionId
        ? (await db.groupSession.findUniqueOrThrow({ where: { id: opts.sessionId } })).cohortId
        : (opts.cohortId ?? (enrolled.find((e) => e.cohort.status === "ACTIVE") ?? enrolled[0]).cohortId);
      const cohort = enrolled.find((e) => e.cohortId === cohortId)!.cohort;
      const sessions = await db.groupSession.findMany({
        where: { cohortId: cohort.id, status: { not: "CANCELLED" } },
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      });
      return {
        participant: { id: p.id, label: participantLabel(viewer, p), code: p.code },
        cohort: { id: cohort.id, name: cohort.name, timeZone: cohort.timeZone },
        sessions: sessions.map((x) => ({
          id: x.id,
          label: `${x.title} — ${formatLocalDateTime(x.startsAt, cohort.timeZone)}`,
          kind: x.kind,
        })),
        cohortChoices: enrolled.map((e) => ({ id: e.cohortId, name: e.cohort.name })),
      };
    }
    const asCoordinator: Viewer = { id: coordinator.id, email: coordinator.email, roles: ["COORDINATOR"] };
    const asClinician: Viewer = { id: clinician.id, email: clinician.email, roles: ["CLINICIAN"] };
    const context = (viewer: Viewer, opts: { sessionId?: string; cohortId?: string }) =>
      getAeFormContext(reader(viewer, participant.id), { participantId: participant.id, ...opts });
    for (const opts of [{}, { cohortId: first.cohort.id }, { sessionId: first.sessions[1].id }, { sessionId: second.sessions[0].id }]) {
      expect(await context(asCoordinator, opts), JSON.stringify(opts)).toEqual(await ormReference(asCoordinator, opts, null));
    }
    // No choice: their active cohort (the second), with its sessions in its zone; the first's cancelled session is never offered.
    expect((await context(asCoordinator, {})).cohort.id).toBe(second.cohort.id);
    expect((await context(asCoordinator, { cohortId: first.cohort.id })).sessions.map((x) => x.id)).toEqual(
      first.sessions.slice(0, 2).map((x) => x.id),
    );
    // The clinician staffs the first cohort only: it is the form's, and the second is neither offered nor reachable.
    expect(await context(asClinician, {})).toEqual(await ormReference(asClinician, {}, [first.cohort.id]));
    await expect(context(asClinician, { cohortId: second.cohort.id })).rejects.toMatchObject({ status: 404 });
    await expect(context(asClinician, { sessionId: second.sessions[0].id })).rejects.toMatchObject({ status: 404 });
    await expect(context(asCoordinator, { sessionId: "no-such-session" })).rejects.toMatchObject({ status: 404 });
    const stranger = await createSafetyParticipant(second.cohort.id);
    await expect(
      getAeFormContext(reader(asClinician, stranger.participant.id), { participantId: stranger.participant.id }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
