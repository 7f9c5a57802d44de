// The report's trajectory chart, rendered to markup: timepoint labels (never keys), round
// y-axis ticks from the shared scale, and the severity bands only when asked for.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { getBands } from "~/domain/instruments";
import type { Trajectory } from "~/domain/reports";
import { TrajectoryChart } from "./LineChart";

const t: Trajectory = {
  id: "PHQ9-total",
  instrument: "PHQ9",
  scale: "total",
  label: "PHQ-9 total",
  min: 0,
  max: 27,
  points: [
    { timepoint: "baseline", label: "Baseline", n: 12, mean: 15.3, sd: 4, ci95: [12.8, 17.8], percentChange: null },
    { timepoint: "last_group", label: "Last group", n: 11, mean: 8.1, sd: 4, ci95: [5.6, 10.6], percentChange: -47 },
  ],
  lines: [],
  linesNote: null,
};

const ticksOf = (svg: string) => [...svg.matchAll(/text-anchor="end">(-?[\d.]+)<\/text>/g)].map((m) => Number(m[1]));

describe("trajectory chart", () => {
  it("labels timepoints with their names, not their keys, and ticks the y axis at round numbers", () => {
    const svg = renderToStaticMarkup(createElement(TrajectoryChart, { t, showLines: false }));
    expect(svg).toContain(">Last group<");
    expect(svg).not.toContain("last_group<");
    expect(ticksOf(svg)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(svg).toMatch(
      /role="img" aria-label="PHQ-9 total across timepoints\. Baseline: mean 15\.30 \(n 12\); Last group: mean 8\.10 \(n 11\)"/,
    );
  });

  it("shades the instrument's severity bands only when asked, and names them in the caption", () => {
    const plain = renderToStaticMarkup(createElement(TrajectoryChart, { t, showLines: false }));
    expect(plain).not.toContain("report-chart__band");
    const banded = renderToStaticMarkup(createElement(TrajectoryChart, { t, showLines: false, bands: getBands("PHQ9", "total") }));
    expect(banded.match(/report-chart__band/g)).toHaveLength(5);
    expect(banded).toContain("shaded: Minimal 0–4");
  });
});

describe("trajectory chart markup", () => {
  it("escapes what it is given: a label is text in the chart's title and in its axis", () => {
    const svg = renderToStaticMarkup(
      createElement(TrajectoryChart, {
        t: { ...t, label: `<img src=x onerror="alert(1)">`, points: [{ ...t.points[0], label: "<b>Week</b> & more" }, t.points[1]] },
        showLines: false,
      }),
    );
    expect(svg).toContain("<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;: mean with 95% CI</title>");
    expect(svg).toContain("&lt;b&gt;Week&lt;/b&gt; &amp; more");
    expect(svg).not.toContain("<img");
    expect(svg).not.toContain("<b>");
  });
});
