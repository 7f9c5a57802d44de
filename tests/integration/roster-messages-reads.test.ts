// The cohort roster tab (getRoster) and the message logs (listMessages: the cohort messages tab,
// the outbox, a participant's history) read through the driver (app/utils/db.server.ts readRows):
// what they return for a seeded cohort (the values below are what the ORM reads returned before,
// on SQLite and PostgreSQL alike), how many statements they take, and the one audit row per read.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import type { MessageLogQuery } from "~/forms/outreach-log";
import { readerFor, type Viewer } from "~/models/access.server";
import { ROSTER_CANDIDATE_LIMIT, cohortToday, getRoster } from "~/models/enrollment.server";
import { listMessages, type MessageScope } from "~/models/outreach/messages.server";
import * as messagesRoute from "~/routes/cohorts.$cohortId.messages";
import * as rosterRoute from "~/routes/cohorts.$cohortId.roster";
import { dbReady } from "~/utils/db.server";
import type { RoleCode } from "~/utils/permissions";
import { createTestSite, ensureTestProgram } from "../setup/factories-scheduling";
import { signedInUser } from "../setup/factories-sessions";
import { BASE, call } from "../setup/http";
import { counted } from "../setup/statements";

const TZ = "America/Denver";
let coordinator: { user: { id: string; email: string }; cookie: string };
let facilitator: { user: { id: string; email: string }; cookie: string };

