// Loaders shared by the cohort and program report routes: the page and its downloads.
import { getHeapStatistics } from "node:v8";
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  DEFAULT_MIN_CELL_SIZE,
  dictionaryCsv,
  dictionaryMarkdown,
  REPORT_TABLES,
  reportJson,
  reportTableCsv,
  type ParsedParams,
  type ReportTable,
} from "~/domain/reports";
import { newestCohortChoices } from "~/forms/lists";
import type { Viewer } from "~/models/access.server";
import { auditReportExport, loadScope, parseScopeParams, type LoadedScope, type ReportScope } from "~/models/reportData.server";
import { runReportTask, type ReportTask, type ReportTaskOutputs } from "~/models/reportTask.server";
import { REPORT_VIEW_ACTION } from "~/models/worklist.shared";
import { audit } from "~/utils/audit.server";
import { requirePermission } from "~/utils/auth.server";
import { dbReady, readRow } from "~/utils/db.server";
import { can, seesStaffFreeText } from "~/utils/permissions";
import { requestMeta } from "~/utils/request.server";
import { sharedRuns, weightedLimit } from "./concurrency.server";
import { computeReportTask, reportWorkerHeapMb } from "./reportWorker.server";

type Kind = "cohort" | "program";

function scopeFrom(kind: Kind, params: LoaderFunctionArgs["params"]): ReportScope {
  const id = kind === "cohort" ? params.cohortId : params.programId;
  if (!id || id.length > 64) throw new Response("Not found", { status: 404 });
  return kind === "cohort" ? { kind, cohortId: id } : { kind, programId: id };
}

async function prepare(args: LoaderFunctionArgs, kind: Kind) {
  const viewer = await requirePermission(args, kind === "cohort" ? "report:cohort" : "report:program");
  const scope = await loadScope(viewer, scopeFrom(kind, args.params));
  const url = new URL(args.request.url);
  const parsed = parseScopeParams(url.searchParams, scope);
  return { viewer, scope, url, parsed };
}

/**
 * A report, dataset or risk for this viewer and these parameters. Program reports are worked
 * out in the report worker thread (app/utils/reportWorker.server.ts), so that their hundreds
 * of thousands of rows neither hold up the other pages nor sit in the server's heap; a cohort
 * report is small and worked out here. Status reasons typed by staff are left out for
 * viewers who may not see names (an analyst).
 */
function reportFor<M extends keyof ReportTaskOutputs>(
  make: M,
  kind: Kind,
  viewer: Viewer,
  scope: LoadedScope,
  parsed: ParsedParams,
  extra: Pick<ReportTask, "shiftDays" | "minCellSize"> = {},
) {
  const task: ReportTask<M> = {
    make,
    scope,
    filters: parsed.filters,
    options: parsed.options,
    hideReasons: !seesStaffFreeText(viewer.roles),
    ...extra,
  };
  if (kind !== "program") return runReportTask(task);
  const compute = async () => programReports(await programReportWeight(scope), () => computeReportTask(task));
  // The same report asked for at about the same time is computed once for everyone who asked
  // while the one before it ran (never answered from a run that started before they asked).
  // The task holds all the answer depends on: the viewer's cohorts, filters, options and
  // whether reasons are hidden. Downloads of de-identified data are not shared: each export
  // gets codes of its own.
  if (make === "report")
    return sameReports(JSON.stringify(task), compute as () => Promise<ReportTaskOutputs["report"]>) as Promise<ReportTaskOutputs[M]>;
  return compute();
}

