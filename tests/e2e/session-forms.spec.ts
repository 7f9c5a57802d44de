// The form seam on a session's page: without JavaScript a refused group-note draft comes
// back with the message next to the field and every box as it was typed (nothing saved).
import { signIn } from "./helpers";
import { expect, test } from "./test";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("server-side: an over-long theme is refused next to the field; the draft keeps what was typed", async ({ page }) => {
    await signIn(page, "facilitator@demo.groupkap.org", { to: "/cohorts" });
    await page.goto((await page.getByRole("link", { name: "Burnout program — Fall 2026" }).first().getAttribute("href"))!);
    await page.goto((await page.getByRole("link", { name: "Integration circle 3", exact: true }).first().getAttribute("href"))!);
    await page.getByLabel("Themes").fill("x".repeat(5001));
    await page.getByLabel("Group process").fill("Kept after the refusal");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("Themes must be at most 5000 characters")).toBeVisible();
    await expect(page.getByLabel("Group process")).toHaveValue("Kept after the refusal");
    await expect(page.getByText("Draft saved.")).toHaveCount(0);
  });
});
