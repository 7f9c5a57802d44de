// Finding 7: request bodies had no size limit, even before sign-in (a 300 MB POST /login
// was read in full). The real Express app (app/server/main.ts) now refuses a body over
// the limit with 413 by Content-Length at once, and by counting bytes for chunked bodies,
// without buffering the rest; the CSV import gets its larger documented limit.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "~/utils/env.server";
import { closeAppServers, serveApp } from "../setup/app-server";

const MB = 1024 * 1024;
let port: number;
/** What the stand-in for Remix received: path and body length per request. */
const received: { path: string; bytes: number }[] = [];

beforeAll(async () => {
  delete process.env.MAX_FORM_MB;
  delete process.env.MAX_IMPORT_MB;
  resetEnvCache();
  // The real app and its real body gate; only the Remix build is replaced by a handler
  // that reports what it was given.
  ({ port } = await serveApp(async (request: Request) => {
    const bytes = (await request.arrayBuffer()).byteLength;
    received.push({ path: new URL(request.url).pathname, bytes });
    return new Response(`received ${bytes}`, { status: 200, headers: { "Content-Type": "text/plain" } });
  }));
});

afterAll(closeAppServers);

type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders; sentBytes: number };

/**
 * Sends a POST, writing `total` bytes in 64 KB chunks (respecting back-pressure) until
 * the whole body is written or the server has answered; reports how much was sent.
 */
function post(path: string, opts: { total: number; contentLength?: number; contentType?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "Content-Type": opts.contentType ?? "application/x-www-form-urlencoded" };
    if (opts.contentLength !== undefined) headers["Content-Length"] = opts.contentLength;
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers, agent: false });
    let answered = false;
    let sent = 0;
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers, sentBytes: sent }),
      );
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < opts.total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, opts.total - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("request body limits (finding 7)", () => {
  it("answers 413 by Content-Length before reading a 300 MB sign-in body", async () => {
    const before = received.length;
    const reply = await post("/login", { total: 256 * 1024, contentLength: 300 * MB });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe("close");
    expect(reply.body).toContain("Request too large");
    expect(reply.body).toContain("1 MB");
    // Far less than the announced body was sent before the answer, and Remix saw nothing.
    expect(reply.sentBytes).toBeLessThan(300 * MB);
    expect(received.length).toBe(before);
  });

  it("counts a chunked body without Content-Length and stops it soon after the limit", async () => {
    const before = received.length;
    const reply = await post("/login", { total: 64 * MB });
    expect(reply.status).toBe(413);
    expect(reply.body).toContain("Request too large");
    // The server answered after about 1 MB (plus what socket buffers held), not 64 MB.
    expect(reply.sentBytes).toBeLessThan(16 * MB);
    expect(received.length).toBe(before);
  });

  it("lets an ordinary form through to the app with its whole body", async () => {
    const reply = await post("/login", { total: 200 * 1024 });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(`received ${200 * 1024}`);
  });

  it("accepts an import-size body on /measures/import (and its single-fetch path), not elsewhere", async () => {
    const size = 8 * MB;
    const type = "multipart/form-data; boundary=x";
    const direct = await post("/measures/import", { total: size, contentLength: size, contentType: type });
    expect(direct.status).toBe(200);
    expect(direct.body).toBe(`received ${size}`);
    const chunked = await post("/measures/import.data", { total: size, contentType: type });
    expect(chunked.status).toBe(200);
    expect(chunked.body).toBe(`received ${size}`);
    const elsewhere = await post("/participants/new", { total: size, contentLength: size, contentType: type });
    expect(elsewhere.status).toBe(413);
    const overImport = await post("/measures/import", { total: 64 * 1024, contentLength: 26 * MB, contentType: type });
    expect(overImport.status).toBe(413);
    expect(overImport.body).toContain("25 MB");
  });

  it("refuses a POST that is not a web form with 415 before reading it", async () => {
    const json = await post("/login", { total: 20, contentType: "application/json" });
    expect(json.status).toBe(415);
    expect(json.body).toContain("Not a form");
  });
});
