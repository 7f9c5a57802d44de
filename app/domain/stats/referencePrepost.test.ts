/** The pinned reference: tests/fixtures/prepost (R output of canonical.R; conventions in app/domain/stats/README.md). */
import { afterAll, describe, expect, it } from "vitest";
import { comparePaired, signedRankTest, wilsonInterval } from "./index";
import { expectAllFinite, expectMatchesR, observed, readJson, readPairsCsv } from "./testSupport";

const fixtures = new URL("../../../tests/fixtures/prepost/", import.meta.url);

interface Expected {
  r_version: string;
  datasets: Record<string, { n: number; n_nonzero: number } & Record<string, never>>;
  proportions: Record<string, { rate: number; wilson95: [number, number] }>;
}
const expected = readJson<Expected>(new URL("expected.json", fixtures));

describe("reference data sets (canonical.R)", () => {
  const names = Object.keys(expected.datasets);

  it("covers every CSV of the fixture folder", () => {
    expect(names.sort()).toEqual(["ds1_phq9_n32_ties.csv", "ds2_gad7_n8_exact.csv", "ds3_pcl5_n20_noties.csv", "ds6_tiny_n3.csv"]);
  });

  for (const name of names) {
    it(`${name} matches R within 1e-9`, () => {
      const rows = readPairsCsv(new URL(name, fixtures));
      const result = comparePaired(rows);
      const { n_nonzero, ...rest } = expected.datasets[name];
      expectMatchesR(result, rest, name);
      expect(signedRankTest(rows.map((r) => (r.post as number) - (r.pre as number))).nNonZero).toBe(n_nonzero);
      expectAllFinite(result);
      expect(result.excluded).toEqual({ missingPre: 0, missingPost: 0, missingBoth: 0 });
    });
  }
});

describe("reference proportions (Wilson, canonical.R)", () => {
  for (const [key, value] of Object.entries(expected.proportions)) {
    it(`${key}`, () => {
      const [x, n] = key.split("/").map(Number);
      const w = wilsonInterval(x, n);
      expectMatchesR({ rate: w.rate, wilson95: w.ci95 }, value, key);
    });
  }
});

afterAll(() => {
  console.info(
    `[stats/prepost] ${observed.comparisons} numeric comparisons with R; max relative error ${observed.maxRelativeError.toExponential(2)} at ${observed.where || "-"}`,
  );
});
