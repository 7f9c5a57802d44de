// The form seam on the admin "new user" form: the browser runs the schema (a field
// message on blur, nothing posted), and with JavaScript off the server answers with the
// message next to the field, keeping what was typed.
import { signIn } from "./helpers";
import { expect, test } from "./test";

test.describe("new user form (admin)", () => {
  test("browser-side: an invalid email is flagged on blur, before anything is sent", async ({ page }) => {
    await signIn(page, "admin@demo.groupkap.org", { to: "/admin/users/new" });
    const posts: string[] = [];
    page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));
    await page.getByLabel("Full name").fill("Blur Check");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Email").blur();
    await expect(page.getByText("Enter an email address like name@clinic.org.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByText("Choose at least one role.")).toBeVisible();
    expect(posts).toEqual([]);
    await page.getByLabel("Email").fill("blur.check@demo.groupkap.org");
    await expect(page.getByText("Enter an email address like name@clinic.org.")).toHaveCount(0);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("server-side: an invalid email comes back next to the field, with the typed input kept", async ({ page }) => {
      await signIn(page, "admin@demo.groupkap.org", { to: "/admin/users/new" });
      await page.getByLabel("Full name").fill("No Script");
      await page.getByLabel("Email").fill("no-script-at-all");
      await page.getByLabel(/^Analyst/).check();
      await page.getByRole("button", { name: "Create user" }).click();
      await expect(page.getByText("Enter an email address like name@clinic.org.")).toBeVisible();
      await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("Full name")).toHaveValue("No Script");
      await expect(page.getByLabel("Email")).toHaveValue("no-script-at-all");
      await expect(page.getByLabel(/^Analyst/)).toBeChecked();
    });
  });
});
