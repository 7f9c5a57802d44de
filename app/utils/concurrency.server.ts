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

/**
 * Like `concurrencyLimit`, and each piece of work also names what it will hold (e.g. the
 * bytes of heap a report needs): work starts only while the held total stays within
 * `budget`, first come first served (a large piece is not overtaken by smaller ones behind
 * it). A piece larger than the whole budget runs alone. `budget` is asked each time, so it
 * can follow the process's heap limit.
 */
export function weightedLimit({ maxAtOnce, budget }: { maxAtOnce: number; budget: () => number }) {
  let running = 0;
  let held = 0;
  const waiting: { weight: number; start: () => void }[] = [];
  const fits = (weight: number) => running < maxAtOnce && (running === 0 || held + weight <= budget());
  function admitWaiting() {
    while (waiting.length && fits(waiting[0].weight)) {
      const next = waiting.shift()!;
      running++;
      held += next.weight;
      next.start();
    }
  }
  return async function run<T>(weight: number, work: () => Promise<T>): Promise<T> {
    if (!waiting.length && fits(weight)) {
      running++;
      held += weight;
    } else await new Promise<void>((start) => waiting.push({ weight, start }));
    try {
      return await work();
    } finally {
      running--;
      held -= weight;
      admitWaiting();
    }
  };
}

/**
 * Shares one run of the same work among the callers that ask for it at about the same time,
 * without ever answering a caller from a run that started before it asked: a call for a key
 * with no run in progress starts one; a call while one is in progress waits for the next
 * run, which starts when the current one ends and is shared by every call that arrived in
 * the meantime. So each caller's answer was computed entirely after its call (it sees every
 * write committed before it asked), and fifty people opening the same report at once cost
 * two computations, not fifty. A failed run fails the calls that shared it; the next run
 * starts all the same. Only for work whose answer depends on nothing but the key and the
 * database (not on who asks, beyond what the key holds, nor on randomness), and whose
 * answer the callers only read.
 */
export function sharedRuns<T>() {
  type Slot = { promise: Promise<T> };
  const running = new Map<string, Slot>();
  const next = new Map<string, Slot>();
  const start = (key: string, work: () => Promise<T>): Slot => {
    const slot: Slot = { promise: Promise.resolve().then(work) };
    running.set(key, slot);
    const done = () => {
      if (running.get(key) === slot) running.delete(key);
    };
    slot.promise.then(done, done);
    return slot;
  };
  return function run(key: string, work: () => Promise<T>): Promise<T> {
    const queued = next.get(key);
    if (queued) return queued.promise;
    const current = running.get(key);
    if (!current) return start(key, work).promise;
    // The next run starts once the current one has ended, whichever way it ended.
    const after = () => {
      next.delete(key);
      return start(key, work).promise;
    };
    const slot: Slot = { promise: current.promise.then(after, after) };
    next.set(key, slot);
    return slot.promise;
  };
}