function reader(user: { id: string; email: string }, roles: RoleCode[], path = "/cohorts/rc-main/roster") {
  const viewer: Viewer = { id: user.id, email: user.email, roles };
  const args = { request: new Request(`${BASE}${path}`), params: {}, context: {} } as unknown as LoaderFunctionArgs;
  return readerFor(args, viewer);
}

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  const db = await dbReady();
  coordinator = await signedInUser(["COORDINATOR"], { name: "Cora Coordinator" });
  facilitator = await signedInUser(["FACILITATOR"], { name: "Finn Facilitator" });
  const { program, version } = await ensureTestProgram();
  const site = await createTestSite({ timeZone: TZ });
  const cohort = (id: string, name: string, staff: string[] = []) =>
    db.cohort.create({
      data: {
        id,
        name,
        programId: program.id,
        programVersionId: version.id,
        startDate: "2026-04-01",
        endDate: "2026-05-13",
        timeZone: TZ,
        siteId: site.id,
        capacity: 5,
        status: "ENROLLING",
        staff: { create: staff.map((userId) => ({ userId, role: "LEAD_FACILITATOR" })) },
      },
    });
  await cohort("rc-main", "Roster reads main", [facilitator.user.id]);
  await cohort("rc-other", "Roster reads other");
  await cohort("rc-fac", "Roster reads facilitated", [facilitator.user.id]);
  await cohort("rc-empty", "Roster reads empty");

  const person = (id: string, code: string, firstName: string, lastName: string, occupation = "NURSE") =>
    db.participant.create({ data: { id, code, firstName, lastName, occupation, dateOfBirth: "1980-01-01", sex: "FEMALE" } });
  await person("rp-01", "GK-RR001", "Ada", "Ashby", "NURSE");
  await person("rp-02", "GK-RR002", "Ben", "Brook", "EMS");
  await person("rp-03", "GK-RR003", "Cal", "Crane", "POLICE");
  await person("rp-04", "GK-RR004", "Dee", "Dale", "FIREFIGHTER");
  await person("rp-05", "GK-RR005", "Eve", "Ember", "OTHER");
  await person("rp-06", "GK-RR006", "Fay", "Frost", "PHYSICIAN");
  await person("rp-07", "GK-RR007", "Gus", "Grove", "OTHER");
  await person("rp-08", "GK-RR008", "Hal", "Hill", "NURSE");
  for (let i = 20; i < 44; i++) await person(`rp-${i}`, `GK-RR0${i}`, i % 2 ? "Nia" : "Noor", `Candidate${i}`, "EMS");
  await person("rp-50", "GK-RR050", "Zed", "Under_score");
  await person("rp-51", "GK-RR051", "Zoe", "Underxscore");

  const enroll = (
    id: string,
    cohortId: string,
    participantId: string,
    status: string,
    createdAt: string,
    extra: { statusReason?: string; consentDate?: string; withdrawnOn?: string; waitlistPosition?: number; version?: number } = {},
  ) => db.enrollment.create({ data: { id, cohortId, participantId, status, createdAt: at(createdAt), ...extra } });
  await enroll("re-06", "rc-main", "rp-06", "SCREENING", "2026-02-01T10:00:00Z");
  await enroll("re-01", "rc-main", "rp-01", "ACTIVE", "2026-02-01T09:00:00Z", { consentDate: "2026-03-20", version: 3 });
  await enroll("re-02", "rc-main", "rp-02", "ENROLLED", "2026-02-02T09:00:00Z", { statusReason: "Good fit" });
  await enroll("re-03", "rc-main", "rp-03", "ENROLLED", "2026-02-03T09:00:00Z");
  await enroll("re-04", "rc-main", "rp-04", "WAITLISTED", "2026-02-04T09:00:00Z", { waitlistPosition: 7 });
  await enroll("re-05", "rc-main", "rp-05", "WAITLISTED", "2026-02-05T09:00:00Z", { waitlistPosition: 3, version: 2 });
  await enroll("re-07", "rc-main", "rp-07", "WITHDRAWN", "2026-02-06T09:00:00Z", { statusReason: "Moved away", withdrawnOn: "2026-03-10" });
  await enroll("re-08", "rc-main", "rp-08", "WAITLISTED", "2026-02-07T09:00:00Z", { waitlistPosition: 5 });
  await enroll("re-33", "rc-other", "rp-03", "ACTIVE", "2026-02-01T09:00:00Z");
  for (const i of [21, 23, 25]) await enroll(`re-o${i}`, "rc-other", `rp-${i}`, "ENROLLED", "2026-02-01T09:00:00Z");
  for (const i of [20, 22]) await enroll(`re-f${i}`, "rc-fac", `rp-${i}`, "ENROLLED", "2026-02-01T09:00:00Z");

  await db.seatOffer.create({
    data: {
      id: "so-1",
      enrollmentId: "re-05",
      cohortId: "rc-main",
      offeredAt: at("2026-03-22T18:00:00Z"),
      expiresAt: at("2026-03-25T18:00:00Z"),
    },
  });
  await db.seatOffer.create({
    data: {
      id: "so-0",
      enrollmentId: "re-08",
      cohortId: "rc-main",
      status: "DECLINED",
      offeredAt: at("2026-03-20T18:00:00Z"),
      expiresAt: at("2026-03-23T18:00:00Z"),
    },
  });
  await db.seatOffer.create({
    data: {
      id: "so-2",
      enrollmentId: "re-08",
      cohortId: "rc-main",
      offeredAt: at("2026-03-23T18:00:00Z"),
      expiresAt: at("2026-03-26T05:30:00Z"),
    },
  });

  // Messages: 55 of rc-main (due times in pairs, so the id orders a pair), 3 of another cohort.
  const kinds = ["INVITATION", "REMINDER", "SESSION_REMINDER", "SEAT_OFFER"];
  const statuses = ["SCHEDULED", "SENDING", "SENT", "DELIVERED", "FAILED", "CANCELLED"];
  const rows = [];
  for (let i = 0; i < 58; i++) {
    const due = new Date(Date.UTC(2026, 2, 1, 12) + Math.floor(i / 2) * 3_600_000);
    const status = statuses[i % 6];
    const participantId = i === 7 ? null : i % 13 === 0 ? "rp-gone" : i % 11 === 0 ? null : `rp-0${1 + (i % 8)}`;
    rows.push({
      id: `msg-${String(i).padStart(3, "0")}`,
      channel: i % 3 ? "EMAIL" : "SMS",
      kind: kinds[i % 4],
      purposeKey: `rr-${i}`,
      messageIdHeader: `<rr-${i}@test>`,
      participantId,
      userId: i % 11 === 0 && i % 13 !== 0 ? coordinator.user.id : null,
      cohortId: i < 55 ? "rc-main" : "rc-other",
      dueAt: due,
      status,
      statusReason: status === "FAILED" ? "Bounced" : null,
      attempts: i % 3,
      sentAt: status === "SENT" || status === "DELIVERED" ? new Date(due.getTime() + 5 * 60_000) : null,
      transport: i % 5 === 0 ? null : i % 4 === 0 ? "OUTBOX" : "SMTP",
      address: i % 3 ? `p${i}@example.org` : "+15551230000",
      subject: i % 3 ? `Subject ${i}` : null,
      body: `Body ${i}`,
    });
  }
  await db.message.createMany({ data: rows });
});

