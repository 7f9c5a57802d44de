/** Behaviour the R reference cannot show: notes, shapes, edge cases, input handling. */
import { describe, expect, it } from "vitest";
import { mulberry32 } from "~/utils/random";
import { quantileSorted } from "./descriptive";
import {
  averageRanks,
  comparePaired,
  exactSignedRankP,
  hodgesLehmann,
  oneSampleTTest,
  quantile,
  quartiles,
  reliableChange,
  reliableChangeCounts,
  reliableChangeCountsOf,
  roundTo9,
  roundTo9ByText,
  signedRankTest,
  sum,
  summarize,
  wilsonInterval,
} from "./index";
import { expectAllFinite } from "./testSupport";

const pairs = (pre: (number | null)[], post: (number | null)[]) => pre.map((p, i) => ({ pre: p, post: post[i] }));

describe("comparePaired: shape", () => {
  it("serializes to exactly the keys of the CLI report", () => {
    const r = JSON.parse(JSON.stringify(comparePaired([10, 12, 9, 15], [7, 12, 4, 10])));
    expect(Object.keys(r)).toEqual(["n", "excluded", "pre", "post", "change", "t_test", "wilcoxon", "effect", "notes"]);
    expect(Object.keys(r.excluded)).toEqual(["missingPre", "missingPost", "missingBoth"]);
    expect(Object.keys(r.pre)).toEqual(["median", "q1", "q3", "mean", "sd"]);
    expect(Object.keys(r.change)).toEqual(["mean", "sd", "ci95"]);
    expect(Object.keys(r.t_test)).toEqual(["t", "df", "p"]);
    expect(Object.keys(r.wilcoxon)).toEqual(["V", "p", "method", "zeros", "ties"]);
    expect(Object.keys(r.effect)).toEqual(["dz", "rank_biserial"]);
  });

  it("gives the same result for pairs and for two arrays", () => {
    const pre = [10, null, 9, 15, 11];
    const post = [7, 12, 4, null, 11];
    expect(comparePaired(pre, post)).toEqual(comparePaired(pairs(pre, post)));
  });

  it("without quartiles, only the medians and quartiles differ", () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const items of [1, 5, 6]) {
      const pre = Array.from({ length: 3000 }, () => (rnd() < 0.1 ? null : Math.floor(rnd() * 6 * items) / items));
      const post = Array.from({ length: 3000 }, () => (rnd() < 0.1 ? null : Math.floor(rnd() * 6 * items) / items));
      const full = comparePaired(pre, post);
      const lean = comparePaired(pre, post, { quartiles: false });
      for (const side of ["pre", "post"] as const) {
        expect(lean[side]).toEqual({ ...full[side], median: null, q1: null, q3: null });
        expect(full[side].median).not.toBeNull();
      }
      expect({ ...lean, pre: null, post: null }).toEqual({ ...full, pre: null, post: null });
    }
  });

  it("tests the unrounded differences: the same t as a one-sample test of them, whole or not", () => {
    let seed = 5;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const items of [1, 1, 5, 6]) {
      const pre = Array.from({ length: 2000 }, () => Math.floor(rnd() * 6 * items) / items);
      const post = pre.map((x) => Math.max(0, x - Math.floor(rnd() * 4 * items) / items + 1));
      const own = oneSampleTTest(post.map((x, i) => x - pre[i]));
      if (!own.ok) throw new Error("expected a t-test");
      const { t, df, p, ci95 } = own.result;
      const cmp = comparePaired(pre, post);
      expect(cmp.t_test).toEqual({ t, df, p });
      expect(cmp.change.ci95).toEqual(ci95);
    }
  });

  it("rejects arrays of different lengths (a programming error)", () => {
    expect(() => comparePaired([1, 2], [1])).toThrow(RangeError);
  });
});

