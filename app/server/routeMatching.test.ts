// The patched route matching of @remix-run/router (.patches/README.md): a routes array is
// flattened and ranked once, paths are compiled once, and matches stay what they were.
import fs from "node:fs";
import { createRequire } from "node:module";
import { createMemoryHistory, createRouter, matchPath, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/** A tree like the app's: layouts, index routes, params, an optional segment and a splat. */
function appLikeRoutes(): AgnosticRouteObject[] {
  return [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "login", path: "login" },
        {
          id: "cohorts",
          path: "cohorts",
          children: [
            { id: "cohorts-index", index: true },
            { id: "cohorts-new", path: "new" },
            {
              id: "cohort",
              path: ":cohortId",
              children: [
                { id: "cohort-index", index: true },
                { id: "cohort-measures", path: "measures" },
                { id: "cohort-roster", path: "roster" },
              ],
            },
          ],
        },
        { id: "reports", path: "reports/:kind?/:id" },
        { id: "catch-all", path: "*" },
      ],
    },
  ];
}

const ids = (routes: AgnosticRouteObject[], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("patched route matching", () => {
  it("matches as React Router ranks routes: static before dynamic, index, optional segments, splat", () => {
    const routes = appLikeRoutes();
    for (let round = 0; round < 2; round++) {
      expect(ids(routes, "/")).toEqual(["root", "home"]);
      expect(ids(routes, "/login")).toEqual(["root", "login"]);
      expect(ids(routes, "/LOGIN/")).toEqual(["root", "login"]);
      expect(ids(routes, "/cohorts/new")).toEqual(["root", "cohorts", "cohorts-new"]);
      expect(ids(routes, "/cohorts/c-1/measures")).toEqual(["root", "cohorts", "cohort", "cohort-measures"]);
      expect(ids(routes, "/cohorts/c-1")).toEqual(["root", "cohorts", "cohort", "cohort-index"]);
      expect(ids(routes, "/reports/x-9")).toEqual(["root", "reports"]);
      expect(ids(routes, "/nowhere/at/all")).toEqual(["root", "catch-all"]);
    }
    const [, , cohort, measures] = matchRoutes(routes, "/cohorts/c%2F1/measures")!;
    expect(cohort.params).toEqual({ cohortId: "c/1" });
    expect(measures.pathname).toBe("/cohorts/c%2F1/measures");
    expect(matchRoutes(routes, "/reports/program/p-2")!.at(-1)!.params).toEqual({ kind: "program", id: "p-2", "*": undefined });
    expect(matchRoutes(routes, "/reports/p-3")!.at(-1)!.params).toEqual({ kind: undefined, id: "p-3", "*": undefined });
  });

  it("flattens and ranks a routes array once, however many times it is matched", () => {
    let childReads = 0;
    const routes = appLikeRoutes();
    const root = routes[0];
    const children = root.children!;
    Object.defineProperty(root, "children", {
      get: () => {
        childReads++;
        return children;
      },
    });
    matchRoutes(routes, "/cohorts/c-1/roster");
    const afterFirst = childReads;
    expect(afterFirst).toBeGreaterThan(0);
    for (const path of ["/login", "/cohorts/c-2/roster", "/x", "/"]) matchRoutes(routes, path);
    expect(childReads).toBe(afterFirst);
    // Another array (a new render's routes) is flattened on its own, with its own routes.
    const other: AgnosticRouteObject[] = [{ id: "only", path: "only" }];
    expect(ids(other, "/only")).toEqual(["only"]);
    expect(ids(other, "/login")).toBeNull();
    expect(ids(routes, "/only")).toEqual(["root", "catch-all"]);
  });

  it("sees children that router.patchRoutes adds to routes already matched (the cache is forgotten)", () => {
    const router = createRouter({ routes: [{ id: "a", path: "a", children: [] }], history: createMemoryHistory() });
    const before = router.routes;
    expect(ids(before, "/a/b")).toBeNull();
    router.patchRoutes("a", [{ id: "b", path: "b" }]);
    // The route objects are shared: the array matched before sees the new child, as unpatched
    // matching (which flattens on every call) does.
    expect(ids(before, "/a/b")).toEqual(["a", "b"]);
    expect(ids(router.routes, "/a/b")).toEqual(["a", "b"]);
    router.dispose();
  });

  it("compiles paths once and still matches after more than 1,000 patterns", () => {
    for (let i = 0; i < 1_100; i++) expect(matchPath(`/p${i}/:id`, `/p${i}/${i}`)?.params).toEqual({ id: String(i) });
    expect(matchPath({ path: "/Case/:id", caseSensitive: true, end: true }, "/case/1")).toBeNull();
    expect(matchPath({ path: "/Case/:id", caseSensitive: false, end: true }, "/case/1")?.params).toEqual({ id: "1" });
    expect(matchPath({ path: "/case", end: false }, "/case/1")?.pathname).toBe("/case");
    expect(matchPath({ path: "/case", end: true }, "/case/1")).toBeNull();
  });

  it("is installed in both builds of the package (the server's CommonJS and the browser's module)", () => {
    const require = createRequire(import.meta.url);
    const dist = require.resolve("@remix-run/router").replace(/router\.cjs\.js$/, "");
    for (const file of ["router.cjs.js", "router.js"]) {
      const text = fs.readFileSync(`${dist}${file}`, "utf8");
      expect(text, file).toContain("rankedBranchesCache.get(routes)");
      expect(text, file).toContain("compiledPaths.get(key)");
    }
  });
});
