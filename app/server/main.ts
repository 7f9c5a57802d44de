// The HTTP server: Express in front of Remix, so that security headers, the cross-origin
// check and the request body limits apply to every response and every mutation, static
// files included, before any route (or sign-in) code runs.
import fs from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { originCheck, requestBodyGate, securityHeaders } from "./security";
import { startOutreachWorker } from "../models/outreach/worker.server";
import { concurrencyLimit } from "../utils/concurrency.server";
import { getEnv } from "../utils/env.server";
import { queryCountStorage, serverTimingValue, type QueryCount } from "../utils/queryCount";
import { configureReportWorker } from "../utils/reportWorker.server";

const megabytes = (mb: number) => Math.floor(mb * 1024 * 1024);

/** The compression level (zlib's default is 6; see app.use(compression) below). */
export const COMPRESSION_LEVEL = 3;

export type HandleRequest = (request: Request, context: AppLoadContext) => Promise<Response>;

function remixHeaders(incoming: IncomingHttpHeaders) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(incoming)) {
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else if (values) headers.set(key, values);
  }
  return headers;
}

/**
 * The Express app around a Remix request handler. `getHandler` is asked on every request
 * (development reloads the build). The body of a mutation was already read and size-checked
 * by `requestBodyGate`; Remix gets it from there, never from the socket.
 */
export function createApp({ getHandler, dev }: { getHandler: () => Promise<HandleRequest>; dev: boolean }) {
  const env = getEnv();
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", true);
  app.use(securityHeaders({ dev }));
  // Level 3, not zlib's default 6: on the full-size database's pages about 2.5× less CPU for
  // output ~10% larger (the measures tab with every timepoint, 289 KB: 0.88 ms and 35 KB against
  // 2.17 ms and 32 KB; the roster, 124 KB: 0.32 ms and 13.5 KB against 0.76 ms and 12.3 KB).
  app.use(compression({ level: COMPRESSION_LEVEL }));
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // The other files of public/ (the favicon) by their names, read once: a static handler on
  // every path asked the disk about each page's path before Remix answered it (~0.4 ms each).
  const publicNames = new Set(fs.readdirSync("public").filter((name) => name !== "build"));
  const publicFiles = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicNames.has(req.path.split("/")[1]) ? publicFiles(req, res, next) : next()));
  app.use(
    originCheck({
      trustedOrigins: env.TRUSTED_ORIGINS.split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    }),
  );
  app.use(requestBodyGate({ formBytes: megabytes(env.MAX_FORM_MB), importBytes: megabytes(env.MAX_IMPORT_MB) }));
  if (env.SERVER_TIMING) {
    // Counts the request's SQL statements (prisma/adapters.ts) and reports them in a
    // Server-Timing header, added as the headers are written (Remix's stream writes them).
    app.use((_req, res, next) => {
      const count: QueryCount = { queries: 0, ms: 0 };
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: unknown[]) {
        if (!this.headersSent) this.setHeader("Server-Timing", serverTimingValue(count));
        return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
      } as typeof res.writeHead;
      queryCountStorage.run(count, next);
    });
  }
  // A bounded number of requests at a time (MAX_CONCURRENT_REQUESTS): fifty pages rendered
  // at once on one thread finish no sooner than one after another, but hold fifty pages of
  // rows and markup in memory together. The slot is held until the answer is written (an
  // event stream gives it back before streaming).
  const inTurn = concurrencyLimit(env.MAX_CONCURRENT_REQUESTS);
  app.all("*", (req, res, next) => {
    if (req.path === "/healthz") return void handleRemix(req, res, next, () => {});
    void inTurn(() => new Promise<void>((release) => void handleRemix(req, res, next, release)));
  });
  async function handleRemix(req: express.Request, res: express.Response, next: express.NextFunction, release: () => void) {
    // A client that left while waiting for its turn gets no work done for it.
    if (req.socket.destroyed) return release();
    // However the answer ends (written, failed, or the client gone mid-stream), the slot is freed.
    res.on("close", release);
    try {
      // As @remix-run/express does: abort loaders once the client is gone before the answer.
      let controller: AbortController | null = new AbortController();
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const ports = [req.get("X-Forwarded-Host"), req.get("host")].map((h) => Number.parseInt(h?.split(":")[1] ?? "", 10));
      const port = ports.find((p) => Number.isSafeInteger(p));
      const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
      const body = res.locals.body as Buffer | undefined;
      const request = new Request(url.href, {
        method: req.method,
        headers: remixHeaders(req.headers),
        signal: controller.signal,
        ...(req.method !== "GET" && req.method !== "HEAD" ? { body: (body ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer> } : {}),
      });
      const handle = await getHandler();
      const response = await handle(request, {
        clientIp: req.ip ?? null,
        cspNonce: res.locals.cspNonce as string,
        documentRequest: !url.pathname.endsWith(".data"),
      });
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      const eventStream = /text\/event-stream/i.test(response.headers.get("Content-Type") ?? "");
      if (eventStream) {
        res.flushHeaders();
        release();
      }
      if (!response.body) res.end();
      else if (eventStream)
        await writeReadableStreamToWritable(response.body, res); // each event as it comes
      else await sendBody(response.body, res);
    } catch (error) {
      next(error);
    } finally {
      release();
    }
  }
  return app;
}

