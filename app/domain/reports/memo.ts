// Results worked out from the report's inputs, kept per input object. The loader hands every
// report of unchanged rows the same arrays (app/models/reportData.server.ts keeps them), and
// no report function changes an input array, set or object once made: what is derived from
// one (a filtered list, a grouping, who was dosed at which session) is the same every time it
// is asked for. Keys are the objects themselves (WeakMaps): a result lives as long as its inputs.

type Node = { next: WeakMap<object, Node>; values: Map<string, unknown> };
const root: Node = { next: new WeakMap(), values: new Map() };

/**
 * `make()`, once per combination of input objects and name (the name says what is derived,
 * with any plain parameters it depends on). `make` must depend on nothing else.
 */
export function derived<T>(inputs: readonly object[], name: string, make: () => T): T {
  let node = root;
  for (const input of inputs) {
    let next = node.next.get(input);
    if (!next) node.next.set(input, (next = { next: new WeakMap(), values: new Map() }));
    node = next;
  }
  if (node.values.has(name)) return node.values.get(name) as T;
  const value = make();
  node.values.set(name, value);
  return value;
}