describe("comparePaired: edge cases are defined and explained", () => {
  it("n = 0 (empty input)", () => {
    const r = comparePaired([]);
    expectAllFinite(r);
    expect(r.n).toBe(0);
    expect(r.pre).toEqual({ median: null, q1: null, q3: null, mean: null, sd: null });
    expect(r.change).toEqual({ mean: null, sd: null, ci95: null });
    expect(r.t_test).toBeNull();
    expect(r.wilcoxon).toEqual({ V: 0, p: null, method: "none", zeros: 0, ties: 0 });
    expect(r.effect).toEqual({ dz: null, rank_biserial: null });
    expect(r.notes).toEqual(["No participant has both timepoints: there is nothing to compare."]);
  });

  it("excludes and counts participants with one timepoint; NaN, Infinity and undefined are missing", () => {
    const r = comparePaired([
      { pre: 10, post: null },
      { pre: undefined, post: 8 },
      { pre: Number.NaN, post: 8 },
      { pre: 9, post: Number.POSITIVE_INFINITY },
      { pre: null, post: null },
    ]);
    expect(r.n).toBe(0);
    expect(r.excluded).toEqual({ missingPre: 2, missingPost: 2, missingBoth: 1 });
    expect(r.notes[0]).toBe("4 participants with one timepoint only excluded (2 without pre, 2 without post).");
    expect(r.notes[1]).toBe("1 participant with neither timepoint excluded.");
    expectAllFinite(r);
  });

  it("n = 1", () => {
    const r = comparePaired([14], [9]);
    expectAllFinite(r);
    expect(r.pre).toEqual({ median: 14, q1: 14, q3: 14, mean: 14, sd: null });
    expect(r.change).toEqual({ mean: -5, sd: null, ci95: null });
    expect(r.t_test).toBeNull();
    expect(r.effect.dz).toBeNull();
    expect(r.wilcoxon).toEqual({ V: 0, p: 1, method: "exact", zeros: 0, ties: 0 });
    expect(r.effect.rank_biserial).toBe(-1);
    expect(r.notes[0]).toMatch(/^Only 1 participant has both timepoints/);
  });

  it("n = 2 gives a t-test with df = 1", () => {
    const r = comparePaired([14, 20], [9, 12]);
    expect(r.t_test?.df).toBe(1);
    expect(r.wilcoxon.method).toBe("exact");
    expect(r.wilcoxon.p).toBe(0.5);
  });

  it("every difference zero", () => {
    const r = comparePaired([10, 12, 7, 15, 9], [10, 12, 7, 15, 9]);
    expectAllFinite(r);
    expect(r.change).toEqual({ mean: 0, sd: 0, ci95: null });
    expect(r.t_test).toBeNull();
    expect(r.wilcoxon).toEqual({ V: 0, p: null, method: "none", zeros: 5, ties: 0 });
    expect(r.effect).toEqual({ dz: null, rank_biserial: null });
    expect(r.notes).toEqual([
      "All 5 differences are zero: their SD is 0, so the paired t-test, its 95% CI and d_z are undefined.",
      "All 5 differences are zero: the signed-rank test and the rank-biserial r are undefined.",
    ]);
  });

  it("every difference equal (sd = 0): no t, no d_z", () => {
    const r = comparePaired([3, 8, 11, 5], [5, 10, 13, 7]);
    expectAllFinite(r);
    expect(r.change).toEqual({ mean: 2, sd: 0, ci95: null });
    expect(r.t_test).toBeNull();
    expect(r.effect.dz).toBeNull();
    expect(r.effect.rank_biserial).toBe(1);
    expect(r.wilcoxon.method).toBe("normal-cc");
    expect(r.notes[0]).toBe("All 4 differences are equal (+2): their SD is 0, so the paired t-test, its 95% CI and d_z are undefined.");
  });

  it("differences equal only up to floating-point noise count as equal (4.8 − 4.4 vs 5.0 − 4.6)", () => {
    const r = comparePaired([4.4, 4.6, 2.8], [4.8, 5.0, 3.2]);
    expect(r.change.sd).toBe(0);
    expect(r.t_test).toBeNull();
    expect(r.wilcoxon.ties).toBe(3);
    expect(r.notes[0]).toContain("(+0.4)");
  });

  it("states the signed-rank method and why", () => {
    expect(comparePaired([12, 15, 9, 17], [7, 13, 8, 10]).notes).toContain(
      "Signed-rank p from the exact distribution (4 non-zero differences, no ties, no zeros).",
    );
    const notes = comparePaired([12, 15, 9, 17, 5], [7, 13, 7, 10, 5]).notes;
    expect(notes).toContain("1 zero difference was dropped from the signed-rank test.");
    expect(notes).toContain(
      "Signed-rank p from the normal approximation with continuity correction and tie-corrected variance (1 zero difference, 2 tied |differences|).",
    );
  });

  it("never produces NaN or Infinity on random small inputs", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(rand() * 6);
      const pre = Array.from({ length: n }, () => (rand() < 0.15 ? null : Math.floor(rand() * 4)));
      const post = Array.from({ length: n }, () => (rand() < 0.15 ? null : Math.floor(rand() * 4)));
      const r = comparePaired(pre, post);
      expectAllFinite(r);
      const serialized = JSON.stringify(r);
      if (serialized.includes("null")) expect(r.notes.length).toBeGreaterThan(0);
    }
  });
});

