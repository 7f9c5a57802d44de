// Small-cell protection through the report routes: the page, the CSV tables, report.json and
// the dataset dictionary all come from the one suppressed report.
import { beforeAll, describe, expect, it } from "vitest";
import { itemsForTotal } from "~/domain/reports/testSupport";
import * as login from "~/routes/login";
import * as cohortFile from "~/routes/reports.cohort.$cohortId.$file";
import * as cohortPage from "~/routes/reports.cohort.$cohortId._index";
import type { RoleCode } from "~/utils/permissions";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { addCompletedAssessment, addReportParticipant, createReportCohort } from "../setup/factories-reports";
import { call, cookieFrom } from "../setup/http";

async function signInAs(roles: RoleCode[]) {
  const user = await createTestUser({ roles });
  const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD } });
  return cookieFrom(res.headers);
}

let cohortId: string;
let analyst: string;

beforeAll(async () => {
  const { cohort } = await createReportCohort({ name: "Small-cell cohort" });
  cohortId = cohort.id;
  // 4 EMS (Severe → Moderate), 7 POLICE and 10 NURSE (Moderate → Mild), everyone with both timepoints.
  const groups: [string, number][] = [
    ["EMS", 4],
    ["POLICE", 7],
    ["NURSE", 10],
  ];
  let i = 0;
  for (const [occupation, n] of groups) {
    for (let k = 0; k < n; k++) {
      i++;
      const { enrollment } = await addReportParticipant(cohort.id, { code: `SC-${String(i).padStart(3, "0")}`, occupation, sex: "FEMALE" });
      const [pre, post] = occupation === "EMS" ? [20 + (i % 3), 10 + (i % 4)] : [10 + (i % 5), 5 + ((i * 3) % 5)];
      await addCompletedAssessment(enrollment.id, "baseline", "PHQ9", itemsForTotal(pre, 9, 3), "2026-02-20");
      await addCompletedAssessment(enrollment.id, "post_session_6", "PHQ9", itemsForTotal(post, 9, 3), "2026-04-20");
    }
  }
  analyst = await signInAs(["ANALYST"]);
});

const Q = "pre=baseline&post=post_session_6&primary=PHQ9.total";

async function file(name: string, query: string) {
  const res = await call(cohortFile.loader, `/reports/cohort/${cohortId}/${name}?${query}`, "GET", {
    cookie: analyst,
    params: { cohortId, file: name },
  });
  expect(res.status).toBe(200);
  return res.response!.text();
}

describe("small cells in the report downloads", () => {
  it("prints “<5” and no statistics for the group of 4 in the subgroup CSV, and hides the next smallest group", async () => {
    const csv = await file("export.csv", `${Q}&table=subgroups`);
    const line = (group: string) => csv.split("\r\n").find((l) => l.includes(`,occupation,${group},`))!;
    expect(line("EMS")).toMatch(/^PHQ-9 total,occupation,EMS,EMS\/paramedic,<5,,,,,,,none,Fewer than 5/);
    expect(line("POLICE")).toMatch(/^PHQ-9 total,occupation,POLICE,Police,suppressed,,,,,,,none,/);
    expect(line("NURSE")).toMatch(/^PHQ-9 total,occupation,NURSE,Nurse,10,[\d.]+,[\d.]+,-[\d.]+,-[\d.]+,-[\d.]+,[\d.e-]+,normal-cc,$/);
    // The band table: the 4 Severe → Moderate people are a small cell.
    const categories = await file("export.csv", `${Q}&table=categories`);
    expect(categories).toMatch(/bands\.PHQ9\.total,[^\r\n]*,Severe,Moderate,<5\r\n/);
    expect(categories).not.toMatch(/,Severe,Moderate,4\r\n/);
  });

  it("gives “<5” and null statistics in report.json, and the whole cohort's analysis unsuppressed", async () => {
    const json = JSON.parse(await file("report.json", Q));
    expect(json.small_cells).toMatchObject({ threshold: 5 });
    const ems = json.subgroups.rows.find((g: { dimension: string; group: string }) => g.dimension === "occupation" && g.group === "EMS");
    expect(ems).toEqual({
      dimension: "occupation",
      group: "EMS",
      n: "<5",
      pre_mean: null,
      post_mean: null,
      change_mean: null,
      ci95: null,
      wilcoxon_p: null,
    });
    const phq = json.measures.find((m: { instrument: string; scale: string }) => m.instrument === "PHQ9" && m.scale === "total");
    expect(phq.n).toBe(21);
    expect(typeof phq.change.mean).toBe("number");
    // A lower threshold (3, the floor) shows the group with the statistics it always had.
    const at3 = JSON.parse(await file("report.json", `${Q}&minCell=3`));
    const ems3 = at3.subgroups.rows.find((g: { dimension: string; group: string }) => g.dimension === "occupation" && g.group === "EMS");
    expect(ems3.n).toBe(4);
    expect(typeof ems3.change_mean).toBe("number");
    const nurse = (j: typeof json) => j.subgroups.rows.find((g: { group: string }) => g.group === "NURSE");
    expect(nurse(json)).toEqual(nurse(at3));
  });

  it("states the rule in the page's methods note and the risk settings in the data dictionary", async () => {
    const res = await call(cohortPage.loader, `/reports/cohort/${cohortId}?${Q}`, "GET", { cookie: analyst, params: { cohortId } });
    const d = res.data as Awaited<ReturnType<typeof cohortPage.loader>>;
    expect(d.report!.smallCells).toMatchObject({ threshold: 5, small: expect.any(Number) });
    expect(d.report!.methods.join(" ")).toMatch(/Small cells: .*“<5” and no statistics/);
    expect(d.selected.minCellSize).toBe(5);
    const md = await file("dictionary.md", "minCell=6");
    expect(md).toMatch(/Small-cell threshold: 6/);
    expect(md).toMatch(/Removed: names/);
    expect(md).toMatch(/Generalised: date of birth → age band/);
    // 21 FEMALE 30–39-ish participants in one cohort, split by occupation: the 4 EMS stand out.
    expect(md).toMatch(/of 21 participant enrollments have a combination of them shared by fewer than 6 participants/);
  });
});
