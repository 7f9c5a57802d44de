import { describe, expect, it } from "vitest";
import { DistinctCounts } from "./distinctCounts";

describe("DistinctCounts", () => {
  it("counts each distinct double, in lanes, up to its limit", () => {
    const values = [0.2, 0.4, 0.2, 1e-9, 3, Infinity, -0.2, 0.1 + 0.2, 0.3, 3];
    const c = new DistinctCounts(100, 2);
    values.forEach((v, i) => expect(c.add(v, i % 2)).toBe(true));
    const expected = new Map<number, [number, number]>();
    values.forEach((v, i) => {
      const e = expected.get(v) ?? [0, 0];
      e[i % 2]++;
      expected.set(v, e);
    });
    expect(c.values).toEqual([...expected.keys()]);
    for (const [v, [a, b]] of expected) expect([c.counts[2 * c.indexOf(v)], c.counts[2 * c.indexOf(v) + 1]]).toEqual([a, b]);
    const small = new DistinctCounts(2);
    expect([small.add(1), small.add(2), small.add(1), small.add(3)]).toEqual([true, true, true, false]);
    expect(small.counts).toEqual([2, 1]);
  });
});
