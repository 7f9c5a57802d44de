// A report worker that dies on its first task (tests/integration/report-worker.test.ts).
import { parentPort } from "node:worker_threads";

parentPort?.on("message", () => process.exit(3));
