// Small-cell protection: one pure pass over a built report, so that the page, the CSV tables,
// the JSON and the CLI publish the same suppressed counts. Only breakdowns are suppressed
// (subgroup rows, the band/profile/eligibility tables); the whole analysed sample's pre/post
// analysis, trajectories, MEQ-30, safety and the flow describe the study itself and stay.
import type { CellCount, CrossTable, PrePostReport, SmallCellRule, SubgroupRow } from "./types";

export const DEFAULT_MIN_CELL_SIZE = 5;
/** The lowest threshold a report may ask for: below 3 a "<k" cell would name one or two people. */
export const MIN_CELL_SIZE_FLOOR = 3;
export const MIN_CELL_SIZE_CEILING = 50;

export const COMPLEMENTARY = "suppressed" as const;

/** What a suppressed count shows: `"<5"` for a small cell. */
export const smallText = (threshold: number): CellCount => `<${threshold}`;

export const isSuppressed = (c: CellCount): c is Exclude<CellCount, number> => typeof c !== "number";

type Mark = null | "small" | "complementary";

/**
 * Which entries of a table with published totals to hide. `lines` are the table's rows and
 * columns as lists of entry ids; `locked` entries are public elsewhere (a grand total equal to
 * the measure's n) and are never hidden. Primary: every entry with 1 to threshold − 1 people.
 * Complementary: while a line has exactly one hidden entry (recoverable from the others and
 * the line's total), hide the line's smallest non-zero visible entry as well.
 */
export function protectEntries(
  values: readonly number[],
  lines: readonly (readonly number[])[],
  threshold: number,
  locked: ReadonlySet<number> = new Set(),
): Mark[] {
  const marks: Mark[] = values.map((v, i) => (!locked.has(i) && v >= 1 && v < threshold ? "small" : null));
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if (line.filter((i) => marks[i] !== null).length !== 1) continue;
      let pick = -1;
      for (const i of line) {
        if (marks[i] !== null || locked.has(i) || values[i] <= 0) continue;
        if (pick < 0 || values[i] < values[pick]) pick = i;
      }
      // No candidate: the hidden entry equals a public total (the whole sample), nothing to protect.
      if (pick < 0) continue;
      marks[pick] = "complementary";
      changed = true;
    }
  }
  return marks;
}

const show = (v: number, mark: Mark, threshold: number): CellCount =>
  mark === "small" ? smallText(threshold) : mark === "complementary" ? COMPLEMENTARY : v;

interface TableResult {
  table: CrossTable;
  /** Column totals as published (not printed in the table; the eligibility rates use them). */
  colTotals: CellCount[];
  marks: Mark[];
}

/** A baseline × post table with its row totals, column totals and n (locked: it is the measure's n). */
export function protectCrossTable(t: CrossTable, threshold: number): TableResult {
  const R = t.rows.length;
  const C = t.cols.length;
  const num = (c: CellCount) => (typeof c === "number" ? c : 0);
  // Entries: cells r*C+c, then row totals, then column totals, then n.
  const values: number[] = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) values.push(num(t.counts[r][c]));
  const rowTotal = (r: number) => R * C + r;
  const colTotal = (c: number) => R * C + R + c;
  const grand = R * C + R + C;
  for (let r = 0; r < R; r++) values.push(t.counts[r].reduce<number>((a, b) => a + num(b), 0));
  for (let c = 0; c < C; c++) values.push(t.counts.reduce<number>((a, row) => a + num(row[c]), 0));
  values.push(t.n);
  const lines: number[][] = [];
  for (let r = 0; r < R; r++) lines.push([...Array.from({ length: C }, (_, c) => r * C + c), rowTotal(r)]);
  for (let c = 0; c < C; c++) lines.push([...Array.from({ length: R }, (_, r) => r * C + c), colTotal(c)]);
  lines.push([...Array.from({ length: R }, (_, r) => rowTotal(r)), grand]);
  lines.push([...Array.from({ length: C }, (_, c) => colTotal(c)), grand]);
  const marks = protectEntries(values, lines, threshold, new Set([grand]));
  const at = (i: number) => show(values[i], marks[i], threshold);
  return {
    table: {
      ...t,
      counts: t.counts.map((row, r) => row.map((_, c) => at(r * C + c))),
      rowTotals: t.rows.map((_, r) => at(rowTotal(r))),
    },
    colTotals: t.cols.map((_, c) => at(colTotal(c))),
    marks,
  };
}

/**
 * Subgroup rows: each dimension partitions the analysed participants, so its rows add up to
 * the measure's paired n, which the pre/post table publishes (locked total).
 */
