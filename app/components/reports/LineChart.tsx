import { markup, type SafeHtml } from "~/components/ui/html";
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

const tenth = (v: number) => Math.round(v * 10) / 10;

const BAND_FILLS = ["#e7f5ed", "#f3f7e4", "#fff4d6", "#fde6d2", "#fdecea"];

const W = 560;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 56 };

/**
 * Mean per timepoint with its 95% CI (error bars), optionally every participant's line.
 * The same numbers are in the trajectory table next to it (the chart is a picture of the
 * table, so screen-reader users get the table). The drawing is one piece of markup
 * (`chartMarkup`): a program report has a chart per measure, and React's render of their
 * hundreds of attributed SVG elements was a good part of the page's cost on the server.
 */
export function TrajectoryChart({ t, showLines, bands = [] }: { t: Trajectory; showLines: boolean; bands?: readonly Band[] }) {
  const summary = t.points.map((p) => `${p.label}: ${p.mean === null ? "no data" : `mean ${fmt(p.mean)} (n ${p.n})`}`).join("; ");
  return (
    <figure className="report-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${t.label} across timepoints. ${summary}`}
        width="100%"
        preserveAspectRatio="xMidYMid meet"
        dangerouslySetInnerHTML={chartMarkup(t, showLines, bands)}
      />
      <figcaption className="small muted">
        {t.label}: mean with 95% CI{showLines && t.lines.length ? "; grey lines are individual participants" : ""}
        {bands.length ? `; shaded: ${bands.map((b) => `${b.label} ${b.from}–${b.to}`).join(", ")}` : ""}.
        {t.linesNote ? ` ${t.linesNote}` : ""}
      </figcaption>
    </figure>
  );
}

/** The chart's drawing, inside its `<svg>`: title, bands, grid with ticks, lines, CIs, means and axis labels. */
export function chartMarkup(t: Trajectory, showLines: boolean, bands: readonly Band[]): SafeHtml {
  const n = t.points.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  // Coordinates to a tenth of a unit (a chart is 560 units wide): "53.6", not "53.599999999999994".
  const x = (i: number) => tenth(PAD.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1)));
  // Round ticks (0, 5, 10 …) over the instrument's range and whatever the data reach (CI bounds included).
  const scale = niceTicks(
    t.points.flatMap((p) => [p.mean, ...(p.ci95 ?? [])]).filter((v): v is number => v !== null),
    { domain: [t.min, t.max], maxTicks: 7 },
  );
  const lo = scale.min;
  const hi = scale.max > scale.min ? scale.max : scale.min + 1;
  const y = (v: number) => tenth(PAD.top + plotH - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * plotH);
  const meanPath = t.points
    .map((p, i) => (p.mean === null ? null : `${x(i).toFixed(1)},${y(p.mean).toFixed(1)}`))
    .filter(Boolean)
    .join(" ");
  const anchor = (i: number) => (n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle");
  const shaded = bands.map((b, i) => {
    // Integer bands (0–4, 5–9 …) shade their half-open range on the continuous axis.
    const top = y(i === bands.length - 1 ? b.to : bands[i + 1].from);
    const height = tenth(Math.max(0, y(b.from) - top));
    const fill = BAND_FILLS[Math.min(i, BAND_FILLS.length - 1)];
    return markup`<g class="report-chart__band"><rect x="${PAD.left}" y="${top}" width="${plotW}" height="${height}" fill="${fill}"></rect><text x="${W - PAD.right - 4}" y="${top + 11}" text-anchor="end">${b.label}</text></g>`;
  });
  const grid = scale.ticks.map(
    (v) =>
      markup`<g class="report-chart__grid"><line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}"></line><text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text></g>`,
  );
  const lines = showLines
    ? t.lines.map((l) => {
        const pts = l.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
        return pts.length > 1 ? markup`<polyline class="report-chart__participant" points="${pts.join(" ")}"></polyline>` : null;
      })
    : null;
  const bar = (x1: number, x2: number, y1: number, y2: number) =>
    markup`<line x1="${tenth(x1)}" x2="${tenth(x2)}" y1="${y1}" y2="${y2}"></line>`;
  const cis = t.points.map((p, i) =>
    p.ci95
      ? markup`<g class="report-chart__ci">${bar(x(i), x(i), y(p.ci95[0]), y(p.ci95[1]))}${bar(x(i) - 6, x(i) + 6, y(p.ci95[0]), y(p.ci95[0]))}${bar(x(i) - 6, x(i) + 6, y(p.ci95[1]), y(p.ci95[1]))}</g>`
      : null,
  );
  const mean = meanPath ? markup`<polyline class="report-chart__mean" points="${meanPath}"></polyline>` : null;
  const dots = t.points.map((p, i) =>
    p.mean === null ? null : markup`<circle class="report-chart__dot" cx="${x(i)}" cy="${y(p.mean)}" r="4"></circle>`,
  );
  const xLabels = t.points.map((p, i) => {
    const spans = twoLines(shortTimepointLabel(p.label)).map(
      (line, k) => markup`<tspan x="${x(i)}" dy="${k === 0 ? 0 : 13}">${line}</tspan>`,
    );
    return markup`<text class="report-chart__xlabel" x="${x(i)}" y="${H - PAD.bottom + 18}" text-anchor="${anchor(i)}">${spans}</text>`;
  });
  const counts = markup`<text class="report-chart__xlabel" x="${x(0)}" y="${H - 10}" text-anchor="start">n = ${t.points.map((p) => p.n).join(" / ")}</text>`;
  return markup`<title>${t.label}: mean with 95% CI</title>${shaded}${grid}${lines}${cis}${mean}${dots}${xLabels}${counts}`;
}
