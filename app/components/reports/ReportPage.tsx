import { Link } from "@remix-run/react";
import { PrintHeader } from "~/components/ui/PrintHeader";
import type { PrePostReport, ReportTimepoint } from "~/domain/reports";
import { ReportFiltersForm } from "./ReportFiltersForm";
import { ReportView } from "./ReportView";

export type ReportPageData = {
  kind: "cohort" | "program";
  scope: {
    id: string;
    name: string;
    programId: string;
    programName: string;
    /** The cohort filter's options (the newest; see newestCohortChoices). */
    cohorts: { id: string; name: string }[];
    moreCohorts: boolean;
    cohortCount: number;
  };
  timepoints: ReportTimepoint[];
  selected: Parameters<typeof ReportFiltersForm>[0]["selected"];
  options: Parameters<typeof ReportFiltersForm>[0]["options"];
  problems: string[];
  report: PrePostReport | null;
  links: { base: string; query: string; tables: readonly string[]; canExportDataset: boolean };
};

export function ReportPage({ d }: { d: ReportPageData }) {
  const q = d.links.query;
  const withQuery = (path: string, extra?: Record<string, string>) => {
    const p = new URLSearchParams(q);
    for (const [k, v] of Object.entries(extra ?? {})) p.set(k, v);
    const s = p.toString();
    return `${d.links.base}/${path}${s ? `?${s}` : ""}`;
  };
  return (
    <>
      <PrintHeader
        title={`Pre/post report: ${d.scope.name}`}
        lines={[
          d.kind === "cohort"
            ? `Program ${d.scope.programName} · Cohort ${d.scope.name}`
            : `Program ${d.scope.programName} · ${cohortsLine(d.scope)}`,
          d.report && `Timepoints: “${d.report.pre.label}” (pre) → “${d.report.post.label}” (post) · population: ${d.report.population}`,
          d.report && `Filters: ${d.report.filterText.length > 0 ? d.report.filterText.join("; ") : "none"}`,
        ]}
      />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/reports">Reports</Link> ›{" "}
        {d.kind === "cohort" ? (
          <>
            <Link to={`/reports/program/${d.scope.programId}`}>{d.scope.programName}</Link> › {d.scope.name}
          </>
        ) : (
          d.scope.name
        )}
      </nav>
      <div className="page-header">
        <h1>Pre/post report: {d.scope.name}</h1>
        <button type="button" className="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </div>
      {d.problems.map((p) => (
        <div key={p} className="callout callout--warn" role="status">
          {p}
        </div>
      ))}
      {d.timepoints.length === 0 ? (
        <p className="empty">
          This program has no measurement timepoints, so there is nothing to report. Add a measure plan to the program template first.
        </p>
      ) : (
        <>
          <ReportFiltersForm
            timepoints={d.timepoints}
            selected={d.selected}
            cohorts={d.kind === "program" ? d.scope.cohorts : null}
            moreCohorts={d.kind === "program" && d.scope.moreCohorts}
            options={d.options}
          />
          <div className="report-exports card">
            <h2 className="visually-hidden">Downloads</h2>
            <a className="button button--small" href={withQuery("report.json")} download>
              Report JSON
            </a>
            <a className="button button--small" href={withQuery("export.csv", { table: "prepost" })} download>
              Pre/post table CSV
            </a>
            {d.links.canExportDataset && (
              <>
                <form method="get" action={`${d.links.base}/dataset.csv`} className="report-dataset-form">
                  {[...new URLSearchParams(q).entries()]
                    .filter(([k]) => k !== "shift")
                    .map(([k, v], i) => (
                      <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
                    ))}
                  <label htmlFor="shift">Date shift ± days</label>
                  <input id="shift" name="shift" type="number" min="0" max="365" step="1" defaultValue="0" aria-describedby="shift-hint" />
                  <span id="shift-hint" className="muted small">
                    0 exports no calendar dates, only days from the cohort start; codes are new in every download. The Markdown data
                    dictionary states the re-identification risk settings (small-cell threshold, removed and generalised fields).
                  </span>
                  <button className="button button--small" type="submit">
                    Download de-identified dataset
                  </button>
                </form>
                <a className="button button--small" href={withQuery("dictionary.md")} download>
                  Data dictionary (Markdown)
                </a>
                <a className="button button--small" href={`${d.links.base}/dictionary.csv`} download>
                  Data dictionary (CSV)
                </a>
              </>
            )}
          </div>
          {d.report && (
            <ReportView
              report={d.report}
              showLines={Boolean(d.selected.participantLines)}
              downloadLink={(table) => withQuery("export.csv", { table })}
            />
          )}
        </>
      )}
    </>
  );
}

/** The printed header's cohorts: their names while few, else how many (a program runs for years). */
function cohortsLine(scope: ReportPageData["scope"]) {
  if (scope.cohortCount === 0) return "Cohorts: none";
  if (scope.cohortCount <= PRINTED_COHORT_NAMES) return `Cohorts: ${scope.cohorts.map((c) => c.name).join(", ")}`;
  return `${scope.cohortCount} cohorts`;
}
const PRINTED_COHORT_NAMES = 10;
