// The completed assessments of a report and their index. A leaf module (but for memo.ts, which
// imports nothing): the report's other modules (types.ts included) import from here, never the
// other way round.
import type { InstrumentCode, ScaleKey } from "~/domain/instruments";
import { internRows } from "./memo";

/** The records of a timepoint and instrument nobody completed: one list, so results keyed on it are found again. */
const NO_RECORDS: readonly (ScoredValues | undefined)[] = Object.freeze([]);

export interface StoredScale {
  value: number | null;
  sum: number | null;
  mean?: number | null;
  valid: boolean;
}

/** The scores of one completed questionnaire (identical scores may share one object). */
export interface ScoredValues {
  scales: Partial<Record<ScaleKey, StoredScale>>;
  /** MEQ-30 only: all four factors ≥ 60% of the maximum; null when not computable. */
  completeMystical: boolean | null;
}

/** One completed questionnaire, reduced to what reports need (scores parsed once). */
export interface ReportAssessment extends ScoredValues {
  enrollmentId: string;
  timepointKey: string;
  instrument: InstrumentCode;
  completedOn: string | null;
}

/**
 * The completed assessments, indexed once per report for fast, allocation-free reads:
 * each enrollment gets a row number, and each (timepoint, instrument, scale) becomes a
 * column of values (NaN = missing or invalid), built lazily and cached.
 */
export class AssessmentIndex {
  /** Row → enrollment id, and its reverse, filled lazily (up to `mapped`) when a lookup needs it. */
  private idOfRow: string[] = [];
  private rowOf = new Map<string, number>();
  private mapped = 0;
  /** timepoint → instrument → scores by row. */
  private records = new Map<string, Map<string, (ScoredValues | undefined)[]>>();
  private columns = new Map<string, ScoreColumn>();
  private lastId: string | null = null;
  private lastRow = -1;

  constructor(assessments: readonly ReportAssessment[] = []) {
    for (const a of assessments) this.add(a.enrollmentId, a.timepointKey, a.instrument, a);
  }

  /** Adds one completed assessment (before any row or column is read). */
  add(enrollmentId: string, timepointKey: string, instrument: string, scored: ScoredValues) {
    // Assessments mostly come grouped by enrollment: skip the lookup then.
    if (enrollmentId !== this.lastId) {
      this.lastId = enrollmentId;
      this.lastRow = this.rowOfEnrollment(enrollmentId);
    }
    let byCode = this.records.get(timepointKey);
    if (!byCode) this.records.set(timepointKey, (byCode = new Map()));
    let list = byCode.get(instrument);
    if (!list) byCode.set(instrument, (list = []));
    else list = this.writable(timepointKey, byCode, instrument, list);
    list[this.lastRow] = scored;
  }

  /**
   * The row of an enrollment, numbered on first sight. With `listAt`, a loader that reads
   * enrollments one after the other stores their scores without a lookup per assessment.
   */
  rowOfEnrollment(enrollmentId: string): number {
    const row = this.lookup(enrollmentId);
    return row === undefined ? this.appendRow(enrollmentId) : row;
  }

  /**
   * A new row for an enrollment the caller knows has none yet (a loader reading each
   * enrollment once): numbered without a lookup; the id → row map is filled only when a
   * lookup needs it.
   */
  appendRow(enrollmentId: string): number {
    this.idOfRow.push(enrollmentId);
    return this.idOfRow.length - 1;
  }

  /** The number of rows. */
  get size(): number {
    return this.idOfRow.length;
  }

  private lookup(enrollmentId: string): number | undefined {
    for (; this.mapped < this.idOfRow.length; this.mapped++) this.rowOf.set(this.idOfRow[this.mapped], this.mapped);
    return this.rowOf.get(enrollmentId);
  }

  /** The (sparse, by row) list of one timepoint and instrument, to store scores into: `list[row] = scored`. */
  listAt(timepointKey: string, instrument: string): (ScoredValues | undefined)[] {
    let byCode = this.records.get(timepointKey);
    if (!byCode) this.records.set(timepointKey, (byCode = new Map()));
    let list = byCode.get(instrument);
    // Made as long as the rows numbered so far, without holes: storing into it is then ~4×
    // faster than growing a sparse array one row at a time (millions of assessments).
    if (!list) byCode.set(instrument, (list = new Array<ScoredValues | undefined>(this.idOfRow.length).fill(undefined)));
    else list = this.writable(timepointKey, byCode, instrument, list);
    return list;
  }

  private readonly rowsMemo = new WeakMap<readonly string[], Int32Array>();

