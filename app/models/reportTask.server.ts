// One report computation, as plain data in and out, so that it can run in the report worker
// thread (app/server/reportWorker.ts) or in this process with the same result: the viewer's
// scope is resolved (and access checked) before, and the audit row is written after, by the
// caller. Only the rows are read and the report, the de-identified dataset or the dataset's
// re-identification risk worked out here.
import { randomBytes, randomInt } from "node:crypto";
import {
  AGE_BANDS,
  analysedEnrollments,
  datasetCsv,
  quasiIdentifierRisk,
  type PrePostReport,
  type ReportFilters,
  type ReportOptions,
} from "~/domain/reports";
import { derived } from "~/domain/reports/memo";
import type { Viewer } from "~/models/access.server";
import {
  computeReport,
  keptReportEnrollments,
  loadReportData,
  loadScope,
  parseScopeParams,
  readProgramReferralRows,
  readReportHeader,
  type LoadedScope,
  type ReportData,
  type ReportHeader,
} from "~/models/reportData.server";
import { readSnapshot, snapshotKey, writeSnapshot } from "~/models/reportSnapshot.server";
import { readRows } from "~/utils/db.server";

/** What the drop-out table says instead of a reason typed by staff, for viewers without names. */
export const REASON_NOT_SHOWN = "Reason not shown (free text)";

/** The filter choices the report page offers: the values the scope's enrollments have. */
export interface ReportChoices {
  occupations: string[];
  sexes: string[];
  ageBands: string[];
  routes: string[];
}

/** What each kind of task makes. */
export interface ReportTaskOutputs {
  /** The report (null when the program has no measurement timepoints) and the page's filter choices. */
  report: { report: PrePostReport | null; choices: ReportChoices };
  /** The de-identified dataset (export-only codes; dates shifted by up to ±shiftDays, or none). */
  dataset: { csv: string; participants: number };
  /** How many of the participants these filters export have a rare combination of quasi-identifiers. */
  risk: { risk: ReturnType<typeof quasiIdentifierRisk> | undefined };
}

export interface ReportTask<M extends keyof ReportTaskOutputs = keyof ReportTaskOutputs> {
  make: M;
  scope: LoadedScope;
  filters: ReportFilters;
  options: ReportOptions;
  /** The viewer may not read staff free text (an analyst): status reasons are replaced. */
  hideReasons: boolean;
  /** dataset: the largest date shift in days (0: no calendar dates). */
  shiftDays?: number;
  /** risk: the small-cell threshold. */
  minCellSize?: number;
}

