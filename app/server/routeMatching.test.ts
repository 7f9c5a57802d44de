// The patched route matching (.patches/README.md): @remix-run/router flattens and ranks a
// routes array once and compiles a path once; react-router-dom's static router makes a routes
// array's data routes once; Remix's server render makes a build's route tree once. Matches and
// pages stay what they were (every rendered page's test checks the latter).
import fs from "node:fs";
import { createRequire } from "node:module";
import { createMemoryHistory, createRouter, matchPath, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { createStaticHandler, createStaticRouter } from "react-router-dom/server";
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

  it("tries only the branches whose first word is the pathname's, and matches as before", () => {
    // Each row: pathname, basename, the matched route ids and the last match's params, as the
    // router matched them before it skipped any branch (recorded from the unpatched matching).
    const routes: AgnosticRouteObject[] = [
      {
        id: "root",
        path: "",
        children: [
          { id: "home", index: true },
          { id: "login", path: "login" },
          { id: "exact", path: "Exact", caseSensitive: true },
          { id: "cafe", path: "café" },
          { id: "csv", path: "adverse-events.csv" },
          { id: "layout", children: [{ id: "in-layout", path: "inside/:x" }] },
          {
            id: "cohorts",
            path: "cohorts",
            children: [{ id: "cohort", path: ":cohortId", children: [{ id: "measures", path: "measures" }] }],
          },
          { id: "ci", path: "ci", children: [{ id: "cs", path: "Sub", caseSensitive: true }] },
          { id: "opt", path: "lang?/about" },
          { id: "dyn", path: ":any/fixed" },
          { id: "catch-all", path: "*" },
        ],
      },
    ];
    const cases: [string, string | null, string[], Record<string, string>][] = [
      ["/LOGIN/", null, ["root", "login"], {}],
      ["/Cohorts/C-1/Measures", null, ["root", "cohorts", "cohort", "measures"], { cohortId: "C-1" }],
      ["/Exact", null, ["root", "exact"], {}],
      ["/exact", null, ["root", "catch-all"], { "*": "exact" }],
      ["/CI/Sub", null, ["root", "ci", "cs"], {}],
      ["/ci/sub", null, ["root", "catch-all"], { "*": "ci/sub" }],
      ["//login", null, ["root", "catch-all"], { "*": "/login" }],
      ["/login//", null, ["root", "login"], {}],
      ["/CAFÉ", null, ["root", "cafe"], {}],
      ["/caf%C3%A9", null, ["root", "cafe"], {}],
      ["/%6Cogin", null, ["root", "login"], {}],
      ["/adverse-events.csv", null, ["root", "csv"], {}],
      ["/adverse-eventsXcsv", null, ["root", "catch-all"], { "*": "adverse-eventsXcsv" }],
      ["/app/login", "/app", ["root", "login"], {}],
      ["/inside/1", null, ["root", "layout", "in-layout"], { x: "1" }],
      ["/INSIDE/1", null, ["root", "layout", "in-layout"], { x: "1" }],
      ["/about", null, ["root", "opt"], {}],
      ["/lang/about", null, ["root", "opt"], {}],
      ["/x/fixed", null, ["root", "dyn"], { any: "x" }],
      ["/login/fixed", null, ["root", "dyn"], { any: "login" }],
      ["/", null, ["root", "home"], {}],
      ["", null, ["root", "home"], {}],
      ["/cohorts", null, ["root", "cohorts"], {}],
      ["/cohorts/", null, ["root", "cohorts"], {}],
      // The Kelvin sign is not a K to a case-insensitive matcher.
      ["/\u212Aogin", null, ["root", "catch-all"], { "*": "\u212Aogin" }],
      ["/login%2Fx", null, ["root", "catch-all"], { "*": "login/x" }],
    ];
    for (const [pathname, basename, expected, params] of cases) {
      const matches = matchRoutes(routes, pathname, basename ?? undefined);
      expect(
        matches?.map((m) => m.route.id),
        pathname,
      ).toEqual(expected);
      expect(matches!.at(-1)!.params, pathname).toEqual(params);
    }
  });

  it("compiles paths once and still matches after more than 1,000 patterns", () => {
    for (let i = 0; i < 1_100; i++) expect(matchPath(`/p${i}/:id`, `/p${i}/${i}`)?.params).toEqual({ id: String(i) });
    expect(matchPath({ path: "/Case/:id", caseSensitive: true, end: true }, "/case/1")).toBeNull();
    expect(matchPath({ path: "/Case/:id", caseSensitive: false, end: true }, "/case/1")?.params).toEqual({ id: "1" });
    expect(matchPath({ path: "/case", end: false }, "/case/1")?.pathname).toBe("/case");
    expect(matchPath({ path: "/case", end: true }, "/case/1")).toBeNull();
  });

  it("makes a routes array's data routes once for the static router, so a render's matching reuses its branches", async () => {
    const routes = appLikeRoutes();
    const handler = createStaticHandler(routes);
    const context = await handler.query(new Request("http://localhost/cohorts/c-1/measures"));
    if (context instanceof Response) throw new Error("expected a context");
    const first = createStaticRouter(routes, context);
    const second = createStaticRouter(routes, context);
    expect(second.routes).toBe(first.routes);
    expect(second.state.matches.map((m) => m.route)).toEqual(first.state.matches.map((m) => m.route));
    expect(second.state.matches.map((m) => m.route.id)).toEqual(["root", "cohorts", "cohort", "cohort-measures"]);
    // The matches carry the data routes (with the React Router properties), not the given ones.
    expect(second.state.matches[3].route).toBe(first.routes[0].children![2].children![2].children![1]);
    expect(second.state.matches[3].route).toMatchObject({ id: "cohort-measures", hasErrorBoundary: false });
    // Another array gets data routes of its own.
    const other = createStaticRouter(appLikeRoutes(), context);
    expect(other.routes).not.toBe(first.routes);
  });

  it("is installed in every build of the patched packages", () => {
    const require = createRequire(import.meta.url);
    const patched: [string, string[], string[]][] = [
      [
        "@remix-run/router",
        ["router.cjs.js", "router.js"],
        ["rankedBranchesCache.get(routes)", "compiledPaths.get(key)", "pathnameFirstWord(decoded)"],
      ],
      ["react-router-dom/server", ["server.js", "server.mjs"], ["staticDataRoutes.get(routes)"]],
      [
        "@remix-run/react",
        ["server.js", "esm/server.js"],
        ["serverRoutesOfManifest.get(manifestRoutes)", "= serverRoutesFor(manifest.routes"],
      ],
    ];
    for (const [entry, files, markers] of patched) {
      const resolved = require.resolve(entry);
      const dir = resolved.slice(0, resolved.lastIndexOf("/") + 1);
      for (const file of files) {
        const text = fs.readFileSync(`${dir}${file}`, "utf8");
        for (const marker of markers) expect(text, `${entry} ${file}`).toContain(marker);
      }
    }
  });
});
