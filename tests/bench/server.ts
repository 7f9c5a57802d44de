// What the benchmarks that start the production server share: the build (made when build/ is
// missing or older than the sources), the node flags `npm start` runs the server with, signing in.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === "generated" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Runs `npm run build` when build/ is missing or older than the sources (progress to stderr). */
export function buildIfStale(log: (msg: string) => void) {
  const outputs = ["build/index.js", "build/server/cli.js"];
  const built = outputs.every((f) => fs.existsSync(f)) ? Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs)) : 0;
  const sources = Math.max(newestMtime("app"), newestMtime("prisma/adapters.ts"), newestMtime("remix.config.js"));
  if (built > sources) return;
  log("Building the app (npm run build) …");
  execFileSync("npm", ["run", "build"], { stdio: ["ignore", process.stderr, process.stderr] });
}

/** The node flags `npm start` runs the server with (e.g. --max-old-space-size). */
export function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith("--"));
}

/** Signs in at a running server (as the sign-in form does) and returns the session cookie. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
    body: new URLSearchParams({ email, password, redirectTo: "/" }).toString(),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (res.status !== 302 || !cookies.length) throw new Error(`Sign-in failed: ${res.status} ${await res.text()}`);
  return cookies.join("; ");
}
