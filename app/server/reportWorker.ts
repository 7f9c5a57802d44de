// The report worker thread: works out program reports and their downloads (the tasks of
// app/models/reportTask.server.ts) off the server's main thread, so that a report of hundreds
// of thousands of rows neither holds up every other page while it runs nor sits in the
// server's heap. It has its own database connections, reads only, and
// answers each message { id, task } with { id, result, queries, ms } or { id, error }.
// Started by app/utils/reportWorker.server.ts; built to build/server/reportWorker.js.
import { parentPort, workerData } from "node:worker_threads";
import { keepDecodedReportRows } from "../models/reportData.server";
import { runReportTask, type ReportTask } from "../models/reportTask.server";
import { readThroughDriverOnly } from "../utils/db.server";
import { queryCountStorage, type QueryCount } from "../utils/queryCount";

/** What the server hands the worker when it starts it. */
export type ReportWorkerData = { keepEnrollments: number };
export type WorkerRequest = { id: number; task: ReportTask };
export type WorkerAnswer =
  | { id: number; result: Awaited<ReturnType<typeof runReportTask>>; queries: number; ms: number }
  | { id: number; error: { message: string; status?: number; body?: string } };

const port = parentPort;
if (port) {
  // Reads go through the driver only: no Prisma client in this thread.
  readThroughDriverOnly();
  keepDecodedReportRows((workerData as ReportWorkerData | null)?.keepEnrollments ?? 0);
  port.on("message", ({ id, task }: WorkerRequest) => {
    const count: QueryCount = { queries: 0, ms: 0 };
    queryCountStorage.run(count, async () => {
      try {
        const result = await runReportTask(task);
        port.postMessage({ id, result, queries: count.queries, ms: count.ms } satisfies WorkerAnswer);
      } catch (error) {
        const answer: WorkerAnswer =
          error instanceof Response
            ? { id, error: { message: `HTTP ${error.status}`, status: error.status, body: await error.text() } }
            : { id, error: { message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
        port.postMessage(answer);
      }
    });
  });
}