/** How much of a body may wait in the compressor before it is flushed. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Writes a response's body as it is made. Remix's helper flushed the compressor after every
 * chunk, and the render hands over a page in many (a 2 KB buffer at a time, a long table row's
 * markup each): each flush ends a deflate block, so a compressed roster of 50 was 38 KB instead of
 * 13 KB and cost ~25% more CPU. Here the compressor is flushed once the chunks stop coming for a
 * turn of the event loop (a page's render hands over its chunks in one go; a body that trickles
 * still sends each piece as it comes), every FLUSH_BYTES, and at the end. An event stream keeps a
 * flush per event: it is not sent through this.
 */
export async function sendBody(body: ReadableStream<Uint8Array>, res: express.Response) {
  const reader = body.getReader();
  const flushable = res as express.Response & { flush?: () => void };
  let unflushed = 0;
  let pending: NodeJS.Immediate | null = null;
  // One flush for whichever comes first: the turn's end or FLUSH_BYTES (which cancels the turn's).
  const flush = () => {
    if (pending) clearImmediate(pending);
    pending = null;
    if (unflushed > 0) flushable.flush?.();
    unflushed = 0;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
      unflushed += value.byteLength;
      if (unflushed >= FLUSH_BYTES) flush();
      else pending ??= setImmediate(flush);
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  } finally {
    if (pending) clearImmediate(pending);
  }
}

export async function startServer({ quiet = false }: { quiet?: boolean } = {}) {
  const env = getEnv();
  const dev = env.NODE_ENV === "development";
  const buildPath = path.resolve("build/index.js");
  const loadBuild = async () => (await import(pathToFileURL(buildPath).href + (dev ? `?t=${Date.now()}` : ""))) as ServerBuild;
  // Program reports and their downloads are worked out in a worker thread (its module sits
  // beside this one: the .ts source under tsx, build/server/reportWorker.js when built),
  // started now and warmed with the biggest programs' default reports.
  configureReportWorker(
    env.REPORT_WORKER_HEAP_MB > 0
      ? {
          url: new URL(`./reportWorker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
          heapMb: env.REPORT_WORKER_HEAP_MB,
          warm: true,
        }
      : null,
  );
  const build = await loadBuild();
  const production = createRequestHandler(build, build.mode);
  const app = createApp({
    dev,
    getHandler: dev ? async () => createRequestHandler(await loadBuild(), "development") : async () => production,
  });

  // The outreach job runner runs beside the server unless it runs as its own process.
  const worker = env.OUTREACH_WORKER
    ? startOutreachWorker({ intervalMs: env.OUTREACH_INTERVAL_SECONDS * 1000, log: quiet ? () => {} : (line) => console.log(line) })
    : null;

  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = app.listen(env.PORT, env.HOST, () => {
      const url = `http://localhost:${env.PORT}`;
      if (!quiet) console.log(`GroupKAP is running at ${url}`);
      resolve({
        url,
        close: async () => {
          await worker?.stop();
          await new Promise<void>((r) => server.close(() => r()));
        },
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  startServer().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
