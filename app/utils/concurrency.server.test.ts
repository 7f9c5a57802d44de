import { describe, expect, it } from "vitest";
import { concurrencyLimit, sharedRuns, weightedLimit } from "./concurrency.server";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("concurrencyLimit", () => {
  it("runs at most `max` at once, the rest in arrival order, and frees the slot on failure", async () => {
    const run = concurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const job = (i: number, fail = false) =>
      run(async () => {
        started.push(i);
        active++;
        peak = Math.max(peak, active);
        await tick();
        active--;
        if (fail) throw new Error(`job ${i}`);
        return i;
      });
    const results = await Promise.allSettled([job(0), job(1, true), job(2), job(3), job(4, true), job(5)]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    // Every slot came back: two more run at once.
    active = 0;
    peak = 0;
    await Promise.all([job(6), job(7)]);
    expect(peak).toBe(2);
  });
});

describe("weightedLimit", () => {
  function tracker(budget: number, maxAtOnce = 4) {
    const run = weightedLimit({ maxAtOnce, budget: () => budget });
    const log: string[] = [];
    let held = 0;
    let peakHeld = 0;
    let active = 0;
    let peakActive = 0;
    const gates = new Map<string, () => void>();
    const job = (name: string, weight: number, fail = false) =>
      run(weight, async () => {
        log.push(name);
        held += weight;
        active++;
        peakHeld = Math.max(peakHeld, held);
        peakActive = Math.max(peakActive, active);
        await new Promise<void>((r) => gates.set(name, r));
        held -= weight;
        active--;
        if (fail) throw new Error(name);
        return name;
      });
    const release = async (name: string) => {
      for (let i = 0; i < 100 && !gates.has(name); i++) await tick();
      gates.get(name)!();
      gates.delete(name);
      await tick();
    };
    return { job, release, log, peaks: () => ({ held: peakHeld, active: peakActive }) };
  }

  it("keeps what runs within the budget, in arrival order, and a large piece is not overtaken", async () => {
    const t = tracker(100);
    const a = t.job("a", 60);
    const b = t.job("b", 30);
    const c = t.job("c", 50); // does not fit beside a and b
    const d = t.job("d", 5); // would fit, but waits behind c
    await tick();
    expect(t.log).toEqual(["a", "b"]);
    await t.release("a");
    expect(t.log).toEqual(["a", "b", "c", "d"]);
    await t.release("b");
    await t.release("c");
    await t.release("d");
    expect(await Promise.all([a, b, c, d])).toEqual(["a", "b", "c", "d"]);
    expect(t.peaks().held).toBeLessThanOrEqual(100);
  });

  it("runs a piece larger than the budget alone, frees its share on failure, and keeps the count limit", async () => {
    const t = tracker(100, 2);
    const big = t.job("big", 500, true);
    const failed = expect(big).rejects.toThrow("big");
    const small = t.job("small", 1);
    await tick();
    expect(t.log).toEqual(["big"]);
    await t.release("big");
    await failed;
    expect(t.log).toEqual(["big", "small"]);
    const more = [t.job("x", 1), t.job("y", 1)];
    await tick();
    expect(t.log).toEqual(["big", "small", "x"]); // two at once at most
    await t.release("small");
    expect(t.log).toEqual(["big", "small", "x", "y"]);
    await t.release("x");
    await t.release("y");
    await Promise.all([small, ...more]);
    expect(t.peaks().active).toBe(2);
  });
});

describe("sharedRuns", () => {
  /** Work whose runs are counted and held open until released, answering the run's number. */
  function gatedWork() {
    const runs: { n: number; release: (fail?: boolean) => void }[] = [];
    const work = () =>
      new Promise<number>((resolve, reject) => {
        const n = runs.length + 1;
        runs.push({ n, release: (fail) => (fail ? reject(new Error(`run ${n}`)) : resolve(n)) });
      });
    return { runs, work };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it("a call with nothing running starts a run; calls during it share the next run, which starts only when it ends", async () => {
    const run = sharedRuns<number>();
    const { runs, work } = gatedWork();
    const first = run("r", work);
    await settle();
    expect(runs).toHaveLength(1);
    // Three callers arrive while run 1 computes: none may be answered by it (it started before they asked).
    const later = [run("r", work), run("r", work), run("r", work)];
    await settle();
    expect(runs).toHaveLength(1);
    runs[0].release();
    expect(await first).toBe(1);
    await settle();
    expect(runs).toHaveLength(2); // one run for all three
    // A caller arriving while run 2 computes waits for run 3.
    const last = run("r", work);
    runs[1].release();
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    await settle();
    expect(runs).toHaveLength(3);
    runs[2].release();
    expect(await last).toBe(3);
    // Idle again: the next call starts at once.
    const again = run("r", work);
    await settle();
    expect(runs).toHaveLength(4);
    runs[3].release();
    expect(await again).toBe(4);
  });

  it("keys are independent, and a failed run fails only its own callers", async () => {
    const run = sharedRuns<number>();
    const { runs, work } = gatedWork();
    const a = run("a", work);
    const b = run("b", work);
    await settle();
    expect(runs).toHaveLength(2);
    const a2 = run("a", work);
    runs[0].release(true);
    await expect(a).rejects.toThrow("run 1");
    await settle();
    expect(runs).toHaveLength(3); // the next run of "a" starts although the one before failed
    runs[2].release();
    expect(await a2).toBe(3);
    runs[1].release();
    expect(await b).toBe(2);
  });
});
