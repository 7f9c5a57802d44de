import { expect, test, type Locator, type Page } from "@playwright/test";
import { server } from "./servers.mjs";

export const DEMO_PASSWORD = "groupkap-demo-2026";

/**
 * Signs in by posting the sign-in form from the page's browser context (its cookie jar, its
 * origin) and opens the page the server sends a new session to: home, or the password
 * change a temporary password requires. `to` asks for another page instead (the form's
 * redirectTo), so a test that starts elsewhere loads one page, not two. The sign-in form
 * itself (typing, refusals, lockout, keyboard, axe) is tested by auth.spec and a11y.spec
 * through `attemptSignIn`; loading and filling it for every other test cost ~0.9 s each.
 */
export async function signIn(page: Page, email: string, options: { password?: string; to?: string } = {}) {
  const base = server(test.info().parallelIndex).baseURL;
  const form: Record<string, string> = { email, password: options.password ?? DEMO_PASSWORD };
  if (options.to) form.redirectTo = options.to;
  const response = await page.request.post("/login", { form, maxRedirects: 0, headers: { Origin: new URL(base).origin } });
  expect(response.status(), `sign-in as ${email}`).toBe(302);
  await page.goto(response.headers().location);
}

/** Submits the login form without expecting success. */
export async function attemptSignIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("heading", { name: "Sign in to GroupKAP" })).toBeVisible();
}

/** The demo's active cohort lives in this zone; wall-clock inputs on its pages are read there. */
export const DEMO_TZ = "America/Denver";

/** "YYYY-MM-DDTHH:mm" in the demo cohort's zone, `minutes` ago. */
/** A datetime-local value plus some minutes (wall-clock arithmetic, as the boxes show it). */
export function plusMinutes(local: string, minutes: number) {
  const d = new Date(`${local}:00Z`);
  d.setUTCMinutes(d.getUTCMinutes() + minutes);
  return d.toISOString().slice(0, 16);
}

export function localAgo(minutes: number) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: DEMO_TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(Date.now() - minutes * 60_000));
  const p = (t: string) => parts.find((x) => x.type === t)!.value;
  return `${p("year")}-${p("month")}-${p("day")}T${p("hour")}:${p("minute")}`;
}

/** Opens a session of the demo's active cohort ("Burnout program — Fall 2026") by its title. */
export async function openActiveCohortSession(page: Page, title: string) {
  await page.goto("/cohorts");
  const cohortHref = await page.getByRole("link", { name: "Burnout program — Fall 2026" }).first().getAttribute("href");
  await page.goto(cohortHref!);
  const sessionHref = await page.getByRole("link", { name: title, exact: true }).first().getAttribute("href");
  await page.goto(sessionHref!);
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(title) })).toBeVisible();
}

/** A facilitator marks everyone present at a session of the active cohort (a dosing record is signed only for those present). */
export async function markEveryonePresent(page: Page, title: string) {
  await signIn(page, "facilitator@demo.groupkap.org");
  await openActiveCohortSession(page, title);
  await page.getByRole("button", { name: "Mark everyone not yet marked as present" }).click();
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByText("Attendance saved.")).toBeVisible();
  await signOut(page);
}

/**
 * Signs the program's consent for the participant whose page is open, on this (staff) device,
 * and countersigns it with the signed-in staff member's password: dosing records need a
 * signed, countersigned consent once the program has a consent document.
 */
export async function signConsentOnDevice(page: Page, fullName: string) {
  const participantPath = new URL(page.url()).pathname.replace(/\/$/, "");
  await page.goto(`${participantPath}/consent`);
  await page
    .getByRole("button", { name: /^Hand over to sign/ })
    .first()
    .click();
  const form = page.getByRole("form", { name: /^Sign / });
  const boxes = form.getByRole("checkbox");
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  await form.getByLabel("Your full name").fill(fullName);
  await form.getByRole("button", { name: "Participant signs consent" }).click();
  const countersign = page.getByRole("form", { name: "Countersign consent" });
  await countersign.getByLabel("Your password (to countersign)").fill(DEMO_PASSWORD);
  await countersign.getByRole("button", { name: "Countersign consent" }).click();
  await expect(page.getByText("Signed and countersigned")).toBeVisible();
}

/** Fills a dosing card's vitals form (pre-dose, monitoring or post-dose); normal readings unless given. */
export async function fillVitals(form: Locator, v: { sys?: string; dia?: string; hr?: string; spo2?: string; at?: string } = {}) {
  await form.getByLabel("Systolic BP").fill(v.sys ?? "124");
  await form.getByLabel("Diastolic BP").fill(v.dia ?? "80");
  await form.getByLabel("Heart rate").fill(v.hr ?? "76");
  await form.getByLabel("SpO2").fill(v.spo2 ?? "98");
  if (v.at) await form.getByLabel("Time taken").fill(v.at);
}

/** Ticks every discharge criterion on a dosing card, names the escort, sets the time and saves. */
export async function saveDischarge(card: Locator, v: { escort: string; at: string }) {
  for (const label of [
    "Oriented (back to baseline)",
    "Walking steadily",
    "Vitals within range",
    "Escort present",
    "Told not to drive until tomorrow",
  ])
    await card.getByLabel(label).check();
  await card.getByLabel("Escort's name").fill(v.escort);
  await card.getByLabel("Discharge time").fill(v.at);
  await card.getByRole("button", { name: "Save discharge" }).click();
  await expect(card.getByText("Discharge saved.")).toBeVisible();
}

/** A "YYYY-MM-DD" as the app shows it ("Mon 3 Sep 2029"): the house format of app/domain/scheduling/localTime. */
export { formatLocalDate as houseDate } from "../../app/domain/scheduling/localTime";
