// Issue 14, first slice: the program's mg/kg range is a hard stop a clinician cannot pass; a
// prescriber overrides it with a reason; signing asks for the signer's password again and the
// signature shows its meaning.
import {
  DEMO_PASSWORD,
  fillVitals,
  markEveryonePresent,
  openActiveCohortSession,
  plusMinutes,
  saveDischarge,
  signIn,
  signOut,
} from "./helpers";
import { expect, test, type Locator, type Page } from "./test";

// The session is weeks in the past: its times are on its own date (the boxes' default, its start).
let base = "";

async function openBoard(page: Page) {
  await openActiveCohortSession(page, "Dosing session 4");
  await page.getByRole("link", { name: "Dosing board" }).click();
  await page.waitForURL(/\/dosing$/);
  const card = page.locator("section.dosing-card").first();
  await expect(card).toBeVisible();
  return card;
}

async function fillDose(card: Locator, doseMg: string) {
  await card.getByLabel("Dose (mg)").fill(doseMg);
  await card.getByLabel("Weight (kg)").fill("80");
  await card.getByLabel("Route").selectOption("SUBLINGUAL");
  await card.getByLabel("Lot").selectOption({ index: 1 });
  await card.getByLabel("Time given").fill(plusMinutes(base, 10));
}

test("a clinician is blocked outside the dose range; a prescriber overrides with a reason and signs with password re-entry", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  await markEveryonePresent(page, "Dosing session 4");

  // Pat Nurse (a clinician, not a prescriber): 40 mg sublingual at 80 kg is 0.50 mg/kg, below 1–4 mg/kg.
  await signIn(page, "nurse@demo.groupkap.org");
  let card = await openBoard(page);
  const yes = card.getByRole("radio", { name: "Yes" });
  for (let k = 0; k < (await yes.count()); k++) await yes.nth(k).check();
  await card.getByRole("button", { name: "Save checklist" }).click();
  await expect(card.getByText("Checklist saved.")).toBeVisible();
  const pre = card.locator("form", { has: page.getByRole("button", { name: "Save pre-dose vitals" }) });
  base = await pre.getByLabel("Time taken").inputValue();
  await fillVitals(pre, { sys: "124", dia: "80", hr: "76", spo2: "98" });
  await pre.getByRole("button", { name: "Save pre-dose vitals" }).click();
  await expect(card.getByText("Pre-dose vitals saved.")).toBeVisible();
  await fillDose(card, "40");
  await expect(card.getByText("program range 1–4 mg/kg")).toBeVisible();
  await expect(card.getByLabel("Prescriber's override: give this dose outside the program's range")).toHaveCount(0);
  await card.getByRole("button", { name: "Save dose" }).click();
  await expect(
    card.getByText(
      "0.50 mg/kg is below this program's range for Sublingual / lozenge (1–4 mg/kg). Only a prescriber can override the range, with a reason",
    ),
  ).toBeVisible();
  await expect(card.getByText("Dose saved.")).toHaveCount(0);
  await signOut(page);

  // Dr. Quinn Clinician, the prescriber, overrides with a reason, completes the record and signs.
  await signIn(page, "clinician@demo.groupkap.org");
  card = await openBoard(page);
  await fillDose(card, "40");
  await card.getByLabel("Given by").selectOption({ label: "Dr. Quinn Clinician" });
  const override = card.getByLabel("Prescriber's override: give this dose outside the program's range");
  await override.check();
  await card.getByRole("button", { name: "Save dose" }).click();
  await expect(card.getByText(/Write the reason for giving a dose outside the range/)).toBeVisible();
  await card.getByLabel("Reason for the dose outside the range").fill("First sublingual session after IM; starting low on purpose");
  await card.getByRole("button", { name: "Save dose" }).click();
  await expect(card.getByText("Dose saved.")).toBeVisible();
  await expect(card.getByText(/Outside the program's range: overridden by Dr. Quinn Clinician \(prescriber\)/)).toBeVisible();

  const post = card.locator("form", { has: page.getByRole("button", { name: "Add reading" }) });
  await fillVitals(post, { sys: "132", dia: "84", hr: "80", spo2: "97", at: plusMinutes(base, 50) });
  await post.getByRole("button", { name: "Add reading" }).click();
  await expect(card.getByText("Reading added.")).toBeVisible();
  await saveDischarge(card, { escort: "Escort G", at: plusMinutes(base, 150) });

  await page.screenshot({ path: testInfo.outputPath("dosing-board-1366.png"), fullPage: true });
  await card.getByLabel("Your password (to sign)").fill("not my password");
  await card.getByRole("button", { name: "Sign dosing record" }).click();
  await expect(card.getByText("That is not your password. Enter the password you sign in with to sign this record.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Save dose" })).toBeVisible();
  await card.getByLabel("Your password (to sign)").fill(DEMO_PASSWORD);
  await card.getByRole("button", { name: "Sign dosing record" }).click();
  await expect(card.getByText(/^Signed by Dr\. Quinn Clinician, \w{3} \d+ \w{3} \d{4}, \d{2}:\d{2} — administered by$/)).toBeVisible();
  await expect(card.getByRole("button", { name: "Save dose" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("dosing-board-1366-signed.png"), fullPage: false });

  // The override is in the clinicians' safety inbox.
  await page.goto("/safety");
  await expect(page.getByText(/0\.50 mg\/kg is below this program's range for Sublingual/).first()).toBeVisible();
});
