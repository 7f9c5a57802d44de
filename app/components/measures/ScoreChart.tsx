// Score history of one instrument as an SVG line chart: one line per scale, the
// instrument's severity bands shaded behind, labelled axes, and <title>/<desc> for
// screen readers. The table next to it carries the same numbers.
import { niceTicks } from "~/utils/chartScale";

export type ChartSeries = { key: string; label: string };
export type ChartPoint = { label: string; values: Record<string, number | null> };
export type ChartBand = { from: number; to: number; label: string };

const COLORS = ["#24556b", "#b3261e", "#1f7a4d", "#8a5a00", "#6b3fa0"];
const BAND_FILLS = ["#e7f5ed", "#f3f7e4", "#fff4d6", "#fde6d2", "#fdecea"];

export function ScoreChart({
  id,
  title,
  series,
  points,
  yMin,
  yMax,
  bands = [],
}: {
  id: string;
  title: string;
  series: ChartSeries[];
  points: ChartPoint[];
  yMin: number;
  yMax: number;
  bands?: readonly ChartBand[];
}) {
  const W = 640;
  const H = 260;
  const m = { top: 16, right: 110, bottom: 56, left: 80 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const x = (i: number) => m.left + (points.length <= 1 ? iw / 2 : (i * iw) / (points.length - 1));
  // The shared round-number scale (same as the report's charts) over the instrument's range and the data.
  const scale = niceTicks(
    points.flatMap((p) => series.map((s) => p.values[s.key])).filter((v): v is number => typeof v === "number"),
    { domain: [yMin, yMax], maxTicks: 7 },
  );
  const [lo, hi] = [scale.min, scale.max];
  const y = (v: number) => m.top + ih - ((v - lo) / (hi - lo || 1)) * ih;
  const ticks = scale.ticks;
  const desc =
    series.map((s) => `${s.label}: ${points.map((p) => `${p.label} ${fmt(p.values[s.key])}`).join("; ")}`).join(". ") +
    (bands.length ? `. Bands: ${bands.map((b) => `${b.label} ${b.from}–${b.to}`).join(", ")}.` : ".");
  return (
    <figure>
      <svg className="score-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {bands.map((b, i) => {
          // Integer bands (0–4, 5–9, …) are shaded over their half-open range on the continuous axis.
          const top = y(Math.min(hi, i === bands.length - 1 ? b.to : bands[i + 1].from));
          const bottom = y(Math.max(lo, b.from));
          return (
            <g key={b.label}>
              <rect
                x={m.left}
                y={top}
                width={iw}
                height={Math.max(0, bottom - top)}
                fill={BAND_FILLS[Math.min(i, BAND_FILLS.length - 1)]}
              />
              <text className="band-label" x={m.left + iw + 6} y={(top + bottom) / 2 + 3}>
                {b.label}
              </text>
            </g>
          );
        })}
        {ticks.map((t) => (
          <g key={t}>
            <line className="grid" x1={m.left} x2={m.left + iw} y1={y(t)} y2={y(t)} />
            <text x={m.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        <line className="axis" x1={m.left} x2={m.left} y1={m.top} y2={m.top + ih} />
        <line className="axis" x1={m.left} x2={m.left + iw} y1={m.top + ih} y2={m.top + ih} />
        {points.map((p, i) => (
          <text key={i} x={x(i)} y={m.top + ih + 16} textAnchor="middle">
            {p.label.length > 18 ? `${p.label.slice(0, 17)}…` : p.label}
          </text>
        ))}
        <text x={m.left + iw / 2} y={H - 8} textAnchor="middle">
          Timepoint
        </text>
        <text x={40} y={m.top + ih / 2} textAnchor="middle" transform={`rotate(-90 40 ${m.top + ih / 2})`}>
          Score
        </text>
        {series.map((s, si) => {
          const pts = points
            .map((p, i) => ({ i, v: p.values[s.key] }))
            .filter((p): p is { i: number; v: number } => p.v !== null && p.v !== undefined);
          const color = COLORS[si % COLORS.length];
          return (
            <g key={s.key}>
              {pts.length > 1 ? (
                <polyline fill="none" stroke={color} strokeWidth={2} points={pts.map((p) => `${x(p.i)},${y(p.v)}`).join(" ")} />
              ) : null}
              {pts.map((p) => (
                <circle key={p.i} cx={x(p.i)} cy={y(p.v)} r={3.5} fill={color} />
              ))}
            </g>
          );
        })}
      </svg>
      {series.length > 1 ? (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s, si) => (
            <li key={s.key}>
              <span className="chart-legend__swatch" style={{ background: COLORS[si % COLORS.length] }} />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}

function fmt(v: number | null | undefined) {
  return v === null || v === undefined ? "not available" : String(Math.round(v * 100) / 100);
}
