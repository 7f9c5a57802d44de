// The whole pre/post report as a page (and, with the print stylesheet, a PDF). Pure:
// renders a computed PrePostReport, so the benchmark can renderToString it.
import { useState } from "react";
import { markup, type SafeHtml } from "~/components/ui/html";
import { SortableTable, type Column } from "~/components/ui/SortableTable";
import { getInstrument, isInstrumentCode } from "~/domain/instruments";
import type { MeasureResult, PrePostReport, SubgroupRow, Trajectory } from "~/domain/reports";
import { DASH, flowSteps, fmt, fmtCi, fmtP, fmtPct, fmtPctCi, measureTitle, METHOD_TEXT, subgroupLabel } from "~/domain/reports/format";
import { CrossTableView, Rows } from "./CrossTableView";
import { TrajectoryChart } from "./LineChart";

const DIMENSION_LABEL: Record<SubgroupRow["dimension"], string> = {
  occupation: "Occupation",
  sex: "Sex",
  ageBand: "Age band",
  route: "Route",
};

/** SortableTable columns whose cells are text, as markup (a row of markup cells is one string). */
function textColumns<T>(columns: (Omit<Column<T>, "render"> & { render: (row: T) => string | number })[]): Column<T>[] {
  return columns.map((c) => ({ ...c, render: (row: T): SafeHtml => markup`${c.render(row)}` }));
}

function medianIqr(s: MeasureResult["pre"]) {
  return s.median === null ? DASH : `${fmt(s.median)} [${fmt(s.q1)}–${fmt(s.q3)}]`;
}
function meanSd(s: MeasureResult["pre"]) {
  return s.mean === null ? DASH : `${fmt(s.mean)} (${fmt(s.sd)})`;
}

