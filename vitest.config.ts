import os from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

// Two projects: pure unit tests beside the code, and integration tests that each get
// a fresh database (SQLite by default; PostgreSQL when TEST_DATABASE=postgres).
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
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/security/**/*.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
