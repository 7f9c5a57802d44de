// The e2e suite's `test`: Playwright's, plus an automatic check that no page a test opened
// threw in the browser (a React hydration mismatch, an uncaught error in a handler). Every
// spec imports `test` and `expect` from here.
import { test as base, expect, type Page } from "@playwright/test";

export const test = base.extend<{ browserErrors: string[] }>({
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
