// The main pages per role, shared by the specs that crawl them (a11y.spec.ts, dates.spec.ts).
import type { Page } from "./test";

export const PAGES: Record<string, string[]> = {
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
  "clinician@demo.groupkap.org": [
    "/",
    "/referrals",
    "/safety",
    "/safety?view=history",
    "/ledger",
    "/ledger/records",
    "/ledger/inventory",
    "/ledger/inspection",
    "/adverse-events",
    "/account",
  ],
  "admin@demo.groupkap.org": ["/admin/users", "/admin/sites", "/admin/audit", "/admin/instruments", "/admin/outbox"],
  "analyst@demo.groupkap.org": ["/reports"],
};

/** Pages reached from a list: the first cohort's tabs, a participant, a session, a report. */
export async function linkedPages(page: Page, email: string) {
  await page.goto("/cohorts");
  const cohort = await page
    .getByRole("link", { name: /First responders/ })
    .first()
    .getAttribute("href");
  await page.goto("/participants");
  const participant = await page.getByRole("table").locator("tbody a").first().getAttribute("href");
  await page.goto("/referrals");
  const referral = await page.getByRole("table").locator("tbody a").first().getAttribute("href");
  const selfReferral = await page
    .getByRole("link", { name: /^Self-referral page:/ })
    .first()
    .getAttribute("href");
  await page.goto(cohort!);
  const session = await page
    .getByRole("link", { name: /Dosing session 1/ })
    .first()
    .getAttribute("href");
  // A lot's page with its largest entry form open (two witnesses' sign-ins).
  const lot = email.startsWith("clinician")
    ? await (async () => {
        await page.goto("/ledger");
        return page.getByRole("table", { name: "Ketamine lots" }).locator("tbody a").first().getAttribute("href");
      })()
    : null;
  return [
    cohort!,
    `${cohort}/roster`,
    `${cohort}/measures`,
    `${cohort}/adverse-events`,
    participant!,
    `${participant}/contact`,
    `${participant}/consent`,
    session!,
    `${session}/dosing`,
    ...(email.startsWith("clinician") ? [`${session}/orders`, `/adverse-events/new?participantId=${participant!.split("/").pop()}`] : []),
    ...(lot ? [`${lot}?record=destruction`] : []),
    referral!,
    selfReferral!,
  ];
}
