// Runs program reports and their downloads (app/models/reportTask.server.ts) in one worker
// thread beside the server (app/server/reportWorker.ts), or in this process when no worker
// is configured (tests, the command line). A request that is abandoned while its report
// computes does not stop the computation; its answer is dropped. The server configures it at
// start (app/server/main.ts) warm: the worker starts at once, reads the biggest programs'
// report rows and works out their default reports, and then keeps its decoded rows for as
// long as the server runs (bounded by its heap), so that no program report waits for every
// row to be read and decoded again. If it fails (out of memory, a crash) the reports it was
// computing fail with an error and the next report starts a new worker (warm again).
import { Worker } from "node:worker_threads";
import { reportCodeVersion } from "~/models/reportCodeVersion.server";
import { KEPT_ENROLLMENTS_PER_HEAP_MB } from "~/models/reportData.server";
import { reportSnapshotMinimum } from "~/models/reportSnapshot.server";
import {
  prepareReportSnapshot,
  runReportTask,
  type PreparedSnapshot,
  type ReportTask,
  type ReportTaskOutputs,
} from "~/models/reportTask.server";
import type { ReportWorkerData, WorkerAnswer, WorkerRequest, WorkerWarmed } from "~/server/reportWorker";
import { queryCountStorage } from "./queryCount";

export type ReportWorkerConfig = {
  /** The worker's module: build/server/reportWorker.js, or the .ts source under tsx. */
  url: URL;
  /** The worker's heap limit in MB (a 200,000-participant report needs ~224). */
  heapMb: number;
  /** Start the worker now and warm it (warmProgramReports) rather than with the first report. */
  warm?: boolean;
  /** Stop the worker after this long without a report (default: never; it keeps its rows). */
  idleMs?: number;
};

type Waiter = { resolve: (a: WorkerAnswer) => void; reject: (e: Error) => void };
/** A worker thread and the reports it is computing. */
type Running = {
  thread: Worker;
  pending: Map<number, Waiter>;
  warmed: Promise<WorkerWarmed["warmed"]>;
  /** Its warm-up is still running (the thread is busy reading and decoding rows). */
  warming: boolean;
};
type State = { config: ReportWorkerConfig | null; worker: Running | null; nextId: number; idleTimer: NodeJS.Timeout | null };

declare global {
  var __groupkapReportWorker: State | undefined;
}

// Global: the Remix build and the server each bundle their own copy of this module.
const state = (globalThis.__groupkapReportWorker ??= { config: null, worker: null, nextId: 1, idleTimer: null });

/** Sends program reports to a worker thread from now on (null: compute them in this process). */
export function configureReportWorker(config: ReportWorkerConfig | null) {
  void state.worker?.thread.terminate();
  state.worker = null;
  state.config = config;
  if (config?.warm) state.worker = startWorker(config);
}

/**
 * What the running worker's warm-up read (programs and enrollments), once it is over; null when
 * no worker runs, it was not started warm, or its warm-up failed.
 */
export async function reportWorkerWarmed(): Promise<WorkerWarmed["warmed"]> {
  return state.worker ? state.worker.warmed : null;
}

/** A worker thread is running (started warm or by a report, not yet stopped or failed). */
export function reportWorkerRunning(): boolean {
  return state.worker !== null;
}

/** The worker's heap limit in MB, or null when reports are computed in this process. */
export function reportWorkerHeapMb(): number | null {
  return state.config?.heapMb ?? null;
}

function startWorker(config: ReportWorkerConfig): Running {
  // The worker keeps decoded report rows between reports (reportData.server.ts) in proportion
  // to its heap: a 200,000-participant program's rows stay decoded at the default 512 MB.
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: config.heapMb },
    workerData: {
      keepEnrollments: config.heapMb * KEPT_ENROLLMENTS_PER_HEAP_MB,
      warm: config.warm === true,
      snapshotMinEnrollments: reportSnapshotMinimum(),
      reportCodeVersion: reportCodeVersion(),
    } satisfies ReportWorkerData,
  };
  // Under tsx (development, tests) the worker's TypeScript is loaded through tsx's loader.
  const thread = config.url.pathname.endsWith(".ts")
    ? new Worker(`import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(config.url.href)}); });`, {
        ...options,
        eval: true,
      })
    : new Worker(config.url, options);
  thread.unref();
  let warmed: (w: WorkerWarmed["warmed"]) => void = () => {};
  const running: Running = {
    thread,
    pending: new Map(),
    warmed: config.warm ? new Promise((resolve) => (warmed = resolve)) : Promise.resolve(null),
    warming: config.warm === true,
  };
  void running.warmed.then(() => (running.warming = false));
  const { pending } = running;
  thread.on("message", (answer: WorkerAnswer | WorkerWarmed) => {
    if ("warmed" in answer) return warmed(answer.warmed);
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    waiter?.resolve(answer);
    if (pending.size === 0 && config.idleMs !== undefined) idleAfter(running, config.idleMs);
  });
  // Its reports fail with the cause (e.g. out of memory); the next report starts a new worker.
  const fail = (error: Error) => {
    if (state.worker === running) state.worker = null;
    warmed(null);
    for (const [id, waiter] of pending) {
      pending.delete(id);
      waiter.reject(error);
    }
  };
  thread.on("error", fail);
  thread.on("exit", (code) => fail(new Error(`The report worker stopped (exit code ${code}).`)));
  return running;
}

function idleAfter(running: Running, ms: number) {
  if (state.idleTimer) clearTimeout(state.idleTimer);
  state.idleTimer = setTimeout(() => {
    if (running.pending.size === 0 && state.worker === running) {
      state.worker = null;
      void running.thread.terminate();
    }
  }, ms);
  state.idleTimer.unref();
}

/** Computes a report in the worker thread when one is configured, otherwise here. */
export async function computeReportTask<M extends keyof ReportTaskOutputs>(task: ReportTask<M>): Promise<ReportTaskOutputs[M]> {
  const config = state.config;
  if (!config) return runReportTask(task);
  if (state.idleTimer) clearTimeout(state.idleTimer);
  const worker = (state.worker ??= startWorker(config));
  // While the worker warms up, its thread reads and decodes rows for seconds at a time, and a
  // message waits until it is done: a program report kept in the database
  // (app/models/reportSnapshot.server.ts) is looked up here instead, and answered at once.
  let prepared: PreparedSnapshot | null | undefined;
  if (worker.warming) {
    prepared = await prepareReportSnapshot(task);
    if (prepared?.hit) return prepared.hit as ReportTaskOutputs[M];
  }
  const id = state.nextId++;
  const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
    worker.pending.set(id, { resolve, reject });
    worker.thread.postMessage({ id, task, prepared } satisfies WorkerRequest);
  });
  if ("error" in answer) {
    if (answer.error.status) throw new Response(answer.error.body ?? "", { status: answer.error.status });
    throw new Error(`The report worker failed: ${answer.error.message}`);
  }
  // The worker's statements count as this request's (Server-Timing).
  const count = queryCountStorage.getStore();
  if (count) {
    count.queries += answer.queries;
    count.ms += answer.ms;
  }
  return answer.result as ReportTaskOutputs[M];
}
