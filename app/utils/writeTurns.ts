// SQLite's one write connection, taken in turns. The app's Prisma client has a single
// connection to a SQLite file, and Prisma's adapter queues only transactions on it: a statement
// outside any transaction, made while another request's interactive transaction was open
// (awaiting between its statements), ran inside that transaction. A participant view's audit
// event written then was lost when the other request's change rolled back, and a read saw rows
// that were never committed (tests/security/14-writes-beside-a-transaction.test.ts). Here every
// statement outside a transaction takes a turn, and a transaction holds one from BEGIN until
// its commit or rollback, first come first served. A statement runs synchronously on the
// thread, so its turn is the time it runs. PostgreSQL needs none of this: the pool gives each
// statement and each transaction a connection of its own.
//
// Code inside a transaction must use the transaction's client (`tx`): a statement through the
// root client there waits for the transaction to end, which waits for it.

/** First come, first served: one holder at a time. */
export class Turns {
  #busy = false;
  #waiting: (() => void)[] = [];

  /** Resolves once the caller holds the turn; it must call `release()` exactly once after. */
  take(): Promise<void> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release() {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }

  /** Runs `work` in a turn of its own. */
  async run<T>(work: () => T | Promise<T>): Promise<T> {
    await this.take();
    try {
      return await work();
    } finally {
      this.release();
    }
  }
}

type Statements = Record<"queryRaw" | "executeRaw", (...args: never[]) => Promise<unknown>> & {
  executeScript?: (...args: never[]) => Promise<unknown>;
};
type Transaction = { commit: () => Promise<void>; rollback: () => Promise<void> };
type Adapter = Statements & { startTransaction: (...args: never[]) => Promise<Transaction> };

/**
 * Makes a connected adapter take `turns`: its statements outside a transaction one at a time,
 * a transaction's turn held from its start until its commit or rollback.
 */
export function takingTurns<A extends Adapter>(adapter: A, turns: Turns): A {
  for (const method of ["queryRaw", "executeRaw", "executeScript"] as const) {
    const original = adapter[method]?.bind(adapter) as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (original) (adapter as Record<string, unknown>)[method] = (...args: unknown[]) => turns.run(() => original(...args));
  }
  const startTransaction = adapter.startTransaction.bind(adapter) as (...args: unknown[]) => Promise<Transaction>;
  (adapter as Record<string, unknown>).startTransaction = async (...args: unknown[]) => {
    await turns.take();
    let transaction: Transaction;
    try {
      transaction = await startTransaction(...args);
    } catch (error) {
      turns.release();
      throw error;
    }
    let ended = false;
    const end = () => {
      if (!ended) turns.release();
      ended = true;
    };
    for (const method of ["commit", "rollback"] as const) {
      const original = transaction[method].bind(transaction);
      transaction[method] = async () => {
        try {
          await original();
        } finally {
          end();
        }
      };
    }
    return transaction;
  };
  return adapter;
}
