import { describe, expect, it } from "vitest";
import { Turns, takingTurns } from "./writeTurns";

/** A stand-in adapter that logs what runs, in order. */
function fakeAdapter(log: string[], { failStart = false } = {}) {
  return {
    queryRaw: async (q: string) => void log.push(`query ${q}`),
    executeRaw: async (q: string) => void log.push(`execute ${q}`),
    startTransaction: async () => {
      if (failStart) throw new Error("busy");
      log.push("begin");
      return {
        commit: async () => void log.push("commit"),
        rollback: async () => void log.push("rollback"),
      };
    },
  };
}

const ticks = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("SQLite's write connection in turns", () => {
  it("runs a statement outside a transaction only once the open transaction has ended", async () => {
    const log: string[] = [];
    const adapter = takingTurns(fakeAdapter(log), new Turns());
    const tx = await adapter.startTransaction();
    const outside = adapter.executeRaw("outside" as never);
    await ticks();
    expect(log).toEqual(["begin"]);
    await tx.rollback();
    await outside;
    expect(log).toEqual(["begin", "rollback", "execute outside"]);
  });

  it("first come, first served, and a commit ends a transaction's turn once", async () => {
    const log: string[] = [];
    const adapter = takingTurns(fakeAdapter(log), new Turns());
    const first = adapter.startTransaction();
    const read = adapter.queryRaw("a" as never);
    const second = adapter.startTransaction();
    const tx = await first;
    await tx.commit();
    await tx.rollback(); // a second end gives back nothing more
    await read;
    const tx2 = await second;
    const after = adapter.queryRaw("b" as never);
    await ticks();
    expect(log.filter((line) => line !== "rollback")).toEqual(["begin", "commit", "query a", "begin"]);
    await tx2.commit();
    await after;
    expect(log.slice(-2)).toEqual(["commit", "query b"]);
  });

  it("gives the turn back when a transaction cannot start", async () => {
    const log: string[] = [];
    const turns = new Turns();
    const adapter = takingTurns(fakeAdapter(log, { failStart: true }), turns);
    await expect(adapter.startTransaction()).rejects.toThrow("busy");
    await adapter.queryRaw("after" as never);
    expect(log).toEqual(["query after"]);
  });
});