export function protectSubgroups(rows: readonly SubgroupRow[], threshold: number): { rows: SubgroupRow[]; marks: Mark[] } {
  const marks: Mark[] = rows.map(() => null);
  const dims = [...new Set(rows.map((r) => r.dimension))];
  for (const dim of dims) {
    const idx = rows.flatMap((r, i) => (r.dimension === dim ? [i] : []));
    const values = idx.map((i) => (typeof rows[i].n === "number" ? (rows[i].n as number) : 0));
    const total = values.reduce((a, b) => a + b, 0);
    const m = protectEntries([...values, total], [[...values.keys(), values.length]], threshold, new Set([values.length]));
    idx.forEach((i, k) => (marks[i] = m[k]));
  }
  return {
    marks,
    rows: rows.map((r, i) => {
      const mark = marks[i];
      if (mark === null) return r;
      return {
        ...r,
        n: show(0, mark, threshold),
        preMean: null,
        postMean: null,
        changeMean: null,
        ci95: null,
        wilcoxonP: null,
        method: "none",
        note:
          mark === "small"
            ? `Fewer than ${threshold} participants with both timepoints: not shown (small-cell rule).`
            : `Not shown so that a smaller group of this dimension cannot be recovered from the total (complementary suppression).`,
      };
    }),
  };
}

const count = (marks: readonly Mark[], kind: Exclude<Mark, null>) => marks.filter((m) => m === kind).length;

export function smallCellMethods(threshold: number): string {
  return (
    `Small cells: subgroup rows and the cells and row totals of the band, burnout-profile and eligibility tables with 1 to ${threshold - 1} participants show “<${threshold}” and no statistics (threshold ${threshold}; the report's small-cell option, at least ${MIN_CELL_SIZE_FLOOR}). ` +
    `Where one hidden cell could be recovered by subtraction from a published total (a row or column total, the table's n, or the measure's n for a subgroup dimension), the smallest other non-zero cell of that row, column or dimension is hidden too (“suppressed”). ` +
    "Zeros are shown. The whole analysed sample's pre/post analysis, trajectories, responders, MEQ-30, safety and the flow are not suppressed: they describe the study sample itself."
  );
}

/**
 * The report with small cells suppressed. Pure: the statistics of every shown cell are those
 * of the unsuppressed report; suppressed cells have a `"<k"`/`"suppressed"` count and null statistics.
 */
export function suppressSmallCells(r: PrePostReport, threshold: number): PrePostReport {
  if (!Number.isInteger(threshold) || threshold < MIN_CELL_SIZE_FLOOR)
    throw new RangeError(`Small-cell threshold must be an integer ≥ ${MIN_CELL_SIZE_FLOOR}`);
  const all: Mark[] = [];
  const table = (t: CrossTable) => {
    const res = protectCrossTable(t, threshold);
    all.push(...res.marks);
    return res;
  };
  let eligibility = r.eligibility;
  if (eligibility) {
    const e = eligibility;
    const res = table(e.table);
    const meets = "Meets rule";
    const before = res.table.rowTotals[e.table.rows.indexOf(meets)] ?? 0;
    const after = res.colTotals[e.table.cols.indexOf(meets)] ?? 0;
    const hide = <T extends { count: CellCount; rate: number | null; wilson95: [number, number] | null }>(x: T, c: CellCount): T =>
      isSuppressed(c) ? { ...x, count: c, rate: null, wilson95: null } : x;
    eligibility = { ...e, table: res.table, before: hide(e.before, before), after: hide(e.after, after) };
  }
  const bandShifts = r.bandShifts.map((t) => table(t).table);
  let profiles = r.profiles;
  if (profiles) {
    const res = table(profiles.table);
    const b = profiles.table.rows.indexOf("Burnout");
    const c = profiles.table.cols.indexOf("Burnout");
    const hidden = b >= 0 && (isSuppressed(res.table.rowTotals[b]) || (c >= 0 && isSuppressed(res.table.counts[b][c])));
    profiles = {
      ...profiles,
      table: res.table,
      stillBurnout: hidden
        ? `How many participants left the Burnout profile is not shown: the counts are below the small-cell threshold (${threshold}).`
        : profiles.stillBurnout,
    };
  }
  let subgroups = r.subgroups;
  if (subgroups) {
    const res = protectSubgroups(subgroups.rows, threshold);
    all.push(...res.marks);
    subgroups = { ...subgroups, rows: res.rows };
  }
  const smallCells: SmallCellRule = { threshold, small: count(all, "small"), complementary: count(all, "complementary") };
  const filtered = r.filterText.length > 0;
  const warnings =
    filtered && r.flow.analysed > 0 && r.flow.analysed < threshold
      ? [
          ...r.warnings,
          `These filters leave ${r.flow.analysed} participant${r.flow.analysed === 1 ? "" : "s"}, fewer than the small-cell threshold (${threshold}): the statistics describe a small group; do not publish them.`,
        ]
      : r.warnings;
  return {
    ...r,
    eligibility,
    bandShifts,
    profiles,
    subgroups,
    smallCells,
    warnings,
    methods: [...r.methods, smallCellMethods(threshold)],
  };
}
