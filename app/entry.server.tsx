import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./utils/nonce";

// How long a page may take to render before it is abandoned (no page streams deferred data,
// so this only bounds a render that hangs). It is generous because a render shares the one
// thread: while queued 200,000-participant program reports compute one after another (each
// ~1–2 s without a pause), a page's render waits between them; at 5 s finished reports were
// answered with status 500.
const ABORT_DELAY = 30_000;

// Pages and loader data carry participant data (names, contacts, clinical records), so no
// browser cache, proxy or back/forward cache may keep them: every document and every
// `.data` response is `no-store`. Static assets are served by Express before Remix and
// keep their caching; resource routes (CSV, reports) set it on their own Responses.
const NO_STORE = "no-store";

/**
 * The stream a page is rendered into. Not destroyed when it ends: React listens for the
 * stream's "close" to abort a render whose reader went away, and the close that follows a
 * normal end made it abort the finished render and call end() again, which made a Node error
 * (ERR_STREAM_ALREADY_FINISHED, with its stack trace) on every page. A reader that cancels
 * destroys it, which still closes it and aborts the render.
 */
export function pageBody() {
  return new PassThrough({ autoDestroy: false });
}

export function handleDataRequest(response: Response) {
  response.headers.set("Cache-Control", NO_STORE);
  return response;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Cleared once everything is rendered: a pending timer keeps the render (its tree and
    // markup) reachable until it fires, so under load every page of the last 30 s stayed in
    // the heap (~200 KB each for the measures tab; the heap grew ~10 MB/s at 50 req/s).
    // Set only once the render has started: set before, a render that could not start left
    // a timer that called `abort` before it existed, and that error stopped the server.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
    };
    const sendShell = () => {
      shellRendered = true;
      const body = pageBody();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      responseHeaders.set("Cache-Control", NO_STORE);
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (!bot) sendShell();
        },
        onAllReady() {
          settle();
          if (bot) sendShell();
        },
        onShellError(error: unknown) {
          settle();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    if (!settled) timer = setTimeout(abort, ABORT_DELAY);
  });
}
