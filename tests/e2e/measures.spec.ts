import { signIn } from "./helpers";
import { expect, test, type Page } from "./test";

const PROGRAM = "Group KAP for first responders — 7 weeks";
const HEADER = [
  "participant_code",
  "cohort",
  "timepoint",
  "instrument",
  "completed_on",
  ...Array.from({ length: 9 }, (_, i) => `item_${i + 1}`),
].join(",");

/** A local date in Denver (the first demo site's zone, used for imported cohorts), `days` from today. */
function denverDate(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Denver", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

async function upload(page: Page, name: string, lines: string[], createMissing: boolean) {
  await page.goto("/measures/import");
  await page.getByLabel("Program").selectOption({ label: PROGRAM });
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from([HEADER, ...lines].join("\r\n") + "\r\n") });
  const box = page.getByLabel("Create missing cohorts and participants");
  if (createMissing) await box.check();
  else await box.uncheck();
  await page.getByRole("button", { name: "Check file" }).click();
}

test("a coordinator imports a CSV through the UI: the preview lists row errors, then a clean file imports", async ({ page }) => {
  const tag = Date.now().toString(36).toUpperCase();
  const cohort = `E2E import ${tag}`;
  await signIn(page, "coordinator@demo.groupkap.org");
  await upload(
    page,
    `bad-${tag}.csv`,
    [
      `IMP-${tag}-1,${cohort},baseline,PHQ9,2025-01-06,1,1,1,1,1,1,1,1,0`,
      `IMP-${tag}-2,${cohort},baseline,PHQ9,2025-01-06,1,1,5,1,1,1,1,1,0`,
      `IMP-${tag}-3,${cohort},baseline,PHQ8,2025-01-06,1,1,1,1,1,1,1,1`,
    ],
    true,
  );
  const errors = page.getByRole("list", { name: "Import errors" });
  await expect(errors).toContainText("Line 3: item_3");
  await expect(errors).toContainText('Line 4: unknown instrument "PHQ8"');
  await expect(page.getByRole("button", { name: /^Import \d+ row/ })).toHaveCount(0);

  await upload(
    page,
    `good-${tag}.csv`,
    [
      `IMP-${tag}-1,${cohort},baseline,PHQ9,2025-01-06,1,1,1,1,1,1,1,1,0`,
      `IMP-${tag}-2,${cohort},baseline,PHQ9,2025-01-06,2,2,2,2,2,2,2,2,0`,
    ],
    true,
  );
  await expect(page.getByText(`New cohort(s) will be created: ${cohort}.`)).toBeVisible();
  await expect(page.getByRole("cell", { name: "total 16" })).toBeVisible();
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(page.getByRole("status")).toContainText("Imported 2 questionnaires");
  await page.getByRole("link", { name: cohort }).click();
  await expect(page.getByRole("heading", { name: "Measures" })).toBeVisible();
  // The cohort's windows have all opened: the tracker opens on its last timepoint; the baseline is a link away.
  await page
    .getByRole("navigation", { name: "Timepoints" })
    .getByRole("link", { name: /^Baseline/ })
    .click();
  await expect(page).toHaveURL(/timepoint=baseline/);
  await expect(page.getByRole("link", { name: `View: PHQ-9 Baseline for Imported IMP-${tag}-2` })).toBeVisible();
  // The rows are markup built on the server and again in the browser when sorted: the order
  // follows the header, and the links of the sorted rows still navigate without a page load.
  const rows = page.getByRole("table", { name: /^Questionnaire completion/ }).locator("tbody tr");
  const byName = page.getByRole("button", { name: /^Participant/ });
  await byName.click();
  await expect(page.getByRole("columnheader", { name: /Participant/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(rows.first()).toContainText(`Imported IMP-${tag}-1`);
  await byName.click();
  await expect(page.getByRole("columnheader", { name: /Participant/ })).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first()).toContainText(`Imported IMP-${tag}-2`);
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await rows
    .first()
    .getByRole("link", { name: `View: PHQ-9 Baseline for Imported IMP-${tag}-2` })
    .click();
  await expect(page).toHaveURL(/\/assessments\//);
  await expect(page.getByRole("row", { name: /^PHQ-9 total 16 16 / })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test("a participant answers a PHQ-9 on a phone with item 9 = 1 and a clinician sees the safety flag", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).toUpperCase();
  const code = `PH-${tag}`;
  const cohort = `E2E phone ${tag}`;
  // A cohort whose last group was yesterday: its post-treatment questionnaires are open now.
  await signIn(page, "coordinator@demo.groupkap.org");
  await upload(page, `phone-${tag}.csv`, [`${code},${cohort},baseline,GAD7,${denverDate(-43)},1,1,1,1,1,1,1,,`], true);
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByRole("status")).toContainText("Imported 1 questionnaire");

  // Staff the imported cohort with the demo clinician on the cohort page.
  await page.goto("/cohorts");
  await page.getByRole("link", { name: cohort }).click();
  await page.getByText("Change staff").click();
  const addStaff = page.getByRole("form", { name: "Add staff" });
  await addStaff.getByLabel("Person").selectOption({ label: "Dr. Quinn Clinician" });
  await addStaff.getByLabel("Role in this cohort").selectOption({ label: "Clinician" });
  await addStaff.getByRole("button", { name: "Add to cohort" }).click();
  await expect(page.getByRole("status")).toContainText("Dr. Quinn Clinician added as clinician");
  await expect(page.getByRole("list", { name: "Current staff" })).toContainText("Dr. Quinn Clinician — Clinician");
  await page.getByRole("link", { name: "Measures", exact: true }).click();
  const cohortId = new URL(page.url()).pathname.split("/")[2];
  // One timepoint's columns at a time, chosen in the timepoint links; "All timepoints" shows the whole plan.
  const timepoints = page.getByRole("navigation", { name: "Timepoints" });
  await expect(timepoints.locator('[aria-current="page"]')).toHaveCount(1);
  await timepoints.getByRole("link", { name: "All timepoints" }).click();
  await expect(page).toHaveURL(/timepoint=all/);
  await expect(timepoints.getByRole("link", { name: "All timepoints" })).toHaveAttribute("aria-current", "page");
  // The tracker scrolls sideways in a focusable region, the participant column staying in view at its left edge.
  const tracker = page.getByRole("region", { name: "Questionnaire completion tracker" });
  await expect(tracker).toHaveAttribute("tabindex", "0");
  await tracker.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  expect(await tracker.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const box = (await tracker.boundingBox())!;
  const who = (await tracker.getByText(`Imported ${code}`, { exact: true }).first().boundingBox())!;
  expect(who.x).toBeGreaterThanOrEqual(box.x);
  expect(who.x).toBeLessThan(box.x + 40);
  // Each cell's button submits the timepoint's one shared form with its own participant: a link
  // made and revoked brings "Create link" back; the second link is the one the phone opens.
  await page.getByRole("button", { name: `Create link: Last group questionnaires for Imported ${code}` }).click();
  await expect(page.getByLabel("Questionnaire link", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: `Revoke link: Last group questionnaires for Imported ${code}` }).click();
  await page.getByRole("button", { name: `Create link: Last group questionnaires for Imported ${code}` }).click();
  const url = (await page.getByLabel("Questionnaire link", { exact: true }).textContent())!.trim();
  expect(url).toMatch(/\/q\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("img", { name: /QR code of the questionnaire link/ })).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const p = await phone.newPage();
  await p.goto(url);
  await expect(p.getByRole("heading", { name: "Your questionnaires" })).toBeVisible();
  await expect(p.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  // Submitting with nothing answered lists every item.
  await p.getByRole("button", { name: "Submit answers" }).click();
  const summary = p.getByRole("alert").first();
  await expect(summary).toContainText("still need an answer");
  // The summary says which questionnaire and which questions, takes focus, and its link moves to the first one.
  await expect(summary).toBeFocused();
  await summary.getByRole("link", { name: /^PHQ-9: questions 1, 2, .* and 9$/ }).click();
  await expect(p.locator('input[name="r.PHQ9.1"]').first()).toBeFocused();
  for (const radio of await p.locator('input[type="radio"][value="0"]').all()) await radio.check();
  await p
    .getByRole("group", { name: /Thoughts that you would be better off dead/ })
    .getByRole("radio", { name: /Several days/ })
    .check();
  await p.getByRole("button", { name: "Submit answers" }).click();
  await expect(p.getByRole("heading", { name: "Thank you" })).toBeVisible();
  await expect(p.getByText("Your answers were received")).toBeVisible();
  await p.goto(url);
  await expect(p.getByText("already been submitted")).toBeVisible();
  await phone.close();

  const clinician = await browser.newPage();
  await signIn(clinician, "clinician@demo.groupkap.org", { to: "/safety" });
  await expect(clinician.getByText(/PHQ-9 item 9/).first()).toBeVisible();
  await expect(clinician.getByText(`Imported ${code}`).first()).toBeVisible();
  await clinician.goto(`/cohorts/${cohortId}/measures`);
  await clinician.getByRole("link", { name: `Imported ${code}`, exact: true }).click();
  await expect(clinician.getByRole("alert").filter({ hasText: "safety signal" })).toContainText("PHQ-9 item 9");
  await page.goto(`/cohorts/${cohortId}/measures`);
});
