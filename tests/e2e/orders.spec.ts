// Dose orders (issue 14): a prescriber orders each participant's dose, signed; a nurse (a
// clinician who is not a prescriber) gives one as ordered, is blocked on one that differs, and
// signs with password re-entry; the orders page prints every signature with its meaning.
// The cohort starts in 2036 (no other spec schedules then); its dosing session is an extra
// session on a past date of its own, because doses can only be recorded at past times.
import { DEMO_PASSWORD, fillVitals, houseDate, plusMinutes, saveDischarge, signConsentOnDevice, signIn, signOut } from "./helpers";
import { expect, test, type Locator, type Page } from "./test";

async function newParticipant(page: Page, first: string, cohortOption: string) {
  await page.goto("/participants/new");
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill("Ordered");
  await page.getByLabel("Date of birth").fill("1984-04-12");
  await page.getByLabel("Sex").selectOption({ label: "Female" });
  await page.getByLabel("Occupation").selectOption({ label: "EMS/paramedic" });
  await page.getByLabel("Weight (kg)").fill("72");
  await page.getByLabel("Enroll into cohort (optional)").selectOption({ label: cohortOption });
  await page.getByRole("button", { name: "Create participant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${first} Ordered` })).toBeVisible();
  // The program has a consent document: no dosing record can be signed without it.
  await signConsentOnDevice(page, `${first} Ordered`);
}

test("a prescriber orders three doses; a nurse gives one as ordered, is blocked on one that differs, and signs", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const tag = Date.now().toString(36).replace(/\d/g, "x");
  const name = `E2E orders ${tag}`;
  const start = "2036-03-03";
  const firsts = [`Ada${tag}`, `Bea${tag}`, `Cy${tag}`];

  // The coordinator: a cohort with every clinician on staff, three participants, a dosing session on a past date.
  await signIn(page, "coordinator@demo.groupkap.org", { to: "/cohorts/new" });
  await page.getByLabel("Cohort name").fill(name);
  await page.getByLabel("Start date", { exact: true }).fill(start);
  await page.getByLabel("Capacity (seats)").fill("6");
  const program = page.getByLabel("Program", { exact: true });
  await program.selectOption((await program.locator("option", { hasText: "Burnout program" }).first().getAttribute("value"))!);
  const site = page.getByLabel("Site", { exact: true });
  await site.selectOption((await site.locator("option", { hasText: "Loveland" }).first().getAttribute("value"))!);
  const lead = page.getByLabel("Lead facilitator");
  await lead.selectOption((await lead.locator("option", { hasText: "Frankie Facilitator" }).first().getAttribute("value"))!);
  await page.getByRole("group", { name: "Co-facilitators" }).getByRole("checkbox").last().check();
  const clinicians = page.getByRole("group", { name: /^Clinicians/ }).getByRole("checkbox");
  for (let i = 0; i < (await clinicians.count()); i++) await clinicians.nth(i).check();
  await page.getByRole("button", { name: "Create cohort and schedule" }).click();
  await page.waitForURL((url) => /^\/cohorts\/(?!new$)[^/]+$/.test(url.pathname));
  const cohortUrl = new URL(page.url()).pathname;
  for (const first of firsts) await newParticipant(page, first, `${name} (starts ${houseDate(start)}, 6 seats)`);
  await page.goto(cohortUrl);
  const add = page.locator("section", { has: page.getByRole("heading", { name: "Add an extra session" }) });
  await add.getByLabel("Kind").selectOption("DOSING");
  await add.getByLabel("Title").fill(`Ordered dosing ${tag}`);
  await add.getByLabel("Date").fill("2026-01-14");
  await add.getByLabel("Start").fill("07:00");
  await add.getByLabel("End").fill("11:00");
  await add.getByRole("button", { name: "Add session" }).click();
  // Before the cohort's dates: a warning to acknowledge.
  const acks = add.getByRole("checkbox", { name: /I acknowledge/ });
  await expect(acks.first()).toBeVisible();
  for (let i = 0; i < (await acks.count()); i++) await acks.nth(i).check();
  await add.getByRole("button", { name: "Add session" }).click();
  const sessionLink = page.getByRole("link", { name: `Ordered dosing ${tag}`, exact: true }).first();
  await expect(sessionLink).toBeVisible();
  const sessionPath = (await sessionLink.getAttribute("href"))!;
  await signOut(page);

  // The facilitator marks everyone present.
  await signIn(page, "facilitator@demo.groupkap.org", { to: sessionPath });
  await page.getByRole("button", { name: "Mark everyone not yet marked as present" }).click();
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByText("Attendance saved.")).toBeVisible();
  await signOut(page);

  // Dr. Quinn Clinician (prescriber) orders: 40 mg, 40 mg, 45 mg IM.
  await signIn(page, "clinician@demo.groupkap.org", { to: `${sessionPath}/orders` });
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Ordered dosing ${tag}`) })).toBeVisible();
  for (const [i, mg] of ["40", "40", "45"].entries()) {
    const card = page.getByRole("region", { name: `${firsts[i]} Ordered` });
    await card.getByLabel("Dose", { exact: true }).fill(mg);
    await card.getByLabel("Dose unit").selectOption("MG");
    await expect(card.getByLabel("Weight (kg)")).toHaveValue("72");
    await card.getByLabel("Route").selectOption("IM");
    await card.getByLabel("Your password (to sign)").fill(DEMO_PASSWORD);
    await card.getByRole("button", { name: "Sign the order" }).click();
    // Signed: the order shows above its (now folded) amendment form.
    await expect(card.getByText(new RegExp(`^Version 1: ${mg} mg IM$`))).toBeVisible();
    await expect(card.getByText(/^Signed by Dr\. Quinn Clinician, .+ — ordered by$/)).toBeVisible();
  }
  await signOut(page);

  // Pat Nurse (clinician, not a prescriber) sees no order form, and doses on the board.
  await signIn(page, "nurse@demo.groupkap.org", { to: `${sessionPath}/orders` });
  await expect(page.getByRole("button", { name: "Sign the order" })).toHaveCount(0);
  await page.goto(`${sessionPath}/dosing`);
  const cardOf = (i: number) => page.locator("section.dosing-card", { has: page.getByRole("heading", { name: `${firsts[i]} Ordered` }) });
  let base = "";
  const prepare = async (card: Locator) => {
    const yes = card.getByRole("radio", { name: "Yes" });
    for (let k = 0; k < (await yes.count()); k++) await yes.nth(k).check();
    await card.getByRole("button", { name: "Save checklist" }).click();
    await expect(card.getByText("Checklist saved.")).toBeVisible();
    const pre = card.locator("form", { has: page.getByRole("button", { name: "Save pre-dose vitals" }) });
    base = await pre.getByLabel("Time taken").inputValue();
    await fillVitals(pre, {});
    await pre.getByRole("button", { name: "Save pre-dose vitals" }).click();
    await expect(card.getByText("Pre-dose vitals saved.")).toBeVisible();
  };
  const fillDose = async (card: Locator, mg: string) => {
    await card.getByLabel("Dose (mg)").fill(mg);
    await card.getByLabel("Weight (kg)").fill("72");
    await card.getByLabel("Route").selectOption("IM");
    await card.getByLabel("Lot").selectOption({ index: 1 });
    await card.getByLabel("Time given").fill(plusMinutes(base, 10));
    await card.getByLabel("Given by").selectOption({ label: "Pat Nurse" });
    await card.getByRole("button", { name: "Save dose" }).click();
  };

  // The third participant was ordered 45 mg: 40 mg is refused, next to the dose.
  const third = cardOf(2);
  await expect(third.getByText("Ordered: 45 mg IM")).toBeVisible();
  await prepare(third);
  await fillDose(third, "40");
  await expect(third.getByText("Ordered 45 mg IM by Dr. Quinn Clinician; amend the order to give 40 mg")).toBeVisible();
  await expect(third.getByLabel("Dose (mg)")).toHaveAttribute("aria-invalid", "true");
  await expect(third.getByText("Dose saved.")).toHaveCount(0);

  // The first, as ordered: saved, monitored, discharged and signed with the nurse's password.
  const first = cardOf(0);
  await expect(first.getByText("Ordered: 40 mg IM")).toBeVisible();
  await expect(first.getByText(/^Signed by Dr\. Quinn Clinician, .+ — ordered by$/)).toBeVisible();
  await prepare(first);
  await fillDose(first, "40");
  await expect(first.getByText("Dose saved.")).toBeVisible();
  const post = first.locator("form", { has: page.getByRole("button", { name: "Add reading" }) });
  await fillVitals(post, { at: plusMinutes(base, 50) });
  await post.getByRole("button", { name: "Add reading" }).click();
  await expect(first.getByText("Reading added.")).toBeVisible();
  await saveDischarge(first, { escort: "Escort O", at: plusMinutes(base, 150) });
  await first.getByLabel("Your password (to sign)").fill(DEMO_PASSWORD);
  await first.getByRole("button", { name: "Sign dosing record" }).click();
  await expect(first.getByText(/^Signed by Pat Nurse, .+ — administered by$/)).toBeVisible();

  // The printable orders: statuses and both signatures with their meanings.
  await page.goto(`${sessionPath}/orders`);
  const table = page.getByRole("table", { name: `Orders for Ordered dosing ${tag}` });
  const row = table.getByRole("row", { name: new RegExp(`${firsts[0]} Ordered`) });
  await expect(row.getByRole("cell", { name: "Administered", exact: true })).toBeVisible();
  await expect(row.getByText(/Signed by Dr\. Quinn Clinician, .+ — ordered by/)).toBeVisible();
  await expect(row.getByText(/Signed by Pat Nurse, .+ — administered by/)).toBeVisible();
  await expect(
    table.getByRole("row", { name: new RegExp(`${firsts[2]} Ordered`) }).getByRole("cell", { name: "Ordered", exact: true }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Download orders (PDF)" })).toHaveAttribute("href", `${sessionPath}/orders.pdf`);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print orders" })).toBeHidden();
  await expect(page.getByText(/^Printed by Pat Nurse/)).toBeVisible();
});
