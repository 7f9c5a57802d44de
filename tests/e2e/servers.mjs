// One app server per Playwright worker, each on its own database, so that specs can run two at
// a time without seeing each other's writes (every spec still runs on one worker, in order).
// Used by playwright.config.ts (the web servers), test.ts (each worker's baseURL), helpers.ts and
// run.mjs (which clears each server's folder and creates the PostgreSQL databases).
import os from "node:os";

/** The first worker's port; worker i uses basePort + i. */
export const basePort = Number(process.env.E2E_PORT ?? 3100);

/**
 * Parallel workers (E2E_WORKERS). By default one per two cores: each worker keeps a browser and
 * its server busy, so on 2 cores a second worker gained nothing (the whole suite: 347 s with one
 * worker, 347 s with two).
 */
export const workers = Math.max(1, Number(process.env.E2E_WORKERS ?? Math.floor(os.availableParallelism() / 2)));

/** Worker i's server: its port, base URL, database and scratch folder. */
export function server(i) {
  const port = basePort + i;
  const dir = `tmp/e2e-${port}`;
  const pg = process.env.E2E_DATABASE_URL;
  let databaseUrl = `file:./${dir}/e2e.db`;
  if (pg) {
    // Worker 0 uses E2E_DATABASE_URL itself; worker i > 0 a sibling database "<name>_w<i>" that run.mjs creates.
    const url = new URL(pg);
    if (i > 0) url.pathname = `${url.pathname}_w${i}`;
    databaseUrl = url.toString();
  }
  return { port, baseURL: `http://localhost:${port}`, databaseUrl, dir };
}
