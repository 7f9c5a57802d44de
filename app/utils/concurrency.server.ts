// A per-process limit on how many of one kind of heavy work run at once (the others wait
// in order). For CPU-bound work a process cannot run faster than its one thread anyway;
// the limit keeps memory bounded: 50 concurrent program reports would otherwise each hold
// their decoded rows at the same time. Nothing here is shared between app instances, and
// nothing needs to be: each instance bounds its own memory.
export function concurrencyLimit(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
