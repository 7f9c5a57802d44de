import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

// Integration files that need a module graph of their own: the real Remix handler imports the
// built app (build/index.js) through Node, whose copy of the app caches the first file's
// DATABASE_URL; entry-server mocks react-dom/server.
const ISOLATED = [
  "tests/security/02-phi-read-audit.test.ts",
  "tests/security/13c-no-store.test.ts",
  "tests/integration/entry-server.test.ts",
  "tests/integration/rendered-pages.test.ts",
];

const integration = {
  include: ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"],
  globalSetup: ["tests/setup/global-setup.ts"],
  setupFiles: ["tests/setup/database.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

// Projects: pure unit tests beside the code, and integration tests that each get a fresh
// database (SQLite by default; PostgreSQL when TEST_DATABASE=postgres): "integration" and
// "integration-isolated" (run both with --project 'integration*').
export default defineConfig({
  resolve: { alias },
  test: {
    pool: "forks",
    // At least two files at once, even on 2 cores (Vitest's default there is one): integration
    // files spend much of their time waiting for the database, so two overlap well (PostgreSQL
    // integration on 2 cores: 4.5 min with one worker, 2.3 min with two).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // CI also writes a JSON report so that .ci/run can print one closing tally.
    ...(process.env.VITEST_JSON_REPORT ? { reporters: ["default", "json"], outputFile: { json: process.env.VITEST_JSON_REPORT } } : {}),
    projects: [
      {
        resolve: { alias },
        // Pure functions without shared state: threads, and one module graph for all files.
        test: { name: "unit", include: ["app/**/*.test.ts"], testTimeout: 20_000, pool: "threads", isolate: false },
      },
      {
        resolve: { alias },
        // Integration files share their worker process (isolate: false): importing the app's
        // module graph afresh for each of ~60 files was half of the run (SQLite: 186 → 102 s).
        // tests/setup/database.ts gives each file its own database, the worker's starting
        // environment and real timers; app state lives in the database, not in modules.
        test: { ...integration, name: "integration", exclude: ISOLATED, isolate: false },
      },
      {
        resolve: { alias },
        test: { ...integration, name: "integration-isolated", include: ISOLATED },
      },
    ],
  },
});