  /**
   * Row numbers of these enrollments (−1 for an enrollment without any assessment). The
   * sections of a report ask for the same list many times: the answer is kept per array
   * (the array must not be changed afterwards; reports never do).
   */
  rows(ids: readonly string[]): Int32Array {
    let out = this.rowsMemo.get(ids);
    if (out) return out;
    out = new Int32Array(ids.length);
    // Reports ask in the loader's order (filters keep it): each id is mostly the next row's,
    // checked without a lookup.
    const idOfRow = this.idOfRow;
    for (let i = 0, next = 0; i < ids.length; i++) {
      const id = ids[i];
      if (next < idOfRow.length && idOfRow[next] === id) {
        out[i] = next++;
        continue;
      }
      const row = this.lookup(id) ?? -1;
      out[i] = row;
      if (row >= 0) next = row + 1;
    }
    // The same row numbers as an earlier list are that list (results keyed on rows are found again).
    out = internRows(out);
    this.rowsMemo.set(ids, out);
    return out;
  }

  private readonly enrollmentRowsMemo = new WeakMap<readonly { enrollmentId: string }[], Int32Array>();

  /** `rows` of these enrollments' ids, kept per array like `rows`. */
  rowsFor(enrollments: readonly { enrollmentId: string }[]): Int32Array {
    let out = this.enrollmentRowsMemo.get(enrollments);
    if (!out) this.enrollmentRowsMemo.set(enrollments, (out = this.rows(enrollments.map((e) => e.enrollmentId))));
    return out;
  }

  /**
   * A copy of this index in which each range of rows belongs to the enrollments given (as many
   * as the range had) and holds the scores `store` puts there (through `put`), and no others.
   * Lists and columns whose rows in the ranges come out the same are shared with this index
   * (a list is copied before a write to it); the others are copied, and the columns worked out
   * again in those rows only: a program report in which one cohort changed reuses what the
   * others cost. This index is not changed.
   */
  withRowsReplaced(
    ranges: readonly { from: number; ids: readonly string[] }[],
    store: (put: (timepointKey: string, instrument: string, row: number, scored: ScoredValues) => void) => void,
  ): AssessmentIndex {
    for (const { from, ids } of ranges)
      if (from < 0 || from + ids.length > this.idOfRow.length)
        throw new RangeError(`Rows ${from}–${from + ids.length} are not all in the index`);
    const written = new Map<string, Map<number, ScoredValues>>();
    store((tp, code, row, scored) => {
      const key = `${tp}\u0000${code}`;
      let rows = written.get(key);
      if (!rows) written.set(key, (rows = new Map()));
      rows.set(row, scored);
    });
    const copy = new AssessmentIndex();
    copy.idOfRow = this.idOfRow.slice();
    for (const { from, ids } of ranges) for (let k = 0; k < ids.length; k++) copy.idOfRow[from + k] = ids[k];
    const keys = new Set(written.keys());
    for (const [tp, byCode] of this.records) for (const code of byCode.keys()) keys.add(`${tp}\u0000${code}`);
    const rewritten = new Set<string>();
    for (const key of keys) {
      const [tp, code] = key.split("\u0000");
      const before = this.records.get(tp)?.get(code);
      const rows = written.get(key);
      const same = ranges.every(({ from, ids }) => {
        for (let r = from; r < from + ids.length; r++) if (rows?.get(r) !== before?.[r]) return false;
        return true;
      });
      let list = before;
      if (!same) {
        list = before ? before.slice() : new Array<ScoredValues | undefined>(copy.idOfRow.length).fill(undefined);
        for (const { from, ids } of ranges) for (let r = from; r < from + ids.length; r++) list[r] = rows?.get(r);
        rewritten.add(key);
      } else if (list) copy.shared.add(list);
      if (!list) continue;
      let byCode = copy.records.get(tp);
      if (!byCode) copy.records.set(tp, (byCode = new Map()));
      byCode.set(code, list);
    }
    for (const [key, col] of this.columns) {
      const [tp, code] = key.split("\u0000");
      copy.columns.set(key, rewritten.has(`${tp}\u0000${code}`) ? col.copyWith(copy.recordsAt(tp, code as InstrumentCode), ranges) : col);
    }
    return copy;
  }

  /** Lists this index shares with the one it was copied from: copied before anything is stored in them. */
  private readonly shared = new Set<readonly (ScoredValues | undefined)[]>();

  private writable(tp: string, byCode: Map<string, (ScoredValues | undefined)[]>, code: string, list: (ScoredValues | undefined)[]) {
    if (!this.shared.has(list)) return list;
    this.shared.delete(list);
    const own = list.slice();
    byCode.set(code, own);
    // Its columns were made from the shared list: from now on they follow this one.
    for (const key of [...this.columns.keys()]) if (key.startsWith(`${tp}\u0000${code}\u0000`)) this.columns.delete(key);
    return own;
  }

