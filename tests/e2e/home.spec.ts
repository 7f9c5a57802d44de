// The home page is a worklist: each role gets the sections of its own work, each item
// linking to the page where the work is done.
import { signIn } from "./helpers";
import { expect, test, type Page } from "./test";

const region = (page: Page, name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });

test("a coordinator's home lists this week's sessions with their readiness, seat offers and waitlists, and no records to sign", async ({
  page,
}) => {
  await signIn(page, "coordinator@demo.groupkap.org");
  await expect(page.getByRole("heading", { level: 1, name: "Your work today" })).toBeVisible();
  const sessions = region(page, "Sessions today and this week");
  await expect(sessions).toBeVisible();
  await expect(region(page, "Measures overdue and due")).toBeVisible();
  await expect(region(page, "Seats offered, awaiting an answer")).toBeVisible();
  await expect(region(page, "Waitlists with free seats")).toBeVisible();
  await expect(region(page, "Group notes to write or sign")).toHaveCount(0);
  await expect(region(page, "Dosing records to sign")).toHaveCount(0);
  await expect(region(page, "Open safety signals")).toHaveCount(0);
  await expect(page.getByText(/Previous sign-in|This is your first sign-in/)).toBeVisible();

  // Every session shows its readiness; its title opens the session.
  const first = sessions.getByRole("listitem").first();
  await expect(first.getByRole("list", { name: /^Readiness of / })).toContainText(/Staff mix met|Needs \d+ more/);
  const title = sessions.locator(".worklist__title").first();
  await title.click();
  await expect(page).toHaveURL(/\/sessions\/[^/]+(\/dosing)?$/);
});

test("a clinician's home has the safety signals, the dosing records to sign and their own cohorts' sessions", async ({ page }) => {
  await signIn(page, "clinician@demo.groupkap.org");
  await expect(page.getByRole("heading", { level: 1, name: "Your work today" })).toBeVisible();
  const safety = region(page, "Open safety signals");
  await expect(safety).toBeVisible();
  await expect(region(page, "Dosing records to sign")).toBeVisible();
  await expect(region(page, "Sessions today and this week")).toBeVisible();
  await expect(region(page, "Seats offered, awaiting an answer")).toHaveCount(0);
  await expect(region(page, "Group notes to write or sign")).toHaveCount(0);

  // The safety section's items (or its empty state) lead to the inbox.
  const items = safety.getByRole("listitem");
  if ((await items.count()) > 0) {
    await items.first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/safety$/);
  } else {
    await expect(safety).toContainText("No open safety signals");
  }
});

test("the Home link counts what needs the facilitator, the same number the home page gives, and says so to screen readers", async ({
  page,
}) => {
  // The demo facilitator has group notes of past sessions to write.
  await signIn(page, "facilitator@demo.groupkap.org");
  await expect(page.getByRole("heading", { level: 1, name: "Your work today" })).toBeVisible();
  const summary = page.getByTestId("needs-you");
  await expect(summary).toContainText("group notes to write or sign");
  const total = Number(/^([\d,]+) items? needs? you/.exec((await summary.innerText()).trim())![1].replace(/,/g, ""));
  expect(total).toBeGreaterThan(0);
  const shown = total.toLocaleString("en-US");
  const nav = page.getByRole("navigation", { name: "Main" });
  const home = nav.getByRole("link", { name: `Home, ${shown} item${total === 1 ? " needs" : "s need"} you` });
  await expect(home).toHaveText(`Home ${shown}`);
  // The sections' own counts add up to it: a facilitator's notes to write or sign plus overdue measures.
  const notes = Number(await region(page, "Group notes to write or sign").locator("h2 .badge").innerText());
  const overdue = Number(/Overdue: ([\d,]+)/.exec(await region(page, "Measures overdue and due").innerText())![1].replace(/,/g, ""));
  expect(notes + overdue).toBe(total);
  // The count stays on other pages.
  await page.goto("/calendar");
  await expect(nav.getByRole("link", { name: /^Home, / })).toHaveText(`Home ${shown}`);
});
