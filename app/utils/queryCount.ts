// Per-request count of SQL statements, for the Server-Timing header (SERVER_TIMING=1) that
// the page benchmark (tests/bench/pages-bench.ts) reads. The server bundle and the Remix
// build are separate module graphs, so the store lives on globalThis.
import { AsyncLocalStorage } from "node:async_hooks";
import { takingTurns, type Turns } from "./writeTurns";

export type QueryCount = { queries: number; ms: number };

const KEY = Symbol.for("groupkap.queryCount");
const holder = globalThis as { [KEY]?: AsyncLocalStorage<QueryCount> };
export const queryCountStorage: AsyncLocalStorage<QueryCount> = (holder[KEY] ??= new AsyncLocalStorage<QueryCount>());

type Queryable = {
  queryRaw: (...args: never[]) => Promise<unknown>;
  executeRaw: (...args: never[]) => Promise<unknown>;
};

// SLOW_QUERY_MS=n logs each statement that took n ms or more (its SQL text, never its
// bound values) to stderr: for finding what a slow page waits on.
// The reads through the driver (readRows in db.server.ts) are logged the same way (logSlowRead):
// on SQLite with the statement's own time on the thread, not the time it waited to run.
const slowMs = process.env.SLOW_QUERY_MS ? Number(process.env.SLOW_QUERY_MS) : undefined;
function logSlow(query: unknown, ms: number) {
  const sql = (query as { sql?: string } | undefined)?.sql ?? "";
  console.warn(`[slow query ${ms.toFixed(ms < 10 ? 2 : 0)} ms] ${sql.replace(/\s+/g, " ").slice(0, 400)}`);
}

/** A read through the driver that took `ms`: logged when SLOW_QUERY_MS asks for it. */
export function logSlowRead(sql: string, ms: number) {
  if (slowMs !== undefined && ms >= slowMs) logSlow({ sql }, ms);
}

function countCalls<T extends Queryable>(target: T): T {
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const original = target[method].bind(target) as (...args: unknown[]) => Promise<unknown>;
    (target as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const store = queryCountStorage.getStore();
      if (!store && slowMs === undefined) return original(...args);
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        const ms = performance.now() - started;
        if (store) {
          store.queries += 1;
          store.ms += ms;
        }
        if (slowMs !== undefined && ms >= slowMs) logSlow(args[0], ms);
      }
    };
  }
  return target;
}

/**
 * A transaction is one connection: its statements are sent one after another even when the
 * code starts several together (`Promise.all` over `tx` reads), as node-postgres requires
 * (queueing on a busy connection is deprecated there and an error in pg 9).
 */
function oneAtATime<T extends Queryable>(target: T): T {
  let previous: Promise<unknown> = Promise.resolve();
  for (const method of ["queryRaw", "executeRaw"] as const) {
    const original = target[method].bind(target) as (...args: unknown[]) => Promise<unknown>;
    (target as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const run = previous.then(() => original(...args));
      previous = run.catch(() => undefined);
      return run;
    };
  }
  return target;
}

type Adapter = Queryable & { startTransaction: (...args: never[]) => Promise<Queryable> };

/**
 * Wraps a driver adapter factory so that every statement (in transactions too) is counted,
 * and a transaction's statements run one at a time. With `oneConnection` (SQLite), the
 * connection is also taken in turns (app/utils/writeTurns.ts), and `onConnect` is told of the
 * connected adapter.
 */
export function countingAdapterFactory<F extends { connect: () => Promise<unknown> }>(
  factory: F,
  oneConnection?: { turns: Turns; onConnect: (adapter: unknown) => void },
): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const connected = (await connect()) as Adapter;
    if (oneConnection) {
      takingTurns(connected as unknown as Parameters<typeof takingTurns>[0], oneConnection.turns);
      oneConnection.onConnect(connected);
    }
    const adapter = countCalls(connected);
    const startTransaction = adapter.startTransaction.bind(adapter) as (...args: unknown[]) => Promise<Queryable>;
    adapter.startTransaction = (async (...args: unknown[]) => countCalls(oneAtATime(await startTransaction(...args)))) as never;
    return adapter;
  };
  return factory;
}

/** The Server-Timing value for a request's count. */
export function serverTimingValue(count: QueryCount): string {
  return `db;desc="${count.queries} queries";dur=${count.ms.toFixed(1)}`;
}
