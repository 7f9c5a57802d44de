import { describe, expect, it } from "vitest";
import { DUPLICATE_CODE_MESSAGE } from "~/models/participant.server";
import * as roster from "~/routes/cohorts.$cohortId.roster";
import * as login from "~/routes/login";
import * as participantLayout from "~/routes/participants.$participantId";
import * as participantOverview from "~/routes/participants.$participantId._index";
import * as participantsList from "~/routes/participants._index";
import * as participantsNew from "~/routes/participants.new";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import {
  createEnrolledTestParticipant,
  createTestCohort,
  createTestEnrollment,
  createTestParticipant,
} from "../setup/factories-scheduling";
import { call, cookieFrom, replyOf } from "../setup/http";

async function signedIn(roles: RoleCode[]) {
  const user = await createTestUser({ roles });
  const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD } });
  return { user, cookie: cookieFrom(res.headers) };
}

type Result = { kind: string; message?: string; errors?: Record<string, string>; offer?: { code: string } | null };

/** The action's reply as these tests read it: the message (toast), field messages and the seat offer. */
async function result(res: { data: unknown; headers: Headers }): Promise<Result> {
  const reply = await replyOf(res);
  return {
    kind: reply.ok ? "done" : "errors",
    message: reply.message,
    errors: reply.errors,
    offer: (reply.data as { offer?: { code: string } | null } | undefined)?.offer,
  };
}

async function rosterPost(cookie: string, cohortId: string, form: Record<string, string>) {
  const res = await call(roster.action, `/cohorts/${cohortId}/roster`, "POST", { cookie, params: { cohortId }, form });
  return { status: res.status, result: await result(res) };
}

async function transition(cookie: string, cohortId: string, enrollmentId: string, to: string, extra: Record<string, string> = {}) {
  const db = await dbReady();
  const e = await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } });
  return rosterPost(cookie, cohortId, { intent: "transition", enrollmentId, version: String(e.version), to, ...extra });
}

async function counts(enrollmentId: string) {
  const db = await dbReady();
  return {
    history: await db.enrollmentStatusChange.count({ where: { enrollmentId } }),
    audit: await db.auditEvent.count({ where: { entityId: enrollmentId } }),
    status: (await db.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).status,
  };
}

const validPerson = {
  intent: "save",
  firstName: "Robin",
  lastName: "Okafor",
  dateOfBirth: "1984-04-12",
  sex: "FEMALE",
  occupation: "EMS",
  email: "robin@example.org",
  phone: "+1 555 0100",
  emergencyContactName: "Sam Okafor",
  emergencyContactPhone: "+1 555 0101",
  weightKg: "68.5",
};

