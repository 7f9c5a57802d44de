import type { Trajectory } from "~/domain/reports";
import { fmt } from "~/domain/reports/format";

const W = 560;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 56 };

/**
 * Mean per timepoint with its 95% CI (error bars), optionally every participant's line.
 * The same numbers are in the trajectory table next to it (the chart is a picture of the
 * table, so screen-reader users get the table).
 */
export function TrajectoryChart({ t, showLines }: { t: Trajectory; showLines: boolean }) {
  const n = t.points.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const lo = t.min;
  const hi = t.max > t.min ? t.max : t.min + 1;
  const y = (v: number) => PAD.top + plotH - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));
  const meanPath = t.points
    .map((p, i) => (p.mean === null ? null : `${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`))
    .filter(Boolean)
    .join(" ");
  const summary = t.points.map((p) => `${p.label}: ${p.mean === null ? "no data" : `mean ${fmt(p.mean)} (n ${p.n})`}`).join("; ");
  return (
    <figure className="report-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${t.label} across timepoints. ${summary}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
      >
        <title>{`${t.label}: mean with 95% CI`}</title>
        {ticks.map((v) => (
          <g key={v} className="report-chart__grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        {showLines &&
          t.lines.map((l) => {
            const pts = l.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
            return pts.length > 1 ? <polyline key={l.code} className="report-chart__participant" points={pts.join(" ")} /> : null;
          })}
        {t.points.map((p, i) =>
          p.ci95 ? (
            <g key={`ci-${p.timepoint}`} className="report-chart__ci">
              <line x1={x(i)} x2={x(i)} y1={y(p.ci95[0])} y2={y(p.ci95[1])} />
              <line x1={x(i) - 6} x2={x(i) + 6} y1={y(p.ci95[0])} y2={y(p.ci95[0])} />
              <line x1={x(i) - 6} x2={x(i) + 6} y1={y(p.ci95[1])} y2={y(p.ci95[1])} />
            </g>
          ) : null,
        )}
        {meanPath && <polyline className="report-chart__mean" points={meanPath} />}
        {t.points.map((p, i) =>
          p.mean === null ? null : <circle key={`m-${p.timepoint}`} className="report-chart__dot" cx={x(i)} cy={y(p.mean)} r={4} />,
        )}
        {t.points.map((p, i) => (
          <text
            key={`x-${p.timepoint}`}
            className="report-chart__xlabel"
            x={x(i)}
            y={H - PAD.bottom + 18}
            textAnchor={n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle"}
          >
            {p.timepoint}
          </text>
        ))}
        <text className="report-chart__xlabel" x={x(0)} y={H - 10} textAnchor="start">
          n = {t.points.map((p) => p.n).join(" / ")}
        </text>
      </svg>
      <figcaption className="small muted">
        {t.label}: mean with 95% CI{showLines && t.lines.length ? "; grey lines are individual participants" : ""}.
        {t.linesNote ? ` ${t.linesNote}` : ""}
      </figcaption>
    </figure>
  );
}