/** The program's consent documents (an old and the current version) and the people's consents to them. */
async function addConsents() {
  const db = await dbReady();
  const { programId } = await db.cohort.findUniqueOrThrow({ where: { id: "rc-main" } });
  const doc = (id: string, versionLabel: string, createdAt: string) =>
    db.consentDocument.create({
      data: {
        id,
        programId,
        title: "Consent",
        versionLabel,
        effectiveDate: createdAt.slice(0, 10),
        body: versionLabel,
        checkboxes: "[]",
        contentHash: id,
        createdAt: at(createdAt),
      },
    });
  await doc("cd-old", "v1", "2026-01-01T00:00:00Z");
  await doc("cd-new", "v2", "2026-02-01T00:00:00Z");
  const consent = (participantId: string, documentId: string, countersigned: boolean, withdrawn = false) =>
    db.participantConsent.create({
      data: {
        participantId,
        documentId,
        programId,
        signedName: participantId,
        answers: "[]",
        contentHash: documentId,
        signedVia: "STAFF_DEVICE",
        signedPdf: Buffer.from("pdf"),
        countersignedAt: countersigned ? at("2026-02-10T00:00:00Z") : null,
        withdrawnAt: withdrawn ? at("2026-02-11T00:00:00Z") : null,
      },
    });
  await consent("rp-01", "cd-new", true);
  await consent("rp-02", "cd-new", false);
  await consent("rp-03", "cd-old", true);
  await consent("rp-04", "cd-new", true, true);
  await consent("rp-07", "cd-old", true);
  await consent("rp-07", "cd-new", true);
  await consent("rp-20", "cd-new", true);
}