describe("enrollment status rules", () => {
  it("walks the life cycle, writing a status-history row and an audit row for every step", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort({ capacity: 6 });
    const p = await createTestParticipant();
    const added = await rosterPost(cookie, cohort.id, { intent: "add", cohortId: cohort.id, participantId: p.id, mode: "REFERRED" });
    expect(added.status).toBe(200);
    const e = await (await dbReady()).enrollment.findFirstOrThrow({ where: { participantId: p.id } });
    expect(e.status).toBe("REFERRED");
    for (const to of ["SCREENING", "ELIGIBLE", "ENROLLED"]) expect((await transition(cookie, cohort.id, e.id, to)).status).toBe(200);
    expect((await transition(cookie, cohort.id, e.id, "ACTIVE", { consentDate: "2026-01-10" })).status).toBe(200);
    expect((await transition(cookie, cohort.id, e.id, "COMPLETED")).status).toBe(200);
    const after = await counts(e.id);
    expect(after).toEqual({ history: 6, audit: 6, status: "COMPLETED" });
    const history = await (
      await dbReady()
    ).enrollmentStatusChange.findMany({ where: { enrollmentId: e.id }, orderBy: { changedAt: "asc" } });
    expect(history.map((h) => h.toStatus)).toEqual(["REFERRED", "SCREENING", "ELIGIBLE", "ENROLLED", "ACTIVE", "COMPLETED"]);
    expect((await (await dbReady()).enrollment.findUniqueOrThrow({ where: { id: e.id } })).consentDate).toBe("2026-01-10");
  });

  it("refuses an illegal transition with a message and writes nothing", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort();
    const p = await createTestParticipant();
    const e = await createTestEnrollment({ participantId: p.id, cohortId: cohort.id, status: "REFERRED" });
    const before = await counts(e.id);
    const res = await transition(cookie, cohort.id, e.id, "ACTIVE", { consentDate: "2026-01-10" });
    expect(res.status).toBe(400);
    expect(res.result.errors?.form).toBe("A referred participant cannot become active; next steps are: screening, withdrawn");
    expect(await counts(e.id)).toEqual(before);
  });

  it("refuses ACTIVE without a consent date, and INELIGIBLE or WITHDRAWN without a reason", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort();
    const p = await createTestParticipant();
    const e = await createTestEnrollment({ participantId: p.id, cohortId: cohort.id, status: "ENROLLED" });
    const before = await counts(e.id);
    const noConsent = await transition(cookie, cohort.id, e.id, "ACTIVE");
    expect(noConsent.status).toBe(400);
    expect(noConsent.result.errors?.form).toBe("Record the consent date before the participant becomes active");
    const future = await transition(cookie, cohort.id, e.id, "ACTIVE", { consentDate: "2099-01-01" });
    expect(future.result.errors?.form).toBe("Consent date cannot be in the future");
    const impossible = await transition(cookie, cohort.id, e.id, "ACTIVE", { consentDate: "2026-02-30" });
    expect(impossible.result.errors?.consentDate).toBe("The consent date must be a real date between 1900 and 2100 (YYYY-MM-DD).");
    const noReason = await transition(cookie, cohort.id, e.id, "WITHDRAWN", { withdrawnOn: "2026-01-02" });
    expect(noReason.result.errors?.form).toBe("Give the reason for withdrawal");
    expect(await counts(e.id)).toEqual(before);
  });

  it("seats six in a cohort of capacity 6 and puts the 7th on the waitlist at position 1", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort({ capacity: 6 });
    const people = await Promise.all(Array.from({ length: 8 }, () => createTestParticipant()));
    for (const [i, p] of people.entries()) {
      const res = await rosterPost(cookie, cohort.id, { intent: "add", cohortId: cohort.id, participantId: p.id, mode: "PLACE" });
      expect(res.status).toBe(200);
      if (i === 6) expect(res.result.message).toBe(`${cohort.name} is full: ${p.code} is on the waitlist at position 1.`);
    }
    const db = await dbReady();
    const rows = await db.enrollment.findMany({ where: { cohortId: cohort.id } });
    expect(rows.filter((r) => r.status === "ENROLLED")).toHaveLength(6);
    const seventh = rows.find((r) => r.participantId === people[6].id)!;
    const eighth = rows.find((r) => r.participantId === people[7].id)!;
    expect([seventh.status, seventh.waitlistPosition]).toEqual(["WAITLISTED", 1]);
    expect([eighth.status, eighth.waitlistPosition]).toEqual(["WAITLISTED", 2]);
    // An eligible person cannot be pushed into a full cohort.
    const extra = await createTestParticipant();
    const eligible = await createTestEnrollment({ participantId: extra.id, cohortId: cohort.id, status: "ELIGIBLE" });
    const refused = await transition(cookie, cohort.id, eligible.id, "ENROLLED");
    expect(refused.result.errors?.form).toBe("The cohort is full (6 seats); add the participant to the waitlist");
    expect((await transition(cookie, cohort.id, eligible.id, "WAITLISTED")).status).toBe(200);
    expect((await db.enrollment.findUniqueOrThrow({ where: { id: eligible.id } })).waitlistPosition).toBe(3);
  });

  it("offers a freed seat to the first person waiting, who takes it only by an explicit accept", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort({ capacity: 2 });
    const seated = [await createTestParticipant(), await createTestParticipant()];
    for (const p of seated) await createTestEnrollment({ participantId: p.id, cohortId: cohort.id, status: "ACTIVE" });
    const [first, second] = [await createTestParticipant(), await createTestParticipant()];
    const w1 = await createTestEnrollment({ participantId: first.id, cohortId: cohort.id, status: "WAITLISTED", waitlistPosition: 1 });
    const w2 = await createTestEnrollment({ participantId: second.id, cohortId: cohort.id, status: "WAITLISTED", waitlistPosition: 2 });
    const leaving = await (await dbReady()).enrollment.findFirstOrThrow({ where: { participantId: seated[0].id } });

    const res = await transition(cookie, cohort.id, leaving.id, "WITHDRAWN", { withdrawnOn: "2026-01-02", reason: "Moved away" });
    expect(res.status).toBe(200);
    expect(res.result.offer?.code).toBe(first.code);
    expect(res.result.message).toContain(`The freed seat is offered to ${first.code} (first on the waitlist) until`);
    // Not promoted automatically.
    expect((await counts(w1.id)).status).toBe("WAITLISTED");
    const page = await call(roster.loader, `/cohorts/${cohort.id}/roster`, "GET", { cookie, params: { cohortId: cohort.id } });
    const data = page.data as { offers: { enrollmentId: string }[]; freeSeats: number };
    // The freed seat is held by the open offer: not free for anyone else.
    expect(data.freeSeats).toBe(0);
    expect(data.offers.map((o) => o.enrollmentId)).toEqual([w1.id]);

    // The offered seat is held for the first person: the second cannot take it.
    const skip = await transition(cookie, cohort.id, w2.id, "ENROLLED");
    expect(skip.status).toBe(400);
    expect(skip.result.errors?.form).toBe("The cohort is full (2 seats); add the participant to the waitlist");
    expect((await transition(cookie, cohort.id, w1.id, "ENROLLED")).status).toBe(200);
    expect(await counts(w1.id)).toMatchObject({ status: "ENROLLED", history: 2 });
    expect((await (await dbReady()).enrollment.findUniqueOrThrow({ where: { id: w1.id } })).waitlistPosition).toBeNull();
    expect(await (await dbReady()).seatOffer.findFirst({ where: { enrollmentId: w1.id } })).toMatchObject({
      status: "ACCEPTED",
      closedBy: "STAFF",
    });
  });

  it("taking a seat in one cohort removes the person from the program's other waitlists, with a note, and the next person there is offered the seat", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const db = await dbReady();
    const full = await createTestCohort({ capacity: 1, startDate: "2032-02-01" });
    const alsoFull = await createTestCohort({ capacity: 1, startDate: "2032-06-01" });
    const open = await createTestCohort({ capacity: 4, startDate: "2032-10-01" });
    for (const c of [full, alsoFull])
      await createTestEnrollment({ participantId: (await createTestParticipant()).id, cohortId: c.id, status: "ACTIVE" });
    const person = await createTestParticipant();
    const behind = await createTestParticipant();
    const w1 = await createTestEnrollment({ participantId: person.id, cohortId: full.id, status: "WAITLISTED", waitlistPosition: 1 });
    const w2 = await createTestEnrollment({ participantId: person.id, cohortId: alsoFull.id, status: "WAITLISTED", waitlistPosition: 1 });
    await createTestEnrollment({ participantId: behind.id, cohortId: full.id, status: "WAITLISTED", waitlistPosition: 2 });

    const res = await rosterPost(cookie, open.id, { intent: "add", cohortId: open.id, participantId: person.id, mode: "PLACE" });
    expect(res.status).toBe(200);
    expect(res.result.message).toBe(
      `${person.code} is now enrolled in ${open.name}. Removed from the waitlist of ${full.name} and ${alsoFull.name}.`,
    );
    for (const w of [w1, w2]) {
      const e = await db.enrollment.findUniqueOrThrow({ where: { id: w.id }, include: { history: { orderBy: { changedAt: "asc" } } } });
      expect(e).toMatchObject({ status: "WITHDRAWN", statusReason: `Took a seat in ${open.name}`, waitlistPosition: null });
      expect(e.history.at(-1)).toMatchObject({ fromStatus: "WAITLISTED", toStatus: "WITHDRAWN", reason: `Took a seat in ${open.name}` });
    }
    // The next person on the first cohort's waitlist is now first in line.
    const page = await call(roster.loader, `/cohorts/${full.id}/roster`, "GET", { cookie, params: { cohortId: full.id } });
    const rows = (page.data as { rows: { participantId: string; waitlistPosition: number | null }[] }).rows;
    expect(rows.find((r) => r.participantId === behind.id)?.waitlistPosition).toBe(1);
  });

  it("refuses a seat in a cohort that overlaps one where the person already holds a seat", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const a = await createTestCohort({ name: "Overlap A", startDate: "2027-03-01", endDate: "2027-04-12" });
    const b = await createTestCohort({ name: "Overlap B", startDate: "2027-04-12", endDate: "2027-05-24" });
    const p = await createTestParticipant();
    await createTestEnrollment({ participantId: p.id, cohortId: a.id, status: "ENROLLED" });
    const res = await rosterPost(cookie, b.id, { intent: "add", cohortId: b.id, participantId: p.id, mode: "PLACE" });
    expect(res.status).toBe(400);
    expect(res.result.errors?.form).toBe(
      "This participant is already enrolled in Overlap A (Mon 1 Mar 2027 to Mon 12 Apr 2027), which overlaps this cohort's dates. Withdraw or complete that enrollment first.",
    );
    expect(await (await dbReady()).enrollment.count({ where: { cohortId: b.id } })).toBe(0);
    // Referred into B is fine; becoming ENROLLED there is not.
    await rosterPost(cookie, b.id, { intent: "add", cohortId: b.id, participantId: p.id, mode: "REFERRED" });
    const eb = await (await dbReady()).enrollment.findFirstOrThrow({ where: { cohortId: b.id } });
    await transition(cookie, b.id, eb.id, "SCREENING");
    await transition(cookie, b.id, eb.id, "ELIGIBLE");
    const enroll = await transition(cookie, b.id, eb.id, "ENROLLED");
    expect(enroll.result.errors?.form).toMatch(/already enrolled in Overlap A/);
    expect((await counts(eb.id)).status).toBe("ELIGIBLE");
  });

  it("refuses a stale enrollment version (someone else changed it first)", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort();
    const p = await createTestParticipant();
    const e = await createTestEnrollment({ participantId: p.id, cohortId: cohort.id, status: "REFERRED" });
    expect((await transition(cookie, cohort.id, e.id, "SCREENING")).status).toBe(200);
    const stale = await rosterPost(cookie, cohort.id, {
      intent: "transition",
      enrollmentId: e.id,
      version: "1",
      to: "WITHDRAWN",
      withdrawnOn: "2026-01-01",
      reason: "x",
    });
    expect(stale.status).toBe(409);
    expect((await counts(e.id)).status).toBe("SCREENING");
  });

  it("answers an unknown intent with 400", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort();
    expect((await rosterPost(cookie, cohort.id, { intent: "promote-everyone" })).status).toBe(400);
  });
});

