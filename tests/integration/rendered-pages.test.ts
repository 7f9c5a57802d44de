// Pages as the browser gets them, through the real Remix handler over the built app (its own
// copy of the app's modules: an isolated file, see vitest.config.ts): every loader of the matched
// routes runs as Remix runs it.
import { describe, expect, it } from "vitest";
import { dbReady } from "~/utils/db.server";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { markAttendance, sessionFixture, signedInUser } from "../setup/factories-sessions";
import { remixHandler } from "../setup/remix-handler";
import { counted } from "../setup/statements";

describe("a participant's page", () => {
  it("the three loaders of a participant's page validate the session once (the page's statements pinned)", async () => {
    const cohort = await createTestCohort();
    const { participant } = await createEnrolledTestParticipant(cohort.id);
    const f = { participant };
    const { cookie } = await signedInUser(["COORDINATOR"]);
    const handle = await remixHandler();
    const page = await counted(() => handle(`/participants/${f.participant.id}`, { cookie }));
    expect(page.value.status).toBe(200);
    expect(await page.value.text()).toContain(`${f.participant.firstName} ${f.participant.lastName}`);
    // session (1) + the navigation's signal count (1) + the access check, shared by the layout's
    // and the tab's loaders (1) + header (2) + overview (3) + the audit row (1) + the open cohorts
    // to enroll into (1); the navigation's Home count is kept a minute.
    expect(page.queries).toBe(10);
    const single = await counted(() => handle(`/participants/${f.participant.id}.data`, { cookie }));
    expect(single.value.status).toBe(200);
    expect(single.queries).toBeLessThanOrEqual(page.queries);
  });
});

describe("a cohort's tab", () => {
  it("the tab's access check takes the cohort layout's header read: no statement of the page runs twice", async () => {
    const cohort = await createTestCohort();
    await createEnrolledTestParticipant(cohort.id);
    const { cookie } = await signedInUser(["COORDINATOR"]);
    const handle = await remixHandler();
    const page = await counted(() => handle(`/cohorts/${cohort.id}/roster`, { cookie }));
    expect(page.value.status).toBe(200);
    expect(await page.value.text()).toContain(cohort.name);
    // Eight statements: the tab's access check is the layout's header read (nine when the tab
    // checked for itself); the navigation's Home count is kept a minute.
    expect(page.queries).toBe(8);
    // The tab alone (a client-side switch between tabs: the layout is not asked) checks for itself.
    const tab = await handle(`/cohorts/${cohort.id}/roster.data?_routes=routes/cohorts.$cohortId.roster`, { cookie });
    expect(tab.status).toBe(200);
    expect(await tab.text()).toContain(cohort.name);
    // A cohort the viewer may not see is a 404 on the layout and the tab alike.
    const facilitator = await signedInUser(["FACILITATOR"]);
    expect((await handle(`/cohorts/${cohort.id}/roster`, { cookie: facilitator.cookie })).status).toBe(404);
  });
});

describe("a session's page", () => {
  it("the page shows who may not take attendance a read-only list (status and note per participant), not disabled choices", async () => {
    const f = await sessionFixture({ participants: 3 });
    await markAttendance(f, ["PRESENT", "LATE", "ABSENT"]);
    const handle = await remixHandler();
    const page = async (cookie: string) => (await handle(`/sessions/${f.session.id}`, { cookie })).text();
    const readOnly = await page(f.clinician.cookie);
    const table = readOnly.slice(readOnly.indexOf('<table class="table attendance-table">'), readOnly.indexOf("</table>"));
    expect(table).not.toContain('type="radio"');
    const cells = [...table.matchAll(/<th scope="row">([^<]*)<\/th><td[^>]*>([^<]*)<\/td>/g)].map((m) => m[2]);
    expect(cells.sort()).toEqual(["Absent", "Late", "Present"]);
    const writable = await page(f.facilitator.cookie);
    expect(writable).toContain('type="radio"');
    expect(writable).toContain("Save attendance");
  });
});

