import { DEMO_PASSWORD, attemptSignIn, signIn, signOut } from "./helpers";
import { expect, test } from "./test";

// "Home" carries the count of what needs the person ("Home 9") when anything does.
const ALL = [/^Home( \d+)?$/, "Calendar", "Cohorts"];
const ROLES: { email: string; name: string; nav: (string | RegExp)[] }[] = [
  {
    email: "admin@demo.groupkap.org",
    name: "Avery Admin",
    nav: [...ALL, "Programs", "Users", "Sites & rooms", "Instrument wording", "Messages", "Audit log"],
  },
  {
    email: "coordinator@demo.groupkap.org",
    name: "Casey Coordinator",
    nav: [...ALL, "Referrals", "Participants", "Programs", "Controlled substances", "Reports"],
  },
  { email: "facilitator@demo.groupkap.org", name: "Frankie Facilitator", nav: [...ALL, "Participants", "Programs", "Adverse events"] },
  {
    email: "clinician@demo.groupkap.org",
    name: "Dr. Quinn Clinician",
    nav: [...ALL, "Referrals", "Participants", "Programs", /^Safety inbox/, "Adverse events", "Controlled substances"],
  },
  { email: "analyst@demo.groupkap.org", name: "Alex Analyst", nav: [...ALL, "Programs", "Reports"] },
  {
    email: "lead@demo.groupkap.org",
    name: "Riley Program Lead",
    nav: [...ALL, "Referrals", "Participants", "Programs", "Controlled substances", "Reports"],
  },
];

for (const role of ROLES) {
  test(`${role.name} signs in, sees only their navigation, and signs out`, async ({ page }) => {
    // Through the sign-in form (the other specs' signIn posts it without loading the page).
    await attemptSignIn(page, role.email, DEMO_PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await expect(page.getByRole("heading", { level: 1, name: "Your work today" })).toBeVisible();
    await expect(page.getByRole("main").getByText(role.name, { exact: false }).first()).toBeVisible();
    await expect(page).toHaveTitle("Home — GroupKAP");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(role.nav);
    // The menu's links go to their page without a page load and mark it as the current one.
    await expect(nav.getByRole("link").first()).toHaveAttribute("aria-current", "page");
    const documents: string[] = [];
    page.on("request", (r) => void (r.resourceType() === "document" && documents.push(r.url())));
    const next = nav.getByRole("link").nth(1);
    await next.click();
    await expect(next).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link").first()).not.toHaveAttribute("aria-current");
    expect(documents).toEqual([]);
    await signOut(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
}

test("a wrong password shows an error and keeps the email", async ({ page }) => {
  await attemptSignIn(page, "clinician@demo.groupkap.org", "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("The email or password is not right.");
  await expect(page.getByLabel("Email")).toHaveValue("clinician@demo.groupkap.org");
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("empty and malformed input get field messages", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter an email address like name@clinic.org.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("pages require a sign-in and come back after it", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fusers/);
  await page.getByLabel("Email").fill("admin@demo.groupkap.org");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
});

test("a coordinator opening an admin page gets the 403 page", async ({ page }) => {
  await signIn(page, "coordinator@demo.groupkap.org");
  const response = await page.goto("/admin/audit");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your home page" })).toBeVisible();
});

test("an unknown URL gets the 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("a forged cross-origin POST is refused with 403", async ({ request }) => {
  const res = await request.post("/login", {
    headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    data: "email=admin%40demo.groupkap.org&password=groupkap-demo-2026",
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  expect(res.headers()["set-cookie"]).toBeUndefined();
  const site = await request.post("/logout", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
  expect(site.status()).toBe(403);
});

test("every response carries the security headers", async ({ request }) => {
  for (const path of ["/login", "/healthz", "/favicon.svg", "/nope"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
  }
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });
});