describe("creating and editing participants", () => {
  it("creates a participant with a generated code and enrolls them into a cohort in one step", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort({ capacity: 6 });
    const page = await call(participantsNew.loader, "/participants/new", "GET", { cookie });
    const code = (page.data as { code: string }).code;
    expect(code).toMatch(/^GK-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{5}$/);
    const res = await call(participantsNew.action, "/participants/new", "POST", {
      cookie,
      form: { ...validPerson, code, cohortId: cohort.id },
    });
    expect(res.status).toBe(302);
    const db = await dbReady();
    const created = await db.participant.findUniqueOrThrow({ where: { code }, include: { enrollments: true } });
    expect(res.headers.get("location")).toBe(`/participants/${created.id}`);
    expect(created).toMatchObject({ firstName: "Robin", weightKg: 68.5, occupation: "EMS" });
    expect(created.enrollments.map((e) => e.status)).toEqual(["ENROLLED"]);
    expect(await db.auditEvent.count({ where: { action: "participant.create", entityId: created.id } })).toBe(1);
  });

  it("refuses a duplicate participant code at the field and writes nothing", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    await createTestParticipant({ code: "GK-DUPE2" });
    const before = await (await dbReady()).participant.count();
    const res = await call(participantsNew.action, "/participants/new", "POST", { cookie, form: { ...validPerson, code: "gk-dupe2" } });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.code).toBe(DUPLICATE_CODE_MESSAGE);
    expect(await (await dbReady()).participant.count()).toBe(before);
  });

  it.each([
    ["impossible date", { dateOfBirth: "2026-02-30" }, "dateOfBirth", "This date does not exist on the calendar."],
    ["future date", { dateOfBirth: "2099-01-01" }, "dateOfBirth", "The date of birth cannot be in the future."],
    ["minor", { dateOfBirth: `${new Date().getUTCFullYear() - 10}-01-01` }, "dateOfBirth", "Participants must be at least 18 years old."],
    ["badly formatted date", { dateOfBirth: "12/04/1984" }, "dateOfBirth", "Enter the date of birth as YYYY-MM-DD."],
    ["weight 1000", { weightKg: "1000" }, "weightKg", "Weight must be between 30 and 300 kg."],
    [
      "bad code",
      { code: "gk 12" },
      "code",
      "A participant code has 3–20 characters: capital letters, digits and single hyphens, starting with a letter (e.g. GK-7KQ2M).",
    ],
    ["unknown occupation", { occupation: "ASTRONAUT" }, "occupation", "Choose the occupation."],
  ])("refuses %s with a field message", async (_name, change, field, message) => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const before = await (await dbReady()).participant.count();
    const res = await call(participantsNew.action, "/participants/new", "POST", {
      cookie,
      form: { ...validPerson, code: "GK-VALID", ...change },
    });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors[field]).toBe(message);
    expect(await (await dbReady()).participant.count()).toBe(before);
  });

  it("detects a concurrent edit instead of overwriting it", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const p = await createTestParticipant();
    const path = `/participants/${p.id}`;
    const form = { ...validPerson, version: "1" };
    const first = await call(participantOverview.action, path, "POST", { cookie, params: { participantId: p.id }, form });
    expect(first.status).toBe(200);
    const second = await call(participantOverview.action, path, "POST", {
      cookie,
      params: { participantId: p.id },
      form: { ...form, firstName: "Other" },
    });
    expect(second.status).toBe(409);
    expect((await (await dbReady()).participant.findUniqueOrThrow({ where: { id: p.id } })).firstName).toBe("Robin");
  });
});

