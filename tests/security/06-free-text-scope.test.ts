// Finding 6: a cancel reason typed by staff ("Quimby is in hospital") reached staff
// iCalendar feeds and analysts' pages. Feeds now carry only structured facts, and viewers
// who may not see names (analysts) get no free text typed by staff: cancel reasons,
// conflict acknowledgement notes, or status reasons in reports and their downloads.
import { beforeAll, describe, expect, it } from "vitest";
import * as calendarFeed from "~/routes/calendar.feed";
import * as cohortLayout from "~/routes/cohorts.$cohortId";
import * as cohortSchedule from "~/routes/cohorts.$cohortId._index";
import * as cohortConflicts from "~/routes/cohorts.$cohortId.conflicts";
import * as personConflicts from "~/routes/conflicts";
import * as feedIcs from "~/routes/feeds.$token";
import * as reportFile from "~/routes/reports.cohort.$cohortId.$file";
import * as reportPage from "~/routes/reports.cohort.$cohortId._index";
import { dbReady } from "~/utils/db.server";
import { addReportParticipant, createReportCohort } from "../setup/factories-reports";
import { createTestCohort } from "../setup/factories-scheduling";
import { createTestSession, signedInUser } from "../setup/factories-sessions";
import { call, formReply } from "../setup/http";

const NAME = "Quimby";
let coordinator: string;
let facilitator: { id: string; cookie: string };
let analyst: string;
let cohortId: string;
let reportCohortId: string;

beforeAll(async () => {
  coordinator = (await signedInUser(["COORDINATOR"])).cookie;
  const f = await signedInUser(["FACILITATOR"], { name: "Fen Facilitator" });
  facilitator = { id: f.user.id, cookie: f.cookie };
  analyst = (await signedInUser(["ANALYST"])).cookie;
  const cohort = await createTestCohort({ status: "ENROLLING", staff: [{ userId: f.user.id, role: "LEAD_FACILITATOR" }] });
  cohortId = cohort.id;
  const db = await dbReady();
  const session = await createTestSession(cohort.id, {
    kind: "PREPARATION",
    title: "Preparation",
    startsAt: new Date(Date.now() + 7 * 86_400_000),
  });
  await db.sessionStaff.create({ data: { sessionId: session.id, userId: f.user.id, role: "FACILITATOR" } });
  const other = await createTestSession(cohort.id, {
    kind: "INTEGRATION",
    title: "Integration",
    startsAt: new Date(Date.now() + 14 * 86_400_000),
  });
  await db.sessionStaff.create({ data: { sessionId: other.id, userId: f.user.id, role: "FACILITATOR" } });

  const cancelSession = await call(cohortSchedule.action, `/cohorts/${cohortId}`, "POST", {
    cookie: coordinator,
    params: { cohortId },
    form: { intent: "cancel", sessionId: session.id, reason: `${NAME} is in hospital` },
  });
  expect(cancelSession.status, JSON.stringify(cancelSession.data)).toBe(200);
  const cancelCohort = await call(cohortLayout.action, `/cohorts/${cohortId}`, "POST", {
    cookie: coordinator,
    params: { cohortId },
    form: {
      intent: "status",
      to: "CANCELLED",
      version: String((await db.cohort.findUniqueOrThrow({ where: { id: cohortId } })).version),
      reason: `${NAME} family emergency`,
    },
  });
  expect(cancelCohort.status).toBe(200);

  const report = await createReportCohort();
  reportCohortId = report.cohort.id;
  await addReportParticipant(report.cohort.id, { status: "COMPLETED" });
  await addReportParticipant(report.cohort.id, { status: "WITHDRAWN", reason: `${NAME} asked to stop` });
});

describe("staff calendar feeds (finding 6)", () => {
  it("show that a session is cancelled but never the reason typed for it", async () => {
    const created = await call(calendarFeed.action, "/calendar/feed", "POST", { cookie: facilitator.cookie, form: { intent: "create" } });
    const token = formReply<{ url: string }>(created.data).data.url.split("/").pop()!;
    const res = await call(feedIcs.loader, `/feeds/${token}`, "GET", { params: { token } });
    expect(res.status).toBe(200);
    const body = await res.response!.text();
    expect(body).toContain("STATUS:CANCELLED");
    expect(body).not.toContain(NAME);
    expect(body).not.toMatch(/hospital|emergency/);
  });
});

describe("analysts' pages and downloads (finding 6)", () => {
  it("staff who may see names still see the reasons", async () => {
    const layout = await call(cohortLayout.loader, `/cohorts/${cohortId}`, "GET", { cookie: coordinator, params: { cohortId } });
    expect(JSON.stringify(layout.data)).toContain(`${NAME} family emergency`);
    const schedule = await call(cohortSchedule.loader, `/cohorts/${cohortId}`, "GET", { cookie: coordinator, params: { cohortId } });
    expect(JSON.stringify(schedule.data)).toContain(`${NAME} is in hospital`);
    const page = await call(reportPage.loader, `/reports/cohort/${reportCohortId}`, "GET", {
      cookie: coordinator,
      params: { cohortId: reportCohortId },
    });
    expect(JSON.stringify(page.data)).toContain(`${NAME} asked to stop`);
  });

  it("the cohort header, schedule and conflicts carry no cancel reason or note for an analyst", async () => {
    const layout = await call(cohortLayout.loader, `/cohorts/${cohortId}`, "GET", { cookie: analyst, params: { cohortId } });
    expect(layout.status).toBe(200);
    expect((layout.data as { cohort: { status: string; cancelReason: string | null } }).cohort).toMatchObject({
      status: "CANCELLED",
      cancelReason: null,
    });
    const schedule = await call(cohortSchedule.loader, `/cohorts/${cohortId}`, "GET", { cookie: analyst, params: { cohortId } });
    expect(schedule.status).toBe(200);
    expect(JSON.stringify(schedule.data)).toContain("CANCELLED");
    for (const res of [
      layout,
      schedule,
      await call(cohortConflicts.loader, `/cohorts/${cohortId}/conflicts`, "GET", { cookie: analyst, params: { cohortId } }),
      await call(personConflicts.loader, `/conflicts?user=${facilitator.id}`, "GET", { cookie: analyst }),
    ]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.data)).not.toContain(NAME);
    }
  });

  it("the report page and every report download carry no status reason for an analyst", async () => {
    const params = { cohortId: reportCohortId };
    const page = await call(reportPage.loader, `/reports/cohort/${reportCohortId}`, "GET", { cookie: analyst, params });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).not.toContain(NAME);
    expect(JSON.stringify(page.data)).toContain("Reason not shown");
    for (const table of ["flow", "prepost", "safety"]) {
      const csv = await call(reportFile.loader, `/reports/cohort/${reportCohortId}/export.csv?table=${table}`, "GET", {
        cookie: analyst,
        params: { ...params, file: "export.csv" },
      });
      expect(csv.status).toBe(200);
      expect(await csv.response!.text()).not.toContain(NAME);
    }
    for (const file of ["report.json", "dataset.csv"]) {
      const res = await call(reportFile.loader, `/reports/cohort/${reportCohortId}/${file}`, "GET", {
        cookie: analyst,
        params: { ...params, file },
      });
      expect(res.status).toBe(200);
      expect(await res.response!.text()).not.toContain(NAME);
    }
  });
});
