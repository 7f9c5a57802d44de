// A participant's sessions tab reads through the driver in one statement: every session of the
// visible cohorts with the participant's attendance, own observation and dosing record, equal to
// the ORM's reads it replaced, for staff who see every cohort and for a facilitator.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { readerFor, type Viewer } from "~/models/access.server";
import { getParticipantSessionHistory } from "~/models/groupNote.server";
import * as sessionRoute from "~/routes/sessions.$sessionId._index";
import { dbReady } from "~/utils/db.server";
import { createTestCohort, createTestEnrollment } from "../setup/factories-scheduling";
import { createTestSession, markAttendance, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { BASE, call } from "../setup/http";
import { counted } from "../setup/statements";

/** The earlier reads (enrollments with their cohorts' sessions, then attendance, observations and dosing by enrollment). */
async function ormReference(participantId: string, cohortIds: string[]) {
  const db = await dbReady();
  const enrollments = await db.enrollment.findMany({
    where: { participantId, cohortId: { in: cohortIds } },
    include: { cohort: { include: { sessions: { orderBy: [{ startsAt: "asc" }, { id: "asc" }] } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const ids = enrollments.map((e) => e.id);
  const attendance = await db.attendance.findMany({ where: { enrollmentId: { in: ids } } });
  const observations = await db.participantObservation.findMany({ where: { enrollmentId: { in: ids } }, include: { note: true } });
  const dosing = await db.dosingRecord.findMany({ where: { enrollmentId: { in: ids } } });
  return enrollments.flatMap((e) =>
    e.cohort.sessions.map((s) => {
      const a = attendance.find((x) => x.sessionId === s.id && x.enrollmentId === e.id);
      const o = observations.find((x) => x.note.sessionId === s.id && x.enrollmentId === e.id);
      const d = dosing.find((x) => x.sessionId === s.id && x.enrollmentId === e.id);
      return {
        sessionId: s.id,
        cohortName: e.cohort.name,
        title: s.title,
        kind: s.kind,
        startsAt: s.startsAt,
        timeZone: e.cohort.timeZone,
        attendance: a?.status ?? null,
        observation: o ? { text: o.text, signed: o.note.status === "SIGNED" } : null,
        dosing: d
          ? {
              id: d.id,
              status: d.status,
              doseUg: d.doseUg,
              weightG: d.weightG,
              route: d.route,
              givenAt: d.givenAt,
              dischargedAt: d.dischargedAt,
              overridden: !!d.overrideReason,
            }
          : null,
      };
    }),
  );
}

describe("a participant's sessions tab", () => {
  it("reads the visible cohorts' sessions with attendance, own observation and dosing as the ORM did, in one statement", async () => {
    const db = await dbReady();
    const coordinator = await signedInUser(["COORDINATOR"]);
    const f = await sessionFixture({ kind: "DOSING", participants: 2 });
    const [a, b] = f.people;
    await markAttendance(f, ["PRESENT", "LATE"]);
    await call(sessionRoute.action, `/sessions/${f.session.id}`, "POST", {
      cookie: f.facilitator.cookie,
      params: { sessionId: f.session.id },
      form: {
        intent: "save-note",
        version: "0",
        themes: "t",
        process: "p",
        interventions: "i",
        [`observation.${a.enrollment.id}`]: "OBS-A",
        [`observation.${b.enrollment.id}`]: "OBS-B",
      },
    });
    await db.dosingRecord.create({
      data: {
        sessionId: f.session.id,
        enrollmentId: a.enrollment.id,
        status: "SIGNED",
        doseUg: 40_000,
        weightG: 80_000,
        route: "IM",
        givenAt: new Date(Date.UTC(2026, 10, 2, 16)),
        signedAt: new Date(),
        overrideReason: "Reviewed with the medical lead",
      },
    });
    await createTestSession(f.cohort.id, { kind: "INTEGRATION", startsAt: new Date(Date.now() + 7 * 86_400_000) });
    // The same person in a cohort the facilitator does not staff.
    const other = await createTestCohort({ status: "ACTIVE", name: "Not their cohort" });
    await createTestEnrollment({ participantId: a.participant.id, cohortId: other.id, status: "ACTIVE" });
    await createTestSession(other.id, { kind: "PREPARATION" });

    const reader = (viewer: Viewer) =>
      readerFor(
        {
          request: new Request(`${BASE}/participants/${a.participant.id}/sessions`),
          params: {},
          context: {},
        } as unknown as LoaderFunctionArgs,
        viewer,
      );
    const asCoordinator: Viewer = { id: coordinator.user.id, email: coordinator.user.email, roles: ["COORDINATOR"] };
    const asFacilitator: Viewer = { id: f.facilitator.user.id, email: f.facilitator.user.email, roles: ["FACILITATOR"] };

    const { value: all, queries } = await counted(() => getParticipantSessionHistory(reader(asCoordinator), a.participant.id));
    expect(all).toEqual(await ormReference(a.participant.id, [f.cohort.id, other.id]));
    expect(all.length).toBe(3);
    expect(all.find((r) => r.sessionId === f.session.id)).toMatchObject({
      attendance: "PRESENT",
      observation: { text: "OBS-A", signed: false },
      dosing: { doseUg: 40_000, overridden: true },
    });
    // The read, then its audit row.
    expect(queries).toBe(2);

    const theirs = await getParticipantSessionHistory(reader(asFacilitator), a.participant.id);
    expect(theirs).toEqual(await ormReference(a.participant.id, [f.cohort.id]));
    expect(JSON.stringify(theirs)).not.toContain("OBS-B");
    expect(JSON.stringify(theirs)).not.toContain("Not their cohort");
  });
});
