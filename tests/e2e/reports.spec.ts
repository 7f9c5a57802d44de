import fs from "node:fs";
import { signIn, signOut } from "./helpers";
import { expect, test } from "./test";

// The demo data (app/demo/seed.server.ts) has a completed cohort with measure histories.
const COHORT = "First responders — Spring 2026";
const DEMO_FIRST_NAMES = [
  "Alex",
  "Blair",
  "Cameron",
  "Dana",
  "Emery",
  "Finley",
  "Harper",
  "Kendall",
  "Logan",
  "Marlow",
  "Parker",
  "Quincy",
  "Reese",
  "Tatum",
  "Wren",
  "Yael",
];

test("an analyst opens the cohort report, changes timepoints and filters, and downloads de-identified data; a facilitator cannot open program reports", async ({
  page,
}) => {
  await signIn(page, "analyst@demo.groupkap.org");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();
  // The cohorts are filtered and sorted by the server; the filters live in the URL.
  await page.getByRole("search", { name: "Filter cohorts" }).getByLabel("Status").selectOption({ label: "Completed" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=COMPLETED/);
  const cohorts = page.getByRole("table", { name: "Cohorts you can report on" });
  await expect(cohorts.getByRole("link", { name: `Report for ${COHORT}` })).toBeVisible();
  await expect(cohorts.getByText("Active", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Pages of cohorts" })).toContainText(/\d+ cohorts?/);
  await page.getByRole("link", { name: `Report for ${COHORT}` }).click();
  await expect(page.getByRole("heading", { name: `Pre/post report: ${COHORT}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "1. Flow" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "2. Pre/post" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("NaN");

  // Change the post timepoint and a filter: the choice lives in the URL.
  await page.getByLabel("Post timepoint").selectOption("last_group");
  await page.getByLabel("Sex").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Update report" }).click();
  await expect(page).toHaveURL(/post=last_group/);
  await expect(page).toHaveURL(/sex=/);
  await expect(page.getByText(/post “Last group/)).toBeVisible();
  await expect(page.getByRole("img", { name: /PHQ-9 .* across timepoints/ }).first()).toBeVisible();
  await expect(page.locator("body")).not.toContainText("NaN");

  // Small cells: a filtered cohort splits into subgroups of fewer than 5, shown as "<5" with no
  // statistics; the methods note states the rule and the threshold is a labelled option.
  await expect(page.getByRole("table", { name: /change by subgroup/ })).toContainText("<5");
  await expect(page.getByText(/^Small cells: /)).toBeVisible();
  await expect(page.getByLabel("Small-cell threshold (people)")).toHaveValue("5");

  // Every participant's line.
  await page.getByLabel("Show every participant's line").check();
  await page.getByRole("button", { name: "Update report" }).click();
  await expect(page).toHaveURL(/lines=1/);

  // The charts are drawn as markup: the participants' lines, and the severity bands once asked
  // for (a change made in the browser).
  const chart = page.getByRole("img", { name: /^PHQ-9 total across timepoints/ }).first();
  await expect(chart.locator("polyline.report-chart__participant").first()).toBeAttached();
  await expect(chart.locator("g.report-chart__band")).toHaveCount(0);
  await page.getByLabel("Shade the instruments' severity bands").check();
  await expect(chart.locator("g.report-chart__band")).toHaveCount(5);
  await expect(page.getByText(/shaded: Minimal 0–4/).first()).toBeVisible();

  // The pre/post table sorts in the browser (its rows are markup).
  const prepost = page.getByRole("table", { name: /^Pre\/post by instrument and scale/ });
  // Its caption names the timepoints as the report's header does (their labels, not their keys).
  const [, preLabel, postLabel] = /pre “([^”]+)” → post “([^”]+)”/.exec((await page.locator(".report-scope").textContent()) ?? "") ?? [];
  expect(preLabel).toBeTruthy();
  await expect(prepost.locator("caption")).toHaveText(`Pre/post by instrument and scale (${preLabel} → ${postLabel})`);
  const firstMeasure = () => prepost.getByRole("row").nth(1).getByRole("cell").first().textContent();
  await prepost.getByRole("button", { name: /^Measure/ }).click();
  await expect(prepost.getByRole("columnheader", { name: /^Measure/ })).toHaveAttribute("aria-sort", "ascending");
  const ascending = await firstMeasure();
  await prepost.getByRole("button", { name: /^Measure/ }).click();
  await expect(prepost.getByRole("columnheader", { name: /^Measure/ })).toHaveAttribute("aria-sort", "descending");
  expect(await firstMeasure()).not.toBe(ascending);

  // The pre/post table as CSV.
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV of the pre/post table" }).click(),
  ]);
  const csvText = fs.readFileSync((await csv.path())!, "utf8");
  expect(csvText.split("\r\n")[0]).toMatch(/^instrument,scale,n,pre_median/);

  // The de-identified dataset: codes, no names.
  await page.getByLabel("Date shift ± days").fill("7");
  const [dataset] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download de-identified dataset" }).click(),
  ]);
  const text = fs.readFileSync((await dataset.path())!, "utf8");
  expect(text.split("\r\n")[0]).toMatch(/^participant_code,/);
  for (const name of DEMO_FIRST_NAMES) expect(text).not.toContain(name);
  expect(text).not.toContain("@");

  // The program-wide report of the same program.
  const programLink = page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1);
  const programUrl = (await programLink.getAttribute("href"))!;
  await programLink.click();
  await expect(page.getByRole("heading", { name: /^Pre\/post report: / })).toBeVisible();
  await expect(page.getByLabel("Cohort", { exact: true })).toBeVisible();

  await signOut(page);
  await signIn(page, "facilitator@demo.groupkap.org");
  const res = await page.goto(programUrl);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});