describe("signed-rank building blocks", () => {
  it("rounds differences to 9 decimals so decimal scores tie", () => {
    expect(4.8 - 4.4).not.toBe(5.0 - 4.6);
    expect(roundTo9(4.8 - 4.4)).toBe(roundTo9(5.0 - 4.6));
    expect(roundTo9(29 / 6 - 25 / 6)).toBe(0.666666667);
    expect(Object.is(roundTo9(-1e-12), 0)).toBe(true);
  });

  it("rounds without the decimal text exactly as through it", () => {
    // Differences of scores on every item count and scale range (the fast path), random
    // doubles, values next to half-way cases (the text path) and signs and zeros.
    const xs: number[] = [
      0.0000000005,
      -0.0000000005,
      0.0000000015,
      1.0000000005,
      2.5e-10,
      -2.5e-10,
      999999.9999999995,
      -1e6 + 1e-7,
      1e6 - 1e-7,
      123456.1234567895,
    ];
    for (let items = 1; items <= 30; items++)
      for (let a = 0; a <= 6 * items; a++)
        for (const b of [0, 1, 7, 3 * items, 6 * items]) xs.push(a / items - b / items, b / items - a / items);
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 20000; i++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 14 - 6);
      const half = (Math.floor(rnd() * 2e9) + 0.5) / 1e9;
      xs.push(x, half, -half, half + 2 ** -40, half - 2 ** -40);
    }
    let viaText = 0;
    const differ: number[] = [];
    for (const x of xs) {
      if (!Object.is(roundTo9(x), roundTo9ByText(x))) differ.push(x);
      const s = x * 1e9;
      if (!(Math.abs(s - Math.round(s)) < 0.25 && Math.abs(x) < 1e6) && !Number.isInteger(x)) viaText++;
    }
    expect(differ).toEqual([]);
    expect(viaText).toBeGreaterThan(10000); // both paths are exercised
    expect(xs.length - viaText).toBeGreaterThan(10000);
  });

  it("averages ranks of ties like R's rank()", () => {
    expect(averageRanks([3, 1, 3, 2, 3])).toEqual([4, 1, 4, 2, 4]);
    expect(averageRanks([])).toEqual([]);
  });

  it("exact p equals counting all 2^n sign patterns (n = 1..14)", () => {
    for (let n = 1; n <= 14; n++) {
      const total = (n * (n + 1)) / 2;
      const counts = new Array<number>(total + 1).fill(0);
      for (let mask = 0; mask < 2 ** n; mask++) {
        let v = 0;
        for (let i = 0; i < n; i++) if (mask & (1 << i)) v += i + 1;
        counts[v]++;
      }
      const below = (v: number) => counts.slice(0, v + 1).reduce((a, b) => a + b, 0);
      for (let V = 0; V <= total; V++) {
        const lower = below(V) / 2 ** n;
        const upper = (2 ** n - below(V - 1)) / 2 ** n;
        const expected = Math.min(1, 2 * Math.min(lower, upper));
        expect(Math.abs(exactSignedRankP(V, n) - expected)).toBeLessThanOrEqual(1e-15 * expected);
      }
    }
  });

  it("exact p is symmetric and fast at the boundary n = 49", () => {
    const start = performance.now();
    for (let V = 0; V <= 1225; V += 7) expect(exactSignedRankP(V, 49)).toBe(exactSignedRankP(1225 - V, 49));
    // R and stdlib both scale the counts by exp(−n·ln 2), which is 2^−n to within an ulp or two.
    expect(Math.abs(exactSignedRankP(0, 49) / 2 ** -48 - 1)).toBeLessThan(1e-14);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("signedRankTest reports zeros, ties and the n of the test", () => {
    const r = signedRankTest([0, 1, -1, 2, 0, 3]);
    expect(r).toMatchObject({ zeros: 2, ties: 2, nNonZero: 4, V: 8.5, tMinus: 1.5, method: "normal-cc" });
    expect(signedRankTest([]).notes).toEqual(["No differences: the signed-rank test is undefined."]);
  });
});

