// Every main page, as the roles that use it: axe-core finds no critical or serious
// violation, and nothing scrolls sideways at a laptop (1366), tablet (1024) or phone (390) width.
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";
import { expect, test, type Page } from "./test";

const PAGES: Record<string, string[]> = {
  "coordinator@demo.groupkap.org": [
    "/",
    "/cohorts",
    "/participants",
    "/referrals",
    "/referrals/new",
    "/programs",
    "/calendar",
    "/calendar?view=month",
    "/adverse-events",
    "/measures/import",
    "/reports",
  ],
  "clinician@demo.groupkap.org": ["/", "/referrals", "/safety", "/safety?view=history", "/ledger", "/adverse-events"],
  "admin@demo.groupkap.org": ["/admin/users", "/admin/sites", "/admin/audit", "/admin/instruments"],
  "analyst@demo.groupkap.org": ["/reports"],
};

/** Pages reached from a list: the first cohort's tabs, a participant, a session, a report. */
async function linkedPages(page: Page) {
  await page.goto("/cohorts");
  const cohort = await page
    .getByRole("link", { name: /First responders/ })
    .first()
    .getAttribute("href");
  await page.goto("/participants");
  const participant = await page.getByRole("table").getByRole("link").first().getAttribute("href");
  await page.goto("/referrals");
  const referral = await page.getByRole("table").getByRole("link").first().getAttribute("href");
  const selfReferral = await page
    .getByRole("link", { name: /^Self-referral page:/ })
    .first()
    .getAttribute("href");
  await page.goto(cohort!);
  const session = await page
    .getByRole("link", { name: /Dosing session 1/ })
    .first()
    .getAttribute("href");
  return [
    cohort!,
    `${cohort}/roster`,
    `${cohort}/measures`,
    `${cohort}/adverse-events`,
    participant!,
    `${participant}/contact`,
    session!,
    `${session}/dosing`,
    referral!,
    selfReferral!,
  ];
}

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${page.url()} ${v.impact} ${v.id}: ${v.nodes.length}× ${v.nodes[0]?.target.join(" ")}`);
}

for (const [email, paths] of Object.entries(PAGES)) {
  test(`axe: no critical or serious violations on ${email.split("@")[0]}'s pages`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, email);
    const all = email.startsWith("coordinator") || email.startsWith("clinician") ? [...paths, ...(await linkedPages(page))] : paths;
    const found: string[] = [];
    for (const path of all) {
      await page.goto(path);
      found.push(...(await violations(page)));
    }
    expect(found).toEqual([]);
  });
}

const WIDTHS = [1366, 1024, 390];
for (const [email, paths] of Object.entries(PAGES)) {
  test(`layout: ${email.split("@")[0]}'s pages fit 1366, 1024 and 390 px without scrolling sideways`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, email);
    const all = email.startsWith("coordinator") || email.startsWith("clinician") ? [...paths, ...(await linkedPages(page))] : paths;
    const wide: string[] = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of all) {
        await page.goto(path);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) wide.push(`${path} at ${width}: ${scrollWidth} px wide`);
      }
    }
    expect(wide).toEqual([]);
  });
}
