import { signIn } from "./helpers";
import { expect, test } from "./test";

test("a clinician turns on SMS notifications: a mobile number is required and must be in international format", async ({ page }) => {
  await signIn(page, "nurse@demo.groupkap.org", { to: "/account" });
  const form = page.getByRole("form", { name: "Notification settings" });
  await expect(form.getByLabel("Email notifications")).toBeChecked();
  await expect(form.getByLabel("SMS notifications")).not.toBeChecked();

  await form.getByLabel("SMS notifications").check();
  await form.getByRole("button", { name: "Save notification settings" }).click();
  await expect(form.getByText("Enter your mobile number to get SMS notifications, or turn SMS off.")).toBeVisible();

  await form.getByLabel("Mobile phone").fill("555 123 4567");
  await form.getByRole("button", { name: "Save notification settings" }).click();
  await expect(form.getByText("Enter the mobile number in international format")).toBeVisible();

  await form.getByLabel("Mobile phone").fill("+1 555 123 4567");
  await form.getByLabel("Email notifications").uncheck();
  await form.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByText("Notification settings saved.")).toBeVisible();

  await page.reload();
  await expect(form.getByLabel("SMS notifications")).toBeChecked();
  await expect(form.getByLabel("Email notifications")).not.toBeChecked();
  await expect(form.getByLabel("Mobile phone")).toHaveValue("+15551234567");
});
