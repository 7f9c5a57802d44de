// Finding 2: every response that carries identifiable participant data writes exactly one
// audit row, whatever route or fetch path produced it. The walk goes through the real Remix
// request handler: each PHI page as a document request, as a plain `.data` request (every
// loader of the page) and as `.data?_routes=<route id>` for each route of the page alone,
// which is how a browser can ask for a child loader without its parent layout.
import { beforeAll, describe, expect, it } from "vitest";
import { expandTemplate, FIRST_RESPONDERS_TEMPLATE } from "~/domain/scheduling";
import { syncExpectedAssessments } from "~/models/assessment.server";
import { dbReady } from "~/utils/db.server";
import { createEnrolledTestParticipant, createTestCohort } from "../setup/factories-scheduling";
import { createTestLot, createTestSession, signedInUser } from "../setup/factories-sessions";
import { remixHandler } from "../setup/remix-handler";

/** The audit actions that record a read of participant data (a view, or a download of it). */
const READ_ACTIONS = ["participant.view", "adverse_event.export"];

type Page = {
  path: string;
  /** Route ids of the page below root, each with whether its loader alone returns participant data. */
  routes: [string, boolean][];
  /** Text the response must carry (so the walk proves the data was really there). */
  shows: string;
  /** Resource routes answer only as documents. */
  resource?: boolean;
};

let handle: Awaited<ReturnType<typeof remixHandler>>;
let cookie: string;
let pages: Page[];

async function readRows() {
  const db = await dbReady();
  return db.auditEvent.findMany({ where: { action: { in: READ_ACTIONS } }, orderBy: { id: "asc" } });
}

beforeAll(async () => {
  handle = await remixHandler();
  const db = await dbReady();
  const staff = await signedInUser(["COORDINATOR", "CLINICIAN"], { name: "Walker" });
  cookie = staff.cookie;
  const cohort = await createTestCohort({ status: "ACTIVE", staff: [{ userId: staff.user.id, role: "CLINICIAN" }] });
  const planned = expandTemplate({ template: FIRST_RESPONDERS_TEMPLATE, startDate: cohort.startDate, timeZone: cohort.timeZone });
  await db.groupSession.createMany({
    data: planned.map((s) => ({
      cohortId: cohort.id,
      planIndex: s.index,
      kind: s.kind,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      requiredStaff: JSON.stringify(s.requiredStaff),
    })),
  });
  const ann = await createEnrolledTestParticipant(cohort.id, "ACTIVE", {
    firstName: "Annika",
    lastName: "Zeitgeist",
    email: "annika@example.org",
  });
  await createEnrolledTestParticipant(cohort.id, "ACTIVE", { firstName: "Bruno", lastName: "Quartermain" });
  await syncExpectedAssessments(cohort.id);
  const assessment = await db.assessment.findFirstOrThrow({ where: { enrollmentId: ann.enrollment.id } });
  const session = await createTestSession(cohort.id, { kind: "INTEGRATION" });
  await db.groupNote.create({
    data: {
      sessionId: session.id,
      authorId: staff.user.id,
      themes: "Sleep",
      observations: { create: { enrollmentId: ann.enrollment.id, text: "Quiet today" } },
    },
  });
  const dosing = await createTestSession(cohort.id, { kind: "DOSING" });
  const ae = await db.adverseEvent.create({
    data: {
      participantId: ann.participant.id,
      cohortId: cohort.id,
      term: "NAUSEA",
      onsetAt: new Date(),
      description: "Nausea after dosing",
      grade: 3,
      serious: false,
      relatednessKetamine: "PROBABLE",
      relatednessGroup: "UNLIKELY",
      expected: true,
      actionTaken: "NONE",
      outcome: "RECOVERING",
      recordedById: staff.user.id,
    },
  });
  await db.safetySignal.create({
    data: {
      kind: "AE_GRADE_3_PLUS",
      participantId: ann.participant.id,
      cohortId: cohort.id,
      sourceType: "AdverseEvent",
      sourceId: ae.id,
      detail: "Grade 3 nausea",
    },
  });
  // An acknowledged one too, for the inbox's history view.
  await db.safetySignal.create({
    data: {
      kind: "SERIOUS_AE",
      participantId: ann.participant.id,
      cohortId: cohort.id,
      sourceType: "AdverseEvent",
      sourceId: ae.id,
      detail: "Nausea, hospitalization",
      acknowledgedAt: new Date(),
      acknowledgedById: staff.user.id,
      acknowledgmentNote: "Reviewed",
    },
  });
  const lot = await createTestLot(cohort.siteId, { recordedById: staff.user.id });
  await db.ledgerEntry.create({
    data: {
      lotId: lot.id,
      seq: 2,
      type: "ADMINISTER",
      amountUg: 50_000,
      balanceAfterUg: lot.totalUg - 50_000,
      participantId: ann.participant.id,
      recordedById: staff.user.id,
    },
  });

  const p = `/participants/${ann.participant.id}`;
  const layout = "routes/participants.$participantId";
  const cohortLayout = "routes/cohorts.$cohortId";
  const code = ann.participant.code;
  pages = [
    { path: "/participants", routes: [["routes/participants._index", true]], shows: "Zeitgeist" },
    { path: "/participants?q=Zeit", routes: [["routes/participants._index", true]], shows: "Zeitgeist" },
    {
      path: p,
      routes: [
        [layout, true],
        ["routes/participants.$participantId._index", true],
      ],
      shows: "annika@example.org",
    },
    {
      path: `${p}/measures`,
      routes: [
        [layout, true],
        ["routes/participants.$participantId.measures", true],
      ],
      shows: cohort.name,
    },
    {
      path: `${p}/sessions`,
      routes: [
        [layout, true],
        ["routes/participants.$participantId.sessions", true],
      ],
      shows: "Quiet today",
    },
    {
      path: `${p}/adverse-events`,
      routes: [
        [layout, true],
        ["routes/participants.$participantId.adverse-events", true],
      ],
      shows: "Annika",
    },
    { path: `/sessions/${session.id}`, routes: [["routes/sessions.$sessionId._index", true]], shows: "Quiet today" },
    { path: `/sessions/${dosing.id}/dosing`, routes: [["routes/sessions.$sessionId.dosing", true]], shows: "Zeitgeist" },
    {
      path: `/cohorts/${cohort.id}/roster`,
      routes: [
        [cohortLayout, false],
        ["routes/cohorts.$cohortId.roster", true],
      ],
      shows: "Zeitgeist",
    },
    {
      path: `/cohorts/${cohort.id}/measures`,
      routes: [
        [cohortLayout, false],
        ["routes/cohorts.$cohortId.measures", true],
      ],
      shows: "Zeitgeist",
    },
    {
      path: `/cohorts/${cohort.id}/adverse-events`,
      routes: [
        [cohortLayout, false],
        ["routes/cohorts.$cohortId.adverse-events", true],
      ],
      shows: "Zeitgeist",
    },
    { path: "/safety", routes: [["routes/safety", true]], shows: "Zeitgeist" },
    { path: "/safety?view=history", routes: [["routes/safety", true]], shows: "Zeitgeist" },
    { path: "/adverse-events", routes: [["routes/adverse-events._index", true]], shows: "Zeitgeist" },
    { path: `/adverse-events/${ae.id}`, routes: [["routes/adverse-events.$aeId", true]], shows: "Zeitgeist" },
    { path: `/adverse-events/new?participantId=${ann.participant.id}`, routes: [["routes/adverse-events.new", true]], shows: "Zeitgeist" },
    { path: `/assessments/${assessment.id}`, routes: [["routes/assessments.$assessmentId", true]], shows: "Zeitgeist" },
    { path: `/ledger/lots/${lot.id}`, routes: [["routes/ledger.lots.$lotId", true]], shows: code },
    { path: "/ledger/print", routes: [["routes/ledger.print", true]], shows: code },
    { path: "/adverse-events.csv", routes: [], shows: "Zeitgeist", resource: true },
  ];
}, 180_000);

