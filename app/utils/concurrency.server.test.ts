import { describe, expect, it } from "vitest";
import { concurrencyLimit } from "./concurrency.server";

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
