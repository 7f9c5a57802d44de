// Runs the Playwright suite: finds a Chromium (system first, then Debian's package,
// then Playwright's own download), builds the app, and starts it on a fresh database.
// Chromium's old headless shell comes first: the suite is CPU-bound on 2 cores, and the shell
// ran it in about three quarters of the time full Chromium took in headless mode.
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { server, workers } from "./servers.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const candidates = [
  process.env.PLAYWRIGHT_CHROMIUM_PATH,
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].filter(Boolean);
const found = () => candidates.find((p) => fs.existsSync(p));

let chromium = found();
if (!chromium && process.platform === "linux" && fs.existsSync("/usr/bin/apt-get")) {
  console.log("No Chromium found: installing Debian's chromium-headless-shell package (else chromium)…");
  const sudo = process.getuid?.() === 0 ? "" : "sudo -n ";
  const r = spawnSync(
    "sh",
    [
      "-c",
      `${sudo}apt-get update -qq && (${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell || ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)`,
    ],
    { stdio: "inherit" },
  );
  if (r.status === 0) chromium = found();
}
if (!chromium) {
  console.log("Trying Playwright's own Chromium download…");
  const r = spawnSync("npx", ["playwright", "install", "chromium"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(
      "\nNo Chromium is available for the end-to-end tests.\n" +
        "Install one and run the tests again, for example:\n" +
        "  Debian/Ubuntu:  sudo apt-get install chromium\n" +
        "  macOS:          npx playwright install chromium   (needs internet access)\n" +
        "or point PLAYWRIGHT_CHROMIUM_PATH at a Chrome/Chromium binary.",
    );
    process.exit(1);
  }
}

// The print tests read Chromium's PDFs back with poppler's pdftotext.
const hasPdftotext = () => spawnSync("sh", ["-c", "command -v pdftotext"], { stdio: "ignore" }).status === 0;
if (!hasPdftotext() && process.platform === "linux" && fs.existsSync("/usr/bin/apt-get")) {
  console.log("No pdftotext found: installing Debian's poppler-utils package…");
  const sudo = process.getuid?.() === 0 ? "" : "sudo -n ";
  spawnSync(
    "sh",
    [
      "-c",
      `${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils || (${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils)`,
    ],
    {
      stdio: "inherit",
    },
  );
}
if (!hasPdftotext()) {
  console.error("\nThe print tests need pdftotext (Debian/Ubuntu: sudo apt-get install poppler-utils; macOS: brew install poppler).");
  process.exit(1);
}

// The production build, as `npm run build` makes it (the Remix app and the server bundle that
// `npm start` runs: the web servers run build/server/cli.js, its report worker included).
// E2E_REUSE_BUILD=1 (CI's second pass, same sources) keeps the build the first pass made.
if (process.env.E2E_REUSE_BUILD === "1" && ["build/index.js", "build/server/cli.js"].every((f) => fs.existsSync(path.join(root, f)))) {
  console.log("Reusing the existing build/ (E2E_REUSE_BUILD=1).");
} else {
  execSync("npm run build", { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
}
const servers = Array.from({ length: workers }, (_, i) => server(i));
for (const { dir } of servers) {
  fs.rmSync(path.join(root, dir), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, dir), { recursive: true });
}

// On PostgreSQL, E2E_DATABASE_URL is the first worker's (empty) database; the others' are made here
// beside it, empty, and dropped afterwards.
const siblings = process.env.E2E_DATABASE_URL ? servers.slice(1).map((s) => new URL(s.databaseUrl)) : [];
async function onMaintenanceDb(sql) {
  if (siblings.length === 0) return;
  const { default: pg } = await import("pg");
  const admin = new URL(process.env.E2E_DATABASE_URL);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const url of siblings)
      for (const statement of sql(`"${decodeURIComponent(url.pathname.slice(1)).replaceAll('"', '""')}"`)) await client.query(statement);
  } finally {
    await client.end();
  }
}
await onMaintenanceDb((db) => [`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`, `CREATE DATABASE ${db}`]);
const r = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PLAYWRIGHT_CHROMIUM_PATH: chromium ?? "" },
});
await onMaintenanceDb((db) => [`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
process.exit(r.status ?? 1);