describe("participant list and participant page actions", () => {
  it("searches by name or code and filters by cohort, status and occupation", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort();
    const nurse = (
      await createEnrolledTestParticipant(cohort.id, "SCREENING", { firstName: "Harriet", lastName: "Vane", occupation: "NURSE" })
    ).participant;
    const medic = (await createEnrolledTestParticipant(cohort.id, "ACTIVE", { firstName: "Peter", lastName: "Wimsey", occupation: "EMS" }))
      .participant;
    const list = async (query: string) =>
      (
        (await call(participantsList.loader, `/participants?${query}`, "GET", { cookie })).data as { participants: { id: string }[] }
      ).participants.map((p) => p.id);
    expect(await list("q=vane")).toEqual([nurse.id]);
    expect(await list(`q=${medic.code.toLowerCase()}`)).toEqual([medic.id]);
    expect(await list(`cohortId=${cohort.id}&status=ACTIVE`)).toEqual([medic.id]);
    expect(await list(`cohortId=${cohort.id}&occupation=NURSE`)).toEqual([nurse.id]);
  });

  it("adds a participant to a cohort from their page, and refuses a second place on the same roster", async () => {
    const { cookie } = await signedIn(["COORDINATOR"]);
    const cohort = await createTestCohort({ capacity: 1 });
    await createEnrolledTestParticipant(cohort.id, "ACTIVE");
    const p = await createTestParticipant();
    const post = (form: Record<string, string>) =>
      call(participantOverview.action, `/participants/${p.id}`, "POST", {
        cookie,
        params: { participantId: p.id },
        form: { intent: "add", participantId: p.id, ...form },
      });
    const res = await post({ cohortId: cohort.id, mode: "PLACE" });
    expect(res.status).toBe(200);
    expect((await result(res)).message).toBe(`${cohort.name} is full: ${p.code} is on the waitlist at position 1.`);
    const again = await post({ cohortId: cohort.id, mode: "REFERRED" });
    expect(again.status).toBe(400);
    expect((again.data as Result).errors?.participantId).toBe(`${p.code} is already on the roster of ${cohort.name}.`);
    expect((await post({ cohortId: "", mode: "PLACE" })).status).toBe(400);
  });
});