export function ReportView({
  report: r,
  showLines = false,
  downloadLink,
}: {
  report: PrePostReport;
  showLines?: boolean;
  downloadLink?: (table: string) => string;
}) {
  const [showBands, setShowBands] = useState(false);
  // The link's name says which table in words (a screen reader lists links out of context).
  const csv = (table: string, name: string) =>
    downloadLink ? (
      <a className="button button--small report-download" href={downloadLink(table)} download>
        Download CSV<span className="visually-hidden"> of the {name} table</span>
      </a>
    ) : null;
  return (
    <div className="report">
      <p className="report-scope">
        <strong>
          {r.scope.kind === "cohort" ? "Cohort" : "Program"}: {r.scope.name}
        </strong>{" "}
        · pre “{r.pre.label}” → post “{r.post.label}” · population: {r.population}
        {r.filterText.length > 0 && <> · {r.filterText.join("; ")}</>}
      </p>
      {r.warnings.map((w) => (
        <div key={w} className="callout callout--warn" role="status">
          {w}
        </div>
      ))}

      <section aria-labelledby="sec-flow" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-flow">1. Flow</h2>
          {csv("flow", "participant flow")}
        </div>
        <ol className="report-flow" aria-label="Participant flow">
          {flowSteps(r).map(([label, n]) => (
            <li key={label}>
              <span className="report-flow__n">{n}</span> {label}
            </li>
          ))}
        </ol>
        {r.measures.length > 0 && (
          <p className="small">
            With both timepoints:{" "}
            {r.measures
              .filter((m) => m.scale === "total" || !r.measures.some((x) => x.instrument === m.instrument && x.scale === "total"))
              .map((m) => `${m.instrumentName} ${m.scale === "total" ? "" : m.scale + " "}${m.n}`)
              .join(" · ")}
          </p>
        )}
        {r.flow.dropouts.length > 0 ? (
          <div className="table-wrap">
            <table className="table table--dense">
              <caption>Not analysed, and why</caption>
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Participants</th>
                </tr>
              </thead>
              <Rows rows={r.flow.dropouts.map((d) => markup`<tr><td>${d.stage}</td><td>${d.reason}</td><td>${d.count}</td></tr>`)} />
            </table>
          </div>
        ) : (
          <p className="small muted">No drop-outs recorded.</p>
        )}
      </section>

      <section aria-labelledby="sec-prepost" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-prepost">2. Pre/post</h2>
          {csv("prepost", "pre/post")}
        </div>
        {r.measures.length === 0 ? (
          <p className="empty">No instrument is measured at both chosen timepoints. Choose another pre or post timepoint above.</p>
        ) : (
          <>
            <SortableTable<MeasureResult>
              caption={`Pre/post by instrument and scale (${r.pre.label} → ${r.post.label})`}
              rows={r.measures}
              rowKey={(m) => m.id}
              columns={textColumns<MeasureResult>([
                { key: "measure", header: "Measure", sortValue: (m) => m.id, render: (m) => measureTitle(m.instrumentName, m.label) },
                { key: "n", header: "n", sortValue: (m) => m.n, render: (m) => m.n },
                { key: "preMed", header: "Pre median [Q1–Q3]", render: (m) => medianIqr(m.pre) },
                { key: "postMed", header: "Post median [Q1–Q3]", render: (m) => medianIqr(m.post) },
                { key: "preMean", header: "Pre mean (SD)", sortValue: (m) => m.pre.mean, render: (m) => meanSd(m.pre) },
                { key: "postMean", header: "Post mean (SD)", sortValue: (m) => m.post.mean, render: (m) => meanSd(m.post) },
                {
                  key: "change",
                  header: "Mean change (95% CI)",
                  sortValue: (m) => m.change.mean,
                  render: (m) => (m.change.mean === null ? DASH : `${fmt(m.change.mean)} (${fmtCi(m.change.ci95)})`),
                },
                { key: "V", header: "Wilcoxon V", render: (m) => (m.wilcoxon.method === "none" ? DASH : fmt(m.wilcoxon.V, 1)) },
                {
                  key: "wp",
                  header: "Wilcoxon p (method)",
                  sortValue: (m) => m.wilcoxon.p,
                  render: (m) => `${fmtP(m.wilcoxon.p)} (${METHOD_TEXT[m.wilcoxon.method]})`,
                },
                { key: "tp", header: "Paired t p", sortValue: (m) => m.t_test?.p ?? null, render: (m) => fmtP(m.t_test?.p) },
                { key: "dz", header: "d_z", sortValue: (m) => m.effect.dz, render: (m) => fmt(m.effect.dz) },
                {
                  key: "rb",
                  header: "Rank-biserial r",
                  sortValue: (m) => m.effect.rank_biserial,
                  render: (m) => fmt(m.effect.rank_biserial),
                },
              ])}
            />
            <Notes measures={r.measures} />
          </>
        )}
      </section>

      <section aria-labelledby="sec-traj" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-traj">3. Trajectories</h2>
          {csv("trajectories", "trajectories")}
        </div>
        {r.trajectories.length === 0 ? (
          <p className="empty">No repeated measures in this program.</p>
        ) : (
          <>
            <div className="checkbox no-print">
              <input id="show-bands" type="checkbox" checked={showBands} onChange={(e) => setShowBands(e.target.checked)} />
              <label htmlFor="show-bands">Shade the instruments&apos; severity bands</label>
            </div>
            {r.trajectories.map((t) => (
              <TrajectoryBlock key={t.id} t={t} showLines={showLines} showBands={showBands} />
            ))}
          </>
        )}
      </section>

      <section aria-labelledby="sec-resp" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-resp">4. Responders and reliable change</h2>
          {csv("responders", "responders and reliable change")}
        </div>
        <ResponderTable r={r} />
      </section>

      <section aria-labelledby="sec-cat" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-cat">5. Thresholds and categories</h2>
          {csv("categories", "thresholds and categories")}
        </div>
        {r.eligibility && (
          <div className="report-block">
            <h3>Eligibility rule before and after</h3>
            <p>
              Rule: {r.eligibility.ruleText}. Meeting it at baseline: {r.eligibility.before.count} of {r.eligibility.n} (
              {fmtPct(r.eligibility.before.rate)}, 95% CI {fmtPctCi(r.eligibility.before.wilson95)}); after: {r.eligibility.after.count} of{" "}
              {r.eligibility.n} ({fmtPct(r.eligibility.after.rate)}, 95% CI {fmtPctCi(r.eligibility.after.wilson95)}).
            </p>
            <CrossTableView t={r.eligibility.table} />
          </div>
        )}
        {r.bandShifts.map((t) => (
          <CrossTableView key={t.id} t={t} />
        ))}
        {r.profiles && (
          <div className="report-block">
            <h3>Burnout profiles</h3>
            <p className="small">
              Cut-offs: {r.profiles.cutoffText}. Burnout = all three; Overextended = EX only; Disengaged = CY only; Ineffective = PE only;
              Engaged = none; other patterns = Mixed.
            </p>
            {r.profiles.stillBurnout && <p>{r.profiles.stillBurnout}</p>}
            <CrossTableView t={r.profiles.table} />
          </div>
        )}
        {!r.eligibility && r.bandShifts.length === 0 && !r.profiles && (
          <p className="empty">No eligibility rule, severity bands or burnout profiles apply to the instruments at these timepoints.</p>
        )}
      </section>

      <section aria-labelledby="sec-meq" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-meq">6. MEQ-30 per dosing session</h2>
          {csv("meq", "MEQ-30 per dosing session")}
        </div>
        {r.meq.length === 0 ? (
          <p className="empty">This program does not collect the MEQ-30.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--dense">
              <caption>MEQ-30 factor means (0–5) and complete mystical experience</caption>
              <thead>
                <tr>
                  <th scope="col">Timepoint</th>
                  <th scope="col">n</th>
                  {r.meq[0].factors.map((f) => (
                    <th scope="col" key={f.scale}>
                      {f.label} mean (SD)
                    </th>
                  ))}
                  <th scope="col">Complete mystical experience (95% CI)</th>
                </tr>
              </thead>
              <Rows
                rows={r.meq.map(
                  (s) =>
                    markup`<tr><th scope="row">${s.label}</th><td>${s.n}</td>${s.factors.map(
                      (f) => markup`<td>${f.mean === null ? DASH : `${fmt(f.mean)} (${fmt(f.sd)})`}</td>`,
                    )}<td>${
                      s.complete.n === 0
                        ? `${DASH} (no complete questionnaires)`
                        : `${s.complete.count}/${s.complete.n} = ${fmtPct(s.complete.rate)} (${fmtPctCi(s.complete.wilson95)})`
                    }</td></tr>`,
                )}
              />
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="sec-safety" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-safety">7. Safety</h2>
          {csv("safety", "safety")}
        </div>
        <p>
          {r.safety.totalEvents} adverse event{r.safety.totalEvents === 1 ? "" : "s"} in {r.safety.participantsWithAe} participant
          {r.safety.participantsWithAe === 1 ? "" : "s"}; {r.safety.seriousEvents} serious.
          {r.safety.eventsWithoutSession > 0 &&
            ` ${r.safety.eventsWithoutSession} not tied to a dosing session (not in the per-session rates).`}
        </p>
        {r.safety.byGrade.length > 0 && (
          <div className="table-wrap">
            <table className="table table--dense">
              <caption>Adverse events by grade and seriousness</caption>
              <thead>
                <tr>
                  <th scope="col">Grade</th>
                  <th scope="col">Serious</th>
                  <th scope="col">Not serious</th>
                  <th scope="col">Participants</th>
                </tr>
              </thead>
              <Rows
                rows={r.safety.byGrade.map(
                  (g) =>
                    markup`<tr><th scope="row">Grade ${g.grade}</th><td>${g.serious}</td><td>${g.nonSerious}</td><td>${g.participants}</td></tr>`,
                )}
              />
            </table>
          </div>
        )}
        {r.safety.perSession.length > 0 ? (
          <div className="table-wrap">
            <table className="table table--dense">
              <caption>Participants with an adverse event per dosing session</caption>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Dosed</th>
                  <th scope="col">Any AE</th>
                  <th scope="col">Related AE</th>
                  <th scope="col">Serious AE</th>
                </tr>
              </thead>
              <Rows
                rows={r.safety.perSession.map(
                  (s) =>
                    markup`<tr><th scope="row">${s.label}</th><td>${s.participantsDosed}</td>${[s.any, s.related, s.serious].map(
                      (c) => markup`<td>${c.count} (${c.percent === null ? DASH : `${c.percent.toFixed(1)}%`})</td>`,
                    )}</tr>`,
                )}
              />
            </table>
          </div>
        ) : (
          <p className="small muted">No signed dosing records yet: per-session rates need a denominator.</p>
        )}
      </section>

      <section aria-labelledby="sec-sub" className="report-section">
        <div className="report-section__head">
          <h2 id="sec-sub">8. Subgroups</h2>
          {csv("subgroups", "subgroups")}
        </div>
        {r.smallCells && r.subgroups && (
          <p className="small muted">
            Groups with fewer than {r.smallCells.threshold} participants with both timepoints show “&lt;{r.smallCells.threshold}” and no
            statistics; “suppressed” hides a larger group so that a small one cannot be worked out from the total.
          </p>
        )}
        {!r.subgroups ? (
          <p className="empty">No pre/post measure to break down.</p>
        ) : (
          <SortableTable<SubgroupRow>
            caption={`${r.subgroups.measure}: change by subgroup`}
            rows={r.subgroups.rows}
            rowKey={(g) => `${g.dimension}-${g.group}`}
            columns={textColumns<SubgroupRow>([
              { key: "dim", header: "Dimension", sortValue: (g) => g.dimension, render: (g) => DIMENSION_LABEL[g.dimension] },
              {
                key: "group",
                header: "Group",
                sortValue: (g) => subgroupLabel(g.dimension, g.group),
                render: (g) => subgroupLabel(g.dimension, g.group),
              },
              {
                key: "n",
                header: "n",
                // "<5" sorts as the smallest; a complementary "suppressed" row sorts last either way.
                sortValue: (g) => (typeof g.n === "number" ? g.n : g.n === "suppressed" ? null : 0),
                render: (g) => g.n,
              },
              { key: "pre", header: "Pre mean", sortValue: (g) => g.preMean, render: (g) => fmt(g.preMean) },
              { key: "post", header: "Post mean", sortValue: (g) => g.postMean, render: (g) => fmt(g.postMean) },
              {
                key: "chg",
                header: "Mean change (95% CI)",
                sortValue: (g) => g.changeMean,
                render: (g) => (g.changeMean === null ? DASH : `${fmt(g.changeMean)} (${fmtCi(g.ci95)})`),
              },
              {
                key: "p",
                header: "Wilcoxon p",
                sortValue: (g) => g.wilcoxonP,
                render: (g) => (typeof g.n === "number" ? `${fmtP(g.wilcoxonP)} (${METHOD_TEXT[g.method]})` : DASH),
              },
              { key: "note", header: "Note", render: (g) => g.note ?? "" },
            ])}
          />
        )}
      </section>

      <section aria-labelledby="sec-methods" className="report-section report-methods">
        <h2 id="sec-methods">Methods</h2>
        <ul>
          {r.methods.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Notes({ measures }: { measures: MeasureResult[] }) {
  const withNotes = measures.filter((m) => m.notes.length > 0);
  if (withNotes.length === 0) return null;
  return (
    <div className="report-notes">
      <h3>Notes</h3>
      <ul className="small">
        {withNotes.map((m) => (
          <li key={m.id}>
            <strong>{measureTitle(m.instrumentName, m.label)}:</strong> {m.notes.join(" ")}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The severity bands of a trajectory's scale, when the instrument publishes them. */
function bandsOf(t: Trajectory) {
  if (!isInstrumentCode(t.instrument)) return [];
  return getInstrument(t.instrument).scales.find((s) => s.key === t.scale)?.bands ?? [];
}

function TrajectoryBlock({ t, showLines, showBands }: { t: Trajectory; showLines: boolean; showBands: boolean }) {
  return (
    <div className="report-traj">
      <TrajectoryChart t={t} showLines={showLines} bands={showBands ? bandsOf(t) : []} />
      <div className="table-wrap">
        <table className="table table--dense">
          <caption>{t.label}</caption>
          <thead>
            <tr>
              <th scope="col">Timepoint</th>
              <th scope="col">n</th>
              <th scope="col">Mean (95% CI)</th>
              <th scope="col">% change from first</th>
            </tr>
          </thead>
          <Rows
            rows={t.points.map(
              (p) =>
                markup`<tr><th scope="row">${p.label}</th><td>${p.n}</td><td>${
                  p.mean === null ? DASH : `${fmt(p.mean)} (${fmtCi(p.ci95)})`
                }</td><td>${p.percentChange === null ? DASH : `${fmt(p.percentChange, 1)}%`}</td></tr>`,
            )}
          />
        </table>
      </div>
    </div>
  );
}

function ResponderTable({ r }: { r: PrePostReport }) {
  const rows = r.measures.filter((m) => m.responders);
  return (
    <>
      {rows.length === 0 ? (
        <p className="empty">No responder rule applies to the instruments at these timepoints.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--dense">
            <caption>Responders (rule per instrument; Wilson 95% intervals)</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Rule</th>
                <th scope="col">Responders / n</th>
                <th scope="col">Rate (95% CI)</th>
              </tr>
            </thead>
            <Rows
              rows={[
                rows.map(
                  ({ instrumentName, label, responders: x }) =>
                    markup`<tr><th scope="row">${measureTitle(instrumentName, label)}</th><td>${x!.rule}</td><td>${x!.count} / ${x!.n}</td><td>${
                      x!.n === 0 ? `${DASH} (nobody with both timepoints)` : `${fmtPct(x!.rate)} (${fmtPctCi(x!.wilson95)})`
                    }</td></tr>`,
                ),
                r.mbiMultiSubscale &&
                  (
                    [
                      ["≥ 1 subscale", r.mbiMultiSubscale.atLeast1],
                      ["≥ 2 subscales", r.mbiMultiSubscale.atLeast2],
                      ["All 3 subscales", r.mbiMultiSubscale.all3],
                    ] as const
                  ).map(
                    ([label, c]) =>
                      markup`<tr><th scope="row">MBI-GS, ${label}</th><td>≥ 1 point on the subscale mean, in the better direction</td><td>${c.count} / ${
                        r.mbiMultiSubscale!.n
                      }</td><td>${c.rate === null ? DASH : `${fmtPct(c.rate)} (${fmtPctCi(c.wilson95)})`}</td></tr>`,
                  ),
              ]}
            />
          </table>
        </div>
      )}
      {r.measures.length > 0 && (
        <div className="table-wrap">
          <table className="table table--dense">
            <caption>Reliable change (Jacobson–Truax, |RCI| &gt; 1.96)</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Reliability used</th>
                <th scope="col">Baseline SD</th>
                <th scope="col">Reliably improved</th>
                <th scope="col">Reliably deteriorated</th>
                <th scope="col">No reliable change</th>
              </tr>
            </thead>
            <Rows
              rows={r.measures.map(({ instrumentName, label, reliableChange: rc }) => {
                const cells = rc.note
                  ? markup`<td colspan="5">${rc.note}</td>`
                  : markup`<td>${rc.reliabilitySource}</td><td>${fmt(rc.sdPre)}</td><td>${rc.improved}</td><td>${rc.deteriorated}</td><td>${rc.unchanged}</td>`;
                return markup`<tr><th scope="row">${measureTitle(instrumentName, label)}</th>${cells}</tr>`;
              })}
            />
          </table>
        </div>
      )}
    </>
  );
}