function distinct(values: Iterable<string>) {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

/**
 * Status reasons are typed by staff and may name a participant, so a viewer who may not
 * see names (an analyst) gets the report without them, in every table and download.
 */
export function withoutReasons(data: ReportData): ReportData {
  // Once per enrollments list: the loader hands unchanged rows' reports the same list, and
  // what the report derives from this one is then kept too (app/domain/reports/memo.ts).
  const all = data.enrollments;
  data.enrollments = derived([all], "without reasons", () =>
    all.map((e) => (e.statusReason ? { ...e, statusReason: REASON_NOT_SHOWN } : e)),
  );
  return data;
}

/**
 * Codes for one export: random, distinct, and unrelated to the codes staff see, so a
 * published dataset cannot be joined back to GroupKAP's records or to another export.
 */
function exportCodes() {
  const used = new Set<string>();
  return () => {
    let code: string;
    do code = `X-${randomBytes(5).toString("hex").toUpperCase()}`;
    while (used.has(code));
    used.add(code);
    return code;
  };
}

/**
 * A program report's kept snapshot, looked up before any report row is read: what was read for
 * its key (reused by the computation on a miss, so the report is made of exactly what the key
 * names) and, when one is kept, the answer. Null for reports that are not kept (other tasks, a
 * cohort's report, a viewer who does not see every cohort, no measure plan).
 */
export type PreparedSnapshot = {
  key: string;
  header: ReportHeader;
  referralRows: unknown[][];
  hit: ReportTaskOutputs["report"] | null;
};

export async function prepareReportSnapshot(task: ReportTask): Promise<PreparedSnapshot | null> {
  const { scope } = task;
  if (task.make !== "report" || scope.kind !== "program" || !scope.allCohorts || !scope.timepoints.length) return null;
  const [header, referralRows] = await Promise.all([
    readReportHeader(scope.cohorts.map((c) => c.id)),
    readProgramReferralRows(scope.programId),
  ]);
  const key = snapshotKey([
    "program report",
    scope,
    task.filters,
    task.options,
    task.hideReasons,
    header.stampRows,
    header.sessionRows,
    header.aeRows,
    referralRows,
  ]);
  return { key, header, referralRows, hit: await readSnapshot<ReportTaskOutputs["report"]>(key) };
}

/**
 * Works a task out. A program report is answered from its kept snapshot when there is one, and
 * kept once computed (app/models/reportSnapshot.server.ts); `prepared`: the snapshot already
 * looked up for this task (the report worker does so before its warm-up is over).
 */
export async function runReportTask<M extends keyof ReportTaskOutputs>(
  task: ReportTask<M>,
  prepared?: PreparedSnapshot | null,
): Promise<ReportTaskOutputs[M]> {
  const { scope } = task;
  const snapshot = prepared === undefined ? await prepareReportSnapshot(task) : prepared;
  if (snapshot?.hit) return snapshot.hit as ReportTaskOutputs[M];
  const data = await loadReportData(scope.cohorts, { assessmentDates: task.make === "dataset", header: snapshot?.header });
  if (task.hideReasons) withoutReasons(data);
  const analysed = () => analysedEnrollments(data.enrollments, task.filters, task.options.population);
  let out: ReportTaskOutputs[keyof ReportTaskOutputs];
  if (task.make === "dataset") {
    const enrollments = analysed();
    const n = task.shiftDays ?? 0;
    const csv = datasetCsv(enrollments, data.assessments, scope.timepoints, {
      codeFor: exportCodes(),
      // Without a requested shift no calendar date leaves: days from the cohort start only.
      shiftFor: n > 0 ? () => randomInt(-n, n + 1) : null,
    });
    out = { csv, participants: enrollments.length };
  } else if (task.make === "risk") {
    out = { risk: scope.timepoints.length ? quasiIdentifierRisk(analysed(), task.minCellSize ?? 0) : undefined };
  } else {
    const report = scope.timepoints.length ? await computeReport(scope, data, task.filters, task.options, snapshot?.referralRows) : null;
    // Kept with the enrollments list, as what the report derives from it (four sets of 200,000 values otherwise).
    const all = data.enrollments;
    const choices: ReportChoices = derived([all], "filter choices", () => ({
      occupations: distinct(all.map((e) => e.occupation)),
      sexes: distinct(all.map((e) => e.sex)),
      ageBands: distinct([...AGE_BANDS, ...all.map((e) => e.ageBand)]),
      routes: distinct(all.map((e) => e.route)),
    }));
    out = { report, choices };
    // Scores stored without scale values are read afresh each time (they may change without
    // their report row): a report of such rows is not kept.
    if (snapshot && data.withoutScaleValues === 0) await writeSnapshot(snapshot.key, scope.programId, out, data.enrollments.length);
  }
  return out as ReportTaskOutputs[M];
}

/** Whom the warm-up reads as: a role that sees every cohort (it writes no audit row: nobody viewed). */
const WARM_UP_VIEWER: Viewer = { id: "report-worker", email: "report-worker", roles: ["ANALYST"] };

/**
 * Reads and decodes the report rows of the programs with the most enrollments, as many as this
 * thread keeps (keepDecodedReportRows), and works out each one's default report as a viewer who
 * sees every cohort does, with and without staff's typed reasons. The report worker does this
 * when the server starts, so that the first program report is answered from kept rows (or
 * computed from them) instead of reading and decoding every row: at 200,000 participants that
 * is ~0.05 s instead of ~2 s. Archived programs and programs without a measure plan are skipped.
 */
export async function warmProgramReports(): Promise<{ programs: number; enrollments: number }> {
  const limit = keptReportEnrollments();
  const sizes = await readRows(
    `SELECT c."programId", COUNT(e."id") FROM "Cohort" c JOIN "Program" p ON p."id" = c."programId" ` +
      `JOIN "Enrollment" e ON e."cohortId" = c."id" WHERE NOT p."archived" GROUP BY c."programId" ORDER BY 2 DESC, 1`,
    [],
  );
  let programs = 0;
  let enrollments = 0;
  for (const [programId, count] of sizes) {
    if (enrollments + Number(count) > limit) continue;
    const scope = await loadScope(WARM_UP_VIEWER, { kind: "program", programId: programId as string });
    if (!scope.timepoints.length) continue;
    const { filters, options } = parseScopeParams(new URLSearchParams(), scope);
    const tasks = [true, false].map((hideReasons): ReportTask<"report"> => ({ make: "report", scope, filters, options, hideReasons }));
    const prepared = await Promise.all(tasks.map((task) => prepareReportSnapshot(task)));
    // The rows are read and kept even when the default reports are kept snapshots (answered
    // without them): the next report of other options, or after a write, starts from them.
    await loadReportData(scope.cohorts, { header: prepared[0]?.header });
    for (const [k, task] of tasks.entries()) await runReportTask(task, prepared[k]);
    programs++;
    enrollments += Number(count);
  }
  return { programs, enrollments };
}
