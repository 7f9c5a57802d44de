// Finding 13b: the session cookie carried Max-Age 400 days (Lucia's default when the
// cookie "does not expire"), so it outlived the browser. It must be a browser-session
// cookie: no Max-Age, no Expires; the server's sliding expiry and inactivity timeout
// decide when the session ends.
import { describe, expect, it } from "vitest";
import * as home from "~/routes/_index";
import * as login from "~/routes/login";
import { TEST_PASSWORD, createTestUser } from "../setup/factories";
import { call, cookieFrom } from "../setup/http";

describe("13b session cookie", () => {
  it("a successful sign-in sets a browser-session cookie: no Max-Age, no Expires", async () => {
    const user = await createTestUser();
    const res = await call(login.action, "/login", "POST", { form: { email: user.email, password: TEST_PASSWORD }, ip: "10.13.2.1" });
    expect(res.status).toBe(302);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^gk_session=[^;]+;/);
    expect(setCookie).not.toMatch(/max-age/i);
    expect(setCookie).not.toMatch(/expires/i);
    // The attributes that protect it are all still there.
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//i);
    // And it is a working session.
    expect((await call(home.loader, "/", "GET", { cookie: cookieFrom(res.headers) })).status).toBe(200);
  });
});
