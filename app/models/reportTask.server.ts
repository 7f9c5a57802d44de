// One report computation, as plain data in and out, so that it can run in the report worker
// thread (app/server/reportWorker.ts) or in this process with the same result: the viewer's
// scope is resolved (and access checked) before, and the audit row is written after, by the
// caller. Only the rows are read and the statistics computed here.
import { AGE_BANDS, type PrePostReport, type ReportFilters, type ReportOptions } from "~/domain/reports";
import { computeReport, loadReportData, type LoadedScope, type ReportData } from "~/models/reportData.server";

/** What the drop-out table says instead of a reason typed by staff, for viewers without names. */
export const REASON_NOT_SHOWN = "Reason not shown (free text)";

export interface ReportTask {
  scope: LoadedScope;
  filters: ReportFilters;
  options: ReportOptions;
  /** The viewer may not read staff free text (an analyst): status reasons are replaced. */
  hideReasons: boolean;
}

/** The filter choices the report page offers: the values the scope's enrollments have. */
export interface ReportChoices {
  occupations: string[];
  sexes: string[];
  ageBands: string[];
  routes: string[];
}

export interface ReportTaskResult {
  /** Null when the program has no measurement timepoints. */
  report: PrePostReport | null;
  choices: ReportChoices;
}

function distinct(values: Iterable<string>) {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

/**
 * Status reasons are typed by staff and may name a participant, so a viewer who may not
 * see names (an analyst) gets the report without them, in every table and download.
 */
export function withoutReasons(data: ReportData): ReportData {
  data.enrollments = data.enrollments.map((e) => (e.statusReason ? { ...e, statusReason: REASON_NOT_SHOWN } : e));
  return data;
}

export async function runReportTask(task: ReportTask): Promise<ReportTaskResult> {
  const { scope } = task;
  const data = await loadReportData(scope.cohorts);
  if (task.hideReasons) withoutReasons(data);
  const report = scope.timepoints.length ? await computeReport(scope, data, task.filters, task.options) : null;
  const choices: ReportChoices = {
    occupations: distinct(data.enrollments.map((e) => e.occupation)),
    sexes: distinct(data.enrollments.map((e) => e.sex)),
    ageBands: distinct([...AGE_BANDS, ...data.enrollments.map((e) => e.ageBand)]),
    routes: distinct(data.enrollments.map((e) => e.route)),
  };
  return { report, choices };
}
