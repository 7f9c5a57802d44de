// The per-request SQL statement counter (app/utils/queryCount.ts, prisma/adapters.ts): with
// SERVER_TIMING=1 the real Express app (app/server/main.ts) reports each request's statements
// in a Server-Timing header; without it there is no header. The Remix build is replaced by a
// handler that runs a known number of statements through the app's Prisma client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbReady } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { closeAppServers, serveApp } from "../setup/app-server";

/** Runs `n` statements (plus one transaction of two), then answers. */
async function handler(request: Request) {
  const db = await dbReady();
  const n = Number(new URL(request.url).searchParams.get("n") ?? 0);
  for (let i = 0; i < n; i++) await db.$queryRawUnsafe("SELECT 1");
  if (new URL(request.url).searchParams.has("tx")) {
    await db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe("SELECT 1");
      await tx.role.count();
    });
  }
  return new Response("ok", { status: 200, headers: { "Content-Type": "text/plain" } });
}

async function serve(serverTiming: string | undefined) {
  if (serverTiming === undefined) delete process.env.SERVER_TIMING;
  else process.env.SERVER_TIMING = serverTiming;
  resetEnvCache();
  return (await serveApp(handler)).origin;
}

function queries(header: string | null) {
  const m = header?.match(/^db;desc="(\d+) queries";dur=([\d.]+)$/);
  return m ? Number(m[1]) : null;
}

let timed: string;
let plain: string;

beforeAll(async () => {
  await dbReady(); // connection set-up statements are not any request's
  timed = await serve("1");
  plain = await serve(undefined);
});

afterAll(async () => {
  delete process.env.SERVER_TIMING;
  resetEnvCache();
  await closeAppServers();
});

describe("Server-Timing query count", () => {
  it("counts each request's statements, those inside a transaction too", async () => {
    const three = await fetch(`${timed}/x?n=3`);
    expect(three.status).toBe(200);
    expect(queries(three.headers.get("server-timing"))).toBe(3);
    const none = await fetch(`${timed}/x?n=0`);
    expect(queries(none.headers.get("server-timing"))).toBe(0);
    const tx = await fetch(`${timed}/x?n=1&tx`);
    // One outside and at least the two inside (the adapter may add the transaction's own statements).
    expect(queries(tx.headers.get("server-timing"))).toBeGreaterThanOrEqual(3);
  });

  it("keeps concurrent requests' counts apart", async () => {
    const replies = await Promise.all([2, 5, 1, 4].map((n) => fetch(`${timed}/x?n=${n}`)));
    expect(replies.map((r) => queries(r.headers.get("server-timing")))).toEqual([2, 5, 1, 4]);
  });

  it("sends no header when SERVER_TIMING is off", async () => {
    const reply = await fetch(`${plain}/x?n=2`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("server-timing")).toBeNull();
  });
});
