// Finding 12: bad input gave HTTP 500 (nothing written, but an error page): a JSON body or
// no body to any action, an eligibility rule nested 1,000 deep, version=1e21, a cohort
// starting 9999-12-31, roles=ADMIN&roles=ADMIN, a NUL byte in a name (PostgreSQL). Each now
// gets a 4xx with a clear message through the shared form reader (app/utils/forms.server.ts)
// and the shared parsers (whole numbers, dates, eligibility JSON), and nothing is written.
import type { ActionFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { FIRST_RESPONDERS_TEMPLATE, type ProgramTemplate } from "~/domain/scheduling";
import { createProgramFromTemplate } from "~/models/program.server";
import * as accountPage from "~/routes/account._index";
import * as accountPassword from "~/routes/account.password";
import * as adminInstruments from "~/routes/admin.instruments";
import * as adminSites from "~/routes/admin.sites";
import * as adminUser from "~/routes/admin.users.$userId";
import * as adminUsersNew from "~/routes/admin.users.new";
import * as aeNew from "~/routes/adverse-events.new";
import * as calendarFeed from "~/routes/calendar.feed";
import * as cohortLayout from "~/routes/cohorts.$cohortId";
import * as cohortSchedule from "~/routes/cohorts.$cohortId._index";
import * as cohortConflicts from "~/routes/cohorts.$cohortId.conflicts";
import * as cohortMeasures from "~/routes/cohorts.$cohortId.measures";
import * as cohortRoster from "~/routes/cohorts.$cohortId.roster";
import * as cohortsNew from "~/routes/cohorts.new";
import * as ledgerLot from "~/routes/ledger.lots.$lotId";
import * as ledgerLotsNew from "~/routes/ledger.lots.new";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as measuresImport from "~/routes/measures.import";
import * as participantPage from "~/routes/participants.$participantId._index";
import * as participantsNew from "~/routes/participants.new";
import * as programPage from "~/routes/programs.$programId";
import * as programCopy from "~/routes/programs.$programId_.copy";
import * as programsNew from "~/routes/programs.new";
import * as safety from "~/routes/safety";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import * as dosingPage from "~/routes/sessions.$sessionId.dosing";
import { dbReady } from "~/utils/db.server";
import { createTestUser } from "../setup/factories";
import { createEnrolledTestParticipant, createTestCohort, createTestSite, editorForm } from "../setup/factories-scheduling";
import { createTestLot, createTestSession, signedInUser } from "../setup/factories-sessions";
import { call, formReply } from "../setup/http";

type Action = (args: ActionFunctionArgs) => unknown;
const META = { ip: "10.0.0.9", userAgent: "vitest" };

let cookie: string;
let ids: {
  cohort: string;
  session: string;
  participant: string;
  lot: string;
  program: string;
  user: string;
  site: string;
  room: string;
  staff: string;
};

/** Everything a test could write, counted before and after. */
async function counts() {
  const db = await dbReady();
  const [audits, participants, cohorts, users, roles, versions, ledger, sessions] = await Promise.all([
    db.auditEvent.count(),
    db.participant.count(),
    db.cohort.count(),
    db.user.count(),
    db.userRole.count(),
    db.programVersion.count(),
    db.ledgerEntry.count(),
    db.groupSession.count(),
  ]);
  return { audits, participants, cohorts, users, roles, versions, ledger, sessions };
}

const WEEKLY: ProgramTemplate = { ...FIRST_RESPONDERS_TEMPLATE, name: "Bad input program", measurePlan: [] };

beforeAll(async () => {
  // One person holding every role, so that each action gets past its permission check
  // and reaches the form.
  const everyone = await signedInUser(["ADMIN", "COORDINATOR", "FACILITATOR", "CLINICIAN", "ANALYST"], { name: "Every Role" });
  cookie = everyone.cookie;
  const site = await createTestSite();
  const cohort = await createTestCohort({
    siteId: site.id,
    status: "ACTIVE",
    staff: [
      { userId: everyone.user.id, role: "LEAD_FACILITATOR" },
      { userId: everyone.user.id, role: "CLINICIAN" },
    ],
  });
  const session = await createTestSession(cohort.id, { kind: "DOSING" });
  const { participant } = await createEnrolledTestParticipant(cohort.id);
  const lot = await createTestLot(site.id, { recordedById: everyone.user.id });
  const program = await createProgramFromTemplate(everyone.user, META, WEEKLY);
  const other = await createTestUser({ roles: ["FACILITATOR"] });
  ids = {
    cohort: cohort.id,
    session: session.id,
    participant: participant.id,
    lot: lot.id,
    program: program.id,
    user: other.id,
    site: site.id,
    room: site.rooms[0].id,
    staff: everyone.user.id,
  };
});

function actions(): { name: string; action: Action; path: string; params?: Record<string, string> }[] {
  return [
    { name: "login", action: login.action, path: "/login" },
    { name: "logout", action: logout.action, path: "/logout" },
    { name: "account notifications", action: accountPage.action, path: "/account" },
    { name: "account password", action: accountPassword.action, path: "/account/password" },
    { name: "admin instruments", action: adminInstruments.action, path: "/admin/instruments" },
    { name: "admin sites", action: adminSites.action, path: "/admin/sites" },
    { name: "admin new user", action: adminUsersNew.action, path: "/admin/users/new" },
    { name: "admin edit user", action: adminUser.action, path: `/admin/users/${ids.user}`, params: { userId: ids.user } },
    { name: "new adverse event", action: aeNew.action, path: "/adverse-events/new" },
    { name: "calendar feed", action: calendarFeed.action, path: "/calendar/feed" },
    { name: "cohort status", action: cohortLayout.action, path: `/cohorts/${ids.cohort}`, params: { cohortId: ids.cohort } },
    { name: "cohort schedule", action: cohortSchedule.action, path: `/cohorts/${ids.cohort}`, params: { cohortId: ids.cohort } },
    {
      name: "cohort conflicts",
      action: cohortConflicts.action,
      path: `/cohorts/${ids.cohort}/conflicts`,
      params: { cohortId: ids.cohort },
    },
    { name: "cohort measures", action: cohortMeasures.action, path: `/cohorts/${ids.cohort}/measures`, params: { cohortId: ids.cohort } },
    { name: "cohort roster", action: cohortRoster.action, path: `/cohorts/${ids.cohort}/roster`, params: { cohortId: ids.cohort } },
    { name: "new cohort", action: cohortsNew.action, path: "/cohorts/new" },
    { name: "ledger lot", action: ledgerLot.action, path: `/ledger/lots/${ids.lot}`, params: { lotId: ids.lot } },
    { name: "new ledger lot", action: ledgerLotsNew.action, path: "/ledger/lots/new" },
    { name: "measures import", action: measuresImport.action, path: "/measures/import" },
    {
      name: "participant",
      action: participantPage.action,
      path: `/participants/${ids.participant}`,
      params: { participantId: ids.participant },
    },
    { name: "new participant", action: participantsNew.action, path: "/participants/new" },
    { name: "program copy", action: programCopy.action, path: `/programs/${ids.program}/copy`, params: { programId: ids.program } },
    { name: "program editor", action: programPage.action, path: `/programs/${ids.program}`, params: { programId: ids.program } },
    { name: "new program", action: programsNew.action, path: "/programs/new" },
    { name: "safety inbox", action: safety.action, path: "/safety" },
    { name: "session page", action: sessionPage.action, path: `/sessions/${ids.session}`, params: { sessionId: ids.session } },
    { name: "dosing board", action: dosingPage.action, path: `/sessions/${ids.session}/dosing`, params: { sessionId: ids.session } },
  ];
}

describe("bodies that are not forms (finding 12)", () => {
  it("answers 415 with a message to a JSON body or no body on every action, and writes nothing", async () => {
    const before = await counts();
    const results: string[] = [];
    for (const a of actions()) {
      for (const variant of [
        { label: "JSON", body: JSON.stringify({ intent: "save", name: "x" }), contentType: "application/json" },
        { label: "no body", body: "", contentType: undefined },
      ]) {
        const res = await call(a.action, a.path, "POST", {
          cookie,
          params: a.params,
          body: variant.body,
          contentType: variant.contentType,
        });
        const text = res.response ? await res.response.clone().text() : "";
        results.push(`${a.name} / ${variant.label}: ${res.status}${res.status === 415 && !/form/i.test(text) ? " (no message)" : ""}`);
      }
    }
    expect(results).toEqual(results.map((r) => r.replace(/: .*$/, ": 415")));
    expect(await counts()).toEqual(before);
  });

  it("answers 400 naming the field when a text field carries a NUL byte, and stores no participant", async () => {
    const before = await counts();
    const res = await call(participantsNew.action, "/participants/new", "POST", {
      cookie,
      form: {
        intent: "save",
        code: "GK-NULBYTE",
        firstName: "Ro\u0000bin",
        lastName: "Okafor",
        dateOfBirth: "1984-04-12",
        sex: "FEMALE",
        occupation: "EMS",
        email: "robin@example.org",
        phone: "+1 555 0100",
        emergencyContactName: "Sam Okafor",
        emergencyContactPhone: "+1 555 0101",
        weightKg: "68.5",
      },
    });
    expect(res.status).toBe(400);
    expect(await res.response!.text()).toMatch(/“firstName”.*control characters/);
    expect(await counts()).toEqual(before);
  });
});

describe("values the database or the code cannot take (finding 12)", () => {
  it("refuses version=1e21 on the program editor with 400, keeping the program as it was", async () => {
    const before = await counts();
    const res = await call(programPage.action, `/programs/${ids.program}`, "POST", {
      cookie,
      params: { programId: ids.program },
      form: { ...editorForm(WEEKLY), version: "1e21" },
    });
    expect(res.status).toBe(400);
    expect(await res.response!.text()).toMatch(/Reload the page/);
    expect(await counts()).toEqual(before);
  });

  it("refuses an eligibility rule nested 1,000 deep with a field message", async () => {
    const before = await counts();
    let rule: unknown = { scale: "EX", op: ">=", value: 10, on: "sum" };
    for (let i = 0; i < 1000; i++) rule = { all: [rule] };
    const form = { ...editorForm(WEEKLY), version: "1", eligibility: JSON.stringify({ instrument: "MBI_GS", rule }) };
    const res = await call(programPage.action, `/programs/${ids.program}`, "POST", { cookie, params: { programId: ids.program }, form });
    expect(res.status).toBe(400);
    const errors = formReply(res.data).errors;
    expect(Object.entries(errors).find(([k]) => k.startsWith("eligibility"))?.[1]).toMatch(/nests groups too deeply/);
    expect(await counts()).toEqual(before);
  });

  it("refuses a cohort starting on 9999-12-31 with a field message, creating nothing", async () => {
    const before = await counts();
    const res = await call(cohortsNew.action, "/cohorts/new", "POST", {
      cookie,
      form: {
        name: "Far future cohort",
        programId: ids.program,
        startDate: "9999-12-31",
        timeZone: "America/Denver",
        siteId: ids.site,
        roomId: ids.room,
        capacity: "6",
        leadFacilitatorId: ids.staff,
        clinicianIds: [ids.staff],
      },
    });
    expect(res.status).toBe(400);
    expect(formReply(res.data).errors.startDate).toMatch(/between 1900 and 2100/);
    expect(await counts()).toEqual(before);
  });

  it("takes roles=ADMIN&roles=ADMIN as one role on the new-user and edit-user forms", async () => {
    const db = await dbReady();
    const email = `twice-${Date.now()}@test.groupkap.org`;
    const created = await call(adminUsersNew.action, "/admin/users/new", "POST", {
      cookie,
      form: { intent: "save", name: "Twice Admin", email, roles: ["ADMIN", "ADMIN"] },
    });
    expect(created.status).toBe(200);
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { roles: true } });
    expect(user.roles.map((r) => r.roleCode)).toEqual(["ADMIN"]);

    const target = await db.user.findUniqueOrThrow({ where: { id: ids.user } });
    const edited = await call(adminUser.action, `/admin/users/${ids.user}`, "POST", {
      cookie,
      params: { userId: ids.user },
      form: {
        intent: "save",
        name: target.name,
        email: target.email,
        version: String(target.version),
        roles: ["CLINICIAN", "CLINICIAN", "FACILITATOR"],
      },
    });
    expect(edited.status).toBe(200);
    const roles = await db.userRole.findMany({ where: { userId: ids.user }, orderBy: { roleCode: "asc" } });
    expect(roles.map((r) => r.roleCode)).toEqual(["CLINICIAN", "FACILITATOR"]);
  });
});
