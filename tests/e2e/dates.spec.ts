// One way to show time and codes: every main page, as each role that uses it, shows dates in the
// house format ("Mon 9 Nov 2026") and codes in words. The visible text (document.body.innerText;
// input values are not part of it, and date inputs rightly hold ISO values) must contain no ISO
// date, no US-style date, no raw sex/occupation code and no timepoint key like last_group.
import { signIn } from "./helpers";
import { linkedPages, PAGES } from "./pages";
import { expect, test, type Page } from "./test";

const FORBIDDEN: [string, RegExp][] = [
  ["ISO date", /\b\d{4}-\d{2}-\d{2}\b/g],
  ["US-style date", /\b\d{1,2}\/\d{1,2}\/\d{4}\b/g],
  ["raw code", /\b(FIREFIGHTER|FEMALE|MALE)\b/g],
  ["timepoint key", /last_group/g],
];

/** Further pages reached from the crawled ones (detail pages and tabs the a11y crawl skips). */
async function morePages(page: Page, email: string, linked: string[]): Promise<string[]> {
  const more: string[] = [];
  const hrefOf = async (path: string, selector: string) => {
    await page.goto(path);
    return page
      .locator(selector)
      .first()
      .getAttribute("href", { timeout: 5_000 })
      .catch(() => null);
  };
  const participant = linked[4];
  if (participant) more.push(`${participant}/measures`, `${participant}/sessions`, `${participant}/adverse-events`);
  const cohort = linked[0];
  if (cohort) {
    more.push(`${cohort}/conflicts`, `${cohort}/messages`);
    const assessment = await hrefOf(`${cohort}/measures?timepoint=all`, 'a[href^="/assessments/"]');
    if (assessment) more.push(assessment);
  }
  if (email.startsWith("clinician")) {
    const lot = await hrefOf("/ledger", 'a[href^="/ledger/lots/"]:not([href$="/new"])');
    if (lot) more.push(lot);
    more.push("/ledger/print");
  }
  const ae = await hrefOf("/adverse-events", 'table a[href^="/adverse-events/"]');
  if (ae) more.push(ae);
  const program = await hrefOf("/programs", 'table a[href^="/programs/"]');
  if (program && email.startsWith("coordinator")) more.push(program, `${program}/consent`);
  const report = await hrefOf("/reports", 'a[href^="/reports/cohort/"]');
  if (report) more.push(report);
  more.push("/account", "/calendar/feed");
  return more;
}

const ROLES: Record<string, string[]> = {
  ...PAGES,
  "facilitator@demo.groupkap.org": ["/", "/cohorts", "/calendar", "/account"],
  "admin@demo.groupkap.org": [...PAGES["admin@demo.groupkap.org"], "/account"],
};

for (const [email, paths] of Object.entries(ROLES)) {
  test(`${email.split("@")[0]}'s pages show dates in the house format and codes in words`, async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, email);
    let all = paths;
    if (email.startsWith("coordinator") || email.startsWith("clinician")) {
      const linked = await linkedPages(page, email);
      all = [...paths, ...linked, ...(await morePages(page, email, linked))];
    } else if (email.startsWith("admin")) {
      const user = await (async () => {
        await page.goto("/admin/users");
        return page.locator('table a[href^="/admin/users/"]').first().getAttribute("href");
      })();
      if (user) all = [...all, user];
    }
    const found: string[] = [];
    for (const path of [...new Set(all)]) {
      const response = await page.goto(path);
      if (!response || response.status() >= 400) continue;
      const text = await page.evaluate(() => document.body.innerText);
      // One line per distinct offending string on a page (a table repeats the same kind of date).
      const seen = new Set<string>();
      for (const [what, re] of FORBIDDEN) {
        for (const m of text.matchAll(re)) {
          if (seen.has(m[0]) || seen.size >= 5) continue;
          seen.add(m[0]);
          const at = m.index ?? 0;
          found.push(`${path}: ${what} "${m[0]}" in "…${text.slice(Math.max(0, at - 50), at + m[0].length + 20).replace(/\s+/g, " ")}…"`);
        }
      }
    }
    expect(found).toEqual([]);
  });
}

// The one wording of a questionnaire's state and date (describeQuestionnaire), wherever it is shown.
const WHEN = /^(Opens|Due by|Overdue since|Completed) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}$|^(Completed|Missed)$/;

test("the tracker, the participant's measures and the assessment page word a questionnaire's state the same way", async ({ page }) => {
  await signIn(page, "coordinator@demo.groupkap.org", { to: "/cohorts" });
  const cohort = await page.getByRole("link", { name: "Burnout program — Fall 2026" }).first().getAttribute("href");
  await page.goto(`${cohort}/measures?timepoint=all`);
  const tracker = (await page.locator(".tracker .badge").allInnerTexts()).map((t) => t.trim());
  expect(tracker.length).toBeGreaterThan(0);
  expect(tracker.filter((t) => !WHEN.test(t))).toEqual([]);
  expect(tracker.some((t) => / \d{4}$/.test(t))).toBe(true); // at least one dated state

  const participant = await page.locator('.tracker a[href^="/participants/"]').first().getAttribute("href");
  const assessment = await page.locator('.tracker a[href^="/assessments/"]').first().getAttribute("href");
  await page.goto(participant!);
  const table = page.getByRole("table", { name: /^Questionnaires in / }).first();
  const cells = (await table.locator("tbody td").allInnerTexts()).map((t) => t.trim());
  const states = cells.filter((t) => /^(Opens|Due|Overdue|Completed|Missed|Not yet)\b/.test(t));
  expect(states.length).toBeGreaterThan(0);
  expect(states.filter((t) => !WHEN.test(t))).toEqual([]);

  await page.goto(assessment!);
  await expect(page.locator("h1 + p .badge")).toHaveText(WHEN);
});
