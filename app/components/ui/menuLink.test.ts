import { describe, expect, it } from "vitest";
import { isCurrentPath, menuLink } from "./menuLink";

describe("isCurrentPath", () => {
  it("marks the page and its sub-pages, as NavLink does", () => {
    expect(isCurrentPath("/cohorts", "/cohorts")).toBe(true);
    expect(isCurrentPath("/cohorts/c1/roster", "/cohorts")).toBe(true);
    expect(isCurrentPath("/cohorts/", "/cohorts")).toBe(true);
    expect(isCurrentPath("/Cohorts/c1", "/cohorts")).toBe(true);
    expect(isCurrentPath("/cohortsx", "/cohorts")).toBe(false);
    expect(isCurrentPath("/calendar", "/cohorts")).toBe(false);
  });

  it("with end, and for the home page, only the page itself", () => {
    expect(isCurrentPath("/cohorts/c1", "/cohorts/c1", true)).toBe(true);
    expect(isCurrentPath("/cohorts/c1/roster", "/cohorts/c1", true)).toBe(false);
    expect(isCurrentPath("/", "/")).toBe(true);
    expect(isCurrentPath("/cohorts", "/")).toBe(false);
  });

  it("gives the current link its class and aria-current, the others neither", () => {
    expect(menuLink("/safety", "/safety")).toMatchObject({
      href: "/safety",
      className: "active",
      "aria-current": "page",
      "data-client-nav": "",
    });
    expect(menuLink("/safety", "/ledger")).toMatchObject({ href: "/ledger", className: undefined, "aria-current": undefined });
    expect(menuLink("/account", "/account", { className: "usermenu__name" }).className).toBe("usermenu__name active");
    expect(menuLink("/", "/account", { className: "usermenu__name" }).className).toBe("usermenu__name");
    expect(menuLink("/cohorts/c1/roster", "/cohorts/c1", { end: true }).className).toBeUndefined();
  });
});
