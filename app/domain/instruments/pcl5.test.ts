import { describe, expect, it } from "vitest";
import { PCL5, scorePcl5 } from "./pcl5";
import { InvalidResponsesError } from "./scoring";

// Cluster membership straight from the published PCL-5 clusters (app/domain/instruments/README.md) (not imported, so a wrong key fails).
const SPEC: Record<"B" | "C" | "D" | "E", number[]> = {
  B: [1, 2, 3, 4, 5],
  C: [6, 7],
  D: [8, 9, 10, 11, 12, 13, 14],
  E: [15, 16, 17, 18, 19, 20],
};

function zeros(): number[] {
  return new Array<number>(20).fill(0);
}

function set(values: Record<number, number | null>, base: (number | null)[] = zeros()): (number | null)[] {
  const out: (number | null)[] = [...base];
  for (const [k, v] of Object.entries(values)) out[Number(k) - 1] = v;
  return out;
}

/** Just meets the DSM-5 rule: 1 B, 1 C, 2 D, 2 E items at 2; everything else at 1 (not endorsed). */
function justMeeting(): (number | null)[] {
  return set({ 1: 2, 6: 2, 8: 2, 9: 2, 15: 2, 16: 2 }, new Array<number>(20).fill(1));
}

function withTotal(total: number): number[] {
  const out = zeros();
  let left = total;
  for (let i = 0; i < 20 && left > 0; i++) {
    out[i] = Math.min(4, left);
    left -= out[i];
  }
  return out;
}

describe("PCL-5 definition", () => {
  it("has 20 public-domain items, the 0–4 anchors and the NCPTSD attribution", () => {
    expect(PCL5.items).toHaveLength(20);
    expect(PCL5.items[0].text).toBe("Repeated, disturbing, and unwanted memories of the stressful experience?");
    expect(PCL5.items[19].text).toBe("Trouble falling or staying asleep?");
    expect(PCL5.anchors.map((a) => a.label)).toEqual(["Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"]);
    expect(PCL5.licence.publicDomain).toBe(true);
    expect(PCL5.licence.attribution).toMatch(/Weathers.*Litz.*Keane.*Palmieri.*Marx.*Schnurr.*2013.*National Center for PTSD/);
    expect(PCL5.recallPeriod).toMatch(/past month/);
  });

  it("has no severity bands", () => {
    expect(PCL5.scales.every((s) => s.bands === undefined)).toBe(true);
    expect(scorePcl5(withTotal(50)).scales.total.band).toBeNull();
  });
});

describe("PCL-5 clusters", () => {
  it.each(Array.from({ length: 20 }, (_, i) => i + 1))("item %i counts in the total and exactly its cluster", (item) => {
    const result = scorePcl5(set({ [item]: 3 }));
    expect(result.scales.total.sum).toBe(3);
    for (const cluster of ["B", "C", "D", "E"] as const) {
      expect(result.scales[cluster].sum).toBe(SPEC[cluster].includes(item) ? 3 : 0);
    }
  });

  it("reports cluster ranges 0–20, 0–8, 0–28, 0–24 and total 0–80", () => {
    const result = scorePcl5(new Array(20).fill(4));
    expect([result.scales.B.sum, result.scales.C.sum, result.scales.D.sum, result.scales.E.sum, result.scales.total.sum]).toEqual([
      20, 8, 28, 24, 80,
    ]);
    expect(PCL5.scales.map((s) => [s.key, s.min, s.max])).toEqual([
      ["total", 0, 80],
      ["B", 0, 20],
      ["C", 0, 8],
      ["D", 0, 28],
      ["E", 0, 24],
    ]);
  });

  it("a missing item invalidates its cluster and the total but not the other clusters", () => {
    const result = scorePcl5(set({ 7: null }, new Array<number>(20).fill(2)));
    expect(result.scales.C).toMatchObject({ valid: false, sum: null, missingItems: [7] });
    expect(result.scales.total).toMatchObject({ valid: false, sum: null, missingItems: [7] });
    expect(result.scales.B).toMatchObject({ valid: true, sum: 10 });
    expect(result.scales.D).toMatchObject({ valid: true, sum: 14 });
    expect(result.scales.E).toMatchObject({ valid: true, sum: 12 });
    expect(result.extras.provisionalPtsdAt31).toBeNull();
  });
});

