// Issue 13: a coordinator builds the burnout screening rule in the program editor by
// clicking (no JSON), sees it in plain words while building, saves, and sees it again on
// the program page; the contraindication checklist is rows. Checked at 1366 and 390 px.
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";
import { expect, test } from "./test";

const COORDINATOR = "coordinator@demo.groupkap.org";
const BURNOUT_TEXT = "Eligible when MBI-GS: EX mean ≥ 4.8 AND (CY mean ≥ 3.8 OR PE mean ≤ 4.3)";

test("build the burnout rule from rows, keyboard for the buttons, save, and read it back", async ({ page }, testInfo) => {
  await signIn(page, COORDINATOR);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto("/programs/new");
  await page.getByLabel("Program name").fill("Screening builder program");
  await page.getByLabel("Session 1 title").fill("Opening circle");

  await expect(page.locator("#rule-summary")).toHaveText("No eligibility rule: screening does not check scores.");
  await page.getByLabel("Screening instrument").selectOption("MBI_GS");
  // The first condition row appears; its scales are MBI-GS's, with their names.
  await expect(page.getByLabel("Condition 1 scale").locator("option")).toHaveText([
    "Choose a scale",
    "Exhaustion (EX)",
    "Cynicism (CY)",
    "Professional efficacy (PE)",
  ]);
  await page.getByLabel("Condition 1 scale").selectOption("EX");
  await page.getByLabel("Condition 1 cut-off").fill("four point eight");
  await page.getByLabel("Condition 1 cut-off").blur();
  await expect(page.getByText("Cut-off must be a number")).toBeVisible();
  await page.getByLabel("Condition 1 cut-off").fill("4.8");
  await expect(page.getByLabel("Condition 1 basis")).toHaveValue("mean");
  await expect(page.locator("#rule-summary")).toHaveText("Eligible when MBI-GS: EX mean ≥ 4.8");

  // Keyboard only: the add buttons answer Enter and move focus into the new row.
  await page.getByRole("button", { name: "Add group" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Group 2 condition 1 scale")).toBeFocused();
  await page.getByLabel("Group 2 condition 1 scale").selectOption("CY");
  await page.getByLabel("Group 2 condition 1 cut-off").fill("3.8");
  await expect(page.getByLabel("Group 2 combines")).toHaveValue("any");
  await page.getByRole("button", { name: "Add condition to group 2" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Group 2 condition 2 scale")).toBeFocused();
  await page.getByLabel("Group 2 condition 2 scale").selectOption("PE");
  await page.getByLabel("Group 2 condition 2 comparison").selectOption("<=");
  await page.getByLabel("Group 2 condition 2 cut-off").fill("4.3");
  await expect(page.locator("#rule-summary")).toHaveText(BURNOUT_TEXT);
  await expect(page.getByText("EX = Exhaustion, CY = Cynicism, PE = Professional efficacy")).toBeVisible();

  // The export follows the rows.
  await page.getByText("Import or export the rule as JSON").click();
  const exported = JSON.parse(await page.getByLabel("Eligibility rule as JSON").inputValue());
  expect(exported).toEqual({
    instrument: "MBI_GS",
    rule: {
      all: [
        { scale: "EX", op: ">=", value: 4.8, on: "mean" },
        {
          any: [
            { scale: "CY", op: ">=", value: 3.8, on: "mean" },
            { scale: "PE", op: "<=", value: 4.3, on: "mean" },
          ],
        },
      ],
    },
  });

  // A contraindication of this program's own, added as a row.
  const before = await page.getByRole("list", { name: "Contraindication checklist" }).getByRole("listitem").count();
  await page.getByRole("button", { name: "Add contraindication" }).click();
  const n = before + 1;
  await expect(page.getByLabel(`Contraindication ${n} label`)).toBeFocused();
  await page.getByLabel(`Contraindication ${n} label`).fill("Seizure within the last year");
  await page.getByLabel(`Contraindication ${n} severity`).selectOption("RELATIVE");

  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Screening builder program" })).toBeVisible();
  await page.reload();
  await expect(page.locator("#rule-summary")).toHaveText(BURNOUT_TEXT);
  await expect(page.getByLabel("Group 2 condition 2 cut-off")).toHaveValue("4.3");
  await expect(page.getByLabel(`Contraindication ${n} label`)).toHaveValue("Seizure within the last year");
  await expect(page.getByLabel(`Contraindication ${n} severity`)).toHaveValue("RELATIVE");

  // No sideways scrolling on a laptop or a phone.
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.locator("#elig-h").scrollIntoViewIfNeeded();
    await page.locator(".rule-builder").screenshot({ path: testInfo.outputPath(`screening-builder-${width}.png`) });
    await page.locator("section[aria-labelledby='elig-h']").screenshot({ path: testInfo.outputPath(`screening-section-${width}.png`) });
  }

  // The builder, the JSON box and the checklist rows: no critical or serious axe finding.
  await page.getByText("Import or export the rule as JSON").click();
  await expect(page.getByLabel("Eligibility rule as JSON")).toBeVisible();
  const axe = await new AxeBuilder({ page }).include("section[aria-labelledby='elig-h']").analyze();
  expect(
    axe.violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => `${v.id}: ${v.nodes[0]?.target}`),
  ).toEqual([]);

  // Import: typing in the JSON box switches to saving the JSON; loading it fills the rows again.
  const box = page.getByLabel("Eligibility rule as JSON");
  await box.fill('{"instrument":"MBI_GS","rule":{"any":[{"all":[{"any":[{"scale":"EX","op":">=","value":24,"on":"sum"}]}]}]}}');
  await expect(page.getByLabel("the JSON below")).toBeChecked();
  await expect(page.locator("#rule-summary")).toHaveText("The rule is taken from the JSON below.");
  await page.getByRole("button", { name: "Load this JSON into the builder" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Not loaded: the builder shows one level of groups/ })).toBeVisible();
  await box.fill('{"instrument":"PHQ9","rule":{"all":[{"scale":"total","op":">=","value":10,"on":"sum"}]}}');
  await page.getByRole("button", { name: "Load this JSON into the builder" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Loaded into the builder." })).toBeVisible();
  await expect(page.getByLabel("the builder above")).toBeChecked();
  await expect(page.getByLabel("Screening instrument")).toHaveValue("PHQ9");
  await expect(page.locator("#rule-summary")).toHaveText("Eligible when PHQ-9: total sum ≥ 10");
});
