// The form seam on the controlled-substance log: the entry forms run their schema in the
// browser, and without JavaScript the server's refusal comes back next to the field with
// what was typed kept (the witness password never comes back).
import { signIn } from "./helpers";
import { expect, test, type Page } from "./test";

/** The first lot's page, with the waste form opened from the kinds of entry (one form at a time). */
async function openFirstLotWaste(page: Page) {
  await page.goto("/ledger");
  await page.getByRole("table", { name: "Ketamine lots" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Lot / })).toBeVisible();
  await expect(page.getByLabel("Amount wasted (mg)")).toHaveCount(0);
  await page.getByRole("navigation", { name: "Kind of entry" }).getByRole("link", { name: "Waste" }).click();
  await expect(page.getByRole("link", { name: "Waste" })).toHaveAttribute("aria-current", "page");
}

test("browser-side: a waste without an amount is flagged before anything is sent", async ({ page }) => {
  await signIn(page, "clinician@demo.groupkap.org");
  await openFirstLotWaste(page);
  const posts: string[] = [];
  page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));
  const waste = page.locator("section", { has: page.getByRole("heading", { name: "Waste (witnessed)" }) });
  await waste.getByLabel("Amount wasted (mg)").focus();
  await waste.getByLabel("Amount wasted (mg)").blur();
  await expect(waste.getByText("Amount is required")).toBeVisible();
  await waste.getByRole("button", { name: "Record waste" }).click();
  await expect(waste.getByText("Record how the waste was destroyed")).toBeVisible();
  expect(posts).toEqual([]);
});

test("receiving an expired lot warns and needs an explicit confirmation; one expiring soon is received with a warning", async ({
  page,
}) => {
  await signIn(page, "clinician@demo.groupkap.org");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const receive = async (lotNumber: string, expiry: string) => {
    await page.goto("/ledger/lots/new");
    await page.getByLabel("Lot number").fill(lotNumber);
    await page.getByLabel("Concentration (mg/mL)").fill("50");
    await page.getByLabel("Vial volume (mL)").fill("10");
    await page.getByLabel("Quantity received (vials)").fill("1");
    await page.getByLabel("Supplier", { exact: true }).fill("E2E Supply");
    await page.getByLabel("Supplier address").fill("1 Supply Way, Denver CO");
    await page.getByLabel("Supplier DEA number").fill("PS1234563");
    await page.getByLabel("Invoice number").fill("INV-EXP");
    await page.getByLabel("Site").selectOption({ label: "Loveland Wellness Center" });
    await page.getByLabel("Expiry date").fill(expiry);
  };
  const stamp = Date.now().toString(36).toUpperCase();
  await receive(`EXP-${stamp}`, day(-3));
  await expect(page.getByText(/^This lot expired on .*never administered/)).toBeVisible();
  await page.getByRole("button", { name: "Receive lot" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /This lot expired on/ })).toBeVisible();
  await page.getByLabel("Receive this expired lot (it can never be administered)").check();
  await page.getByRole("button", { name: "Receive lot" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Lot EXP-${stamp}` })).toBeVisible();
  await expect(page.getByText(/Warning: Lot EXP-.* can never be administered/)).toBeVisible();

  await receive(`SOON-${stamp}`, day(12));
  await expect(page.getByText(/^This lot expires on .*, in 1[1-3] days: check the date/)).toBeVisible();
  await expect(page.getByLabel("Receive this expired lot (it can never be administered)")).toHaveCount(0);
  await page.getByRole("button", { name: "Receive lot" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Lot SOON-${stamp}` })).toBeVisible();
  await expect(page.getByText(/Warning: This lot expires on/)).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("server-side: a wrong witness password comes back next to the field; the rest is kept, the password is not", async ({ page }) => {
    await signIn(page, "clinician@demo.groupkap.org");
    await openFirstLotWaste(page);
    await page.getByLabel("Amount wasted (mg)").fill("1.5");
    await page.getByLabel("Method of destruction").fill("Drug disposal container");
    await page.getByLabel("Witness email").fill("nurse@demo.groupkap.org");
    await page.getByLabel("Witness password").fill("wrong password");
    await page.getByRole("button", { name: "Record waste" }).click();
    await expect(page.getByText("The witness's email or password is not right")).toBeVisible();
    await expect(page.getByLabel("Amount wasted (mg)")).toHaveValue("1.5");
    await expect(page.getByLabel("Method of destruction")).toHaveValue("Drug disposal container");
    await expect(page.getByLabel("Witness email")).toHaveValue("nurse@demo.groupkap.org");
    await expect(page.getByLabel("Witness password")).toHaveValue("");
    // Only the chosen kind's form is on the page.
    await expect(page.getByLabel("Amount transferred out (mg)")).toHaveCount(0);
  });

  test("server-side: a new lot with a bad concentration keeps what was typed", async ({ page }) => {
    await signIn(page, "clinician@demo.groupkap.org", { to: "/ledger/lots/new" });
    await page.getByLabel("Lot number").fill("NOJS-1");
    await page.getByLabel("Concentration (mg/mL)").fill("0");
    await page.getByRole("button", { name: "Receive lot" }).click();
    await expect(page.getByText("Concentration must be more than 0 mg/mL")).toBeVisible();
    await expect(page.getByLabel("Lot number")).toHaveValue("NOJS-1");
    await expect(page.getByLabel("Product")).toHaveValue("Ketamine HCl injection, USP");
  });
});
