// Finding 3: safety signals, adverse events, notes and observations are scoped to the
// viewer's cohorts in the query. A participant enrolled in two cohorts: a clinician who
// staffs only the second must not see, anywhere, what was recorded in the first.
import { beforeAll, describe, expect, it } from "vitest";
import * as aeList from "~/routes/adverse-events._index";
import * as aeCsv from "~/routes/adverse-events[.]csv";
import * as participantLayout from "~/routes/participants.$participantId";
import * as participantAes from "~/routes/participants.$participantId.adverse-events";
import * as participantSessions from "~/routes/participants.$participantId.sessions";
import * as participantList from "~/routes/participants._index";
import * as safety from "~/routes/safety";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import { dbReady } from "~/utils/db.server";
import { createTestCohort, createTestEnrollment, createTestParticipant } from "../setup/factories-scheduling";
import { createTestSession, signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

const FIRST_BANNER = "Grade 3 syncope in the first cohort";
const SECOND_BANNER = "Grade 3 vomiting in the second cohort";
const FIRST_NOTE = "Disclosed a family crisis in the first cohort";
const SECOND_NOTE = "Settled in well in the second cohort";

let f: Awaited<ReturnType<typeof fixture>>;

async function fixture() {
  const db = await dbReady();
  const firstStaff = await signedInUser(["CLINICIAN"], { name: "First Clinician" });
  const clinician = await signedInUser(["CLINICIAN"], { name: "Second Clinician" });
  const first = await createTestCohort({ status: "ACTIVE", staff: [{ userId: firstStaff.user.id, role: "CLINICIAN" }] });
  const second = await createTestCohort({ status: "ACTIVE", staff: [{ userId: clinician.user.id, role: "CLINICIAN" }] });
  const p = await createTestParticipant({ firstName: "Dana", lastName: "Twocohorts" });
  const e1 = await createTestEnrollment({ participantId: p.id, cohortId: first.id, status: "COMPLETED" });
  const e2 = await createTestEnrollment({ participantId: p.id, cohortId: second.id, status: "ACTIVE" });
  const record = async (cohortId: string, term: string, banner: string) => {
    const ae = await db.adverseEvent.create({
      data: {
        participantId: p.id,
        cohortId,
        term: "OTHER",
        termOther: term,
        onsetAt: new Date(),
        description: banner,
        grade: 3,
        serious: false,
        relatednessKetamine: "POSSIBLE",
        relatednessGroup: "UNLIKELY",
        expected: false,
        actionTaken: "NONE",
        outcome: "RECOVERING",
        recordedById: firstStaff.user.id,
      },
    });
    await db.safetySignal.create({
      data: { kind: "AE_GRADE_3_PLUS", participantId: p.id, cohortId, sourceType: "AdverseEvent", sourceId: ae.id, detail: banner },
    });
    return ae;
  };
  const ae1 = await record(first.id, "Syncope", FIRST_BANNER);
  const ae2 = await record(second.id, "Vomiting", SECOND_BANNER);
  const note = async (cohortId: string, enrollmentId: string, text: string) => {
    const session = await createTestSession(cohortId, { kind: "INTEGRATION" });
    await db.groupNote.create({
      data: { sessionId: session.id, authorId: firstStaff.user.id, themes: text, observations: { create: { enrollmentId, text } } },
    });
    return session;
  };
  const s1 = await note(first.id, e1.id, FIRST_NOTE);
  await note(second.id, e2.id, SECOND_NOTE);
  return { clinician, p, ae1, ae2, s1 };
}

beforeAll(async () => {
  f = await fixture();
});

const opts = () => ({ cookie: f.clinician.cookie, params: { participantId: f.p.id } });

describe("a clinician of the second cohort sees nothing recorded in the first", () => {
  it("the participant header's safety banner shows only the second cohort's signal", async () => {
    const res = await call(participantLayout.loader, `/participants/${f.p.id}`, "GET", opts());
    expect(res.status).toBe(200);
    const details = (res.data as { participant: { signals: { detail: string }[] } }).participant.signals.map((s) => s.detail);
    expect(details).toEqual([SECOND_BANNER]);
  });

  it("the participant list counts only the signals of the viewer's cohorts", async () => {
    const res = await call(participantList.loader, "/participants", "GET", opts());
    const rows = (res.data as { participants: { id: string; openSignals: number }[] }).participants;
    expect(rows.find((r) => r.id === f.p.id)?.openSignals).toBe(1);
  });

  it("the safety inbox lists only the second cohort's signal", async () => {
    const res = await call(safety.loader, "/safety", "GET", opts());
    expect((res.data as { signals: { detail: string }[] }).signals.map((s) => s.detail)).toEqual([SECOND_BANNER]);
    expect(JSON.stringify(res.data)).not.toContain(FIRST_BANNER);
  });

  it("adverse-event lists and the CSV hold only the second cohort's event", async () => {
    const tab = await call(participantAes.loader, `/participants/${f.p.id}/adverse-events`, "GET", opts());
    expect((tab.data as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([f.ae2.id]);
    const list = await call(aeList.loader, "/adverse-events", "GET", opts());
    expect((list.data as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([f.ae2.id]);
    const csv = await call(aeCsv.loader, "/adverse-events.csv", "GET", opts());
    const text = await csv.response!.text();
    expect(text).toContain("Vomiting");
    expect(text).not.toContain("Syncope");
  });

  it("notes and observations: only the second cohort's, and the first cohort's session is not found", async () => {
    const res = await call(participantSessions.loader, `/participants/${f.p.id}/sessions`, "GET", opts());
    const body = JSON.stringify(res.data);
    expect(body).toContain(SECOND_NOTE);
    expect(body).not.toContain(FIRST_NOTE);
    const other = await call(sessionPage.loader, `/sessions/${f.s1.id}`, "GET", {
      cookie: f.clinician.cookie,
      params: { sessionId: f.s1.id },
    });
    expect(other.status).toBe(404);
  });
});