  /** The records of one timepoint and instrument, by row (sparse). */
  recordsAt(tp: string, code: InstrumentCode): readonly (ScoredValues | undefined)[] {
    return this.records.get(tp)?.get(code) ?? NO_RECORDS;
  }

  record(row: number, tp: string, code: InstrumentCode): ScoredValues | undefined {
    return row < 0 ? undefined : this.records.get(tp)?.get(code)?.[row];
  }

  column(tp: string, code: InstrumentCode, scale: ScaleKey): ScoreColumn {
    const key = `${tp}\u0000${code}\u0000${scale}`;
    let col = this.columns.get(key);
    if (!col) this.columns.set(key, (col = new ScoreColumn(this.recordsAt(tp, code), scale, this.idOfRow.length)));
    return col;
  }
}

/**
 * One scale at one timepoint, by row (NaN = missing or invalid): the values, and the sums and
 * means, which are read only where a section needs them (pre and post) and so made on first
 * use (most columns, a trajectory's, never need them).
 */
export class ScoreColumn {
  readonly value: Float64Array;
  private sums: Float64Array | null = null;
  private means: Float64Array | null = null;

  constructor(
    private readonly list: readonly (ScoredValues | undefined)[],
    private readonly scale: ScaleKey,
    private readonly n: number,
    copied?: {
      value: Float64Array;
      sums: Float64Array | null;
      means: Float64Array | null;
      rows: readonly { from: number; ids: readonly unknown[] }[];
    },
  ) {
    if (copied) {
      // This column as another was, worked out again in the given rows only.
      this.value = copied.value;
      this.sums = copied.sums;
      this.means = copied.means;
      for (const { from, ids } of copied.rows) this.fill(from, from + ids.length);
      return;
    }
    this.value = new Float64Array(n).fill(NaN);
    for (let r = 0; r < list.length; r++) {
      const s = list[r]?.scales[scale];
      if (!s || !s.valid || typeof s.value !== "number" || !Number.isFinite(s.value)) continue;
      this.value[r] = s.value;
    }
  }

  /** This column over another list (the same rows) that differs from its own in `rows` only. */
  copyWith(list: readonly (ScoredValues | undefined)[], rows: readonly { from: number; ids: readonly unknown[] }[]): ScoreColumn {
    return new ScoreColumn(list, this.scale, this.n, {
      value: copyOf(this.value),
      sums: this.sums && copyOf(this.sums),
      means: this.means && copyOf(this.means),
      rows,
    });
  }

  /** Rows [from, to) of the values, and of the sums and means if made, from the list. */
  private fill(from: number, to: number) {
    for (let r = from; r < to; r++) {
      const s = this.list[r]?.scales[this.scale];
      const ok = !!s && s.valid && typeof s.value === "number" && Number.isFinite(s.value);
      this.value[r] = ok ? s.value! : NaN;
      if (this.sums) this.sums[r] = ok && typeof s.sum === "number" ? s.sum : NaN;
      if (this.means) this.means[r] = ok && typeof s.mean === "number" ? s.mean : NaN;
    }
  }

  get sum(): Float64Array {
    if (!this.sums) this.fillSumsAndMeans();
    return this.sums!;
  }

  get mean(): Float64Array {
    if (!this.means) this.fillSumsAndMeans();
    return this.means!;
  }

  private fillSumsAndMeans() {
    const sum = new Float64Array(this.n).fill(NaN);
    const mean = new Float64Array(this.n).fill(NaN);
    const list = this.list;
    for (let r = 0; r < list.length; r++) {
      const s = list[r]?.scales[this.scale];
      if (!s || !s.valid || typeof s.value !== "number" || !Number.isFinite(s.value)) continue;
      if (typeof s.sum === "number") sum[r] = s.sum;
      mean[r] = typeof s.mean === "number" ? s.mean : NaN;
    }
    this.sums = sum;
    this.means = mean;
  }
}

/** A copy of a column: a new array and `set` (~0.7 ms for 200,000 values, where `slice` took ~7 ms in Node 20). */
function copyOf(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  out.set(values);
  return out;
}

export function indexAssessments(assessments: readonly ReportAssessment[]): AssessmentIndex {
  return new AssessmentIndex(assessments);
}

/** Value at a row of a column; null when missing (−1 rows included). */
export function at(col: Float64Array, row: number): number | null {
  if (row < 0) return null;
  const v = col[row];
  return Number.isNaN(v) ? null : v;
}
