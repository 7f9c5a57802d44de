// The server works on at most MAX_CONCURRENT_REQUESTS requests at once (app/server/main.ts):
// the others wait in arrival order, /healthz never waits, and a slot is freed however the
// answer ends, a client that leaves mid-stream included. The Remix build is replaced by a
// handler that holds each request until the test lets it go.
import type http from "node:http";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { HandleRequest } from "~/server/main";
import { resetEnvCache } from "~/utils/env.server";
import { closeAppServers, serveApp } from "../setup/app-server";

const servers: http.Server[] = [];

async function serve(limit: number, handler: HandleRequest) {
  process.env.MAX_CONCURRENT_REQUESTS = String(limit);
  resetEnvCache();
  const { origin, server } = await serveApp(handler);
  servers.push(server);
  return origin;
}

async function until(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

afterEach(() => {
  delete process.env.MAX_CONCURRENT_REQUESTS;
  resetEnvCache();
});

afterAll(closeAppServers);

describe("requests in turn", () => {
  it("works on at most the limit at once, lets every waiting request run, and answers /healthz while the slots are full", async () => {
    let active = 0;
    let peak = 0;
    const held: { path: string; go: () => void }[] = [];
    const started: string[] = [];
    const origin = await serve(3, async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/healthz") return new Response("ok");
      active++;
      peak = Math.max(peak, active);
      started.push(path);
      await new Promise<void>((go) => held.push({ path, go }));
      active--;
      return new Response(`done ${path}`);
    });
    const answers: Promise<string>[] = [];
    for (let i = 0; i < 10; i++) {
      answers.push(fetch(`${origin}/page/${i}`).then((r) => r.text()));
      await until(() => started.length === Math.min(i + 1, 3));
    }
    await until(() => held.length === 3);
    expect(active).toBe(3);
    expect(await (await fetch(`${origin}/healthz`)).text()).toBe("ok");
    for (let done = 0; done < 10; done++) {
      await until(() => held.length > 0);
      held.shift()!.go();
    }
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 10 }, (_, i) => `done /page/${i}`));
    expect(peak).toBe(3);
    // The first three were sent one at a time and started in that order; the waiting ones all
    // ran, once each. (Their order among themselves is the order the server read them, which
    // separate connections do not fix; the queue's own order is unit-tested with the limiter.)
    expect(started.slice(0, 3)).toEqual(["/page/0", "/page/1", "/page/2"]);
    expect([...started].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `/page/${i}`).sort());
  });

  it("frees the slot of a client that leaves in the middle of a streamed answer", async () => {
    const origin = await serve(1, async (request) => {
      if (new URL(request.url).pathname === "/quick") return new Response("quick");
      // A body that sends one chunk and then never ends.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("first chunk"));
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/plain" } });
    });
    const leaving = new AbortController();
    const slow = await fetch(`${origin}/endless`, { signal: leaving.signal });
    const reader = slow.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("first chunk");
    leaving.abort();
    await reader.read().catch(() => null);
    const quick = await fetch(`${origin}/quick`, { signal: AbortSignal.timeout(5000) });
    expect(await quick.text()).toBe("quick");
  });

  it("does no work for a client that left while waiting for its turn", async () => {
    const handled: string[] = [];
    let go = () => {};
    const origin = await serve(1, async (request) => {
      const path = new URL(request.url).pathname;
      handled.push(path);
      if (path === "/first") await new Promise<void>((r) => (go = r));
      return new Response(path);
    });
    const first = fetch(`${origin}/first`).then((r) => r.text());
    await until(() => handled.length === 1);
    const leaving = new AbortController();
    const gone = fetch(`${origin}/gone`, { signal: leaving.signal }).catch(() => "aborted");
    await new Promise((r) => setTimeout(r, 50)); // it waits for the one slot
    leaving.abort();
    expect(await gone).toBe("aborted");
    // The server has seen the connection close (only the first one is left) before the slot frees.
    const server = servers[servers.length - 1];
    for (let i = 0; i < 500; i++) {
      const open = await new Promise<number>((r) => server.getConnections((_e, n) => r(n)));
      if (open === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    go();
    expect(await first).toBe("/first");
    expect(await (await fetch(`${origin}/after`)).text()).toBe("/after");
    expect(handled).toEqual(["/first", "/after"]);
  });
});
