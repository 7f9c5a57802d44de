// What several loaders of one page read alike, read once per request. Remix runs the root
// loader, a layout's and the page's side by side, each with its own copy of the Request but
// one load context per HTTP request: a read keyed by that context is shared by them and
// forgotten with the request. Only loaders pass a context (they run for a GET, or after an
// action has finished); an action's reads and a call without a context read afresh.

const kept = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * `run()` once per (request context, key): the first caller starts the read and the others
 * share its promise (its rejection too, e.g. a 404). `context` is the loader's `args.context`;
 * without one (tests, jobs, actions) `run()` runs each time. The key must name everything
 * the read depends on besides the request (the viewer's id, the record's id).
 */
export function oncePerRequest<T>(context: unknown, key: string, run: () => Promise<T>): Promise<T> {
  if (!context || typeof context !== "object") return run();
  let reads = kept.get(context);
  if (!reads) kept.set(context, (reads = new Map()));
  let read = reads.get(key) as Promise<T> | undefined;
  if (!read) reads.set(key, (read = run()));
  return read;
}
