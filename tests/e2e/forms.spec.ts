// The form seam end to end: the browser runs the form's schema before sending (a field
// message appears on blur, nothing is posted), and with JavaScript off the server runs
// the same schema and answers with the message next to the field, keeping what was typed.
import { signIn } from "./helpers";
import { expect, test } from "./test";

test.describe("sites & rooms form (admin)", () => {
  test("browser-side: an empty site name is flagged before anything is sent", async ({ page }) => {
    await signIn(page, "admin@demo.groupkap.org", { to: "/admin/sites" });
    const form = page.getByRole("form", { name: "New site" });
    const posts: string[] = [];
    page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));
    await form.getByLabel("Address").fill("12 Elm St");
    await form.getByLabel("Site name").focus();
    await form.getByLabel("Site name").blur();
    await expect(form.getByText("Site name is required")).toBeVisible();
    await form.getByRole("button", { name: "Add site" }).click();
    await expect(form.getByLabel("Site name")).toHaveAttribute("aria-invalid", "true");
    expect(posts).toEqual([]);
    await form.getByLabel("Site name").fill("Seam test clinic");
    await expect(form.getByText("Site name is required")).toHaveCount(0);
    await form.getByRole("button", { name: "Add site" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Site added." })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Seam test clinic" })).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("server-side: a bad seat count comes back next to the field, with the typed name kept", async ({ page }) => {
      await signIn(page, "admin@demo.groupkap.org", { to: "/admin/sites" });
      const form = page.getByRole("form", { name: "New room" }).first();
      await form.getByLabel("Room name").fill("Quiet room");
      await form.getByLabel("Seats").fill("0");
      await form.getByRole("button", { name: "Add room" }).click();
      const again = page.getByRole("form", { name: "New room" }).first();
      await expect(again.getByText("Capacity must be between 1 and 500")).toBeVisible();
      await expect(again.getByLabel("Room name")).toHaveValue("Quiet room");
      // Corrected and sent again: the success message is on the page that answers the post.
      await again.getByLabel("Seats").fill("4");
      await again.getByRole("button", { name: "Add room" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Room added." })).toBeVisible();
    });
  });
});
