// Starts tests/security/support/instance.ts as a separate process on this test file's
// database (DATABASE_URL is per file) and hands back its "ready" and result promises.
import { spawn } from "node:child_process";
import path from "node:path";
import { inject } from "vitest";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

export function spawnInstance(args: string[]) {
  // instance.ts, bundled once per run (tests/setup/global-setup.ts).
  const child = spawn(process.execPath, [path.join(inject("bundleDir"), "instance.js"), ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString();
    if (out.includes("ready\n")) markReady();
  });
  child.stderr.on("data", (b: Buffer) => (err += b.toString()));
  const result = new Promise<number[]>((resolve, reject) => {
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("[")) reject(new Error(`instance exited with ${code}: ${err || out}`));
      else resolve(JSON.parse(last) as number[]);
    });
  });
  return {
    ready: Promise.race([ready, result.then(() => undefined)]),
    go: () => child.stdin.end("go\n"),
    result,
  };
}
