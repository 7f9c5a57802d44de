import { DEMO_PASSWORD, houseDate, signIn, signOut } from "./helpers";
import { expect, test, type Page } from "./test";

/** A burnout-program cohort of its own, so the enrollment touches no other spec's roster. */
async function newBurnoutCohort(page: Page, name: string) {
  await page.goto("/cohorts/new");
  await page.getByLabel("Cohort name").fill(name);
  await page.getByLabel("Start date", { exact: true }).fill("2034-01-02"); // no other spec schedules then: no staff clashes
  await page.getByLabel("Capacity (seats)").fill("6");
  const program = page.getByLabel("Program", { exact: true });
  const value = await program.locator("option", { hasText: "Burnout program" }).first().getAttribute("value");
  await program.selectOption(value!);
  await page.getByLabel("Site", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Lead facilitator").selectOption({ label: "Frankie Facilitator" });
  await page.getByRole("group", { name: "Co-facilitators" }).getByRole("checkbox").last().check();
  await page
    .getByRole("group", { name: /^Clinicians/ })
    .getByRole("checkbox")
    .first()
    .check();
  await page.getByRole("button", { name: "Create cohort and schedule" }).click();
  await page.waitForURL((url) => /^\/cohorts\/(?!new$)[^/]+$/.test(url.pathname));
}

/** The program report's participant flow: step label → count. */
async function flowCounts(page: Page, reportHref: string) {
  await page.goto(reportHref);
  const out: Record<string, number> = {};
  for (const step of await page.getByRole("list", { name: "Participant flow" }).getByRole("listitem").allInnerTexts()) {
    const m = /^(\d+)\s+(.+)$/.exec(step.trim());
    if (m) out[m[2]] = Number(m[1]);
  }
  return out;
}

/** MBI-GS answers: EX items 5,5,5,5,5 (mean 5.0), CY items 4 (mean 4.0), PE items 3 (mean 3.0). */
const MBI: Record<number, number> = {
  1: 5,
  2: 5,
  3: 5,
  4: 5,
  6: 5,
  8: 4,
  9: 4,
  13: 4,
  14: 4,
  15: 4,
  5: 3,
  7: 3,
  10: 3,
  11: 3,
  12: 3,
  16: 3,
};

test("a self-referral arrives, is screened, cleared, consents on a phone, is countersigned and enrolled; the report counts each step once", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36).replace(/\d/g, "x");
  const last = `Referee${tag}`;
  const cohortName = `E2E referrals ${tag}`;

  await signIn(page, "coordinator@demo.groupkap.org", { to: "/reports" });
  const reportHref = (await page
    .getByRole("link", { name: /Burnout program/ })
    .first()
    .getAttribute("href"))!;
  const before = await flowCounts(page, reportHref);
  expect(before.Referred).toBeGreaterThan(0);
  await newBurnoutCohort(page, cohortName);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Referrals" }).first()).toBeVisible();
  await page.goto("/referrals");
  await expect(page.getByRole("heading", { level: 1, name: "Referrals" })).toBeVisible();
  const referHref = await page.getByRole("link", { name: /^Self-referral page: Burnout program/ }).getAttribute("href");
  await signOut(page);

  // The public page, without a login: it says what it collects.
  await page.goto(referHref!);
  await expect(page.getByRole("heading", { level: 1, name: /Refer yourself to Burnout program/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What we collect" })).toBeVisible();
  await page.getByLabel("First name").fill("Tess");
  await page.getByLabel("Last name").fill(last);
  await page.getByLabel("Email").fill("tess@example.org");
  await page.getByLabel("Message (optional)").fill("Night shifts for six years");
  await page.getByRole("button", { name: "Send my referral" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you" })).toBeVisible();

  // The coordinator finds it among new referrals and screens it.
  await signIn(page, "coordinator@demo.groupkap.org", { to: "/referrals" });
  await page.getByLabel("Status").selectOption({ label: "Referred" });
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("link", { name: `${last}, Tess` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Tess ${last}` })).toBeVisible();
  const referralUrl = new URL(page.url()).pathname;
  for (const [item, value] of Object.entries(MBI)) await page.locator(`input[name="r.MBI_GS.${item}"][value="${value}"]`).check();
  await page.getByRole("button", { name: "Save and score MBI-GS" }).click();
  await expect(page.getByText("Questionnaire saved and scored.")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Meets the rule" })).toContainText("EX sum 25 ≥ 24; CY sum 20 ≥ 19");
  const checklist = page.getByRole("region", { name: "Contraindications" });
  for (const no of await checklist.getByRole("radio", { name: "No", exact: true }).all()) await no.check();
  await page.getByRole("button", { name: "Save checklist" }).click();
  await expect(page.getByText("Contraindication checklist saved.")).toBeVisible();
  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: "Eligible" });
  await page.getByRole("button", { name: "Record outcome" }).click();
  await expect(page.getByText("Screening outcome recorded.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Medical clearance" })).toContainText("Only a clinician records medical clearance.");
  await signOut(page);

  // A clinician records the clearance.
  await signIn(page, "clinician@demo.groupkap.org", { to: referralUrl });
  await page.getByLabel("Clearance decision").selectOption({ label: "Cleared" });
  await page.getByLabel("Clearance reason and conditions").fill("BP 122/78, no contraindications");
  await page.getByRole("button", { name: "Record clearance" }).click();
  await expect(page.getByText("Medical clearance recorded.")).toBeVisible();
  await expect(page.getByText("Medically cleared", { exact: true })).toBeVisible();
  await signOut(page);

  // The coordinator enrolls them in the cohort: a participant record with a seat.
  await signIn(page, "coordinator@demo.groupkap.org", { to: referralUrl });
  const enroll = page.getByRole("region", { name: "Enroll in a cohort" });
  await enroll.getByLabel("Cohort").selectOption({ label: `${cohortName} (starts ${houseDate("2034-01-02")})` });
  await enroll.getByLabel("Date of birth").fill("1985-03-14");
  await enroll.getByLabel("Sex").selectOption({ label: "Female" });
  await enroll.getByLabel("Occupation").selectOption({ index: 1 });
  await enroll.getByRole("button", { name: "Enroll in cohort" }).click();
  await expect(page.getByText(new RegExp(`Enrolled in ${cohortName} as GK-`))).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `Tess ${last}` })).toBeVisible();

  // The participant (enrolling opened their record) signs the program's consent on a phone, through their personal page.
  await page.waitForURL(/\/participants\/[^/]+$/);
  const participantUrl = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Contact and messages" }).click();
  await page.getByRole("button", { name: "Create personal page link" }).click();
  const link = (await page.getByLabel("Personal page link", { exact: true }).textContent())!.trim();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p = await phone.newPage();
  await p.goto(link);
  await p.getByRole("link", { name: /^Read and sign:/ }).click();
  await expect(p.getByLabel("Your full name")).toBeVisible();
  for (const box of await p.getByRole("checkbox").all()) await box.check();
  await p.getByLabel("Your full name").fill(`Tess ${last}`);
  await p.getByRole("button", { name: "Sign consent" }).click();
  await expect(p.getByRole("status")).toContainText("your consent is signed");
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phone.close();

  // The cohort's facilitator countersigns; the coordinator marks the enrollment active.
  const fac = await (await browser.newContext()).newPage();
  await signIn(fac, "facilitator@demo.groupkap.org", { to: `${participantUrl}/consent` });
  await fac.getByLabel("Your password (to countersign)").fill(DEMO_PASSWORD);
  await fac.getByRole("button", { name: "Countersign consent" }).click();
  await expect(fac.getByText("Signed and countersigned")).toBeVisible();
  await fac.context().close();
  await page.goto(participantUrl);
  await page.getByRole("button", { name: /^Mark active/ }).click();
  await expect(page.getByRole("button", { name: /^Mark active/ })).toHaveCount(0);

  // The program report's flow counts this person once at every step they reached.
  const after = await flowCounts(page, reportHref);
  for (const step of ["Referred", "Screened", "Eligible", "Medically cleared", "Enrolled", "Consented (active)"])
    expect(after[step], step).toBe(before[step] + 1);
  for (const step of ["Dosed at least once", "Completed"]) expect(after[step], step).toBe(before[step]);
});
