// Finding 13f: the de-identified dataset exported exact completion dates by default (shift
// 0) and the same participant codes staff see. By default it now carries codes made for
// the export (different in every download) and days from the cohort start, no calendar dates.
import { beforeAll, describe, expect, it } from "vitest";
import * as reportFile from "~/routes/reports.cohort.$cohortId.$file";
import { addCompletedAssessment, addReportParticipant, createReportCohort } from "../setup/factories-reports";
import { signedInUser } from "../setup/factories-sessions";
import { call } from "../setup/http";

let cohortId: string;
let analyst: string;
const staffCodes: string[] = [];
const PHQ9_TEN = [2, 2, 2, 1, 1, 1, 1, 0, 0];

async function download(query = "") {
  const res = await call(reportFile.loader, `/reports/cohort/${cohortId}/dataset.csv${query}`, "GET", {
    cookie: analyst,
    params: { cohortId, file: "dataset.csv" },
  });
  expect(res.status).toBe(200);
  const text = await res.response!.text();
  const [header, ...rows] = text.trim().split("\r\n");
  return { text, header: header.split(","), rows: rows.map((r) => r.split(",")) };
}

beforeAll(async () => {
  analyst = (await signedInUser(["ANALYST"])).cookie;
  const { cohort } = await createReportCohort({ startDate: "2026-03-02" });
  cohortId = cohort.id;
  for (let i = 0; i < 4; i++) {
    const { participant, enrollment } = await addReportParticipant(cohort.id, { code: `STAFF-${i}${Date.now() % 1000}` });
    staffCodes.push(participant.code);
    await addCompletedAssessment(enrollment.id, "baseline", "PHQ9", PHQ9_TEN, "2026-02-20");
    await addCompletedAssessment(enrollment.id, "post_session_6", "PHQ9", PHQ9_TEN, "2026-04-27");
  }
});

describe("de-identified dataset defaults (finding 13f)", () => {
  it("contains no staff-visible code and no calendar date by default, only days from the cohort start", async () => {
    const { text, header, rows } = await download();
    expect(rows.length).toBe(8);
    for (const code of staffCodes) expect(text).not.toContain(code);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const col = (name: string) => header.indexOf(name);
    expect(col("days_from_cohort_start")).toBeGreaterThan(-1);
    for (const r of rows) {
      expect(r[col("participant_code")]).toMatch(/^X-[0-9A-F]{10}$/);
      expect(r[col("days_from_cohort_start")]).toBe(r[col("timepoint")] === "baseline" ? "-10" : "56");
      expect(r[col("completed_on")]).toBe("");
    }
    // One code per participant within the export.
    expect(new Set(rows.map((r) => r[col("participant_code")])).size).toBe(4);
  });

  it("draws new codes for every export, so two downloads cannot be joined by code", async () => {
    const a = await download();
    const b = await download();
    const codes = (d: Awaited<ReturnType<typeof download>>) => new Set(d.rows.map((r) => r[0]));
    const shared = [...codes(a)].filter((c) => codes(b).has(c));
    expect(shared).toEqual([]);
  });

  it("says so in the data dictionary", async () => {
    const res = await call(reportFile.loader, `/reports/cohort/${cohortId}/dictionary.md`, "GET", {
      cookie: analyst,
      params: { cohortId, file: "dictionary.md" },
    });
    const text = await res.response!.text();
    expect(text).toMatch(/days from the cohort's start date/);
    expect(text).toMatch(/no calendar dates are exported/);
    expect(text).toMatch(/differs from the code staff see/);
  });
});