/** The newest participant.view audit row about `entityId`. */
async function lastAudit(entityId: string | null, entityType = "Cohort") {
  const db = await dbReady();
  const row = await db.auditEvent.findFirstOrThrow({
    where: { action: "participant.view", entityType, entityId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
  });
  return { summary: row.summary, details: JSON.parse(row.details ?? "{}") as Record<string, unknown> };
}

const ROSTER_PEOPLE = ["rp-01", "rp-06", "rp-02", "rp-03", "rp-04", "rp-05", "rp-07", "rp-08"];

/** The roster of rc-main with the consent documents in place, as staff who see names get it (by enrollment date). */
const ROWS = [
  {
    enrollmentId: "re-01",
    version: 3,
    participantId: "rp-01",
    code: "GK-RR001",
    label: "Ada Ashby",
    occupation: "NURSE",
    status: "ACTIVE",
    statusReason: null,
    consentDate: "2026-03-20",
    consent: "CONSENTED",
    withdrawnOn: null,
    waitlistPosition: null,
  },
  {
    enrollmentId: "re-06",
    version: 1,
    participantId: "rp-06",
    code: "GK-RR006",
    label: "Fay Frost",
    occupation: "PHYSICIAN",
    status: "SCREENING",
    statusReason: null,
    consentDate: null,
    consent: "NOT_SIGNED",
    withdrawnOn: null,
    waitlistPosition: null,
  },
  {
    enrollmentId: "re-02",
    version: 1,
    participantId: "rp-02",
    code: "GK-RR002",
    label: "Ben Brook",
    occupation: "EMS",
    status: "ENROLLED",
    statusReason: "Good fit",
    consentDate: null,
    consent: "AWAITING_COUNTERSIGNATURE",
    withdrawnOn: null,
    waitlistPosition: null,
  },
  {
    enrollmentId: "re-03",
    version: 1,
    participantId: "rp-03",
    code: "GK-RR003",
    label: "Cal Crane",
    occupation: "POLICE",
    status: "ENROLLED",
    statusReason: null,
    consentDate: null,
    consent: "RECONSENT_NEEDED",
    withdrawnOn: null,
    waitlistPosition: null,
  },
  {
    enrollmentId: "re-04",
    version: 1,
    participantId: "rp-04",
    code: "GK-RR004",
    label: "Dee Dale",
    occupation: "FIREFIGHTER",
    status: "WAITLISTED",
    statusReason: null,
    consentDate: null,
    consent: "WITHDRAWN",
    withdrawnOn: null,
    waitlistPosition: 3,
  },
  {
    enrollmentId: "re-05",
    version: 2,
    participantId: "rp-05",
    code: "GK-RR005",
    label: "Eve Ember",
    occupation: "OTHER",
    status: "WAITLISTED",
    statusReason: null,
    consentDate: null,
    consent: "NOT_SIGNED",
    withdrawnOn: null,
    waitlistPosition: 1,
  },
  {
    enrollmentId: "re-07",
    version: 1,
    participantId: "rp-07",
    code: "GK-RR007",
    label: "Gus Grove",
    occupation: "OTHER",
    status: "WITHDRAWN",
    statusReason: "Moved away",
    consentDate: null,
    consent: "CONSENTED",
    withdrawnOn: "2026-03-10",
    waitlistPosition: null,
  },
  {
    enrollmentId: "re-08",
    version: 1,
    participantId: "rp-08",
    code: "GK-RR008",
    label: "Hal Hill",
    occupation: "NURSE",
    status: "WAITLISTED",
    statusReason: null,
    consentDate: null,
    consent: "NOT_SIGNED",
    withdrawnOn: null,
    waitlistPosition: 2,
  },
];

const MAIN = {
  id: "rc-main",
  name: "Roster reads main",
  capacity: 5,
  status: "ENROLLING",
  timeZone: TZ,
  startDate: "2026-04-01",
  endDate: "2026-05-13",
};

// The open offers (the declined one is not), in the order made; they hold the two free seats.
const OFFERS = [
  { enrollmentId: "re-05", version: 2, label: "Eve Ember", code: "GK-RR005", position: 1, until: "Wed 25 Mar 2026, 12:00" },
  { enrollmentId: "re-08", version: 1, label: "Hal Hill", code: "GK-RR008", position: 2, until: "Wed 25 Mar 2026, 23:30" },
];

const rp = (...n: number[]) => n.map((i) => `rp-${String(i).padStart(2, "0")}`);

describe("the cohort roster", () => {
  it("reads the roster, consent standing and open offers in two statements and audits it once", async () => {
    const coord = reader(coordinator.user, ["COORDINATOR"]);
    // No consent document for the program yet: no standing.
    const before = await counted(() => getRoster(coord, "rc-main"));
    expect(before.queries).toBe(3); // roster, consents and offers, the audit row (was 6)
    expect(before.value).toEqual({
      candidates: [],
      moreCandidates: false,
      cohort: MAIN,
      today: cohortToday(TZ),
      rows: ROWS.map((r) => ({ ...r, consent: null })),
      seated: 3,
      freeSeats: 0,
      offers: OFFERS,
    });

    await addConsents();
    const { value, queries } = await counted(() => getRoster(reader(coordinator.user, ["COORDINATOR"]), "rc-main"));
    expect(queries).toBe(3); // was 7
    expect(value).toEqual({
      candidates: [],
      moreCandidates: false,
      cohort: MAIN,
      today: cohortToday(TZ),
      rows: ROWS,
      seated: 3,
      freeSeats: 0,
      offers: OFFERS,
    });
    expect(await lastAudit("rc-main")).toEqual({
      summary: "Viewed cohort roster (8 participants) at /cohorts/rc-main/roster",
      details: { participantIds: ROSTER_PEOPLE, count: 8, path: "/cohorts/rc-main/roster" },
    });

    // A cohort with nobody on it: no audit row, two statements (was 6).
    const empty = await counted(() => getRoster(reader(coordinator.user, ["COORDINATOR"]), "rc-empty", { withCandidates: true }));
    expect(empty.queries).toBe(2);
    expect(empty.value).toEqual({
      candidates: [],
      moreCandidates: false,
      cohort: { ...MAIN, id: "rc-empty", name: "Roster reads empty" },
      today: cohortToday(TZ),
      rows: [],
      seated: 0,
      freeSeats: 5,
      offers: [],
    });
    // An unknown cohort: 404 (the ORM read threw its own not-found error; the routes ask requireCohortAccess first).
    await expect(getRoster(reader(coordinator.user, ["COORDINATOR"]), "no-such-cohort")).rejects.toMatchObject({ status: 404 });
  });

  it("shows an analyst codes and statuses only, and no candidates outside what they may add", async () => {
    const { value, queries } = await counted(() =>
      getRoster(reader(coordinator.user, ["ANALYST"]), "rc-main", { withCandidates: true, q: "Candidate2" }),
    );
    expect(queries).toBe(4); // was 8
    expect(value.rows).toEqual(
      ROWS.map((r) => ({ ...r, label: r.code, occupation: null, statusReason: null, consentDate: null, withdrawnOn: null })),
    );
    expect(value.offers).toEqual(OFFERS.map((o) => ({ ...o, label: o.code })));
    expect(value.candidates.map((c) => c.id)).toEqual(rp(20, 21, 22, 23, 24, 25, 26, 27, 28, 29));
  });

  it("searches candidates as before: every word, name or code, any case, at most the limit, never someone on the roster", async () => {
    expect(ROSTER_CANDIDATE_LIMIT).toBe(20);
    const twenty = rp(20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
    const expected: [string, string[], boolean][] = [
      ["", [], false],
      ["  ", [], false],
      ["candidate", twenty, true],
      ["CANDIDATE", twenty, true],
      ["cAnDiDaTe", twenty, true],
      ["Candidate2", rp(20, 21, 22, 23, 24, 25, 26, 27, 28, 29), false],
      ["Candidate4", rp(40, 41, 42, 43), false],
      ["nia candidate3", rp(31, 33, 35, 37, 39), false],
      ["noor  Candidate2", rp(20, 22, 24, 26, 28), false],
      ["noor candidate2 x", [], false],
      ["gk-rr021", rp(21), false],
      // Everyone whose code has RR00 is on this roster already.
      ["RR00", [], false],
      ["RR0", twenty, true],
      // Only the first four words count.
      ["a b c d e", [], false],
      // `_` and `%` are LIKE wildcards, as they were with Prisma's `contains`.
      ["under_score", rp(50, 51), false],
      ["under%", rp(50, 51), false],
    ];
    for (const [q, ids, more] of expected) {
      const { value, queries } = await counted(() =>
        getRoster(reader(coordinator.user, ["COORDINATOR"]), "rc-main", { withCandidates: true, q }),
      );
      expect(
        value.candidates.map((c) => c.id),
        q,
      ).toEqual(ids);
      expect(value.moreCandidates, q).toBe(more);
      expect(value.rows, q).toEqual(ROWS);
      expect(queries, q).toBe(q.trim() ? 4 : 3); // was 8 and 7
    }
    const byCode = await getRoster(reader(coordinator.user, ["COORDINATOR"]), "rc-main", { withCandidates: true, q: "gk-rr021" });
    expect(byCode.candidates).toEqual([{ id: "rp-21", label: "Candidate21, Nia (GK-RR021)" }]);
    expect(await lastAudit("rc-main")).toEqual({
      summary: 'Viewed cohort roster and enrollment candidates for "gk-rr021" (9 participants) at /cohorts/rc-main/roster',
      details: { participantIds: [...ROSTER_PEOPLE, "rp-21"], count: 9, path: "/cohorts/rc-main/roster" },
    });
  });

  it("offers a facilitator only people of the cohorts they staff, and only when asked", async () => {
    const fac = await counted(() =>
      getRoster(reader(facilitator.user, ["FACILITATOR"]), "rc-main", { withCandidates: true, q: "candidate" }),
    );
    expect(fac.queries).toBe(4); // was 8
    expect(fac.value.candidates).toEqual([
      { id: "rp-20", label: "Candidate20, Noor (GK-RR020)" },
      { id: "rp-22", label: "Candidate22, Noor (GK-RR022)" },
    ]);
    expect(fac.value.moreCandidates).toBe(false);
    expect(await lastAudit("rc-main")).toEqual({
      summary: 'Viewed cohort roster and enrollment candidates for "candidate" (10 participants) at /cohorts/rc-main/roster',
      details: { participantIds: [...ROSTER_PEOPLE, "rp-20", "rp-22"], count: 10, path: "/cohorts/rc-main/roster" },
    });
    const without = await counted(() => getRoster(reader(facilitator.user, ["FACILITATOR"]), "rc-main", { q: "candidate" }));
    expect(without.queries).toBe(3); // was 7
    expect(without.value.candidates).toEqual([]);
  });

  it("the page: the model's roster with the search; another cohort's facilitator gets a 404", async () => {
    const res = await call(rosterRoute.loader, "/cohorts/rc-main/roster?q=Candidate4", "GET", {
      cookie: coordinator.cookie,
      params: { cohortId: "rc-main" },
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      candidates: [40, 41, 42, 43].map((i) => ({ id: `rp-${i}`, label: `Candidate${i}, ${i % 2 ? "Nia" : "Noor"} (GK-RR0${i})` })),
      moreCandidates: false,
      cohort: MAIN,
      today: cohortToday(TZ),
      rows: ROWS,
      seated: 3,
      freeSeats: 0,
      offers: OFFERS,
      q: "Candidate4",
      names: true,
      canManage: true,
    });
    const hidden = await call(rosterRoute.loader, "/cohorts/rc-other/roster", "GET", {
      cookie: facilitator.cookie,
      params: { cohortId: "rc-other" },
    });
    expect(hidden.status).toBe(404);
  });
});

const msg = (...n: number[]) => n.map((i) => `msg-${String(i).padStart(3, "0")}`);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, k) => from - k);
const BY_STATUS = { CANCELLED: 9, DELIVERED: 9, FAILED: 9, SCHEDULED: 10, SENDING: 9, SENT: 9 };