describe("descriptive", () => {
  it("type-7 quantiles", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([5], 0.75)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it("compensated sum", () => {
    expect(sum([1e16, 1, -1e16])).toBe(1);
    // The exact sum of these four doubles is 2^−55 (naive left-to-right summation gives 1.1e-16).
    expect(sum([0.1, 0.2, 0.3, -0.6])).toBe(2 ** -55);
  });

  it("summarize is defined for n = 0 and 1 and ignores missing values", () => {
    expect(summarize([])).toEqual({
      n: 0,
      missing: 0,
      median: null,
      q1: null,
      q3: null,
      mean: null,
      sd: null,
      ci95: null,
      notes: ["No values: nothing to summarize."],
    });
    const one = summarize([null, 7, Number.NaN]);
    expect(one).toMatchObject({ n: 1, missing: 2, mean: 7, median: 7, sd: null, ci95: null });
    expect(one.notes).toEqual(["2 missing values were ignored.", "Only 1 value: the SD and the 95% CI of the mean need at least 2."]);
    const equal = summarize([3, 3, 3]);
    expect(equal.ci95).toBeNull();
    expect(equal.notes).toEqual(["All 3 values are equal: the 95% CI of the mean is undefined (SD is 0)."]);
  });
});

describe("Wilson interval", () => {
  it("0/0 is defined, with a note", () => {
    expect(wilsonInterval(0, 0)).toEqual({
      x: 0,
      n: 0,
      rate: null,
      ci95: null,
      notes: ["No one in the denominator (0/0): the rate and its interval are undefined."],
    });
  });

  it("bounds at 0/n and n/n are exact", () => {
    expect(wilsonInterval(0, 10).ci95?.[0]).toBe(0);
    expect(wilsonInterval(10, 10).ci95?.[1]).toBe(1);
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});

describe("reliable change", () => {
  const params = { sdPre: 4, reliability: 0.84 }; // S_diff = 4·√0.32 ≈ 2.263, threshold ≈ 4.43 points

  it("classifies direction only when reliable", () => {
    expect(reliableChange(18, 9, params)).toMatchObject({ reliable: true, direction: "decrease" });
    expect(reliableChange(9, 18, params)).toMatchObject({ reliable: true, direction: "increase" });
    expect(reliableChange(18, 15, params)).toMatchObject({ reliable: false, direction: "none" });
  });

  it("explains undefined values", () => {
    expect(reliableChange(null, 9, params)).toMatchObject({ rci: null, reliable: null, direction: null });
    expect(reliableChange(18, 9, { sdPre: 0, reliability: 0.8 }).notes[0]).toMatch(/baseline SD must be positive/);
    expect(reliableChange(18, 9, { sdPre: 4, reliability: 1 }).notes[0]).toMatch(/reliability must be in \[0, 1\)/);
  });

  it("counts improvement by the direction that is better", () => {
    const data = [
      { pre: 18, post: 9 },
      { pre: 9, post: 18 },
      { pre: 18, post: 15 },
      { pre: 12, post: null },
    ];
    expect(reliableChangeCounts(data, params, "lower")).toEqual({
      n: 3,
      improved: 1,
      deteriorated: 1,
      unchanged: 1,
      excluded: 1,
      notes: ["1 participant with one timepoint only excluded."],
    });
    expect(reliableChangeCounts(data, params, "higher")).toMatchObject({ improved: 1, deteriorated: 1 });
    expect(reliableChangeCounts(data, { sdPre: -1, reliability: 0.8 }, "lower")).toMatchObject({ n: 0, excluded: 4 });
  });
});

describe("Hodges–Lehmann", () => {
  it("is the median of the Walsh averages", () => {
    expect(hodgesLehmann([1, 2, 3])).toBe(2); // 1, 1.5, 2, 2, 2.5, 3
    expect(hodgesLehmann([0, 4])).toBe(2); // 0, 2, 4
    expect(hodgesLehmann([-3, -1, 0, 5])).toBe(-0.25); // …, -0.5, 0, … (10 averages)
    expect(hodgesLehmann([])).toBeNull();
  });
});

describe("large inputs take the counting paths, with the same results", () => {
  const sortedQuartiles = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: quantileSorted(s, 0.5), q1: quantileSorted(s, 0.25), q3: quantileSorted(s, 0.75) };
  };
  const datasets = (random: () => number) => [
    Array.from({ length: 5001 }, () => Math.floor(random() * 28)), // PHQ-9-like sums
    Array.from({ length: 4000 }, () => Math.floor(random() * 31) / 5), // MBI-GS-like means
    Array.from({ length: 3000 }, () => random() * 100 - 50), // continuous: sorted
    Array.from({ length: 2000 }, (_, i) => (i % 7) - 3.5 + 1e-9 * (i % 3)), // near ties
    Array.from({ length: 6000 }, () => random() * 100 - 50), // more than 4,096 distinct: sorted
  ];

  it("quartiles equal those of a sorted copy", () => {
    const random = mulberry32(7);
    for (const xs of datasets(random)) {
      expect(quartiles(xs)).toEqual(sortedQuartiles(xs));
      expect(quartiles(Float64Array.from(xs))).toEqual(sortedQuartiles(xs));
    }
  });

  it("the signed-rank test equals the sum of average ranks", () => {
    const random = mulberry32(11);
    for (const xs of datasets(random)) {
      const d = xs.map((x) => roundTo9(x - 3));
      const nonZero = d.filter((x) => x !== 0);
      const ranks = averageRanks(nonZero.map(Math.abs));
      const V = ranks.reduce((s, r, i) => s + (nonZero[i] > 0 ? r : 0), 0);
      const tMinus = ranks.reduce((s, r, i) => s + (nonZero[i] < 0 ? r : 0), 0);
      const res = signedRankTest(d);
      expect([res.V, res.tMinus, res.nNonZero, res.zeros]).toEqual([V, tMinus, nonZero.length, d.length - nonZero.length]);
      const groups = new Map<number, number>();
      for (const x of nonZero) groups.set(Math.abs(x), (groups.get(Math.abs(x)) ?? 0) + 1);
      expect(res.ties).toBe([...groups.values()].filter((t) => t > 1).reduce((s, t) => s + t, 0));
    }
  });

  it("reliable change counts of columns equal those of pairs", () => {
    const random = mulberry32(13);
    for (const xs of datasets(random)) {
      const post = xs.map((x, i) => (i % 11 === 0 ? NaN : x + Math.floor(random() * 21) - 10));
      const pairs = xs.map((pre, i) => ({ pre, post: Number.isNaN(post[i]) ? null : post[i] }));
      for (const better of ["lower", "higher"] as const)
        for (const params of [
          { sdPre: 3, reliability: 0.8 },
          { sdPre: 0, reliability: 0.8 },
        ])
          expect(reliableChangeCountsOf(Float64Array.from(xs), Float64Array.from(post), params, better)).toEqual(
            reliableChangeCounts(pairs, params, better),
          );
    }
  });
});
