/**
 * Extra R reference cases: tests/fixtures/r/extra_expected.json, produced by
 * tests/fixtures/r/extra_cases.R from the CSVs beside it. R is never run at test time.
 */
import { afterAll, describe, expect, it } from "vitest";
import { comparePaired, hodgesLehmann, reliableChange, summarize, wilsonInterval, Z_975 } from "./index";
import { expectAllFinite, expectClose, expectMatchesR, observed, readJson, readPairsCsv } from "./testSupport";

const fixtures = new URL("../../../tests/fixtures/r/", import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface ExtraExpected {
  r_version: string;
  /** sprintf("%.17g", qnorm(0.975)) in R. */
  qnorm_975: string;
  datasets: Record<string, { n_nonzero: number; hodges_lehmann: number | null } & { [key: string]: Json }>;
  proportions: Record<string, { rate: number | null; wilson95: [number, number] | null }>;
  reliable_change: {
    pre: number;
    post: number;
    sdPre: number;
    reliability: number;
    sdiff: number | null;
    rci: number | null;
    reliable: boolean | null;
  }[];
  summaries: Record<string, { values: (number | null)[] } & { [key: string]: Json }>;
}
const expected = readJson<ExtraExpected>(new URL("extra_expected.json", fixtures));

describe("extra R cases: paired comparisons", () => {
  for (const [name, { n_nonzero, hodges_lehmann, ...rest }] of Object.entries(expected.datasets)) {
    it(`${name} matches R within 1e-9`, () => {
      const rows = readPairsCsv(new URL(name, fixtures));
      const result = comparePaired(rows);
      expectMatchesR(result, rest, name);
      expectAllFinite(result);
      const complete = rows.filter((r) => r.pre !== null && r.post !== null);
      const d = complete.map((r) => (r.post as number) - (r.pre as number));
      expect(result.wilcoxon.method === "none" ? 0 : complete.length - result.wilcoxon.zeros).toBe(n_nonzero);
      expectClose(hodgesLehmann(d), hodges_lehmann, 1e-9, `${name}.hodges_lehmann`);
      // Every null is explained.
      const hasNull = JSON.stringify(result).includes("null");
      if (hasNull) expect(result.notes.length, `${name} has nulls but no notes`).toBeGreaterThan(0);
    });
  }

  it("includes the boundary and tail cases the spec asks for", () => {
    const ds = expected.datasets;
    expect(ds["x14_nz49_noties_exact.csv"].wilcoxon).toMatchObject({ method: "exact" });
    expect(ds["x15_nz50_noties_normal.csv"].wilcoxon).toMatchObject({ method: "normal-cc" });
    const p = (name: string) => (ds[name].wilcoxon as { p: number }).p;
    expect(p("x16_strong_n120.csv")).toBeLessThan(1e-15);
    expect(p("x17_extreme_n1800.csv")).toBeLessThan(1e-290);
    expect((ds["x18_t_tiny_p_n12.csv"].t_test as { p: number }).p).toBeLessThan(1e-15);
    expect((ds["x16_strong_n120.csv"].t_test as { p: number }).p).toBeLessThan(1e-100);
  });
});

describe("extra R cases: Wilson intervals", () => {
  for (const [key, value] of Object.entries(expected.proportions)) {
    it(`${key}`, () => {
      const [x, n] = key.split("/").map(Number);
      const w = wilsonInterval(x, n);
      expectMatchesR({ rate: w.rate, wilson95: w.ci95 }, value, key);
      if (w.ci95 === null) expect(w.notes.length).toBeGreaterThan(0);
    });
  }

  it("uses R's qnorm(0.975)", () => {
    expect(Z_975).toBe(Number(expected.qnorm_975));
  });
});

describe("extra R cases: reliable change (Jacobson–Truax)", () => {
  expected.reliable_change.forEach((c, i) => {
    it(`case ${i + 1}: pre ${c.pre}, post ${c.post}, SD ${c.sdPre}, r ${c.reliability}`, () => {
      const rc = reliableChange(c.pre, c.post, { sdPre: c.sdPre, reliability: c.reliability });
      expectMatchesR(
        { sdiff: rc.sdiff, rci: rc.rci, reliable: rc.reliable },
        { sdiff: c.sdiff, rci: c.rci, reliable: c.reliable },
        `rc${i + 1}`,
      );
      if (rc.rci === null) expect(rc.notes.length).toBeGreaterThan(0);
      else expect(rc.direction).toBe(!rc.reliable ? "none" : rc.rci > 0 ? "increase" : "decrease");
    });
  });
});

describe("extra R cases: single-timepoint summaries", () => {
  for (const [name, { values, ...rest }] of Object.entries(expected.summaries)) {
    it(`${name}`, () => {
      const s = summarize(values);
      expectMatchesR(s, rest, name);
      expectAllFinite(s);
      if (s.ci95 === null || s.sd === null) expect(s.notes.length).toBeGreaterThan(0);
    });
  }
});

afterAll(() => {
  console.info(
    `[stats/extra] ${observed.comparisons} numeric comparisons with R; max relative error ${observed.maxRelativeError.toExponential(2)} at ${observed.where || "-"}`,
  );
});
