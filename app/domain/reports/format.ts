// Display formatting shared by the page, the CSV tables and the print layout. Nothing
// here ever prints NaN: undefined values become an em dash.
import type { PrePostReport, SubgroupRow } from "./types";
import { DOSING_ROUTE_LABELS, type DosingRoute } from "../safety/dosing";
import { occupationLabel, sexLabel } from "../scheduling/participantLabels";

export const DASH = "—";

export function fmt(x: number | null | undefined, digits = 2): string {
  if (typeof x !== "number" || !Number.isFinite(x)) return DASH;
  const r = Number(x.toFixed(digits));
  return (Object.is(r, -0) ? 0 : r).toFixed(digits);
}

export function fmtP(p: number | null | undefined): string {
  if (typeof p !== "number" || !Number.isFinite(p)) return DASH;
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}

export function fmtPct(rate: number | null | undefined, digits = 1): string {
  if (typeof rate !== "number" || !Number.isFinite(rate)) return DASH;
  return `${(rate * 100).toFixed(digits)}%`;
}

export function fmtCi(ci: readonly [number, number] | null | undefined, digits = 2): string {
  return ci ? `${fmt(ci[0], digits)} to ${fmt(ci[1], digits)}` : DASH;
}

export function fmtPctCi(ci: readonly [number, number] | null | undefined): string {
  return ci ? `${fmtPct(ci[0])}–${fmtPct(ci[1])}` : DASH;
}

export const METHOD_TEXT = { exact: "exact", "normal-cc": "normal approx. (cc)", none: "not computable" } as const;

/** "PHQ-9" + "PHQ-9 total" → "PHQ-9 total"; "PCL-5" + "Intrusion (B)" → "PCL-5 Intrusion (B)". */
export function measureTitle(instrumentName: string, scaleLabel: string): string {
  return scaleLabel.startsWith(`${instrumentName} `) || scaleLabel === instrumentName ? scaleLabel : `${instrumentName} ${scaleLabel}`;
}

/** The flow's steps in order, as the report, its CSV and its print show them (clearance only where recorded). */
export function flowSteps(r: Pick<PrePostReport, "flow" | "population">): [label: string, n: number][] {
  const f = r.flow;
  return [
    ["Referred", f.referred],
    ["Screened", f.screened],
    ["Eligible", f.eligible],
    ...(f.cleared === null ? [] : [["Medically cleared", f.cleared] as [string, number]]),
    ["Enrolled", f.enrolled],
    ["Consented (active)", f.consented],
    ["Dosed at least once", f.dosed],
    ["Completed", f.completed],
    [`Analysed (${r.population})`, f.analysed],
  ];
}

/** A subgroup's words: "Firefighter", "Female", "IM" — never the stored code. Age bands are already words. */
export function subgroupLabel(dimension: SubgroupRow["dimension"], group: string): string {
  if (dimension === "occupation") return occupationLabel(group);
  if (dimension === "sex") return sexLabel(group);
  if (dimension === "route") return DOSING_ROUTE_LABELS[group as DosingRoute] ?? group;
  return group;
}
