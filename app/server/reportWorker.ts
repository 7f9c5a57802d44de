// The report worker thread: works out program reports and their downloads (the tasks of
// app/models/reportTask.server.ts) off the server's main thread, so that a report of hundreds
// of thousands of rows neither holds up every other page while it runs nor sits in the
// server's heap. It has its own database connections, reads through the driver (and writes only
// the reports it keeps: app/models/reportSnapshot.server.ts), and answers each message
// { id, task } with { id, result, queries, ms } or { id, error }. Started warm, it first works
// out the biggest programs' default reports and then posts { warmed }.
// Started by app/utils/reportWorker.server.ts; built to build/server/reportWorker.js.
import { parentPort, workerData } from "node:worker_threads";
import { useReportCodeVersion } from "../models/reportCodeVersion.server";
import { keepDecodedReportRows } from "../models/reportData.server";
import { keepReportSnapshots } from "../models/reportSnapshot.server";
import {
  prepareReportSnapshot,
  runReportTask,
  warmProgramReports,
  type PreparedSnapshot,
  type ReportTask,
} from "../models/reportTask.server";
import { readThroughDriverOnly } from "../utils/db.server";
import { queryCountStorage, type QueryCount } from "../utils/queryCount";

/** What the server hands the worker when it starts it. */
export type ReportWorkerData = {
  keepEnrollments: number;
  warm: boolean;
  /** Keeps reports of at least this many enrollments (app/models/reportSnapshot.server.ts; null: none). */
  snapshotMinEnrollments: number | null;
  /** The server's code version: the worker's keys must be the ones the server looks up. */
  reportCodeVersion: string;
};
/** `prepared`: the task's kept report, already looked up (and not found) by the server's thread. */
export type WorkerRequest = { id: number; task: ReportTask; prepared?: PreparedSnapshot | null };
export type WorkerAnswer =
  | { id: number; result: Awaited<ReturnType<typeof runReportTask>>; queries: number; ms: number }
  | { id: number; error: { message: string; status?: number; body?: string } };
/** Sent once the warm-up is over (null: it failed, e.g. a database not set up yet). */
export type WorkerWarmed = { warmed: Awaited<ReturnType<typeof warmProgramReports>> | null };

const port = parentPort;
if (port) {
  // Reads go through the driver only: no Prisma client in this thread.
  readThroughDriverOnly();
  const data = workerData as ReportWorkerData | null;
  keepDecodedReportRows(data?.keepEnrollments ?? 0);
  if (data) {
    keepReportSnapshots(data.snapshotMinEnrollments);
    useReportCodeVersion(data.reportCodeVersion);
  }
  // Started warm (by the server), the worker first reads the biggest programs' rows and their
  // default reports; reports asked for meanwhile wait for it (it reads what they would read).
  const warming = data?.warm
    ? warmProgramReports().then(
        (warmed) => port.postMessage({ warmed } satisfies WorkerWarmed),
        () => port.postMessage({ warmed: null } satisfies WorkerWarmed),
      )
    : Promise.resolve();
  port.on("message", ({ id, task, prepared: lookedUp }: WorkerRequest) => {
    const count: QueryCount = { queries: 0, ms: 0 };
    queryCountStorage.run(count, async () => {
      try {
        // A kept report answers without waiting for the warm-up; otherwise the task waits for it.
        const prepared = lookedUp === undefined ? await prepareReportSnapshot(task) : lookedUp;
        if (!prepared?.hit) await warming;
        const result = await runReportTask(task, prepared);
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
