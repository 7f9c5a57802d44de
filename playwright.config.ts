import { defineConfig, devices } from "@playwright/test";
import { basePort, server, workers } from "./tests/e2e/servers.mjs";

// tests/e2e/run.mjs builds the app, finds a Chromium and sets these variables.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || undefined;

export default defineConfig({
  testDir: "tests/e2e",
  // CI's PostgreSQL pass skips the layout/axe and date-format walks (markup does not depend on the database;
  // the SQLite pass runs it); every spec that reads or writes data runs on both.
  testIgnore: process.env.E2E_SKIP_MARKUP_ONLY === "1" ? ["**/a11y.spec.ts", "**/dates.spec.ts"] : [],
  // Specs run on `workers` workers, each against its own server and database (tests/e2e/servers.mjs;
  // test.ts points each worker's baseURL at its server); a spec's tests run in order on one worker.
  fullyParallel: false,
  workers,
  retries: 0,
  // CI also writes a JSON report so that .ci/run can print one closing tally.
  reporter: process.env.PLAYWRIGHT_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_REPORT }]] : [["list"]],
  timeout: 30_000,
  expect: { timeout: 7_000 },
  use: {
    // A trace of every test (kept only for failures) made the suite ~25% slower (DOM snapshots
    // and screencast frames on each action): recorded only when asked for with E2E_TRACE=1.
    trace: process.env.E2E_TRACE === "1" ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  outputDir: `tmp/e2e-${basePort}/results`,
  webServer: Array.from({ length: workers }, (_, i) => server(i)).map(({ port, baseURL, databaseUrl }) => ({
    // The production server bundle (run.mjs builds it), as `npm start` runs it.
    command: "node build/server/cli.js demo",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      DEMO_MODE: "true",
      // The demo's first outreach run fills the outbox; no background ticks during the tests
      // (the outbox page's "Plan and send due messages now" runs one when a test needs it).
      OUTREACH_WORKER: "false",
    },
  })),
});