export async function reportPageLoader(args: LoaderFunctionArgs, kind: Kind) {
  const { viewer, scope, url, parsed } = await prepare(args, kind);
  const { report, choices } = await reportFor("report", kind, viewer, scope, parsed);
  const base = `/reports/${kind}/${scope.id}`;
  const query = url.searchParams.toString();
  const cohortChoices = newestCohortChoices(scope.cohorts, parsed.filters.cohortIds ?? []);
  // The analysts' worklist (app/models/worklist.server.ts) lists the cohorts completed since this.
  await audit(await dbReady(), {
    actor: viewer,
    action: REPORT_VIEW_ACTION,
    entityType: kind === "cohort" ? "Cohort" : "Program",
    entityId: scope.id,
    summary: `Viewed the ${kind} report of ${scope.name}`,
    ...requestMeta(args),
  });
  return {
    kind,
    scope: {
      id: scope.id,
      name: scope.name,
      programId: scope.programId,
      programName: scope.programName,
      // The cohort filter's options: the newest (and a chosen older one), not every cohort of a
      // program that runs for years; the count for the printed header.
      cohorts: cohortChoices.options.map((c) => ({ id: c.id, name: c.name })),
      moreCohorts: cohortChoices.more,
      cohortCount: scope.cohorts.length,
    },
    timepoints: scope.timepoints,
    defaults: scope.defaults,
    selected: { ...parsed.options, ...parsed.filters, responderPoints: parsed.options.responderPoints ?? {} },
    options: choices,
    problems: parsed.problems,
    report,
    links: {
      base,
      query,
      tables: REPORT_TABLES,
      canExportDataset: can(viewer.roles, "export:deidentified"),
    },
  };
}

const FILES = ["export.csv", "dataset.csv", "dictionary.csv", "dictionary.md", "report.json"] as const;

