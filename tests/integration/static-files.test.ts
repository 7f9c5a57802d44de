// The real Express app (app/server/main.ts) serves public/'s files by their names: the favicon
// and the build with their cache headers, and a page's path goes to Remix without the disk
// being asked about it first. The Remix build is replaced by a handler that names the path.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeAppServers, serveApp } from "../setup/app-server";

let base: string;
const handled: string[] = [];

beforeAll(async () => {
  ({ origin: base } = await serveApp(async (request: Request) => {
    handled.push(new URL(request.url).pathname);
    return new Response("page", { status: 200, headers: { "Content-Type": "text/plain" } });
  }));
});

afterAll(closeAppServers);

describe("public files", () => {
  it("serves the favicon from public/ with an hour's cache, never asking Remix", async () => {
    const res = await fetch(`${base}/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await res.text()).toBe(fs.readFileSync("public/favicon.svg", "utf8"));
    expect(handled).not.toContain("/favicon.svg");
  });

  it("hands a page's path to Remix without a look at the disk", async () => {
    const stat = vi.spyOn(fs, "stat");
    try {
      for (const path of ["/cohorts/c1/measures", "/login", "/favicon.ico", "/build-notes"]) {
        const res = await fetch(`${base}${path}`);
        expect(await res.text()).toBe("page");
        expect(handled.at(-1)).toBe(path);
      }
      expect(stat).not.toHaveBeenCalled();
      // The build's paths are still looked up on the disk (one not there is Remix's to answer).
      expect(await (await fetch(`${base}/build/not-built.js`)).text()).toBe("page");
      expect(stat).toHaveBeenCalled();
    } finally {
      stat.mockRestore();
    }
  });
});
