import { beforeEach, describe, expect, it } from "vitest";
import * as home from "~/routes/_index";
import * as password from "~/routes/account.password";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import { GENERIC_LOGIN_ERROR, THROTTLED_LOGIN_ERROR } from "~/utils/auth.server";
import { dbReady } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { TEST_PASSWORD, createTestUser, resetLoginLimits, signIn } from "../setup/factories";
import { call, cookieFrom } from "../setup/http";

async function auditCount(action: string, where: Record<string, unknown> = {}) {
  return (await dbReady()).auditEvent.count({ where: { action, ...where } });
}

beforeEach(resetLoginLimits);

describe("login", () => {
  it("signs in with the right password, sets an HttpOnly SameSite cookie and audits it", async () => {
    const user = await createTestUser();
    const res = await signIn(user.email);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/gk_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await auditCount("auth.login", { actorId: user.id, ip: "10.0.0.1" })).toBe(1);
    const page = await call(home.loader, "/", "GET", { cookie: cookieFrom(res.headers) });
    expect(page.status).toBe(200);
    expect((page.data as { name: string }).name).toBe(user.name);
  });

  it("matches the email case-insensitively", async () => {
    const user = await createTestUser();
    expect((await signIn(user.email.toUpperCase())).status).toBe(302);
  });

  it("gives the same generic message for a wrong password and an unknown email, and audits both", async () => {
    const user = await createTestUser();
    const wrong = await signIn(user.email, "not the password at all");
    const unknown = await signIn("nobody@test.groupkap.org", "whatever password");
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect((r.data as { formError: string }).formError).toBe(GENERIC_LOGIN_ERROR);
      expect(r.headers.get("set-cookie")).toBeNull();
    }
    expect(await auditCount("auth.login_failed", { actorLabel: user.email })).toBe(1);
    expect(await auditCount("auth.login_failed", { actorLabel: "nobody@test.groupkap.org" })).toBe(1);
  });

  it.each([
    ["empty email", { email: "", password: "x" }, "email", "Enter your email address."],
    ["malformed email", { email: "not-an-email", password: "x" }, "email", "Enter an email address like name@clinic.org."],
    ["overlong email", { email: `${"a".repeat(250)}@x.org`, password: "x" }, "email", "An email address has at most 254 characters."],
    ["empty password", { email: "a@b.org", password: "" }, "password", "Enter your password."],
    ["overlong password", { email: "a@b.org", password: "p".repeat(300) }, "password", "A password has at most 256 characters."],
  ])("refuses an %s with a field message and writes nothing", async (_name, form, field, message) => {
    const before = await (await dbReady()).auditEvent.count();
    const res = await call(login.action, "/login", "POST", { form });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors[field]).toBe(message);
    expect(await (await dbReady()).auditEvent.count()).toBe(before);
  });

  it("refuses a missing field entirely (malformed POST) without crashing", async () => {
    const res = await call(login.action, "/login", "POST", { form: {} });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.email).toBeTruthy();
  });

  it("never redirects to another site after login", async () => {
    const user = await createTestUser();
    for (const to of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD, redirectTo: to } });
      expect(res.headers.get("location")).toBe("/");
    }
    const ok = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD, redirectTo: "/account" } });
    expect(ok.headers.get("location")).toBe("/account");
  });

  it("refuses a deactivated user with the generic message", async () => {
    const user = await createTestUser({ active: false });
    const res = await signIn(user.email);
    expect(res.status).toBe(401);
    expect((res.data as { formError: string }).formError).toBe(GENERIC_LOGIN_ERROR);
    expect(await auditCount("auth.login_failed", { entityId: user.id, summary: "Sign-in failed (account deactivated)" })).toBe(1);
  });
});

