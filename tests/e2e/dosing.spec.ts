import {
  DEMO_PASSWORD,
  fillVitals,
  localAgo,
  markEveryonePresent,
  openActiveCohortSession,
  plusMinutes,
  saveDischarge,
  signIn,
} from "./helpers";
import { expect, test, type Page } from "./test";

const mg = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

test("a clinician documents a dosing session for 3 participants; a BP gate block needs an override; the ledger balances", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A dosing record is signed only for a participant marked present.
  await markEveryonePresent(page, "Dosing session 2");
  await signIn(page, "clinician@demo.groupkap.org");

  // Receive a lot for the site first, so the expected balance is known.
  const lotNumber = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await page.goto("/ledger/lots/new");
  await page.getByLabel("Lot number").fill(lotNumber);
  await page.getByLabel("Concentration (mg/mL)").fill("50");
  await page.getByLabel("Vial volume (mL)").fill("10");
  await page.getByLabel("Quantity received (vials)").fill("2");
  await page.getByLabel("Supplier", { exact: true }).fill("E2E Supply");
  await page.getByLabel("Supplier address").fill("1 Supply Way, Denver CO");
  await page.getByLabel("Supplier DEA number").fill("PS1234563");
  await page.getByLabel("Invoice number").fill("INV-E2E");
  await page.getByLabel("Expiry date").fill("2030-12-31");
  await page.getByLabel("Site").selectOption({ label: "Loveland Wellness Center" });
  await page.getByRole("button", { name: "Receive lot" }).click();
  await expect(page.getByRole("heading", { name: `Lot ${lotNumber}` })).toBeVisible();
  const lotUrl = page.url();
  expect(mg(await page.getByLabel("Current balance").textContent())).toBe(1000);

  // (The demo seed documents the first dosing session already; the second is still open.)
  await openActiveCohortSession(page, "Dosing session 2");
  await page.getByRole("link", { name: "Dosing board" }).click();
  await page.waitForURL(/\/dosing$/);
  const cards = page.locator("section.dosing-card");
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(3);
  // Inside the program's sublingual range (1–4 mg/kg) at 81 kg.
  const doses = ["100", "120.5", "90"];
  for (let i = 0; i < 3; i++) {
    const card = cards.nth(i);
    // Pre-dose checklist: every item answered yes.
    const yes = card.getByRole("radio", { name: "Yes" });
    for (let k = 0; k < (await yes.count()); k++) await yes.nth(k).check();
    await card.getByRole("button", { name: "Save checklist" }).click();
    await expect(card.getByText("Checklist saved.")).toBeVisible();

    const pre = card.locator("form", { has: page.getByRole("button", { name: "Save pre-dose vitals" }) });
    // The session was weeks ago: the time boxes default to its date (its start), not to today.
    const base = await pre.getByLabel("Time taken").inputValue();
    expect(base.slice(0, 10)).not.toBe(localAgo(0).slice(0, 10));
    await expect(pre.getByText(/is (before|after) this session's window/)).toHaveCount(0);
    await fillVitals(pre, { sys: i === 1 ? "165" : "124", dia: i === 1 ? "105" : "80", hr: "76", spo2: "98" });
    await pre.getByRole("button", { name: "Save pre-dose vitals" }).click();
    await expect(card.getByText("Pre-dose vitals saved.")).toBeVisible();

    if (i === 1) {
      await expect(card.getByText("Blocked", { exact: true })).toBeVisible();
      await expect(card.getByText("Systolic BP 165 mmHg is above the pre-dose limit of 140 mmHg", { exact: true })).toBeVisible();
      await expect(card.getByRole("button", { name: "Save dose" })).toBeDisabled();
      await card.getByLabel("Override reason").fill("Repeat reading after 10 minutes rest was 138/88; benefit outweighs risk");
      await card.getByRole("button", { name: "Override and allow dosing" }).click();
      await expect(card.getByText("Gate overridden")).toBeVisible();
    }

    await card.getByLabel("Dose (mg)").fill(doses[i]);
    await card.getByLabel("Weight (kg)").fill("81");
    await expect(card.getByLabel("mg per kg")).not.toHaveText("—");
    await card.getByLabel("Route").selectOption("SUBLINGUAL");
    const lotValue = await card.getByLabel("Lot").locator("option", { hasText: lotNumber }).getAttribute("value");
    await expect(card.getByText(/^Suggested: lot .* \(expires first, /)).toBeVisible();
    await card.getByLabel("Lot").selectOption(lotValue!);
    await card.getByLabel("Given by").selectOption({ label: "Dr. Quinn Clinician" });
    if (i === 0) {
      // Today's time for a session weeks ago: a warning next to the box, and the server refuses it unconfirmed.
      await card.getByLabel("Time given").fill(localAgo(240));
      await expect(card.getByText(/^Time given \(.*\) is after this session's window/)).toBeVisible();
      await expect(card.getByLabel("The time is correct")).not.toBeChecked();
      await card.getByRole("button", { name: "Save dose" }).click();
      await expect(card.getByRole("alert").filter({ hasText: /is after this session's window/ })).toBeVisible();
    }
    await card.getByLabel("Time given").fill(plusMinutes(base, 10));
    await expect(card.getByLabel("The time is correct")).toHaveCount(0);
    await card.getByRole("button", { name: "Save dose" }).click();
    await expect(card.getByText("Dose saved.")).toBeVisible();
    if (i === 0) {
      // The ledger is the safe: the dose left the balance when it was recorded, pending signature.
      const lotPage = await page.context().newPage();
      await lotPage.goto(lotUrl);
      await expect(lotPage.getByText("Pending signature")).toBeVisible();
      expect(mg(await lotPage.getByLabel("Current balance").textContent())).toBe(1000 - 100);
      await lotPage.close();
    }

    const post = card.locator("form", { has: page.getByRole("button", { name: "Add reading" }) });
    if (i === 1) {
      // A high last reading: "vitals within range" is refused, naming it.
      await fillVitals(post, { sys: "160", dia: "102", hr: "80", spo2: "97", at: plusMinutes(base, 40) });
      await post.getByRole("button", { name: "Add reading" }).click();
      await expect(card.getByText("Reading added.")).toBeVisible();
      await card.getByLabel("Vitals within range").check();
      await card.getByRole("button", { name: "Save discharge" }).click();
      await expect(card.getByRole("alert").filter({ hasText: "The last reading (160/102 mmHg" })).toBeVisible();
    }
    await fillVitals(post, { sys: "132", dia: "84", hr: "80", spo2: "97", at: plusMinutes(base, 50) });
    await post.getByRole("button", { name: "Add reading" }).click();
    await expect(card.getByRole("row").filter({ hasText: "132/84" })).toBeVisible();
    if (i === 2) {
      // A time outside the window is kept once the clinician confirms it.
      await fillVitals(post, { sys: "128", dia: "82", hr: "78", spo2: "98", at: localAgo(5) });
      await post.getByLabel("The time is correct").check();
      await post.getByRole("button", { name: "Add reading" }).click();
      await expect(card.getByRole("row").filter({ hasText: "128/82" })).toBeVisible();
    }

    await saveDischarge(card, { escort: `Escort ${i + 1}`, at: plusMinutes(base, 150) });

    await card.getByLabel("Your password (to sign)").fill(DEMO_PASSWORD);
    await card.getByRole("button", { name: "Sign dosing record" }).click();
    await expect(card.getByText(/Signed by Dr. Quinn Clinician, .* — administered by/)).toBeVisible();
    await expect(card.getByRole("button", { name: "Save dose" })).toHaveCount(0);
    // Two 500 mg vials received, 100 mg given: the opened vial's remainder is to be wasted once no one else is dosed from it.
    if (i === 0) await expect(card.getByText(`An opened vial of lot ${lotNumber} still holds 400 mg.`)).toBeVisible();
  }

  // A witnessed waste, then the balance: received − administered − wasted.
  await page.goto(lotUrl);
  await page.getByRole("navigation", { name: "Kind of entry" }).getByRole("link", { name: "Waste" }).click();
  await page.getByLabel("Amount wasted (mg)").fill("4.5");
  await page.getByLabel("Method of destruction").fill("Drug disposal container");
  await page.getByLabel("Witness email").fill("nurse@demo.groupkap.org");
  await page.getByLabel("Witness password").fill("wrong password");
  await page.getByRole("button", { name: "Record waste" }).click();
  await expect(page.getByText("The witness's email or password is not right")).toBeVisible();
  await page.getByLabel("Witness password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Record waste" }).click();
  await expect(page.getByText("Wasted (witnessed) recorded.")).toBeVisible();
  // The balance updates once the page's data has been reloaded after the action.
  await expect.poll(async () => mg(await page.getByLabel("Current balance").textContent())).toBe(1000 - (100 + 120.5 + 90) - 4.5);
});

test("a facilitator takes attendance, signs a group note and adds an addendum", async ({ page }) => {
  await signIn(page, "facilitator@demo.groupkap.org");
  await openActiveCohortSession(page, "Integration circle 1");
  await page.getByRole("button", { name: "Mark everyone not yet marked as present" }).click();
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByText("Attendance saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/^Observation: /).first()).toBeVisible();
  await page.getByLabel("Themes").fill("Sleep, guilt, returning to work");
  await page.getByLabel("Group process").fill("Slow start; warm by the end");
  await page.getByLabel("Facilitator interventions").fill("Grounding; paired reflection");
  await page
    .getByLabel(/^Observation: /)
    .first()
    .fill("Shared for the first time");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await page.getByLabel("Your password (to sign the note)").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign note" }).click();
  await expect(page.getByText(/Signed by Frankie Facilitator, .* — authored by/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await page.getByLabel("Add an addendum").fill("Correction: the grounding exercise was led by the co-facilitator.");
  await page.getByRole("button", { name: "Add addendum" }).click();
  await expect(page.getByText("Correction: the grounding exercise was led by the co-facilitator.")).toBeVisible();

  // Attendance changed after signing: the note keeps what it was signed with, and says what changed in an addendum.
  const signedAttendance = page.getByRole("table", { name: "Attendance as signed" });
  const firstRow = signedAttendance.getByRole("row").nth(1);
  const who = (await firstRow.getByRole("cell").first().textContent())!;
  await expect(firstRow).toContainText("Present");
  await page.getByRole("radio", { name: `${who}: Absent` }).check();
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByText("Attendance saved.")).toBeVisible();
  await expect(
    page.getByText(new RegExp(`^Attendance changed after signing: ${who}.* from present to absent, by Frankie Facilitator at `)),
  ).toBeVisible();
  await expect(page.getByText("Attendance change (automatic)")).toBeVisible();
  await expect(signedAttendance.getByRole("row").filter({ hasText: who })).toContainText("Present");
  await expect(page.getByText("Shared for the first time")).toBeVisible();
});

test.describe("dosing board forms on the seam", () => {
  async function openBoard(page: Page) {
    await signIn(page, "clinician@demo.groupkap.org");
    await openActiveCohortSession(page, "Dosing session 3");
    await page.getByRole("link", { name: "Dosing board" }).click();
    await page.waitForURL(/\/dosing$/);
    return page.locator("section.dosing-card");
  }

  test("browser-side: an impossible blood pressure is flagged on blur and nothing is sent", async ({ page }) => {
    const cards = await openBoard(page);
    const pre = cards.first().locator("form", { has: page.getByRole("button", { name: "Save pre-dose vitals" }) });
    const posts: string[] = [];
    page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));
    await pre.getByLabel("Systolic BP").fill("300");
    await pre.getByLabel("Systolic BP").blur();
    await expect(pre.getByText("Systolic BP must be between 50 and 260 mmHg")).toBeVisible();
    await pre.getByRole("button", { name: "Save pre-dose vitals" }).click();
    await expect(pre.getByText("Heart rate is required")).toBeVisible();
    expect(posts).toEqual([]);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("server-side: the message comes back beside the field of the card that was sent, with the typed values kept", async ({ page }) => {
      const cards = await openBoard(page);
      const pre = (i: number) => cards.nth(i).locator("form", { has: page.getByRole("button", { name: "Save pre-dose vitals" }) });
      await fillVitals(pre(1), { sys: "300", dia: "80", hr: "76", spo2: "98", at: localAgo(30) });
      await pre(1).getByRole("button", { name: "Save pre-dose vitals" }).click();
      await expect(pre(1).getByText("Systolic BP must be between 50 and 260 mmHg")).toBeVisible();
      await expect(pre(1).getByLabel("Systolic BP")).toHaveValue("300");
      await expect(pre(1).getByLabel("Heart rate")).toHaveValue("76");
      await expect(pre(0).getByText("Systolic BP must be between 50 and 260 mmHg")).toHaveCount(0);
    });
  });
});
