// Outreach as staff use it: the admins' outbox in the demo (no provider configured), a
// coordinator editing and previewing a message's wording, and a participant's message history.
import { signIn } from "./helpers";
import { expect, test } from "./test";

const COHORT = "Burnout program — Fall 2026";

test("the demo's outbox is populated and clearly marked as not sent; an admin can run the job now", async ({ page }) => {
  await signIn(page, "admin@demo.groupkap.org");
  await page.getByRole("link", { name: "Messages", exact: true }).first().click();
  await expect(page).toHaveTitle(/Messages and outbox/);
  await expect(page.getByText("Messages are not being sent.")).toBeVisible();
  const table = page.getByRole("table", { name: "Messages in the outbox, newest due first" });
  await expect(table.getByText("In outbox — not sent").first()).toBeVisible();
  await expect(table.getByText("Session reminder").first()).toBeVisible();
  // Admins see participants' codes, never their names.
  await expect(table.getByRole("cell", { name: /^GK-/ }).first()).toBeVisible();
  await page.getByRole("link", { name: "Show every message" }).click();
  await expect(page.getByRole("table", { name: "Messages, newest due first" }).getByText("Scheduled").first()).toBeVisible();
  await page.getByRole("button", { name: "Plan and send due messages now" }).click();
  await expect(page.getByText(/^Planned \d+ new message/)).toBeVisible();
});

test("a coordinator edits a message's wording with a live preview, then reads a participant's message history", async ({ page }) => {
  await signIn(page, "coordinator@demo.groupkap.org", { to: "/cohorts" });
  const openCohortMessages = async () => {
    await page.goto("/cohorts");
    await page.getByRole("link", { name: COHORT }).click();
    const tabs = page.getByRole("navigation", { name: "Cohort sections" });
    await expect(tabs.getByRole("link", { name: "Schedule" })).toHaveAttribute("aria-current", "page");
    await tabs.getByRole("link", { name: "Messages" }).click();
    await expect(tabs.getByRole("link", { name: "Messages" })).toHaveAttribute("aria-current", "page");
    await expect(tabs.getByRole("link", { name: "Schedule" })).not.toHaveAttribute("aria-current");
  };
  await openCohortMessages();
  const log = page.getByRole("table", { name: `Messages to participants of ${COHORT}, newest due first` });
  await expect(log.getByText("Session reminder").first()).toBeVisible();

  await page.getByRole("link", { name: "Wording and rules for this program" }).click();
  await expect(page.getByRole("heading", { name: "Messages to participants" })).toBeVisible();
  const card = page.getByRole("article", { name: /Session reminder/ });
  const subject = card.getByLabel("Email subject");
  await subject.fill("See you on {{date}}, {{firstName}} {{lastName}}");
  await subject.blur();
  await expect(card.getByText("Subject: {{lastName}} is not a placeholder", { exact: false })).toBeVisible();
  await subject.fill("See you on {{date}}, {{firstName}}");
  const preview = card.getByRole("region", { name: "Preview: Session reminder" });
  await expect(preview).toContainText("See you on Tuesday 8 December 2026, Alex");
  await card.getByRole("button", { name: "Save wording" }).click();
  await expect(page.getByText("Session reminder wording saved (English).")).toBeVisible();
  await expect(page.getByRole("article", { name: /Session reminder/ }).getByText("Edited for this program")).toBeVisible();

  // Rules: a bad reminder list is refused next to the field.
  const reminders = page.getByLabel("Questionnaire reminders (days after the window opens)");
  await reminders.fill("2, 0");
  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByText("Questionnaire reminders: whole numbers from 1 to 60, separated by commas")).toBeVisible();

  await openCohortMessages();
  await log.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Message history" })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Messages to this participant, newest due first" }).getByText("Session reminder").first(),
  ).toBeVisible();
});
