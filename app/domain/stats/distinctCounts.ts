/**
 * Counts of the distinct values of a list of doubles, at most `limit` of them: an open-
 * addressing table keyed by the values' bits, several times faster than a Map of doubles
 * (which boxes each new key). Two values are the same key when their bits are equal, so the
 * caller keeps out NaN and −0 (a Map would merge them with other NaNs and +0).
 */
export class DistinctCounts {
  private readonly mask: number;
  private readonly keys: Float64Array;
  /** Per slot: 0 = empty, else 1 + the key's index in `values`. */
  private readonly slots: Int32Array;
  /** The distinct values in order of first sight, and their counts (`lanes` per value). */
  readonly values: number[] = [];
  readonly counts: number[] = [];
  private readonly scratch = new Float64Array(1);
  private readonly bits = new Int32Array(this.scratch.buffer);

  constructor(
    private readonly limit: number,
    private readonly lanes = 1,
  ) {
    let size = 16;
    while (size < limit * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Float64Array(size);
    this.slots = new Int32Array(size);
  }

  /** Adds one to the count of `v` in `lane`; false when `v` would be one distinct value too many. */
  add(v: number, lane = 0): boolean {
    this.scratch[0] = v;
    let h = Math.imul(this.bits[0] ^ Math.imul(this.bits[1], 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const s = this.slots[h];
      if (s === 0) break;
      if (this.keys[h] === v) {
        this.counts[(s - 1) * this.lanes + lane]++;
        return true;
      }
      h = (h + 1) & this.mask;
    }
    if (this.values.length === this.limit) return false;
    this.keys[h] = v;
    this.values.push(v);
    this.slots[h] = this.values.length;
    for (let k = 0; k < this.lanes; k++) this.counts.push(k === lane ? 1 : 0);
    return true;
  }

  /** The index of `v` among `values` (it must have been added). */
  indexOf(v: number): number {
    this.scratch[0] = v;
    let h = Math.imul(this.bits[0] ^ Math.imul(this.bits[1], 0x9e3779b1), 0x85ebca6b);
    h = (h ^ (h >>> 15)) & this.mask;
    while (this.keys[h] !== v || this.slots[h] === 0) h = (h + 1) & this.mask;
    return this.slots[h] - 1;
  }
}
