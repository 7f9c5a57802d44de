// Printing: the documents users print from the browser (print media, Chromium's PDF) keep
// every column, carry a header naming what they are with page numbers, and leave out the
// navigation and the forms. The PDF text is read back with poppler's pdftotext (Chromium
// writes CID fonts, which tests/setup/pdfText.ts — made for pdfkit's output — does not read);
// -raw keeps the text in the order it was painted, so a table cell's words stay together.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { openActiveCohortSession, signIn } from "./helpers";
import { expect, test } from "./test";

const COHORT = "First responders — Spring 2026";

function pdfText(page: Page, file: string) {
  return async () => {
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-raw", file, "-"], { encoding: "utf8" });
  };
}

/** The phrase as printed: any case (headers are set in capitals), words maybe wrapped onto the next line. */
function printed(phrase: string) {
  const words = phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/-/g, "-\\s*"));
  return new RegExp(words.join("\\s+"), "i");
}

test("the program report prints every pre/post column, sort headers included, under a header naming program, cohorts and timepoints, with page numbers", async ({
  page,
}, testInfo) => {
  await signIn(page, "analyst@demo.groupkap.org", { to: "/reports" });
  await page.getByRole("link", { name: `Report for ${COHORT}` }).click();
  const programUrl = (await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").nth(1).getAttribute("href"))!;
  await page.goto(programUrl);
  const title = (await page.getByRole("heading", { level: 1 }).textContent())!;
  expect(title).toMatch(/^Pre\/post report: /);
  const table = page.getByRole("table", { name: /Pre\/post by instrument and scale/ });
  const firstRow = table.locator("tbody tr").first();
  const cells = await firstRow.locator("td").allTextContents();
  // A sortable header's name is its print label (the button beside it adds the arrow).
  const headers = await table
    .locator("thead th")
    .evaluateAll((ths) => ths.map((th) => (th.querySelector(".sort-print-label") ?? th).textContent ?? ""));
  const col = (name: string) => headers.findIndex((h) => h.startsWith(name));
  const values = { tp: cells[col("Paired t p")], dz: cells[col("d_z")], rb: cells[col("Rank-biserial r")] };
  for (const v of Object.values(values)) expect(v).toMatch(/\d/);

  const text = await pdfText(page, testInfo.outputPath("program-report.pdf"))();
  // In print media the sortable headers show their text, the arrows and the forms do not.
  await expect(table.locator("thead th").filter({ hasText: "Paired t p" })).toBeVisible();
  await expect(table.getByText("Paired t p", { exact: true })).toBeVisible();
  await expect(table.locator(".sort-indicator").first()).toBeHidden();
  await expect(page.getByRole("button", { name: "Update report" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

  // The document header: what it is, the program, its cohorts, the timepoints and the filters.
  expect(text).toMatch(printed(title));
  expect(text).toMatch(/Program .+ · Cohorts: .*First responders/);
  expect(text).toMatch(/Timepoints: “.+” \(pre\) → “.+” \(post\)/);
  expect(text).toMatch(/Filters: /);
  const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
  expect(pages).toBeGreaterThan(1);
  expect(text).toContain(`Page ${pages} of ${pages}`);

  // Every column of the pre/post table, with the first row's statistics.
  for (const h of headers) expect(text, `column ${h}`).toMatch(printed(h));
  for (const h of ["Paired t p", "d_z", "Rank-biserial r", "Wilcoxon p (method)", "Mean change (95% CI)"]) expect(text).toMatch(printed(h));
  for (const v of Object.values(values)) expect(text).toContain(v.trim());
  expect(text).not.toContain("Update report");
  expect(text).not.toContain("Sign out");
  expect(text).not.toContain("↕");
});

test("the dosing record and the group note print without the navigation, under a header naming program, cohort and session", async ({
  page,
}, testInfo) => {
  await signIn(page, "clinician@demo.groupkap.org");
  // The demo seed documents the first dosing session.
  await openActiveCohortSession(page, "Dosing session 1");
  const sessionUrl = page.url();

  const note = await pdfText(page, testInfo.outputPath("group-note.pdf"))();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Session pages" })).toBeHidden();
  expect(note).toMatch(/Group note: Dosing session 1/);
  expect(note).toMatch(/Program .+ · Cohort Burnout program — Fall 2026/);
  expect(note).toMatch(/Page 1 of \d+/);
  for (const nav of ["Sign out", "Dosing board", "Dose orders", "Attendance and group note"]) expect(note).not.toContain(nav);

  await page.emulateMedia({ media: "screen" });
  await page.goto(`${sessionUrl}/dosing`);
  await expect(page.locator("section.dosing-card").first()).toBeVisible();
  const dosing = await pdfText(page, testInfo.outputPath("dosing-record.pdf"))();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  expect(dosing).toMatch(/Dosing record: Dosing session 1/);
  expect(dosing).toMatch(/Cohort Burnout program — Fall 2026/);
  // One compact block per participant: the demo session's six records fit three or four sheets (thirteen before).
  expect(Number(dosing.match(/Page 1 of (\d+)/)?.[1])).toBeLessThanOrEqual(4);
  for (const nav of ["Sign out", "Dose orders", "Attendance and group note"]) expect(dosing).not.toContain(nav);
  // The record's answers print (the checklist lives in its form); the entry forms do not.
  expect(dosing).toContain("Emergency contact confirmed");
  for (const entry of ["Add reading", "Add addendum", "Reason for the dose outside the range"]) expect(dosing).not.toContain(entry);
});

test("the controlled-substance log prints under a header naming the lots and dates, without its filter form", async ({
  page,
}, testInfo) => {
  await signIn(page, "clinician@demo.groupkap.org", { to: "/ledger/print" });
  await expect(page.getByRole("heading", { name: "Controlled-substance log", level: 1 })).toBeVisible();
  const log = await pdfText(page, testInfo.outputPath("ledger-log.pdf"))();
  await expect(page.getByLabel("Lot", { exact: true })).toBeHidden();
  expect(log).toMatch(/Controlled-substance log\nAll lots · all dates\nPrinted by /);
  expect(log).toMatch(/Page 1 of \d+/);
  expect(log).toMatch(/Lot DEMO-KET-0001/);
  for (const nav of ["Sign out", "All lots\nShow", "Print\n"]) expect(log).not.toContain(nav);
});
