// Results worked out from the report's inputs, kept per input object. The loader hands every
// report of unchanged rows the same arrays (app/models/reportData.server.ts keeps them), and
// no report function changes an input array, set or object once made: what is derived from
// one (a filtered list, a grouping, who was dosed at which session) is the same every time it
// is asked for. Keys are the objects themselves (WeakMaps): a result lives as long as its inputs.

type Node = { next: WeakMap<object, Node>; values: Map<string, unknown> };
let root: Node = { next: new WeakMap(), values: new Map() };

/**
 * `make()`, once per combination of input objects and name (the name says what is derived,
 * with any plain parameters it depends on). `make` must depend on nothing else. With `keep`,
 * the combination of inputs keeps at most that many values, dropping the one used longest ago
 * (for names that grow with what users ask: each filter of a kept 200,000-participant list
 * keeps ~10 MB of lists derived from it).
 */
export function derived<T>(inputs: readonly object[], name: string, make: () => T, keep?: number): T {
  let node = root;
  for (const input of inputs) {
    let next = node.next.get(input);
    if (!next) node.next.set(input, (next = { next: new WeakMap(), values: new Map() }));
    node = next;
  }
  const values = node.values;
  if (values.has(name)) {
    const known = values.get(name) as T;
    if (keep !== undefined) {
      // Most recently used last.
      values.delete(name);
      values.set(name, known);
    }
    return known;
  }
  const value = make();
  values.set(name, value);
  if (keep !== undefined) for (const oldest of values.keys()) if (values.size > keep) values.delete(oldest);
  return value;
}

// Row lists by content: a hash → the arrays with that hash (held weakly).
const internedRows = new Map<number, WeakRef<Int32Array>[]>();
let internedSince = 0;

/**
 * The one array holding these row numbers. Equal lists (the same people in the same order,
 * asked for through another enrollments array: after an edit that changed no score, or another
 * filter or population that picks the same people) become the same object, so that results
 * keyed on rows and on the index's score lists (`derived([rows, list, …])`) are found again.
 * Row arrays are only ever read. The arrays are held weakly: one lives as long as something
 * else (the index's lists of rows, a report's memo) keeps it.
 */
export function internRows(rows: Int32Array): Int32Array {
  let h = 0x811c9dc5 ^ rows.length;
  for (let i = 0; i < rows.length; i++) h = Math.imul(h ^ rows[i], 0x01000193);
  const refs = internedRows.get(h);
  if (refs) {
    for (const ref of refs) {
      const known = ref.deref();
      if (known && sameRows(known, rows)) return known;
    }
    refs.push(new WeakRef(rows));
  } else internedRows.set(h, [new WeakRef(rows)]);
  // Forget collected arrays now and then.
  if (++internedSince >= 256) {
    internedSince = 0;
    for (const [key, list] of internedRows) {
      const alive = list.filter((ref) => ref.deref() !== undefined);
      if (alive.length) internedRows.set(key, alive);
      else internedRows.delete(key);
    }
  }
  return rows;
}

function sameRows(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Forgets every derived result and interned row list: what follows is worked out afresh (a
 * cold report, which tests and the benchmark compare with one from kept results).
 */
export function forgetDerived() {
  root = { next: new WeakMap(), values: new Map() };
  internedRows.clear();
}
