/**
 * Shared y-axis scale for the report charts and the participant's score history.
 * "Nice" ticks (Heckbert, 1-2-5 steps) over the data range, widened to the
 * instrument's domain when it is known (e.g. PHQ-9 0–27).
 */
export type NiceScale = { min: number; max: number; step: number; ticks: number[] };

function niceStep(span: number, maxTicks: number): number {
  const raw = span / Math.max(1, maxTicks - 1);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / mag;
  const nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * mag;
}

export function niceTicks(values: number[], opts: { domain?: [number, number]; maxTicks?: number } = {}): NiceScale {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = Math.min(...finite, ...(opts.domain ? [opts.domain[0]] : []));
  let hi = Math.max(...finite, ...(opts.domain ? [opts.domain[1]] : []));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo === hi) {
    if (lo === 0) hi = 1;
    else if (lo > 0) lo = 0;
    else hi = 0;
  }
  const step = niceStep(hi - lo, opts.maxTicks ?? 6);
  const round = (n: number) => Number(n.toPrecision(12));
  const min = round(Math.floor(lo / step) * step);
  const max = round(Math.ceil(hi / step) * step);
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(round(t));
  return { min, max, step, ticks };
}
