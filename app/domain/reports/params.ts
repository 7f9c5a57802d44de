// Report options and filters from a URL's search params. Lenient by design: a value that
// does not fit falls back to the default and is reported back, so a shared link with an
// outdated timepoint still opens.
import { z } from "zod";
import { INSTRUMENT_CODES, type InstrumentCode } from "~/domain/instruments";
import { DEFAULT_MIN_CELL_SIZE, MIN_CELL_SIZE_CEILING, MIN_CELL_SIZE_FLOOR } from "./suppression";
import type { Population, ReportFilters, ReportOptions, ReportTimepoint } from "./types";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));
const text = z.string().trim().min(1).max(64);

export interface ParsedParams {
  filters: ReportFilters;
  options: ReportOptions;
  shiftDays: number;
  problems: string[];
}

export function parseReportParams(
  params: URLSearchParams,
  ctx: { timepoints: readonly ReportTimepoint[]; defaults: { pre: string; post: string } | null; cohortIds: readonly string[] },
): ParsedParams {
  const problems: string[] = [];
  const keys = new Set(ctx.timepoints.map((t) => t.key));
  const tp = (name: "pre" | "post") => {
    const v = params.get(name);
    if (v && keys.has(v)) return v;
    if (v) problems.push(`Unknown ${name} timepoint “${v.slice(0, 40)}”: using the program's default.`);
    return ctx.defaults?.[name] ?? ctx.timepoints[0]?.key ?? "";
  };
  const opt = (name: string, schema: z.ZodType<string>) => {
    const v = params.get(name);
    if (v === null || v === "") return undefined;
    const r = schema.safeParse(v);
    if (!r.success) {
      problems.push(`Ignored the ${name} filter: “${v.slice(0, 40)}” is not valid.`);
      return undefined;
    }
    return r.data;
  };
  const cohortIds = params.getAll("cohort").filter((id) => id !== "");
  const unknown = cohortIds.filter((id) => !ctx.cohortIds.includes(id));
  if (unknown.length) problems.push("Ignored a cohort filter outside this report.");
  const population =
    (["enrolled", "dosed", "completers"] as const).find((p) => p === params.get("population")) ?? ("enrolled" satisfies Population);
  const responderPoints: Partial<Record<InstrumentCode, number>> = {};
  for (const code of INSTRUMENT_CODES) {
    const v = params.get(`resp_${code}`);
    if (v === null || v === "") continue;
    const n = Number(v);
    if (Number.isFinite(n) && n > 0 && n <= 100) responderPoints[code] = n;
    else problems.push(`Ignored the ${code} responder threshold “${v.slice(0, 20)}”: give a positive number of points.`);
  }
  // Small-cell threshold: an analyst may raise it (stricter), never lower it below the floor.
  const minCellRaw = params.get("minCell");
  const minCellNum = Number(minCellRaw);
  const minCellSize =
    minCellRaw && Number.isInteger(minCellNum) && minCellNum >= MIN_CELL_SIZE_FLOOR && minCellNum <= MIN_CELL_SIZE_CEILING
      ? minCellNum
      : DEFAULT_MIN_CELL_SIZE;
  if (minCellRaw && minCellSize !== minCellNum)
    problems.push(
      `The small-cell threshold must be a whole number from ${MIN_CELL_SIZE_FLOOR} to ${MIN_CELL_SIZE_CEILING}: using ${DEFAULT_MIN_CELL_SIZE}.`,
    );
  const shift = Number(params.get("shift") ?? "0");
  const shiftDays = Number.isInteger(shift) && shift >= 0 && shift <= 365 ? shift : 0;
  if (params.get("shift") && shiftDays !== shift)
    problems.push("The date shift must be a whole number of days from 0 to 365: no shift applied.");
  // Post must come after pre in the measure plan's order (the newest plan's): the other way
  // round every change would have its sign flipped.
  let pre = tp("pre");
  let post = tp("post");
  const order = ctx.timepoints.map((t) => t.key);
  if (pre && post && order.indexOf(pre) >= order.indexOf(post)) {
    const label = (key: string) => ctx.timepoints.find((t) => t.key === key)?.label ?? key;
    problems.push(
      pre === post
        ? `Pre and post are the same timepoint (${label(pre)}): using the program's default pair.`
        : `The post timepoint (${label(post)}) comes before the pre timepoint (${label(pre)}) in the measure plan: using the program's default pair.`,
    );
    pre = ctx.defaults?.pre ?? pre;
    post = ctx.defaults?.post ?? post;
  }
  const from = opt("from", day);
  const to = opt("to", day);
  if (from && to && from > to) problems.push("The start of the date range is after its end: no cohort matches.");
  return {
    filters: {
      cohortIds: cohortIds.filter((id) => ctx.cohortIds.includes(id)),
      from,
      to,
      occupation: opt("occupation", text),
      sex: opt("sex", text),
      ageBand: opt("ageBand", text),
      route: opt("route", text),
    },
    options: {
      pre,
      post,
      population,
      responderPoints,
      primary: opt("primary", text),
      participantLines: params.get("lines") === "1",
      minCellSize,
    },
    shiftDays,
    problems,
  };
}