describe("PCL-5 provisional PTSD cut-offs", () => {
  it.each([
    [30, false, false],
    [31, true, false],
    [32, true, false],
    [33, true, true],
  ])("total %i → ≥31 %s, ≥33 %s", (total, at31, at33) => {
    const result = scorePcl5(withTotal(total));
    expect(result.scales.total.sum).toBe(total);
    expect(result.extras.provisionalPtsdAt31).toBe(at31);
    expect(result.extras.provisionalPtsdAt33).toBe(at33);
    expect(result.flags.some((f) => f.code === "provisional_ptsd")).toBe(at31);
  });
});

describe("PCL-5 DSM-5 symptom rule", () => {
  it("is met with exactly 1 B, 1 C, 2 D and 2 E items rated 2", () => {
    const result = scorePcl5(justMeeting());
    expect(result.extras.dsm5Rule.met).toBe(true);
    expect(result.extras.dsm5Rule.clusters.map((c) => [c.cluster, c.endorsed, c.required, c.met])).toEqual([
      ["B", 1, 1, true],
      ["C", 1, 1, true],
      ["D", 2, 2, true],
      ["E", 2, 2, true],
    ]);
    expect(result.flags.map((f) => f.code)).toContain("dsm5_symptom_rule");
  });

  it.each([
    ["B", 1],
    ["C", 6],
    ["D", 9],
    ["E", 16],
  ] as const)("fails when cluster %s drops one endorsement (item %i from 2 to 1)", (cluster, item) => {
    const responses = justMeeting();
    responses[item - 1] = 1;
    const result = scorePcl5(responses);
    expect(result.extras.dsm5Rule.met).toBe(false);
    const failing = result.extras.dsm5Rule.clusters.filter((c) => c.met === false).map((c) => c.cluster);
    expect(failing).toEqual([cluster]);
    expect(result.flags.map((f) => f.code)).not.toContain("dsm5_symptom_rule");
  });

  it("counts a rating of 4 as endorsed and a rating of 1 as not", () => {
    const four = set({ 2: 4, 7: 4, 10: 4, 14: 4, 19: 4, 20: 4 });
    expect(scorePcl5(four).extras.dsm5Rule.met).toBe(true);
    const ones = new Array(20).fill(1);
    expect(scorePcl5(ones).extras.dsm5Rule.met).toBe(false);
  });

  it("is undetermined when missing items could still satisfy a short cluster", () => {
    const responses = justMeeting();
    responses[8] = null; // item 9 (D): D now has 1 endorsed + 1 missing
    const result = scorePcl5(responses);
    expect(result.extras.dsm5Rule.met).toBeNull();
  });

  it("is decided despite missing items when the answered ones already fail a cluster", () => {
    const responses = justMeeting();
    responses[5] = 0; // C item 6 not endorsed
    responses[6] = 1; // C item 7 not endorsed → C fails
    responses[1] = null; // missing B item does not matter
    expect(scorePcl5(responses).extras.dsm5Rule.met).toBe(false);
  });

  it("is decided despite missing items when every cluster is already met", () => {
    const responses = justMeeting();
    responses[19] = null;
    const result = scorePcl5(responses);
    expect(result.extras.dsm5Rule.met).toBe(true);
    expect(result.scales.total.valid).toBe(false);
  });
});

describe("PCL-5 invalid input", () => {
  it("rejects 5 and 2.5", () => {
    expect(() => scorePcl5(set({ 3: 5 }))).toThrow(InvalidResponsesError);
    expect(() => scorePcl5(set({ 3: 2.5 }))).toThrow(InvalidResponsesError);
  });
});