describe("throttling", () => {
  it("locks an account after 5 failures in the window, even with the right password", async () => {
    const user = await createTestUser();
    for (let i = 0; i < 5; i++) expect((await signIn(user.email, `wrong password ${i}`, `10.1.0.${i}`)).status).toBe(401);
    const res = await signIn(user.email, TEST_PASSWORD, "10.2.0.1");
    expect(res.status).toBe(401);
    expect((res.data as { formError: string }).formError).toBe(THROTTLED_LOGIN_ERROR);
    expect(await auditCount("auth.login_throttled", { actorLabel: user.email })).toBe(1);
    // Another account is unaffected.
    const other = await createTestUser();
    expect((await signIn(other.email, TEST_PASSWORD, "10.3.0.1")).status).toBe(302);
  });

  it("throttles an IP address that fails across many accounts", async () => {
    process.env.LOGIN_MAX_FAILURES_PER_IP = "3";
    resetEnvCache();
    const user = await createTestUser();
    for (let i = 0; i < 3; i++) await signIn(`guess${i}@test.groupkap.org`, "guessing password", "10.9.9.9");
    const fromSameIp = await signIn(user.email, TEST_PASSWORD, "10.9.9.9");
    expect((fromSameIp.data as { formError: string }).formError).toBe(THROTTLED_LOGIN_ERROR);
    expect((await signIn(user.email, TEST_PASSWORD, "10.9.9.10")).status).toBe(302);
  });

  it("forgets failures older than the window", async () => {
    const user = await createTestUser();
    const db = await dbReady();
    for (let i = 0; i < 5; i++) expect((await signIn(user.email, `wrong password ${i}`, `10.4.0.${i}`)).status).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD, "10.4.1.1")).status).toBe(401);
    // Attempts are counted in the database (ThrottleAttempt); move them 16 minutes back.
    const old = new Date(Date.now() - 16 * 60_000);
    await db.throttleAttempt.updateMany({
      where: { key: { in: [user.email, "10.4.0.0", "10.4.0.1", "10.4.0.2", "10.4.0.3", "10.4.0.4", "10.4.1.1"] } },
      data: { at: old },
    });
    expect((await signIn(user.email, TEST_PASSWORD, "10.4.1.1")).status).toBe(302);
  });
});