function dataUrl(path: string, routeIds?: string[]) {
  const url = new URL(path, "http://x");
  const pathname = url.pathname === "/" ? "/_root" : url.pathname.replace(/\/$/, "");
  if (routeIds) url.searchParams.set("_routes", routeIds.join(","));
  const qs = url.searchParams.toString();
  return `${pathname}.data${qs ? `?${qs}` : ""}`;
}

/** Every request of the walk: [label, url, rows expected, text expected]. */
function requestsOf(page: Page): [string, string, number, string | null][] {
  const out: [string, string, number, string | null][] = [["document", page.path, 1, page.shows]];
  if (page.resource) return out;
  out.push(["all loaders (.data)", dataUrl(page.path), 1, page.shows]);
  for (const [id, phi] of page.routes) out.push([`.data?_routes=${id}`, dataUrl(page.path, [id]), phi ? 1 : 0, null]);
  return out;
}

describe("every response with participant data writes exactly one audit row", () => {
  it("walks every PHI page as a document, as .data and as .data?_routes=<each route>", async () => {
    const failures: string[] = [];
    for (const page of pages) {
      for (const [label, url, expected, text] of requestsOf(page)) {
        const before = (await readRows()).length;
        const res = await handle(url, { cookie });
        const body = await res.text();
        const rows = (await readRows()).slice(before);
        if (res.status !== 200) failures.push(`${url} (${label}): HTTP ${res.status}`);
        else if (text && !body.includes(text)) failures.push(`${url} (${label}): response lacks "${text}"`);
        if (rows.length !== expected) failures.push(`${url} (${label}): ${rows.length} audit rows, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("the row says who read which participants, on which page", async () => {
    const db = await dbReady();
    const page = pages.find((x) => x.path.endsWith("/roster"))!;
    const before = (await readRows()).length;
    await (await handle(page.path, { cookie })).text();
    const [row] = (await readRows()).slice(before);
    const staff = await db.user.findFirstOrThrow({ where: { name: "Walker" } });
    expect(row.actorId).toBe(staff.id);
    expect(row.ip).toBe("10.0.0.1");
    const details = JSON.parse(row.details!) as { participantIds: string[]; path: string };
    const ids = (await db.participant.findMany({ where: { lastName: { in: ["Zeitgeist", "Quartermain"] } } })).map((x) => x.id);
    expect([...details.participantIds].sort()).toEqual(ids.sort());
    expect(details.path).toBe(page.path);
  });
});