describe("a large dosing board", () => {
  it("lists everyone as plain links to their card (client-side navigation) and renders one card", async () => {
    const f = await sessionFixture({ kind: "DOSING", participants: 14 });
    await markAttendance(f, []);
    const handle = await remixHandler();
    const html = await (await handle(`/sessions/${f.session.id}/dosing`, { cookie: f.clinician.cookie })).text();
    const nav = html.slice(
      html.indexOf('aria-label="Participants on this board"'),
      html.indexOf("</nav>", html.indexOf("Participants on this board")),
    );
    const links = [...nav.matchAll(/<a href="([^"]*)"[^>]*data-client-nav=""[^>]*>/g)].map((m) => m[1].replace(/&amp;/g, "&"));
    expect(links.sort()).toEqual(
      f.people.map((p) => `/sessions/${f.session.id}/dosing?p=${p.enrollment.id}#card-${p.enrollment.id}`).sort(),
    );
    // One card: its id appears as the card's anchor, the others only in the overview's links.
    expect([...html.matchAll(/id="card-([^"]+)"/g)]).toHaveLength(1);
  });
});

describe("a dosing card that cannot be edited", () => {
  it("shows what was recorded as text, not disabled fields: a signed record takes addenda; a viewer who does not document dosing gets no forms", async () => {
    const db = await dbReady();
    const f = await sessionFixture({ kind: "DOSING", participants: 2 });
    await markAttendance(f, ["PRESENT", "PRESENT"]);
    const [signed, draft] = f.people.map((p) => p.enrollment.id);
    const at = (m: number) => new Date(f.session.startsAt.getTime() + m * 60_000);
    await db.dosingRecord.create({
      data: {
        sessionId: f.session.id,
        enrollmentId: signed,
        preDoseSystolic: 124,
        preDoseDiastolic: 78,
        preDoseHeartRate: 70,
        preDoseSpo2: 98,
        preDoseTakenAt: at(0),
        doseUg: 40_000,
        weightG: 80_000,
        route: "IM",
        givenAt: at(5),
        givenById: f.clinician.user.id,
        escortName: "Sam Escort",
        dischargedAt: at(125),
        signedAt: at(130),
        signedById: f.clinician.user.id,
        signatureMeaning: "administered by",
        signatureName: "Dr Clin",
        vitals: {
          create: {
            takenAt: at(45),
            timepoint: "POST",
            systolic: 131,
            diastolic: 84,
            heartRate: 76,
            spo2: 97,
            recordedById: f.clinician.user.id,
          },
        },
      },
    });
    await db.dosingRecord.create({ data: { sessionId: f.session.id, enrollmentId: draft } });
    const handle = await remixHandler();
    const cards = async (cookie: string) => {
      const html = (await (await handle(`/sessions/${f.session.id}/dosing`, { cookie })).text()).replaceAll("<!-- -->", "");
      const card = (id: string) => html.slice(html.indexOf(`id="card-${id}"`), html.indexOf("</section>", html.indexOf(`id="card-${id}"`)));
      return { signed: card(signed), draft: card(draft) };
    };

    const clinician = await cards(f.clinician.cookie);
    // The signed record: its values as text, and the one form left, the addendum.
    expect(clinician.signed).toContain("40 mg · 80 kg · 0.50 mg/kg");
    expect(clinician.signed).toContain("escort Sam Escort");
    expect(clinician.signed).toContain("131/84");
    expect(clinician.signed).not.toContain("<select");
    expect(clinician.signed).not.toContain("disabled");
    expect([...clinician.signed.matchAll(/<form /g)]).toHaveLength(1);
    expect(clinician.signed).toContain("Add addendum");
    // The draft: the forms to document it.
    expect(clinician.draft).toContain("Save dose");
    expect(clinician.draft).toContain("<select");

    // A facilitator reads both records and can change neither.
    const facilitator = await cards(f.facilitator.cookie);
    for (const card of [facilitator.signed, facilitator.draft]) {
      expect(card).not.toContain("<form ");
      expect(card).not.toContain("<input");
    }
    expect(facilitator.signed).toContain("40 mg · 80 kg · 0.50 mg/kg");
    expect(facilitator.draft).toContain("Dose</dt><dd>Not recorded");
  });
});
