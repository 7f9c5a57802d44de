import { describe, expect, it } from "vitest";
import { getBands, getInstrument, INSTRUMENTS, isInstrumentCode, listInstruments, validateResponses, type InstrumentCode } from "./index";

const CODES: InstrumentCode[] = ["PHQ9", "GAD7", "PCL5", "MBI_GS", "MBI_HSS", "MEQ30", "CADSS6"];

describe("registry", () => {
  it("holds exactly the seven codes", () => {
    expect(Object.keys(INSTRUMENTS).sort()).toEqual([...CODES].sort());
    expect(listInstruments().map((d) => d.code)).toEqual(CODES);
  });

  it.each(CODES)("getInstrument(%s) returns the definition with that code", (code) => {
    expect(getInstrument(code).code).toBe(code);
    expect(isInstrumentCode(code)).toBe(true);
  });

  it("throws on unknown codes", () => {
    expect(() => getInstrument("BDI")).toThrow(/Unknown instrument code/);
    expect(() => getInstrument("phq9")).toThrow();
    expect(isInstrumentCode("MBI")).toBe(false);
  });

  it("exposes bands for chart shading only where they are published", () => {
    expect(getBands("PHQ9")).toHaveLength(5);
    expect(getBands("GAD7")).toHaveLength(4);
    expect(getBands("PCL5")).toEqual([]);
    expect(getBands("MBI_GS", "EX")).toEqual([]);
  });
});

describe.each(CODES)("%s definition is self-consistent", (code) => {
  const def = getInstrument(code);

  it("has a versioned scoring id and a recall period", () => {
    expect(def.scoringVersion).toMatch(/^[a-z0-9]+@\d+$/);
    expect(def.recallPeriod.length).toBeGreaterThan(0);
  });

  it("ships wording only when public domain", () => {
    const withText = def.items.filter((i) => i.text !== null).length;
    expect(withText).toBe(def.licence.publicDomain ? def.items.length : 0);
    expect(def.licence.notice.length).toBeGreaterThan(0);
    expect(def.licence.attribution.length).toBeGreaterThan(0);
  });

  it("has one anchor per response value", () => {
    expect(def.anchors.map((a) => a.value)).toEqual(Array.from({ length: def.max - def.min + 1 }, (_, i) => def.min + i));
  });

  it("scales use only existing items, and their ranges match the items", () => {
    const itemNumbers = new Set(def.items.map((i) => i.number));
    for (const scale of def.scales as readonly { items: readonly number[]; method: string; min: number; max: number }[]) {
      expect(scale.items.every((n) => itemNumbers.has(n))).toBe(true);
      expect(new Set(scale.items).size).toBe(scale.items.length);
      const k = scale.items.length;
      const expected = scale.method === "sum" ? [def.min * k, def.max * k] : [def.min, def.max];
      expect([scale.min, scale.max]).toEqual(expected);
    }
  });

  it("scores all-maximum responses at each scale's maximum and all-minimum at its minimum", () => {
    const top = def.score(def.items.map(() => def.max));
    const bottom = def.score(def.items.map(() => def.min));
    for (const scale of def.scales as readonly { key: string; max: number; min: number }[]) {
      const scores = top.scales as Record<string, { value: number | null; percentOfMax: number | null }>;
      const lows = bottom.scales as Record<string, { value: number | null; percentOfMax: number | null }>;
      expect(scores[scale.key].value).toBe(scale.max);
      expect(scores[scale.key].percentOfMax).toBe(100);
      expect(lows[scale.key].value).toBe(scale.min);
    }
    expect(top.instrument).toBe(code);
    expect(top.scoringVersion).toBe(def.scoringVersion);
    expect(top.complete).toBe(true);
  });

  it("accepts a complete form and flags a blank one item by item", () => {
    expect(
      validateResponses(
        def,
        def.items.map(() => def.min),
      ).ok,
    ).toBe(true);
    const blank = validateResponses(def, {});
    expect(Object.keys(blank.errorsByItem).map(Number)).toEqual(def.items.map((i) => i.number));
  });
});

describe("change thresholds (app/domain/instruments/README.md)", () => {
  it("pins the default responder points", () => {
    expect(INSTRUMENTS.PHQ9.changeThresholds.responder?.points).toBe(5);
    expect(INSTRUMENTS.GAD7.changeThresholds.responder?.points).toBe(4);
    expect(INSTRUMENTS.PCL5.changeThresholds.responder?.points).toBe(10);
    expect(INSTRUMENTS.MBI_GS.changeThresholds.responder?.points).toBe(1);
    expect(INSTRUMENTS.MBI_HSS.changeThresholds.responder).toBeNull();
  });

  it("pins the default test–retest reliabilities with sources", () => {
    expect(INSTRUMENTS.PHQ9.changeThresholds.testRetest).toMatchObject({ value: 0.84, statistic: "r" });
    expect(INSTRUMENTS.GAD7.changeThresholds.testRetest).toMatchObject({ value: 0.83, statistic: "ICC" });
    expect(INSTRUMENTS.PCL5.changeThresholds.testRetest).toMatchObject({ value: 0.82 });
    expect(INSTRUMENTS.PCL5.changeThresholds.testRetest?.source).toMatch(/Blevins/);
    expect(INSTRUMENTS.PHQ9.changeThresholds.testRetest?.source).toMatch(/Kroenke/);
  });

  it("lists the PHQ-9 MCID (Löwe 2004) and the PCL-5 NCPTSD 5/10 points", () => {
    expect(INSTRUMENTS.PHQ9.changeThresholds.references.find((r) => r.kind === "mcid")).toMatchObject({ points: 5 });
    expect(INSTRUMENTS.PCL5.changeThresholds.references.filter((r) => r.source.includes("National Center")).map((r) => r.points)).toEqual([
      5, 10,
    ]);
  });
});