describe("sessions", () => {
  async function signedIn() {
    const user = await createTestUser();
    const res = await signIn(user.email);
    return { user, cookie: cookieFrom(res.headers) };
  }

  it("logout ends the session, blanks the cookie and is audited", async () => {
    const { user, cookie } = await signedIn();
    const res = await call(logout.action, "/logout", "POST", { cookie, form: {} });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/gk_session=;/);
    expect(await auditCount("auth.logout", { actorId: user.id })).toBe(1);
    const after = await call(home.loader, "/", "GET", { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("logout everywhere ends every session of the user", async () => {
    const user = await createTestUser();
    const a = cookieFrom((await signIn(user.email)).headers);
    const b = cookieFrom((await signIn(user.email)).headers);
    expect(await (await dbReady()).authSession.count({ where: { userId: user.id } })).toBe(2);
    await call(logout.action, "/logout", "POST", { cookie: a, form: { scope: "everywhere" } });
    expect(await (await dbReady()).authSession.count({ where: { userId: user.id } })).toBe(0);
    expect((await call(home.loader, "/", "GET", { cookie: b })).status).toBe(302);
    expect(await auditCount("auth.logout_everywhere", { actorId: user.id })).toBe(1);
  });

  it("an expired session sends the user to the login page", async () => {
    const { user, cookie } = await signedIn();
    await (await dbReady()).authSession.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await call(home.loader, "/", "GET", { cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?reason=expired");
  });

  it("sessions expire after the inactivity timeout (30 minutes by default) but not before", async () => {
    const { user, cookie } = await signedIn();
    const db = await dbReady();
    await db.authSession.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 29 * 60_000) } });
    expect((await call(home.loader, "/", "GET", { cookie })).status).toBe(200);
    // That request counted as activity.
    const seen = await db.authSession.findFirstOrThrow({ where: { userId: user.id } });
    expect(Date.now() - seen.lastSeenAt.getTime()).toBeLessThan(5000);
    await db.authSession.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    const res = await call(home.loader, "/", "GET", { cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?reason=expired");
    expect(await db.authSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditCount("auth.session_timeout", { actorId: user.id })).toBe(1);
  });

  it("honours a configured inactivity timeout", async () => {
    process.env.SESSION_INACTIVITY_MINUTES = "5";
    resetEnvCache();
    try {
      const { user, cookie } = await signedIn();
      await (
        await dbReady()
      ).authSession.updateMany({ where: { userId: user.id }, data: { lastSeenAt: new Date(Date.now() - 6 * 60_000) } });
      expect((await call(home.loader, "/", "GET", { cookie })).status).toBe(302);
    } finally {
      delete process.env.SESSION_INACTIVITY_MINUTES;
      resetEnvCache();
    }
  });

  it("a session of a user deactivated meanwhile no longer works", async () => {
    const { user, cookie } = await signedIn();
    await (await dbReady()).user.update({ where: { id: user.id }, data: { active: false } });
    expect((await call(home.loader, "/", "GET", { cookie })).status).toBe(302);
  });

  it("a forged or unknown session cookie is treated as signed out", async () => {
    const res = await call(home.loader, "/", "GET", { cookie: "gk_session=forged0123456789abcdef" });
    expect(res.status).toBe(302);
  });
});

describe("password change", () => {
  it("a temporary password forces a change before anything else, and the change is audited", async () => {
    const user = await createTestUser({ mustChangePassword: true });
    const res = await signIn(user.email);
    expect(res.headers.get("location")).toBe("/account/password?required=1");
    const cookie = cookieFrom(res.headers);
    const home1 = await call(home.loader, "/", "GET", { cookie });
    expect(home1.headers.get("location")).toBe("/account/password?required=1");

    const weak = await call(password.action, "/account/password", "POST", {
      cookie,
      form: { currentPassword: TEST_PASSWORD, newPassword: "password1234", confirmPassword: "password1234" },
    });
    expect(weak.status).toBe(400);
    expect((weak.data as { errors: Record<string, string> }).errors.newPassword).toMatch(/common/);

    const mismatch = await call(password.action, "/account/password", "POST", {
      cookie,
      form: { currentPassword: TEST_PASSWORD, newPassword: "a brand new phrase", confirmPassword: "a brand new phrasE" },
    });
    expect((mismatch.data as { errors: Record<string, string> }).errors.confirmPassword).toMatch(/not the same/);

    const wrongCurrent = await call(password.action, "/account/password", "POST", {
      cookie,
      form: { currentPassword: "not my password", newPassword: "a brand new phrase", confirmPassword: "a brand new phrase" },
    });
    expect((wrongCurrent.data as { errors: Record<string, string> }).errors.currentPassword).toMatch(/not right/);

    const ok = await call(password.action, "/account/password", "POST", {
      cookie,
      form: { currentPassword: TEST_PASSWORD, newPassword: "a brand new phrase", confirmPassword: "a brand new phrase" },
    });
    expect(ok.status).toBe(302);
    expect((await call(home.loader, "/", "GET", { cookie })).status).toBe(200);
    expect(await auditCount("user.change_password", { actorId: user.id })).toBe(1);
    expect((await signIn(user.email, "a brand new phrase")).status).toBe(302);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(401);
  });
});

describe("audit log integrity", () => {
  it("the database refuses to update or delete audit rows", async () => {
    const db = await dbReady();
    const user = await createTestUser();
    await signIn(user.email);
    const row = await db.auditEvent.findFirstOrThrow({ where: { actorId: user.id } });
    const count = await db.auditEvent.count();
    // (SQLite reports the trigger's abort as a constraint violation, PostgreSQL with
    // the trigger's message; either way the write is refused.)
    await expect(db.auditEvent.update({ where: { id: row.id }, data: { summary: "rewritten" } })).rejects.toThrow();
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow();
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "summary" = 'x'`)).rejects.toThrow(/append-only/);
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).summary).toBe("Signed in");
    expect(await db.auditEvent.count()).toBe(count);
  });
});
