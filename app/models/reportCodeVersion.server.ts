// The version of the code that works program reports out, for the keys of kept reports
// (app/models/reportSnapshot.server.ts): a kept report is answered only by the code that made it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

declare global {
  var __groupkapReportCodeVersion: string | undefined;
}

/**
 * The .js files a built entry runs: itself and every file it imports, statically or not,
 * transitively (esbuild's `from "./chunk-….js"` and `import("./….js")`), sorted.
 */
export function bundleFiles(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [path.resolve(entry)];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of fs.readFileSync(file, "utf8").matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+\.m?js)["']/g))
      stack.push(path.resolve(path.dirname(file), m[1]));
  }
  return [...seen].sort();
}

/**
 * The version of the code that works reports out, and of V8 (the serialization): a SHA-256 of
 * the files. Built, the report worker's bundle (build/server/reportWorker.js and the chunks it
 * imports; a deployment that changes only pages keeps its kept reports), or every .js file of
 * the build when there is none; from source (tsx, tests), every .ts and .tsx file under app/ but
 * the generated clients and tests. Worked out once per process (global: the Remix build and the
 * server bundle each hold a copy of this module, and both must make the same keys) and handed to
 * the report worker (`useReportCodeVersion`).
 */
export function reportCodeVersion(): string {
  if (globalThis.__groupkapReportCodeVersion) return globalThis.__groupkapReportCodeVersion;
  const here = fileURLToPath(import.meta.url);
  let files: string[] = [];
  let root: string;
  const add = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).sort()) if (/\.m?js$/.test(name)) files.push(path.join(dir, name));
  };
  if (/\.tsx?$/.test(here)) {
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated") walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
      }
    };
    root = path.resolve(path.dirname(here), "..");
    walk(root);
  } else {
    // build/server/<chunk>.js or build/index.js: the build is the folder that holds server/.
    const dir = path.dirname(here);
    root = path.basename(dir) === "server" ? path.dirname(dir) : dir;
    const worker = path.join(root, "server", "reportWorker.js");
    if (fs.existsSync(worker)) files = bundleFiles(worker);
    else {
      add(root);
      add(path.join(root, "server"));
    }
  }
  const hash = createHash("sha256").update(process.versions.v8);
  for (const file of files) hash.update(path.relative(root, file)).update(fs.readFileSync(file));
  return (globalThis.__groupkapReportCodeVersion = hash.digest("base64url"));
}

/** Makes keys with this code version (the report worker: its server's, so that both make the same keys). */
export function useReportCodeVersion(version: string) {
  globalThis.__groupkapReportCodeVersion = version;
}