function log(q: MessageLogQuery, scope: MessageScope = { cohortId: "rc-main" }, roles: RoleCode[] = ["COORDINATOR"]) {
  return counted(() =>
    listMessages(reader(coordinator.user, roles, "/cohorts/rc-main/messages"), scope, q, "cohortId" in scope ? TZ : "UTC"),
  );
}

describe("the message log", () => {
  it("pages newest due first (50 a page), counts per status, names recipients, in three statements with the audit row", async () => {
    const first = await log({});
    expect(first.queries).toBe(3); // counts, page with names, the audit row (was 6)
    expect(first.value).toMatchObject({ timeZone: TZ, total: 55, byStatus: BY_STATUS, previousCursor: null, nextCursor: "msg-005" });
    expect(first.value.rows.map((r) => r.id)).toEqual(msg(...range(54, 5)));
    expect(first.value.rows.map((r) => r.recipient)).toEqual([
      ...["Gus Grove (GK-RR007)", "Fay Frost (GK-RR006)", "participant", "Dee Dale (GK-RR004)", "Cal Crane (GK-RR003)"],
      ...["Ben Brook (GK-RR002)", "Ada Ashby (GK-RR001)", "Hal Hill (GK-RR008)", "Gus Grove (GK-RR007)", "Fay Frost (GK-RR006)"],
      ...["Cora Coordinator (staff)", "Dee Dale (GK-RR004)", "Cal Crane (GK-RR003)", "Ben Brook (GK-RR002)", "Ada Ashby (GK-RR001)"],
      ...["participant", "Gus Grove (GK-RR007)", "Fay Frost (GK-RR006)", "Eve Ember (GK-RR005)", "Dee Dale (GK-RR004)"],
      ...["Cal Crane (GK-RR003)", "Cora Coordinator (staff)", "Ada Ashby (GK-RR001)", "Hal Hill (GK-RR008)", "Gus Grove (GK-RR007)"],
      ...["Fay Frost (GK-RR006)", "Eve Ember (GK-RR005)", "Dee Dale (GK-RR004)", "participant", "Ben Brook (GK-RR002)"],
      ...["Ada Ashby (GK-RR001)", "Hal Hill (GK-RR008)", "Cora Coordinator (staff)", "Fay Frost (GK-RR006)", "Eve Ember (GK-RR005)"],
      ...["Dee Dale (GK-RR004)", "Cal Crane (GK-RR003)", "Ben Brook (GK-RR002)", "Ada Ashby (GK-RR001)", "Hal Hill (GK-RR008)"],
      ...["Gus Grove (GK-RR007)", "participant", "Eve Ember (GK-RR005)", "Cora Coordinator (staff)", "Cal Crane (GK-RR003)"],
      ...["Ben Brook (GK-RR002)", "Ada Ashby (GK-RR001)", "—", "Gus Grove (GK-RR007)", "Fay Frost (GK-RR006)"],
    ]);
    const row = (id: string) => first.value.rows.find((r) => r.id === id);
    expect(row("msg-054")).toEqual({
      id: "msg-054",
      kind: "SESSION_REMINDER",
      channel: "SMS",
      status: "SCHEDULED",
      statusReason: null,
      due: "Mon 2 Mar 2026, 08:00",
      sent: null,
      attempts: 0,
      outbox: false,
      address: "+15551230000",
      subject: null,
      body: "Body 54",
      recipient: "Gus Grove (GK-RR007)",
      participantId: "rp-07",
    });
    expect(row("msg-052")).toEqual({
      id: "msg-052",
      kind: "INVITATION",
      channel: "EMAIL",
      status: "FAILED",
      statusReason: "Bounced",
      due: "Mon 2 Mar 2026, 07:00",
      sent: null,
      attempts: 1,
      outbox: true,
      address: "p52@example.org",
      subject: "Subject 52",
      body: "Body 52",
      recipient: "participant",
      participantId: "rp-gone",
    });
    expect(row("msg-044")).toEqual({
      id: "msg-044",
      kind: "INVITATION",
      channel: "EMAIL",
      status: "SENT",
      statusReason: null,
      due: "Mon 2 Mar 2026, 03:00",
      sent: "Mon 2 Mar 2026, 03:05",
      attempts: 2,
      outbox: true,
      address: "p44@example.org",
      subject: "Subject 44",
      body: "Body 44",
      recipient: "Cora Coordinator (staff)",
      participantId: null,
    });
    expect(row("msg-007")).toEqual({
      id: "msg-007",
      kind: "SEAT_OFFER",
      channel: "EMAIL",
      status: "SENDING",
      statusReason: null,
      due: "Sun 1 Mar 2026, 08:00",
      sent: null,
      attempts: 1,
      outbox: false,
      address: "p7@example.org",
      subject: "Subject 7",
      body: "Body 7",
      recipient: "—",
      participantId: null,
    });
    expect(await lastAudit("rc-main")).toEqual({
      summary: "Viewed message log (9 participants) at /cohorts/rc-main/messages",
      details: {
        participantIds: ["rp-07", "rp-06", "rp-gone", "rp-04", "rp-03", "rp-02", "rp-01", "rp-08", "rp-05"],
        count: 9,
        path: "/cohorts/rc-main/messages",
      },
    });

    // Next page, and back again.
    const second = await log({ before: "msg-005" });
    expect(second.queries).toBe(4); // counts, the cursor's row, the page, the audit row (was 7)
    expect(second.value).toMatchObject({ total: 55, byStatus: BY_STATUS, previousCursor: "msg-004", nextCursor: null });
    expect(second.value.rows.map((r) => r.id)).toEqual(msg(4, 3, 2, 1, 0));
    expect(second.value.rows.find((r) => r.id === "msg-003")).toEqual({
      id: "msg-003",
      kind: "SEAT_OFFER",
      channel: "SMS",
      status: "DELIVERED",
      statusReason: null,
      due: "Sun 1 Mar 2026, 06:00",
      sent: "Sun 1 Mar 2026, 06:05",
      attempts: 0,
      outbox: false,
      address: "+15551230000",
      subject: null,
      body: "Body 3",
      recipient: "Dee Dale (GK-RR004)",
      participantId: "rp-04",
    });
    const back = await log({ after: "msg-004" });
    expect(back.queries).toBe(4); // was 7
    expect(back.value).toMatchObject({ total: 55, previousCursor: null, nextCursor: "msg-005" });
    expect(back.value.rows.map((r) => r.id)).toEqual(msg(...range(54, 5)));
  });

  it("filters by status, kind, channel and the outbox; a cursor outside the filters or unknown starts at the first page", async () => {
    const expected: [MessageLogQuery, number, string[], string | null, string | null][] = [
      [{ status: "FAILED" }, 9, msg(52, 46, 40, 34, 28, 22, 16, 10, 4), null, null],
      [{ kind: "SEAT_OFFER", channel: "SMS" }, 5, msg(51, 39, 27, 15, 3), null, null],
      [{ where: "outbox" }, 11, msg(52, 48, 44, 36, 32, 28, 24, 16, 12, 8, 4), null, null],
      [
        { where: "all", channel: "EMAIL", before: "msg-040" },
        36,
        msg(38, 37, 35, 34, 32, 31, 29, 28, 26, 25, 23, 22, 20, 19, 17, 16, 14, 13, 11, 10, 8, 7, 5, 4, 2, 1),
        "msg-038",
        null,
      ],
      [{ status: "SENT", before: "msg-001" }, 9, msg(50, 44, 38, 32, 26, 20, 14, 8, 2), null, null],
      [{ before: "nope" }, 55, msg(...range(54, 5)), null, "msg-005"],
      // Another cohort's message is no cursor here.
      [{ before: "msg-056" }, 55, msg(...range(54, 5)), null, "msg-005"],
      [{ after: "nope", kind: "REMINDER" }, 14, msg(53, 49, 45, 41, 37, 33, 29, 25, 21, 17, 13, 9, 5, 1), null, null],
    ];
    for (const [q, total, ids, previousCursor, nextCursor] of expected) {
      const { value, queries } = await log(q);
      const what = JSON.stringify(q);
      // With a cursor, its row is one more read (the counts read the index alone).
      expect(queries, what).toBe("before" in q || "after" in q ? 4 : 3); // was 6 (7 with a cursor)
      expect(value.total, what).toBe(total);
      expect(value.byStatus, what).toEqual(BY_STATUS);
      expect(
        value.rows.map((r) => r.id),
        what,
      ).toEqual(ids);
      expect([value.previousCursor, value.nextCursor], what).toEqual([previousCursor, nextCursor]);
    }
  });

  it("admins see codes; a participant's history and the outbox read the same way; an empty log writes no audit row", async () => {
    const admin = await log({ status: "SENT" }, { cohortId: "rc-main" }, ["ADMIN"]);
    expect(admin.queries).toBe(3); // was 6
    expect(admin.value.rows.map((r) => [r.id, r.recipient])).toEqual([
      ["msg-050", "GK-RR003"],
      ["msg-044", "Cora Coordinator (staff)"],
      ["msg-038", "GK-RR007"],
      ["msg-032", "GK-RR001"],
      ["msg-026", "participant"],
      ["msg-020", "GK-RR005"],
      ["msg-014", "GK-RR007"],
      ["msg-008", "GK-RR001"],
      ["msg-002", "GK-RR003"],
    ]);

    const person = await log({}, { participantId: "rp-01" });
    expect(person.queries).toBe(3); // was 6
    expect(person.value).toMatchObject({
      total: 7,
      byStatus: { FAILED: 2, SCHEDULED: 2, SENT: 3 },
      previousCursor: null,
      nextCursor: null,
    });
    expect(person.value.rows.map((r) => [r.id, r.recipient])).toEqual(
      msg(56, 48, 40, 32, 24, 16, 8).map((id) => [id, "Ada Ashby (GK-RR001)"]),
    );
    expect(await lastAudit("rp-01", "Participant")).toEqual({
      summary: "Viewed message log at /cohorts/rc-main/messages",
      details: { participantIds: ["rp-01"], count: 1, path: "/cohorts/rc-main/messages" },
    });

    const all = await log({ kind: "INVITATION" }, { all: true });
    expect(all.queries).toBe(3); // was 6
    expect(all.value).toMatchObject({
      timeZone: "UTC",
      total: 15,
      byStatus: { CANCELLED: 9, DELIVERED: 10, FAILED: 9, SCHEDULED: 10, SENDING: 10, SENT: 10 },
    });
    expect(all.value.rows.map((r) => r.id)).toEqual(msg(56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0));
    expect(all.value.rows[0].due).toBe("Mon 2 Mar 2026, 16:00");
    expect(await lastAudit(null, "Message")).toEqual({
      summary: "Viewed message log (3 participants) at /cohorts/rc-main/messages",
      details: { participantIds: ["rp-01", "rp-gone", "rp-05"], count: 3, path: "/cohorts/rc-main/messages" },
    });

    const db = await dbReady();
    const audits = await db.auditEvent.count();
    const none = await log({}, { cohortId: "rc-empty" });
    expect(none.queries).toBe(2); // was 5
    expect(none.value).toEqual({ timeZone: TZ, total: 0, byStatus: {}, previousCursor: null, nextCursor: null, rows: [] });
    expect(await db.auditEvent.count()).toBe(audits);
  });

  it("the page: the model's log in the cohort's zone; a facilitator (no outreach:manage) is refused", async () => {
    const res = await call(messagesRoute.loader, "/cohorts/rc-main/messages?status=FAILED", "GET", {
      cookie: coordinator.cookie,
      params: { cohortId: "rc-main" },
    });
    expect(res.status).toBe(200);
    const data = res.data as Awaited<ReturnType<typeof messagesRoute.loader>>;
    expect(data.cohort).toEqual({ id: "rc-main", name: "Roster reads main", programId: expect.any(String) });
    expect(data.log).toMatchObject({ timeZone: TZ, total: 9, byStatus: BY_STATUS, previousCursor: null, nextCursor: null });
    expect(data.log.rows.map((r) => r.id)).toEqual(msg(52, 46, 40, 34, 28, 22, 16, 10, 4));
    const refused = await call(messagesRoute.loader, "/cohorts/rc-other/messages", "GET", {
      cookie: facilitator.cookie,
      params: { cohortId: "rc-other" },
    });
    expect(refused.status).toBe(403); // facilitators do not manage outreach
  });
});
