// The real Express app (app/server/main.ts) writes a page's body as the render makes it, in many
// chunks, and compresses it for a browser that asks (Accept-Encoding: gzip). Remix's helper
// flushed the compressor after every chunk: each flush ends a deflate block, so a compressed page
// was about three times its size (a roster of 50: 38 KB instead of 13 KB). An event stream still
// sends each event as it comes. The Remix build is replaced by handlers that answer in chunks.
import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPRESSION_LEVEL } from "~/server/main";
import { closeAppServers, serveApp } from "../setup/app-server";

let base: string;
let releaseEvents: () => void = () => {};

/** A page's body as the render hands it over: many small chunks, like a table's rows (~80 KB). */
const ROWS = Array.from(
  { length: 800 },
  (_, i) => `<tr><td><a href="/participants/p-${i}">Participant ${i}</a></td><td>GK-${(i * 7919) % 100000}</td><td>Active</td></tr>\n`,
);
const PAGE = `<!DOCTYPE html><html><body><table>${ROWS.join("")}</table></body></html>`;

/** The chunks one after another as they are read, within one turn (as a page's render hands them over). */
function chunked(parts: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(encoder.encode(next));
      },
    },
    { highWaterMark: 0 },
  );
}

beforeAll(async () => {
  ({ origin: base } = await serveApp(async (request: Request) => {
    if (new URL(request.url).pathname === "/events") {
      const encoder = new TextEncoder();
      const held = new Promise<void>((resolve) => (releaseEvents = resolve));
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode("data: first\n\n"));
          await held;
          controller.enqueue(encoder.encode("data: last\n\n"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
    }
    return new Response(chunked(["<!DOCTYPE html><html><body><table>", ...ROWS, "</table></body></html>"]), {
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
  }));
});

afterAll(closeAppServers);

/** The raw (still compressed) bytes of a GET. */
function rawGet(path: string, encoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { "Accept-Encoding": encoding } }, (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
      })
      .on("error", reject);
  });
}

/** What a compressor flushed after every chunk made of the page (Remix's helper did so). */
async function flushedPerChunk(parts: string[]): Promise<number> {
  const gzip = zlib.createGzip({ level: COMPRESSION_LEVEL });
  const out: Buffer[] = [];
  gzip.on("data", (d: Buffer) => out.push(d));
  for (const part of parts) {
    gzip.write(part);
    await new Promise<void>((resolve) => gzip.flush(() => resolve()));
  }
  await new Promise<void>((resolve) => gzip.end(() => resolve()));
  return Buffer.concat(out).length;
}

describe("a page's body", () => {
  it("is compressed as one text, not flushed chunk by chunk, and arrives whole", async () => {
    const { headers, body } = await rawGet("/page", "gzip");
    expect(headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(body).toString("utf8")).toBe(PAGE);
    const whole = zlib.gzipSync(PAGE, { level: COMPRESSION_LEVEL }).length;
    const perChunk = await flushedPerChunk(["<!DOCTYPE html><html><body><table>", ...ROWS, "</table></body></html>"]);
    // A flush at 64 KB of the ~80 KB page adds a few bytes.
    expect(body.length).toBeLessThan(whole * 1.05);
    expect(perChunk).toBeGreaterThan(whole * 2);
  });

  it("is sent as it is without compression when the client does not ask for it", async () => {
    const { headers, body } = await rawGet("/page", "identity");
    expect(headers["content-encoding"]).toBeUndefined();
    expect(body.toString("utf8")).toBe(PAGE);
  });
});

describe("an event stream", () => {
  it("sends each event as it comes, compressed or not", async () => {
    for (const encoding of ["gzip", "identity"]) {
      const first = await new Promise<string>((resolve, reject) => {
        http
          .get(`${base}/events`, { headers: { "Accept-Encoding": encoding } }, (res) => {
            const stream = res.headers["content-encoding"] === "gzip" ? res.pipe(zlib.createGunzip()) : res;
            let text = "";
            stream.on("data", (d: Buffer) => {
              text += d.toString("utf8");
              if (text.includes("data: first")) resolve(text);
            });
            stream.on("end", () => reject(new Error(`ended before the first event: ${text}`)));
          })
          .on("error", reject);
      });
      expect(first).toBe("data: first\n\n");
      releaseEvents();
    }
  });
});
