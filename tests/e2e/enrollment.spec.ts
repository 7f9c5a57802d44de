import { houseDate, signIn } from "./helpers";
import { expect, test, type Page } from "./test";

const FIRST = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"];

async function newParticipant(page: Page, first: string, cohortOption?: string) {
  await page.goto("/participants/new");
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill("Enrollee");
  await page.getByLabel("Date of birth").fill("1986-05-20");
  await page.getByLabel("Sex").selectOption({ label: "Female" });
  await page.getByLabel("Occupation").selectOption({ label: "EMS/paramedic" });
  await page.getByLabel("Weight (kg)").fill("72");
  if (cohortOption) await page.getByLabel("Enroll into cohort (optional)").selectOption({ label: cohortOption });
  const code = await page.getByLabel("Participant code").inputValue();
  await page.getByRole("button", { name: "Create participant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${first} Enrollee` })).toBeVisible();
  return code;
}

test("a coordinator fills a cohort of 6 and the 7th participant goes to the waitlist", async ({ page }) => {
  await signIn(page, "coordinator@demo.groupkap.org");
  const name = `E2E enrollment ${Date.now().toString(36)}`;
  const start = "2029-09-03";
  const cohortUrl = await newCohort(page, name, { start, seats: 6 });

  const option = `${name} (starts ${houseDate(start)}, 6 seats)`;
  const codes: string[] = [];
  for (const first of FIRST) codes.push(await newParticipant(page, first, option));
  // The 7th participant's own page says where they are.
  await expect(page.getByText("Waitlisted").first()).toBeVisible();

  await page.goto(`${cohortUrl}/roster`);
  await expect(page.getByText("6 of 6 seats taken")).toBeVisible();
  const seated = page.getByRole("table", { name: "Seated participants" });
  for (const first of FIRST.slice(0, 6)) await expect(seated.getByRole("link", { name: `${first} Enrollee` })).toBeVisible();
  const waitlist = page.getByRole("table", { name: "Waitlist, first in line first" });
  await expect(waitlist.getByRole("link", { name: "Gus Enrollee" })).toBeVisible();
  await expect(waitlist.getByText("#1 on the waitlist")).toBeVisible();

  // A seated person withdraws: the seat is offered to the first person waiting (held for
  // them until they answer), who tells the coordinator they accept.
  const row = seated.getByRole("row").filter({ hasText: "Ada Enrollee" });
  // Something typed in another row and not sent stays while the server answers this one.
  const other = seated.getByRole("row").filter({ hasText: "Bo Enrollee" });
  await other.getByText("Withdraw…").click();
  await other.getByLabel("Reason for withdrawal").fill("Typed, not sent");
  await row.getByText("Withdraw…").click();
  // The step forms are plain forms until the server answers one: sent without a reason, the
  // refusal shows and the same form stays open, now checked in the browser too.
  const documents: string[] = [];
  page.on("request", (r) => void (r.resourceType() === "document" && documents.push(r.url())));
  await row.getByRole("button", { name: "Withdraw Ada Enrollee" }).click();
  await expect(page.getByText("Give the reason for withdrawal")).toBeVisible();
  await expect(row.getByLabel("Withdrawal date")).toHaveValue(/^\d{4}-\d\d-\d\d$/);
  expect(documents).toEqual([]); // answered through the route's action, without a page load
  await expect(other.getByLabel("Reason for withdrawal")).toHaveValue("Typed, not sent");
  await row.getByLabel("Reason for withdrawal").fill("Schedule conflict with shifts");
  await row.getByRole("button", { name: "Withdraw Ada Enrollee" }).click();
  await expect(page.getByText(/Seat offered to Gus Enrollee: answer due by \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d/)).toBeVisible();
  await page.getByRole("button", { name: "Gus Enrollee accepted: enroll" }).click();
  await expect(page.getByText(`${codes[6]} is now enrolled`)).toBeVisible();
  await expect(page.getByRole("table", { name: "Seated participants" }).getByRole("link", { name: "Gus Enrollee" })).toBeVisible();
});

test("bad participant input gets field messages and keeps what was typed", async ({ page }) => {
  await signIn(page, "coordinator@demo.groupkap.org");
  const existing = await newParticipant(page, "Dupe");

  await page.goto("/participants/new");
  await page.getByLabel("Participant code").fill(existing);
  await page.getByLabel("First name").fill("Second");
  await page.getByLabel("Last name").fill("Person");
  await page.getByLabel("Date of birth").fill("2026-02-30");
  await page.getByLabel("Sex").selectOption({ label: "Male" });
  await page.getByLabel("Occupation").selectOption({ label: "Police" });
  await page.getByLabel("Weight (kg)").fill("1000");
  await page.getByRole("button", { name: "Create participant" }).click();
  await expect(page.getByText("This date does not exist on the calendar.")).toBeVisible();
  await expect(page.getByText("Weight must be between 30 and 300 kg.")).toBeVisible();
  await expect(page.getByLabel("First name")).toHaveValue("Second");
  await expect(page.getByLabel("Weight (kg)")).toHaveValue("1000");

  await page.getByLabel("Date of birth").fill("1979-12-31");
  await page.getByLabel("Weight (kg)").fill("88");
  await page.getByRole("button", { name: "Create participant" }).click();
  await expect(page.getByText("Another participant already has this code (duplicate participant code). Choose another.")).toBeVisible();
  await expect(page.getByLabel("Participant code")).toHaveAttribute("aria-invalid", "true");
});

/** A new cohort through the form (the first program, site and lead); its page's path. */
async function newCohort(page: Page, name: string, { start = "2029-11-05", seats = 4 } = {}) {
  await page.goto("/cohorts/new");
  await page.getByLabel("Cohort name").fill(name);
  await page.getByLabel("Start date", { exact: true }).fill(start);
  await page.getByLabel("Capacity (seats)").fill(String(seats));
  await page.getByLabel("Program", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Site", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Lead facilitator").selectOption({ index: 1 });
  await page.getByRole("group", { name: "Co-facilitators" }).getByRole("checkbox").last().check();
  await page
    .getByRole("group", { name: /^Clinicians/ })
    .getByRole("checkbox")
    .first()
    .check();
  await page.getByRole("button", { name: "Create cohort and schedule" }).click();
  await page.waitForURL((url) => /^\/cohorts\/(?!new$)[^/]+$/.test(url.pathname));
  return new URL(page.url()).pathname;
}

test("the roster finds an existing participant by name or code and adds them, with and without JavaScript", async ({ page, browser }) => {
  await signIn(page, "coordinator@demo.groupkap.org");
  const tag = Date.now().toString(36);
  const cohortUrl = await newCohort(page, `E2E roster search ${tag}`);
  const letters = tag.replace(/\d/g, "x");
  const people = [] as { first: string; code: string }[];
  for (const first of [`Finn${letters}`, `Gwen${letters}`]) people.push({ first, code: await newParticipant(page, first) });
  const noJs = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(noJs, "coordinator@demo.groupkap.org");
  for (const [i, p] of [page, noJs].entries()) {
    const { first, code } = people[i];
    await p.goto(`${cohortUrl}/roster`);
    await expect(p.getByText("Type a name or code to find someone to add.")).toBeVisible();
    await expect(p.getByLabel("Existing participant", { exact: true })).toHaveCount(0);
    await p.getByLabel("Find a participant").fill(code.toLowerCase());
    // With JavaScript the search runs as one types; without, the Search button sends it.
    if (p === noJs) await p.getByRole("button", { name: "Search" }).click();
    await expect(p.getByText("1 match.")).toBeVisible();
    await p.getByLabel("Existing participant", { exact: true }).selectOption({ label: `Enrollee, ${first} (${code})` });
    await p.getByRole("button", { name: "Add to roster" }).click();
    await expect(p.getByText(`${code} is now enrolled`)).toBeVisible();
    await expect(p.getByRole("table", { name: "Seated participants" }).getByRole("link", { name: `${first} Enrollee` })).toBeVisible();
    // Now on the roster, the same search finds no one to add.
    await expect(p.getByLabel("Find a participant")).toHaveValue(code.toLowerCase());
    await expect(p.getByText(/No one matching/)).toBeVisible();
    // A row's step (a plain form until answered) reaches the roster's action with and without JavaScript.
    const row = p
      .getByRole("table", { name: "Seated participants" })
      .getByRole("row")
      .filter({ hasText: `${first} Enrollee` });
    await row.getByText("Withdraw…").click();
    await row.getByLabel("Reason for withdrawal").fill("Moved away");
    await row.getByRole("button", { name: `Withdraw ${first} Enrollee` }).click();
    await expect(p.getByText(`${code} is now withdrawn`)).toBeVisible();
    const left = p.getByRole("table", { name: "Participants who completed or left" });
    await expect(
      left
        .getByRole("row")
        .filter({ hasText: `${first} Enrollee` })
        .getByText("Moved away"),
    ).toBeVisible();
  }
  // The participants list finds them; its name and cohort links open the pages without a page load.
  await page.goto(`/participants?q=${people[0].code}`);
  const documents: string[] = [];
  page.on("request", (r) => void (r.resourceType() === "document" && documents.push(r.url())));
  const listed = page.getByRole("table", { name: "Participants" }).getByRole("row").filter({ hasText: people[0].code });
  await expect(listed.getByText("Withdrawn")).toBeVisible();
  await listed.getByRole("link", { name: `E2E roster search ${tag}` }).click();
  await expect(page.getByRole("heading", { name: "Roster", exact: true })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Participants" })).toBeVisible();
  await listed.getByRole("link", { name: `Enrollee, ${people[0].first}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${people[0].first} Enrollee` })).toBeVisible();
  expect(documents).toEqual([]);
});
