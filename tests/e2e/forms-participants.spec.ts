// The form seam on the new-participant form: the browser runs the form's schema (a field
// message on blur, nothing posted), and with JavaScript off the server runs the same
// schema and answers with the message next to the field, keeping what was typed.
import { signIn } from "./helpers";
import { expect, test } from "./test";

test.describe("new participant form", () => {
  test("browser-side: a date of birth that does not exist and an empty last name are flagged before anything is sent", async ({ page }) => {
    await signIn(page, "coordinator@demo.groupkap.org", { to: "/participants/new" });
    const posts: string[] = [];
    page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));
    await page.getByLabel("First name").fill("Blur");
    await page.getByLabel("Last name").focus();
    await page.getByLabel("Last name").blur();
    await expect(page.getByText("Enter the last name.")).toBeVisible();
    await page.getByLabel("Date of birth").fill("1990-02-30");
    await page.getByLabel("Date of birth").blur();
    await expect(page.getByText("This date does not exist on the calendar.")).toBeVisible();
    await expect(page.getByLabel("Date of birth")).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "Create participant" }).click();
    expect(posts).toEqual([]);
    await page.getByLabel("Date of birth").fill("1990-02-28");
    await expect(page.getByText("This date does not exist on the calendar.")).toHaveCount(0);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("server-side: a badly written date of birth comes back next to the field, with the typed input kept", async ({ page }) => {
      await signIn(page, "coordinator@demo.groupkap.org", { to: "/participants/new" });
      await page.getByLabel("First name").fill("Kept");
      await page.getByLabel("Last name").fill("Typed");
      await page.getByLabel("Date of birth").fill("12/04/1984");
      await page.getByLabel("Weight (kg)").fill("71");
      await page.getByRole("button", { name: "Create participant" }).click();
      await expect(page.getByText("Enter the date of birth as YYYY-MM-DD.")).toBeVisible();
      await expect(page.getByLabel("Date of birth")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Date of birth")).toHaveValue("12/04/1984");
      await expect(page.getByLabel("First name")).toHaveValue("Kept");
      await expect(page.getByLabel("Weight (kg)")).toHaveValue("71");
    });
  });
});
