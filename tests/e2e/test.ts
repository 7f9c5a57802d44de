// The e2e suite's `test`: Playwright's, plus an automatic check that no page a test opened
// threw in the browser (a React hydration mismatch, an uncaught error in a handler), and each
// worker's baseURL: its own server (servers.mjs). Every spec imports `test` and `expect` from here.
import { test as base, expect, type Page } from "@playwright/test";
import { server } from "./servers.mjs";

export const test = base.extend<{ browserErrors: string[] }>({
  // Pages, browser.newContext() and `request` all resolve paths against the worker's own server.
  // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here
  baseURL: async ({}, use, testInfo) => {
    await use(server(testInfo.parallelIndex).baseURL);
  },
  browserErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on("pageerror", (e) => errors.push(`${page.url()}: ${String(e).slice(0, 300)}`));
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use(errors);
      expect(errors, "errors thrown in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Locator, Page } from "@playwright/test";
