// A page is streamed from React's render into `pageBody()` (app/entry.server.tsx), which Remix
// reads as a web stream. React listens for the stream's "close" to abort a render whose reader
// went away; a stream destroyed when it ends closes after every page, so React aborted each
// finished render and called end() a second time, which made an ERR_STREAM_ALREADY_FINISHED
// error (a stack trace captured) per page.
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { createElement, Suspense } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { pageBody } from "~/entry.server";

/** Renders `node` into `body` as entry.server does and reads it through Remix's web stream. */
async function render(body: PassThrough, node: ReturnType<typeof createElement>) {
  const errors: unknown[] = [];
  let ends = 0;
  const end = body.end.bind(body);
  body.end = ((...args: Parameters<PassThrough["end"]>) => {
    ends++;
    return end(...args);
  }) as PassThrough["end"];
  const text = await new Promise<string>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(node, {
      onShellReady() {
        const stream = createReadableStreamFromReadable(body);
        pipe(body);
        void new Response(stream).text().then(resolve, reject);
      },
      onError: (e) => void errors.push(e),
    });
  });
  // The close that follows the end (when there is one) comes after a tick.
  await new Promise((r) => setTimeout(r, 10));
  return { text, ends, errors };
}

const page = () => createElement("main", null, "x".repeat(5000));

describe("the page stream", () => {
  it("is ended once, and a finished render is not aborted", async () => {
    const done = await render(pageBody(), page());
    expect(done.text).toBe(`<main>${"x".repeat(5000)}</main>`);
    expect(done.ends).toBe(1);
    expect(done.errors).toEqual([]);
    // A stream destroyed when it ends (the default) had React end it twice.
    expect((await render(new PassThrough(), page())).ends).toBe(2);
  });

  it("still aborts the render when its reader goes away", async () => {
    const body = pageBody();
    const never = new Promise<never>(() => {});
    function Pending(): never {
      throw never;
    }
    const errors: unknown[] = [];
    const { pipe } = renderToPipeableStream(
      createElement("main", null, createElement(Suspense, { fallback: "…" }, createElement(Pending))),
      { onError: (e) => void errors.push(e) },
    );
    const reader = createReadableStreamFromReadable(body).getReader();
    pipe(body);
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(String(errors[0])).toMatch(/closed early/);
  });
});
