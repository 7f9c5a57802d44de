// A stand-in for a report worker that is still warming up (busy reading and decoding rows) for as
// long as it runs: it takes every message and answers none. report-worker.test.ts starts it to
// check that the server's thread answers a kept report without waiting for the worker.
import { parentPort } from "node:worker_threads";

parentPort?.on("message", () => {});
