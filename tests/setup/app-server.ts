// The real Express app (app/server/main.ts) on a free local port, with the Remix build replaced
// by a handler: for tests of what the server does around Remix (security headers, body limits,
// static files, statement counts, turns, response bodies). The app reads its environment when
// it is made: set it (and resetEnvCache) before serveApp.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type HandleRequest } from "~/server/main";

const open: http.Server[] = [];

/** Starts the app with `handler` in place of Remix; closeAppServers stops it. */
export async function serveApp(handler: HandleRequest): Promise<{ origin: string; port: number; server: http.Server }> {
  const server = http.createServer(createApp({ dev: false, getHandler: async () => handler }));
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://127.0.0.1:${port}`, port, server };
}

/** Stops every server serveApp started (their open connections too). */
export async function closeAppServers() {
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