describe("participant access", () => {
  it("gives a facilitator 404 for a participant outside their cohorts and the page inside", async () => {
    const { user, cookie } = await signedIn(["FACILITATOR"]);
    const mine = await createTestCohort({ staff: [{ userId: user.id, role: "FACILITATOR" }] });
    const other = await createTestCohort();
    const inside = (await createEnrolledTestParticipant(mine.id)).participant;
    const outside = (await createEnrolledTestParticipant(other.id)).participant;
    for (const route of [participantLayout.loader, participantOverview.loader]) {
      expect((await call(route, `/participants/${outside.id}`, "GET", { cookie, params: { participantId: outside.id } })).status).toBe(404);
      expect((await call(route, `/participants/${inside.id}`, "GET", { cookie, params: { participantId: inside.id } })).status).toBe(200);
    }
    const list = await call(participantsList.loader, "/participants", "GET", { cookie });
    const ids = (list.data as { participants: { id: string }[] }).participants.map((p) => p.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect((await call(roster.loader, `/cohorts/${other.id}/roster`, "GET", { cookie, params: { cohortId: other.id } })).status).toBe(404);
    // Facilitators read but do not change enrollment.
    const post = await call(roster.action, `/cohorts/${mine.id}/roster`, "POST", {
      cookie,
      params: { cohortId: mine.id },
      form: { intent: "add" },
    });
    expect(post.status).toBe(403);
  });

  it("keeps analysts out of participant pages and shows them codes only on the roster", async () => {
    const { cookie } = await signedIn(["ANALYST"]);
    const cohort = await createTestCohort();
    const { participant } = await createEnrolledTestParticipant(cohort.id, "WITHDRAWN", { firstName: "Zelda", lastName: "Quimby" });
    await (await dbReady()).enrollment.updateMany({ where: { participantId: participant.id }, data: { statusReason: "Private reason" } });
    expect((await call(participantsList.loader, "/participants", "GET", { cookie })).status).toBe(403);
    const page = await call(participantLayout.loader, `/participants/${participant.id}`, "GET", {
      cookie,
      params: { participantId: participant.id },
    });
    expect([403, 404]).toContain(page.status);
    const r = await call(roster.loader, `/cohorts/${cohort.id}/roster`, "GET", { cookie, params: { cohortId: cohort.id } });
    expect(r.status).toBe(200);
    const text = JSON.stringify(r.data);
    expect(text).toContain(participant.code);
    expect(text).toContain("WITHDRAWN");
    expect(text).not.toMatch(/Zelda|Quimby|Private reason/);
  });

  it("writes a participant.view audit row for every view of a participant page", async () => {
    const { user, cookie } = await signedIn(["COORDINATOR"]);
    const p = await createTestParticipant();
    const db = await dbReady();
    for (let i = 0; i < 2; i++) {
      const res = await call(participantLayout.loader, `/participants/${p.id}`, "GET", { cookie, params: { participantId: p.id } });
      expect(res.status).toBe(200);
    }
    expect(await db.auditEvent.count({ where: { action: "participant.view", entityId: p.id, actorId: user.id } })).toBe(2);
  });

  it("shows unacknowledged safety signals in the participant header", async () => {
    const { user, cookie } = await signedIn(["CLINICIAN"]);
    const cohort = await createTestCohort({ staff: [{ userId: user.id, role: "CLINICIAN" }] });
    const { participant } = await createEnrolledTestParticipant(cohort.id);
    await (
      await dbReady()
    ).safetySignal.create({
      data: {
        kind: "PHQ9_ITEM9",
        participantId: participant.id,
        cohortId: cohort.id,
        sourceType: "Assessment",
        sourceId: "a1",
        detail: "PHQ-9 item 9 answered ≥ 1 on 2026-11-20: same-day clinician risk assessment needed",
      },
    });
    const res = await call(participantLayout.loader, `/participants/${participant.id}`, "GET", {
      cookie,
      params: { participantId: participant.id },
    });
    const signals = (res.data as { participant: { signals: { detail: string }[] } }).participant.signals;
    expect(signals.map((s) => s.detail)).toEqual(["PHQ-9 item 9 answered ≥ 1 on 2026-11-20: same-day clinician risk assessment needed"]);
  });
});
