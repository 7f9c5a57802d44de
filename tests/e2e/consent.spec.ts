// E-consent end to end: a coordinator's new participant cannot become active without consent;
// the participant reads and signs the program's consent on a phone through their personal
// link; a facilitator countersigns with their password; then the coordinator marks them active.
import { DEMO_PASSWORD, houseDate, signIn } from "./helpers";
import { expect, test } from "./test";

const PROGRAM = "Group KAP for first responders — 7 weeks";

test("a participant signs consent on a phone, a facilitator countersigns, and the coordinator can then mark them active", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const cohortName = `E2E consent ${tag}`;
  const start = "2035-03-05";
  const last = `Consent${tag.replace(/\d/g, "x")}`;

  // A cohort led by the demo facilitator, and a participant enrolled in it.
  await signIn(page, "coordinator@demo.groupkap.org", { to: "/cohorts/new" });
  await page.getByLabel("Cohort name").fill(cohortName);
  await page.getByLabel("Start date", { exact: true }).fill(start);
  await page.getByLabel("Capacity (seats)").fill("4");
  await page.getByLabel("Program", { exact: true }).selectOption({ label: `${PROGRAM} (v1)` });
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

  await page.goto("/participants/new");
  await page.getByLabel("First name").fill("Robin");
  await page.getByLabel("Last name").fill(last);
  await page.getByLabel("Date of birth").fill("1988-02-14");
  await page.getByLabel("Sex").selectOption({ label: "Female" });
  await page.getByLabel("Occupation").selectOption({ label: "EMS/paramedic" });
  await page.getByLabel("Weight (kg)").fill("70");
  await page.getByLabel("Enroll into cohort (optional)").selectOption({ label: `${cohortName} (starts ${houseDate(start)}, 4 seats)` });
  await page.getByRole("button", { name: "Create participant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Robin ${last}` })).toBeVisible();
  const participantUrl = new URL(page.url()).pathname;

  // Without consent the enrollment cannot become active.
  await page.getByRole("button", { name: /^Mark active/ }).click();
  await expect(page.getByText(/cannot become active: No signed consent/)).toBeVisible();

  // The coordinator hands over the personal page link.
  await page.getByRole("link", { name: "Contact and messages" }).click();
  await page.getByRole("button", { name: "Create personal page link" }).click();
  const link = (await page.getByLabel("Personal page link", { exact: true }).textContent())!.trim();

  // The participant, on a phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p = await phone.newPage();
  await p.goto(link);
  await expect(p.getByRole("heading", { name: "Consent to sign" })).toBeVisible();
  await p.getByRole("link", { name: "Read and sign: Consent to take part" }).click();
  await expect(p.getByRole("heading", { level: 1, name: "Consent to take part" })).toBeVisible();
  await expect(p.getByText("You may withdraw your consent at any time")).toBeVisible();
  await p.getByLabel(/I consent to supportive physical touch/).check();
  await p.getByLabel("Your full name").fill("Robin Someone");
  await p.getByRole("button", { name: "Sign consent" }).click();
  await expect(p.getByText("The name must be the participant's full name")).toBeVisible();
  await expect(p.getByText('Tick this box to sign: "I consent to be contacted about my sessions and questionnaires".')).toBeVisible();
  await p.getByLabel(/I consent to supportive physical touch/).check();
  await p.getByLabel(/I consent to be contacted/).check();
  await p.getByLabel("Your full name").fill(`  robin ${last.toUpperCase()} `);
  await p.getByRole("button", { name: "Sign consent" }).click();
  await expect(p.getByRole("status")).toContainText("your consent is signed");
  // Their own copy of what they signed.
  const download = p.waitForEvent("download");
  await p.getByRole("link", { name: "Download a copy of what you signed (PDF)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^consent-GK-[A-Z0-9]+\.pdf$/);
  await phone.close();

  // The facilitator countersigns with their password.
  const fac = await (await browser.newContext()).newPage();
  await signIn(fac, "facilitator@demo.groupkap.org", { to: `${participantUrl}/consent` });
  await expect(fac.getByText("Awaiting countersignature")).toBeVisible();
  const form = fac.getByRole("form", { name: "Countersign consent" });
  await form.getByLabel("Your password (to countersign)").fill("wrong-password");
  await form.getByRole("button", { name: "Countersign consent" }).click();
  await expect(fac.getByText(/That is not your password/)).toBeVisible();
  await fac.getByLabel("Your password (to countersign)").fill(DEMO_PASSWORD);
  await fac.getByRole("button", { name: "Countersign consent" }).click();
  await expect(fac.getByText("Signed and countersigned")).toBeVisible();
  await expect(fac.getByText(/Frankie Facilitator, .* — consent witnessed and countersigned by/)).toBeVisible();
  await expect(fac.getByRole("link", { name: "Download countersigned PDF" })).toBeVisible();

  // Now the coordinator marks the enrollment active (the consent date comes from the signature).
  await page.goto(participantUrl);
  await page.getByRole("button", { name: /^Mark active/ }).click();
  await expect(page.getByText(/is now active|Active/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Mark active/ })).toHaveCount(0);
});
