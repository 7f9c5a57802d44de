import { signIn } from "./helpers";
import { expect, test, type Page } from "./test";

const COHORT = "Burnout program — Fall 2026";

let cohortId = "";

/** The demo cohort's id, from the cohort filter of the program-wide AE list. */
async function findCohortId(page: Page) {
  await page.goto("/adverse-events");
  const option = page.getByLabel("Cohort").locator("option", { hasText: COHORT });
  return (await option.getAttribute("value"))!;
}

async function openCohortTab(page: Page, tab: string) {
  await page.goto(`/cohorts/${cohortId}/${tab}`);
}

/** "AE reports" at the 1st dosing session in the cohort's rate table (0 when the row is absent). */
async function firstSessionReports(page: Page) {
  await openCohortTab(page, "adverse-events");
  await expect(page.getByRole("heading", { name: "Adverse events per dosing session" })).toBeVisible();
  const row = page.getByRole("row", { name: /^1st dosing session/ });
  if ((await row.count()) === 0) return 0;
  return Number(await row.getByRole("cell").last().innerText());
}

async function expectSignalCount(page: Page, n: number) {
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Safety inbox/ })).toHaveAttribute(
    "aria-label",
    `Safety inbox, ${n} open signal${n === 1 ? "" : "s"}`,
  );
}

async function openSignalCount(page: Page) {
  const label = await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Safety inbox, \d+ open signal/ })
    .getAttribute("aria-label");
  return Number(/(\d+)/.exec(label ?? "")![1]);
}

test("a clinician records a serious AE at a dosing session, follows it up and acknowledges it in the inbox", async ({ page }) => {
  await signIn(page, "clinician@demo.groupkap.org");
  cohortId = await findCohortId(page);
  const reportsBefore = await firstSessionReports(page);
  const signalsBefore = await openSignalCount(page);

  await openCohortTab(page, "roster");
  const person = page.getByRole("table").getByRole("link").first();
  const name = (await person.innerText()).trim();
  const participantHref = (await person.getAttribute("href"))!;
  await page.goto(`${participantHref}/adverse-events`);
  await page.getByRole("link", { name: "Record an adverse event" }).click();
  await expect(page.getByRole("heading", { name: "Record an adverse event" })).toBeVisible();

  await page.getByLabel("Event (term)").selectOption({ label: "Panic" });
  await page.getByLabel(/^Onset/).fill("2026-11-02T10:40");
  const sessionOption = page.locator("#groupSessionId option", { hasText: "Dosing session 1 —" });
  await page.getByLabel(/^Session/).selectOption((await sessionOption.getAttribute("value"))!);
  await page.getByLabel("Description").fill("Acute panic 40 minutes after the dose; paramedics called, observed in the ED.");
  await page.getByLabel(/Grade 2 — Moderate/).check();
  await page.getByLabel("Serious adverse event").check();
  await page.getByLabel("Important medical event").check();
  await page.getByLabel("Related to ketamine").selectOption({ label: "Probable" });
  await page.getByLabel("Related to the group process").selectOption({ label: "Possible" });
  await page.getByRole("group", { name: "Expected?" }).getByRole("radio", { name: "No", exact: true }).check();
  await page.getByLabel("Action taken").selectOption({ label: "Emergency services called" });
  await page.getByLabel("Outcome").selectOption({ label: "Recovering / resolving" });
  await page.getByRole("button", { name: "Record adverse event" }).click();

  await expect(page.getByRole("status")).toContainText("Adverse event recorded");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Panic");
  await expectSignalCount(page, signalsBefore + 1);
  await expect(
    page.getByRole("link", { name: `Safety inbox, ${signalsBefore + 1} open signal${signalsBefore + 1 === 1 ? "" : "s"}` }),
  ).toContainText(`(${signalsBefore + 1})`);

  // The inbox: acknowledging waits for a follow-up.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Safety inbox/ })
    .click();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: `Serious adverse event: ${name}` }) });
  await expect(card).toContainText("Follow-up due");
  await expect(card).toContainText("Add a follow-up to the adverse event before acknowledging");
  await card.getByLabel("Action taken (required to acknowledge)").fill("Spoke with the participant");
  await card.getByRole("button", { name: "Acknowledge" }).click();
  await expect(card.getByRole("alert")).toContainText("follow-up");

  await card.getByRole("link", { name: "Add a follow-up" }).click();
  await page.getByLabel("New follow-up").fill("Phoned next morning: slept well, no further panic; discharged from the ED at 14:00.");
  await page.getByRole("button", { name: "Add follow-up" }).click();
  await expect(page.getByRole("status")).toContainText("Follow-up added");

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: /^Safety inbox/ })
    .click();
  await expect(card).toContainText("Followed up");
  await card.getByLabel("Action taken (required to acknowledge)").fill("Reviewed ED notes; grounding plan agreed for session 2.");
  await card.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status")).toContainText("Signal acknowledged");
  await expect(card).toHaveCount(0);
  await expectSignalCount(page, signalsBefore);

  await page.getByRole("link", { name: "Acknowledged (history)" }).click();
  await expect(page.getByRole("cell", { name: "Reviewed ED notes; grounding plan agreed for session 2." })).toBeVisible();

  // The per-session rate table counts it at the 1st dosing session.
  expect(await firstSessionReports(page)).toBe(reportsBefore + 1);
});
