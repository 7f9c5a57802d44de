// A render that fails before React has started (renderToPipeableStream throws) rejects the
// request, and the abort timer set for that render never fires into a half-made render: it
// used to call `abort` before the constant was assigned, 30 s later, and the uncaught
// ReferenceError stopped the whole server (seen in CI with a mismatched build).
import type { EntryContext } from "@remix-run/node";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("react-dom/server", () => ({
  renderToPipeableStream: () => {
    throw new Error("render could not start");
  },
}));

afterEach(() => {
  vi.useRealTimers();
});

describe("handleRequest", () => {
  it("rejects a render that cannot start and leaves no timer behind that would crash the server", async () => {
    vi.useFakeTimers();
    const { default: handleRequest } = await import("~/entry.server");
    const request = new Request("http://localhost/");
    await expect(handleRequest(request, 200, new Headers(), {} as EntryContext, {})).rejects.toThrow("render could not start");
    expect(() => vi.advanceTimersByTime(60_000)).not.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });
});
