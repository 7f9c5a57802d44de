// A native date box holding 31 February or a half-typed date sends "" — which used to come
// back as "… is required". The shared form mechanism (useSchemaForm) now catches such a box
// before sending: the honest message next to it, aria-invalid, focus on it, nothing posted.
import { signIn } from "./helpers";
import { expect, test } from "./test";

test.use({ locale: "en-US" });

test("an impossible or unfinished referral date is named next to the box, focused, and nothing is saved", async ({ page }) => {
  const last = `Baddate${Date.now().toString(36).replace(/\d/g, "x")}`;
  await signIn(page, "coordinator@demo.groupkap.org", { to: "/referrals/new" });
  const posts: string[] = [];
  page.on("request", (r) => (r.method() === "POST" ? posts.push(r.url()) : undefined));

  // Everything else on the form is valid, so the date box is the only thing to fix.
  await page.getByLabel("Program wanted").selectOption({ index: 1 });
  await page.getByLabel("Source").selectOption({ index: 1 });
  await page.getByLabel("First name").fill("Robin");
  await page.getByLabel("Last name").fill(last);
  await page.getByLabel("Email").fill(`${last.toLowerCase()}@example.org`);

  // 31 February 2026, typed digit by digit into the mm/dd/yyyy box.
  const date = page.getByLabel("Referral date");
  await date.click();
  await page.keyboard.press("Home");
  await page.keyboard.type("02312026");
  expect(await date.evaluate((el: HTMLInputElement) => el.validity.badInput)).toBe(true);
  await page.getByLabel("Last name").focus(); // away from the date box…
  await page.getByRole("button", { name: "Save referral" }).click();

  const message = page.getByText(/^Enter a complete, real date/);
  await expect(message).toBeVisible();
  await expect(page.getByText(/Referral date.*required|Enter the referral date/)).toHaveCount(0);
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await expect(date).toBeFocused();
  // The message is tied to the box for screen readers.
  const describedBy = (await date.getAttribute("aria-describedby")) ?? "";
  const messageId = await message.getAttribute("id");
  expect(describedBy.split(" ")).toContain(messageId);

  // Half a date (the month only, in an emptied box) is caught the same way.
  await date.fill("");
  await date.click();
  await page.keyboard.press("Home");
  await page.keyboard.type("03");
  expect(await date.evaluate((el: HTMLInputElement) => el.validity.badInput)).toBe(true);
  await page.getByLabel("Last name").focus();
  await page.getByRole("button", { name: "Save referral" }).click();
  await expect(message).toBeVisible();
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await expect(date).toBeFocused();

  expect(posts).toEqual([]);
  await page.goto(`/referrals?q=${last}`);
  await expect(page.getByText(last)).toHaveCount(0);
});
