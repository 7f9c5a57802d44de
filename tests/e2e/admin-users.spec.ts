import { attemptSignIn, signIn, signOut } from "./helpers";
import { expect, test } from "./test";

test("an admin creates a user, the user must change the temporary password, and it is audited", async ({ page }) => {
  await signIn(page, "admin@demo.groupkap.org");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("link", { name: "New user" }).click();

  // Bad input keeps what was typed and says what is wrong.
  await page.getByLabel("Full name").fill("Sam Nurse");
  await page.getByLabel("Email").fill("sam.nurse@demo.groupkap.org");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Choose at least one role.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Sam Nurse");

  await page.getByLabel(/^Clinician/).check();
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { name: "User created" })).toBeVisible();
  const temporary = (await page.getByLabel("Temporary password").textContent())!.trim();
  expect(temporary).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);

  // Duplicate email is refused at the field.
  await page.goto("/admin/users/new");
  await page.getByLabel("Full name").fill("Sam Again");
  await page.getByLabel("Email").fill("sam.nurse@demo.groupkap.org");
  await page.getByLabel(/^Analyst/).check();
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("A user with this email already exists.")).toBeVisible();

  await signOut(page);
  await signIn(page, "sam.nurse@demo.groupkap.org", { password: temporary });
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await page.getByLabel("Current password").fill(temporary);
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByLabel("Repeat new password").fill("password1234");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This password is on the list of common passwords. Choose another.")).toBeVisible();
  await page.getByLabel("Current password").fill(temporary);
  await page.getByLabel("New password", { exact: true }).fill("night shift clinic tea");
  await page.getByLabel("Repeat new password").fill("night shift clinic tea");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await signOut(page);

  // The admin sees it all in the audit log, and deactivates the user.
  await signIn(page, "admin@demo.groupkap.org", { to: "/admin/users" });
  await page.getByRole("link", { name: "Sam Nurse" }).click();
  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByText("The user is deactivated and signed out everywhere.")).toBeVisible();
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("user.create");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: /Created user sam.nurse@demo.groupkap.org with roles CLINICIAN/ })).toBeVisible();
  await signOut(page);

  await attemptSignIn(page, "sam.nurse@demo.groupkap.org", "night shift clinic tea");
  await expect(page.getByRole("alert")).toHaveText("The email or password is not right.");
});

test("the users table sorts by a column header", async ({ page }) => {
  await signIn(page, "admin@demo.groupkap.org", { to: "/admin/users" });
  const names = () => page.locator("tbody tr td:first-child").allTextContents();
  const ascending = await names();
  expect(ascending.length).toBeGreaterThan(3);
  expect(ascending).toEqual([...ascending].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  await page.getByRole("button", { name: /^Name/ }).click();
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
  expect(await names()).toEqual([...ascending].reverse());
});
