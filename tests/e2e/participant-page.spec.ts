// A coordinator adds an email and creates a personal page link; the participant opens it on
// a phone, answers both open questionnaires of one timepoint in one flow, sees the crisis
// information after answering PHQ-9 item 9 above 0, and stops emails.
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";
import { expect, test, type Page } from "./test";
import { daytimeZone } from "../setup/daytime";

const PROGRAM = "Group KAP for first responders — 7 weeks";
const HEADER = [
  "participant_code",
  "cohort",
  "timepoint",
  "instrument",
  "completed_on",
  ...Array.from({ length: 22 }, (_, i) => `item_${i + 1}`),
];

/** A local date in Denver (the first demo site's zone, used for imported cohorts), `days` from today. */
function denverDate(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Denver", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

function row(code: string, cohort: string, timepoint: string, instrument: string, date: string, items: number) {
  const cells = Array.from({ length: 22 }, (_, i) => (i < items ? "1" : ""));
  return [code, cohort, timepoint, instrument, date, ...cells].join(",");
}

async function importCohort(page: Page, code: string, cohort: string) {
  // Baseline 43 days ago starts the imported cohort then, so its last group was yesterday and
  // the post-treatment questionnaires are open now; two of the four are already in, so
  // GAD-7 and PHQ-9 are what is left to answer.
  const lines = [
    row(code, cohort, "baseline", "GAD7", denverDate(-43), 7),
    row(code, cohort, "last_group", "PCL5", denverDate(0), 20),
    row(code, cohort, "last_group", "MBI_HSS", denverDate(0), 22),
  ];
  await page.goto("/measures/import");
  await page.getByLabel("Program").selectOption({ label: PROGRAM });
  await page.getByLabel("CSV file").setInputFiles({
    name: `page-${code}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from([HEADER.join(","), ...lines].join("\r\n") + "\r\n"),
  });
  await page.getByLabel("Create missing cohorts and participants").check();
  await page.getByRole("button", { name: "Check file" }).click();
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(page.getByRole("status")).toContainText("Imported 3 questionnaires");
}

test("a participant answers two questionnaires of one timepoint on a phone, sees the crisis line after item 9, and stops emails", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).toUpperCase();
  const code = `PP-${tag}`;
  const cohort = `E2E page ${tag}`;
  await signIn(page, "coordinator@demo.groupkap.org");
  await importCohort(page, code, cohort);

  // The coordinator records how to reach the participant, then creates their page link.
  await page.goto("/cohorts");
  await page.getByRole("link", { name: cohort }).click();
  await page.getByRole("link", { name: "Measures", exact: true }).click();
  await page.getByRole("link", { name: `Imported ${code}`, exact: true }).click();
  await page.getByRole("link", { name: "Contact and messages" }).click();
  const contact = page.getByRole("form", { name: "Contact details" });
  await contact.getByLabel("Mobile phone").fill("12345");
  await contact.getByLabel("Preferred channel").selectOption("SMS");
  await contact.getByRole("button", { name: "Save contact details" }).click();
  await expect(contact.getByText("Enter the mobile number in international format")).toBeVisible();
  await contact.getByLabel("Email").fill(`${code.toLowerCase()}@example.org`);
  await contact.getByLabel("Mobile phone").fill("");
  await contact.getByLabel("Preferred channel").selectOption("EMAIL");
  // A zone where it is daytime now, so the invitation is not held for quiet hours.
  await contact.getByLabel("Time zone").fill(daytimeZone());
  await contact.getByRole("button", { name: "Save contact details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Contact details saved." })).toBeVisible();
  await page.getByRole("button", { name: "Record consent to be contacted" }).click();
  await expect(page.getByText(/Recorded .* by Casey Coordinator/)).toBeVisible();
  await page.getByRole("button", { name: "Create personal page link" }).click();
  const handed = (await page.getByLabel("Personal page link", { exact: true }).textContent())!.trim();
  expect(handed).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);

  // Consent recorded with a questionnaire window open: the invitation is planned at once.
  // The demo has no SMTP server, so the job runner (run by hand here) puts the email in the
  // admins' outbox; the participant follows the link in that email.
  const admin = await browser.newContext();
  const a = await admin.newPage();
  await signIn(a, "admin@demo.groupkap.org", { to: "/admin/outbox" });
  await a.getByRole("button", { name: "Plan and send due messages now" }).click();
  await expect(a.getByText(/^Planned \d+ new message/)).toBeVisible();
  const row = a.getByRole("row").filter({ hasText: code }).filter({ hasText: "Questionnaire invitation" });
  await expect(row).toHaveCount(1);
  await row.getByText("Your questionnaires are ready").click();
  const email = (await row.locator("pre").textContent())!;
  expect(email).toContain("Hello Imported,");
  const url = /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/.exec(email)![0];
  await admin.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const p = await phone.newPage();
  await p.goto(url);
  await expect(p.getByRole("heading", { name: "Hello Imported" })).toBeVisible();
  await expect(p.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(p.getByRole("heading", { name: "If you need help now" })).toBeVisible();
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page: p }).analyze();
  expect(axe.violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => v.id)).toEqual([]);
  await p.screenshot({ path: `tmp/e2e-${process.env.E2E_PORT ?? 3100}/participant-page-390.png`, fullPage: true });

  await p.getByRole("link", { name: /Start: Last group/ }).click();
  await expect(p.getByRole("heading", { name: /Generalized Anxiety Disorder/ })).toBeVisible();
  await expect(p.getByRole("heading", { name: /Patient Health Questionnaire/ })).toBeVisible();
  // A first answer saved to finish later is there when the flow is opened again.
  await p
    .getByRole("group", { name: /Little interest or pleasure/ })
    .getByRole("radio", { name: /Not at all/ })
    .check();
  await p.getByRole("button", { name: "Save and finish later" }).click();
  await expect(p.getByText("Your answers so far are saved")).toBeVisible();
  await p.reload();
  await expect(p.getByRole("group", { name: /Little interest or pleasure/ }).getByRole("radio", { name: /Not at all/ })).toBeChecked();
  for (const radio of await p.locator('input[type="radio"][value="0"]').all()) await radio.check();
  await p
    .getByRole("group", { name: /Thoughts that you would be better off dead/ })
    .getByRole("radio", { name: /Several days/ })
    .check();
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await p.screenshot({ path: `tmp/e2e-${process.env.E2E_PORT ?? 3100}/participant-flow-390.png` });
  await p.getByRole("button", { name: "Submit answers" }).click();
  await expect(p.getByRole("heading", { name: "Thank you" })).toBeVisible();
  const crisis = p.getByRole("alert").filter({ has: p.getByRole("heading", { name: "If you need help now" }) });
  await expect(crisis).toContainText("Your answers have gone to your care team");
  await expect(crisis).toContainText(/emergency/);
  await p.screenshot({ path: `tmp/e2e-${process.env.E2E_PORT ?? 3100}/participant-thanks-390.png`, fullPage: true });

  await p.getByRole("link", { name: "Back to your page" }).click();
  await expect(p.getByText("Nothing to answer right now")).toBeVisible();
  await p.getByRole("button", { name: "Stop emails" }).click();
  await expect(p.getByRole("status")).toContainText("we will send you no more emails");
  await expect(p.getByRole("button", { name: "Send me emails again" })).toBeVisible();
  await phone.close();

  // Staff see the opt-out at once.
  await page.reload();
  await expect(page.getByText(/Opted out/)).toBeVisible();
});
