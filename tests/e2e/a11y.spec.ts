// Every main page, as the roles that use it: axe-core finds no critical or serious
// violation, and nothing scrolls sideways at a laptop (1366), tablet (1024) or phone (390) width.
import AxeBuilder from "@axe-core/playwright";
import { signIn } from "./helpers";
import { linkedPages, PAGES } from "./pages";
import { expect, test, type Page } from "./test";

/**
 * axe in the page itself (legacy mode: `axe.run` in the page, no blank page opened per check to
 * merge frame results; the app has no cross-origin frames), reporting violations only.
 */
function axeFor(page: Page) {
  return new AxeBuilder({ page }).setLegacyMode();
}

async function violations(page: Page) {
  const result = await axeFor(page)
    .options({ resultTypes: ["violations"] })
    .analyze();
  return result.violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${page.url()} ${v.impact} ${v.id}: ${v.nodes.length}× ${v.nodes[0]?.target.join(" ")}`);
}

const WIDTHS = [1366, 1024, 390];

// One visit per page: axe at the laptop width, then the same page resized to the tablet and
// phone widths (CSS media queries apply on resize), so each page is loaded once, not four times.
for (const [email, paths] of Object.entries(PAGES)) {
  test(`${email.split("@")[0]}'s pages: no critical or serious axe violations, and they fit 1366, 1024 and 390 px without scrolling sideways`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, email);
    const all = email.startsWith("coordinator") || email.startsWith("clinician") ? [...paths, ...(await linkedPages(page, email))] : paths;
    const found: string[] = [];
    const wide: string[] = [];
    for (const path of all) {
      await page.setViewportSize({ width: WIDTHS[0], height: 800 });
      await page.goto(path);
      found.push(...(await violations(page)));
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) wide.push(`${path} at ${width}: ${scrollWidth} px wide`);
      }
    }
    expect(found).toEqual([]);
    expect(wide).toEqual([]);
  });
}

// WCAG 2.5.3 Label in Name on the measures pages: the tracker, a participant's measures tab
// and an assessment. axe-core's rule is experimental, so it is switched on by name here.
for (const email of ["coordinator@demo.groupkap.org", "clinician@demo.groupkap.org", "facilitator@demo.groupkap.org"])
  test(`${email.split("@")[0]}'s measures pages: every control's accessible name contains its visible text (label-content-name-mismatch)`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page, email, { to: "/cohorts" });
    const cohort = await page
      .getByRole("link", { name: /First responders/ })
      .first()
      .getAttribute("href");
    await page.goto(`${cohort}/measures?timepoint=all`);
    const assessment = await page.locator('a[href^="/assessments/"]').first().getAttribute("href");
    await page.goto(`${cohort}/roster`);
    const participant = await page.locator('a[href^="/participants/"]').first().getAttribute("href");
    const found: string[] = [];
    for (const path of [`${cohort}/measures`, `${cohort}/measures?timepoint=all`, `${participant!.split("?")[0]}/measures`, assessment!]) {
      await page.goto(path);
      const result = await axeFor(page)
        .options({
          runOnly: { type: "rule", values: ["label-content-name-mismatch"] },
          rules: { "label-content-name-mismatch": { enabled: true } },
        })
        .analyze();
      expect(result.passes.length + result.violations.length, `${path}: the rule ran`).toBeGreaterThan(0);
      for (const v of result.violations)
        for (const n of v.nodes) found.push(`${path} ${v.id}: ${n.target.join(" ")} ${n.html.slice(0, 160)}`);
    }
    expect(found).toEqual([]);
  });
