// The real Remix request handler over the built app (build/index.js), for tests that must
// see what a browser sees: document requests and single-fetch `.data` requests, with every
// loader of the matched routes run the way Remix runs them. The app is built here when
// build/ is missing or older than app/ (a lock keeps parallel test files from building at once).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { BASE } from "./http";

const root = path.resolve(import.meta.dirname, "../..");
const buildFile = path.join(root, "build/index.js");
const lockDir = path.join(root, "build.lock");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestMtime(full));
    } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  return !fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < newestMtime(path.join(root, "app"));
}

function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ensureBuild() {
  if (!isStale()) return;
  for (let waited = 0; ; waited += 250) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      // Another test file is building; a lock older than 5 minutes is left over from a crash.
      if (waited > 300_000) fs.rmSync(lockDir, { recursive: true, force: true });
      sleep(250);
    }
  }
  try {
    // Built for production, as `npm run build` builds the Remix app: under the tests' NODE_ENV=test
    // it would be React's development bundle, which `npm start` must not be left serving.
    if (isStale()) execFileSync("npx", ["remix", "build"], { cwd: root, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

export async function remixHandler() {
  ensureBuild();
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (pathname: string, opts: { cookie?: string } = {}) => {
    const headers = new Headers({ "user-agent": "vitest" });
    if (opts.cookie) headers.set("cookie", opts.cookie);
    return handle(new Request(new URL(pathname, BASE), { headers }), { clientIp: "10.0.0.1" });
  };
}
