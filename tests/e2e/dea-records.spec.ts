// DEA records: a lot received with the supplier's address and DEA number, a signed inventory of
// the site, and the inspection packet downloaded as PDF and CSV.
import { readFileSync } from "node:fs";
import { DEMO_PASSWORD, signIn } from "./helpers";
import { expect, test } from "./test";

test("receive a lot with supplier details, take an inventory, download the inspection packet", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "clinician@demo.groupkap.org");
  const lotNumber = `DEA-${Date.now().toString(36).toUpperCase()}`;
  await page.goto("/ledger/lots/new");
  await page.getByLabel("Lot number").fill(lotNumber);
  await page.getByLabel("Concentration (mg/mL)").fill("50");
  await page.getByLabel("Vial volume (mL)").fill("10");
  await page.getByLabel("Quantity received (vials)").fill("2");
  await page.getByLabel("Supplier", { exact: true }).fill("E2E Controlled Supply");
  await page.getByLabel("Supplier address").fill("1 Supply Way, Denver CO");
  await page.getByLabel("Supplier DEA number").fill("PS1234564");
  await page.getByLabel("Invoice number").fill("INV-DEA-E2E");
  await page.getByLabel("Expiry date").fill("2037-12-31");
  await page.getByLabel("Site").selectOption({ label: "Loveland Wellness Center" });
  await page.getByRole("button", { name: "Receive lot" }).click();
  await expect(page.getByText(/check digit does not match \(the last digit should be 3\)/)).toBeVisible();
  await page.getByLabel("Supplier DEA number").fill("PS1234563");
  await page.getByRole("button", { name: "Receive lot" }).click();
  await expect(page.getByRole("heading", { name: `Lot ${lotNumber}` })).toBeVisible();
  await expect(page.getByText(/E2E Controlled Supply, 1 Supply Way, Denver CO \(DEA PS1234563\)/)).toBeVisible();

  await page.goto("/ledger");
  await page.getByRole("link", { name: "DEA records" }).click();
  await page.getByLabel("Site").selectOption({ label: "Loveland Wellness Center" });
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByRole("link", { name: "Take an inventory" }).click();
  await expect(page.getByRole("heading", { name: "Take an inventory" })).toBeVisible();
  await page.getByLabel("Kind of inventory").selectOption({ label: "Biennial inventory" });
  await page.getByLabel("Taken at").selectOption({ label: "Close of business" });
  // Pre-filled from the ledger: the new lot's two unopened vials.
  await expect(page.getByLabel(`Unopened containers, lot ${lotNumber}`)).toHaveValue("2");
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign and record inventory" }).click();
  await expect(page.getByRole("heading", { name: "DEA records" })).toBeVisible();
  await expect(page.getByText(/Biennial inventory due by \w{3} \d{1,2} \w{3} \d{4}\./)).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "Inventories" })
      .getByText(/inventoried by/)
      .first(),
  ).toBeVisible();

  await page.getByRole("link", { name: "Inspection packet" }).click();
  await expect(page.getByRole("heading", { name: "DEA inspection packet" })).toBeVisible();
  const site = page.getByLabel("Registrant (site)");
  const loveland = await site.getByRole("option", { name: /^Loveland Wellness Center/ }).getAttribute("value");
  await site.selectOption(loveland!);
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PDF" }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/^dea-inspection-Loveland-Wellness-Center-.*\.pdf$/);
  expect(
    readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  const text = readFileSync((await csv.path())!, "utf8");
  expect(text.split("\r\n")[0]).toMatch(/^section,date,lot,amount_mg/);
  expect(text).toContain(`receipt,`);
  expect(text).toContain(lotNumber);
  expect(text).toContain("PS1234563");
});