function download(body: string, type: string, filename: string) {
  return new Response(body, {
    headers: {
      "Content-Type": `${type}; charset=utf-8`,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

function slug(s: string) {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "report"
  );
}

export async function reportFileLoader(args: LoaderFunctionArgs, kind: Kind) {
  const file = FILES.find((f) => f === args.params.file);
  if (!file) throw new Response("Not found", { status: 404 });
  const { viewer, scope, url, parsed } = await prepare(args, kind);
  if (file === "dataset.csv" && !can(viewer.roles, "export:deidentified")) {
    await requirePermission(args, "export:deidentified");
  }
  const meta = requestMeta(args);
  const details = {
    file,
    filters: parsed.filters,
    pre: parsed.options.pre,
    post: parsed.options.post,
    population: parsed.options.population,
    minCellSize: parsed.options.minCellSize,
  };
  const name = `${slug(scope.name)}-${parsed.options.pre}-${parsed.options.post}`;

  const minCellSize = parsed.options.minCellSize ?? DEFAULT_MIN_CELL_SIZE;
  if (file === "dictionary.csv") {
    await auditReportExport(viewer, meta, scope, "the dataset dictionary", details);
    return download(dictionaryCsv(), "text/csv", `${slug(scope.name)}-dictionary.csv`);
  }
  if (file === "dictionary.md") {
    // The Markdown dictionary states the re-identification risk settings, with how many of the
    // participants these filters export have a rare combination of quasi-identifiers.
    const { risk } = scope.timepoints.length ? await reportFor("risk", kind, viewer, scope, parsed, { minCellSize }) : { risk: undefined };
    await auditReportExport(viewer, meta, scope, "the dataset dictionary", details);
    return download(dictionaryMarkdown(parsed.shiftDays, { minCellSize, risk }), "text/markdown", `${slug(scope.name)}-dictionary.md`);
  }
  if (!scope.timepoints.length) throw new Response("This program has no measurement timepoints.", { status: 400 });
  if (file === "dataset.csv") {
    const n = parsed.shiftDays;
    const { csv, participants } = await reportFor("dataset", kind, viewer, scope, parsed, { shiftDays: n });
    const dates = `${n > 0 ? `date shift ±${n} days` : "no calendar dates"}, small-cell threshold ${minCellSize}`;
    await auditReportExport(viewer, meta, scope, `the de-identified dataset (${participants} participants, ${dates}, export-only codes)`, {
      ...details,
      shiftDays: n,
      participants,
      minCellSize,
    });
    return download(csv, "text/csv", `${slug(scope.name)}-dataset.csv`);
  }
  const { report } = await reportFor("report", kind, viewer, scope, parsed);
  if (!report) throw new Response("This program has no measurement timepoints.", { status: 400 });
  if (file === "report.json") {
    await auditReportExport(viewer, meta, scope, "the report as JSON", details);
    return new Response(JSON.stringify(reportJson(report), null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}.json"`,
        "Cache-Control": "no-store",
      },
    });
  }
  const table = url.searchParams.get("table") ?? "prepost";
  if (!(REPORT_TABLES as readonly string[]).includes(table)) {
    throw new Response(`Unknown table “${table.slice(0, 40)}”. Choose one of: ${REPORT_TABLES.join(", ")}.`, { status: 400 });
  }
  await auditReportExport(viewer, meta, scope, `the ${table} table as CSV`, { ...details, table });
  return download(reportTableCsv(report, table as ReportTable), "text/csv", `${name}-${table}.csv`);
}

/**
 * Program reports (and their files) compute four at a time per process, the rest wait their
 * turn: the work is CPU-bound on one thread (the report worker's, or the server's when there
 * is no worker), so the limit costs no throughput, and it keeps a burst of requests from
 * holding every report's rows in memory at once. Each also holds its share of the heap
 * while it runs (`REPORT_HEAP_BYTES_PER_ENROLLMENT` per enrollment of the program): they
 * start only while those shares fit in the heap the computing thread may still grow (the
 * worker's `REPORT_WORKER_HEAP_MB` less `HEAP_KEPT_BY_WORKER` for its own code and caches,
 * or the server's `--max-old-space-size` less `HEAP_KEPT_FOR_PAGES`), so a small heap runs
 * one 200,000-participant report at a time instead of running out of memory. A report
 * larger than that runs alone. Cohort reports are small and run freely.
 */
export const PROGRAM_REPORTS_AT_ONCE = 4;
/** Measured: a 200,000-participant report completes in a 224 MB heap (~750 bytes each). */
export const REPORT_HEAP_BYTES_PER_ENROLLMENT = 1024;
const HEAP_KEPT_FOR_PAGES = 160 * 1024 * 1024;
const HEAP_KEPT_BY_WORKER = 96 * 1024 * 1024;
const programReports = weightedLimit({
  maxAtOnce: PROGRAM_REPORTS_AT_ONCE,
  budget: () => {
    const workerMb = reportWorkerHeapMb();
    return workerMb ? workerMb * 1024 * 1024 - HEAP_KEPT_BY_WORKER : getHeapStatistics().heap_size_limit - HEAP_KEPT_FOR_PAGES;
  },
});

const sameReports = sharedRuns<ReportTaskOutputs["report"]>();

/**
 * The heap a program's report will hold, from its number of enrollments: one count of its
 * report rows (7.7 ms at 200,000 enrollments, on the server's thread), kept per program while
 * its cohorts are the same. A new or removed cohort counts it again; enrollments added to a
 * cohort are within its capacity and waitlist, which the 1 KB per enrollment estimate covers.
 */
export async function programReportWeight(scope: { id: string; cohorts: readonly { id: string }[] }): Promise<number> {
  const cohorts = scope.cohorts.map((c) => c.id).join(",");
  const kept = keptWeights.get(scope.id);
  if (kept && kept.cohorts === cohorts) return kept.weight;
  const row = await readRow(`SELECT count(*) FROM "ReportRow" r JOIN "Cohort" c ON c."id" = r."cohortId" WHERE c."programId" = ?`, [
    scope.id,
  ]);
  const weight = Number(row?.[0] ?? 0) * REPORT_HEAP_BYTES_PER_ENROLLMENT;
  if (keptWeights.size >= KEPT_WEIGHTS) keptWeights.clear();
  keptWeights.set(scope.id, { cohorts, weight });
  return weight;
}

const keptWeights = new Map<string, { cohorts: string; weight: number }>();
const KEPT_WEIGHTS = 100;

/** Forgets the kept weights (tests: the next program report counts its rows). */
export function forgetProgramReportWeights() {
  keptWeights.clear();
}
