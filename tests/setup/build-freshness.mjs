// Whether build/ (the Remix build) is newer than the sources it was built from: every file
// under app/ (but app/generated, Prisma's client) and remix.config.js. Shared by the
// integration tests' Remix handler and the end-to-end runner (plain Node, hence JavaScript).
import fs from "node:fs";
import path from "node:path";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestMtime(full));
    } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** build/index.js exists and is at least as new as app/ and remix.config.js. */
export function buildIsFresh(root) {
  const buildFile = path.join(root, "build/index.js");
  if (!fs.existsSync(buildFile)) return false;
  const sources = Math.max(newestMtime(path.join(root, "app")), fs.statSync(path.join(root, "remix.config.js")).mtimeMs);
  return fs.statSync(buildFile).mtimeMs >= sources;
}
