import type { Band } from "~/domain/instruments";
import type { Trajectory } from "~/domain/reports";
import { fmt } from "~/domain/reports/format";
import { shortTimepointLabel } from "~/models/measureState";
import { niceTicks } from "~/utils/chartScale";

/** A long axis label on two lines (split at the space nearest its middle), so neighbours do not overlap. */
function twoLines(label: string): string[] {
  if (label.length <= 14) return [label];
  const mid = label.length / 2;
  let best = -1;
  for (let i = label.indexOf(" "); i !== -1; i = label.indexOf(" ", i + 1))
    if (best === -1 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
  return best === -1 ? [label] : [label.slice(0, best), label.slice(best + 1)];
}

const BAND_FILLS = ["#e7f5ed", "#f3f7e4", "#fff4d6", "#fde6d2", "#fdecea"];

const W = 560;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 56 };

/**
 * Mean per timepoint with its 95% CI (error bars), optionally every participant's line.
 * The same numbers are in the trajectory table next to it (the chart is a picture of the
 * table, so screen-reader users get the table).
 */
export function TrajectoryChart({ t, showLines, bands = [] }: { t: Trajectory; showLines: boolean; bands?: readonly Band[] }) {
  const n = t.points.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  // Round ticks (0, 5, 10 …) over the instrument's range and whatever the data reach (CI bounds included).
  const scale = niceTicks(
    t.points.flatMap((p) => [p.mean, ...(p.ci95 ?? [])]).filter((v): v is number => v !== null),
    { domain: [t.min, t.max], maxTicks: 7 },
  );
  const lo = scale.min;
  const hi = scale.max > scale.min ? scale.max : scale.min + 1;
  const y = (v: number) => PAD.top + plotH - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * plotH;
  const ticks = scale.ticks;
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
        {bands.map((b, i) => {
          // Integer bands (0–4, 5–9 …) shade their half-open range on the continuous axis.
          const top = y(i === bands.length - 1 ? b.to : bands[i + 1].from);
          const bottom = y(b.from);
          return (
            <g key={b.label} className="report-chart__band">
              <rect
                x={PAD.left}
                y={top}
                width={W - PAD.left - PAD.right}
                height={Math.max(0, bottom - top)}
                fill={BAND_FILLS[Math.min(i, BAND_FILLS.length - 1)]}
              />
              <text x={W - PAD.right - 4} y={top + 11} textAnchor="end">
                {b.label}
              </text>
            </g>
          );
        })}
        {ticks.map((v) => (
          <g key={v} className="report-chart__grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {v}
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
            {twoLines(shortTimepointLabel(p.label)).map((line, k) => (
              <tspan key={k} x={x(i)} dy={k === 0 ? 0 : 13}>
                {line}
              </tspan>
            ))}
          </text>
        ))}
        <text className="report-chart__xlabel" x={x(0)} y={H - 10} textAnchor="start">
          n = {t.points.map((p) => p.n).join(" / ")}
        </text>
      </svg>
      <figcaption className="small muted">
        {t.label}: mean with 95% CI{showLines && t.lines.length ? "; grey lines are individual participants" : ""}
        {bands.length ? `; shaded: ${bands.map((b) => `${b.label} ${b.from}–${b.to}`).join(", ")}` : ""}.
        {t.linesNote ? ` ${t.linesNote}` : ""}
      </figcaption>
    </figure>
  );
}
