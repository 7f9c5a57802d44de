import { describe, expect, it } from "vitest";
import { MBI_GS } from "./mbiGs";
import { PCL5 } from "./pcl5";
import { PHQ9, PHQ9_BANDS } from "./phq9";
import { bandFor, InvalidResponsesError, itemLabel, meanCutoffToSum, meanMeetsCutoff, validateResponses } from "./scoring";

const ZEROS = [0, 0, 0, 0, 0, 0, 0, 0, 0];

describe("validateResponses", () => {
  it("accepts a complete, in-range form", () => {
    const result = validateResponses(PHQ9, ZEROS);
    expect(result).toMatchObject({ ok: true, errors: [], formErrors: [], errorsByItem: {} });
    expect(result.values[9]).toBe(0);
  });

  it.each([
    [4, "out_of_range", "Item 3: choose a value from 0 to 3"],
    [-1, "out_of_range", "Item 3: choose a value from 0 to 3"],
    [1.5, "not_integer", "Item 3: 1.5 is not a whole number; choose a value from 0 to 3"],
    ["2.0001", "not_integer", "Item 3: 2.0001 is not a whole number; choose a value from 0 to 3"],
    [NaN, "not_a_number", "Item 3: NaN is not a number; choose a value from 0 to 3"],
    [Infinity, "not_a_number", "Item 3: Infinity is not a number; choose a value from 0 to 3"],
    ["two", "not_a_number", 'Item 3: "two" is not a number; choose a value from 0 to 3'],
    [true, "not_a_number", "Item 3: boolean is not a number; choose a value from 0 to 3"],
  ])("rejects %j on item 3 as %s", (value, code, message) => {
    const responses: unknown[] = [...ZEROS];
    responses[2] = value;
    const result = validateResponses(PHQ9, responses);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ item: 3, key: "3", code, message }]);
    expect(result.errorsByItem).toEqual({ 3: message });
    expect(result.values[3]).toBeUndefined();
  });

  it("accepts numeric strings from FormData and treats blanks as unanswered", () => {
    const form = { 1: "3", 2: " 2 ", 3: "0", 4: "", 5: "1", 6: "1", 7: "1", 8: "1", 9: "0" };
    const result = validateResponses(PHQ9, form);
    expect(result.errorsByItem).toEqual({ 4: "Item 4 is required" });
    expect(validateResponses(PHQ9, form, { requireAll: false }).ok).toBe(true);
    expect(validateResponses(PHQ9, form, { requireAll: false }).values).toMatchObject({ 1: 3, 2: 2, 4: null });
  });

  it("requires every item by default, item by item", () => {
    const result = validateResponses(PHQ9, { 1: 0, 2: 0 });
    expect(result.errors.map((e) => e.message)).toEqual([3, 4, 5, 6, 7, 8, 9].map((n) => `Item ${n} is required`));
    expect(result.errors.every((e) => e.code === "required")).toBe(true);
  });

  it("allows missing items for scoring but still rejects bad values", () => {
    expect(validateResponses(PHQ9, { 1: 0 }, { requireAll: false }).ok).toBe(true);
    expect(validateResponses(PHQ9, { 1: 9 }, { requireAll: false }).ok).toBe(false);
  });

  it("reports unknown items and extra array entries as form errors", () => {
    const rec = validateResponses(PHQ9, { ...Object.fromEntries(ZEROS.map((v, i) => [i + 1, v])), 10: 1, foo: 2, 0: 1 });
    expect(rec.formErrors.sort()).toEqual(['PHQ-9 has no item "0"', 'PHQ-9 has no item "10"', 'PHQ-9 has no item "foo"']);
    expect(rec.errors.every((e) => e.item === null && e.code === "unknown_item")).toBe(true);
    const arr = validateResponses(PHQ9, [...ZEROS, 0]);
    expect(arr.formErrors).toEqual(["PHQ-9 has 9 items; response 10 is extra"]);
  });

  it("uses the instrument's own range (PCL-5 0–4, MBI-GS 0–6)", () => {
    expect(validateResponses(PCL5, { 1: 5 }, { requireAll: false }).errorsByItem[1]).toBe("Item 1: choose a value from 0 to 4");
    expect(validateResponses(MBI_GS, { 1: 6 }, { requireAll: false }).ok).toBe(true);
    expect(validateResponses(MBI_GS, { 1: 7 }, { requireAll: false }).errorsByItem[1]).toBe("Item 1: choose a value from 0 to 6");
  });

  it("rejects input that is neither a list nor a record", () => {
    expect(validateResponses(PHQ9, 5).formErrors).toHaveLength(1);
  });
});

describe("scoring rejects instead of scoring", () => {
  it("throws InvalidResponsesError carrying the item errors", () => {
    try {
      PHQ9.score([0, 0, 7, 0, 0, 0, 0, 0, 0]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidResponsesError);
      expect((e as InvalidResponsesError).errors.map((x) => x.message)).toEqual(["Item 3: choose a value from 0 to 3"]);
    }
  });
});

describe("bandFor", () => {
  it.each([
    [0, "Minimal"],
    [4, "Minimal"],
    [4.5, "Minimal"],
    [9.5, "Mild"],
    [27, "Severe"],
  ])("%f → %s", (value, label) => {
    expect(bandFor(PHQ9_BANDS, value)?.label).toBe(label);
  });

  it("returns null outside the bands or without a value", () => {
    expect(bandFor(PHQ9_BANDS, -1)).toBeNull();
    expect(bandFor(PHQ9_BANDS, 28)).toBeNull();
    expect(bandFor(PHQ9_BANDS, null)).toBeNull();
    expect(bandFor(undefined, 3)).toBeNull();
  });
});

describe("mean cut-offs as integer sums", () => {
  it.each([
    [">=", 4.8, 5, 24],
    [">=", 3.8, 5, 19],
    ["<=", 4.3, 6, 25],
    [">=", 3.2, 5, 16],
    [">=", 2.2, 5, 11],
    ["<=", 4.0, 6, 24],
    [">=", 3.0, 15, 45],
    [">=", 3.0, 3, 9],
    [">", 4.8, 5, 25],
    ["<", 4.0, 6, 23],
    [">", 4.3, 6, 26],
    ["<", 4.3, 6, 25],
  ] as const)("mean %s %f over %i items ⇔ sum %s %i", (op, cutoff, k, sum) => {
    expect(meanCutoffToSum(op, cutoff, k)).toBe(sum);
  });

  it("compares an attainable mean on sums (no floating-point misfire at 4.8)", () => {
    expect(meanMeetsCutoff(24 / 5, 5, ">=", 4.8)).toBe(true);
    expect(meanMeetsCutoff(23 / 5, 5, ">=", 4.8)).toBe(false);
    expect(meanMeetsCutoff(0.1 * 3 * 16, 5, ">=", 4.8)).toBe(true); // 4.800000000000001
    expect(meanMeetsCutoff(25 / 6, 6, "<=", 4.3)).toBe(true);
    expect(meanMeetsCutoff(26 / 6, 6, "<=", 4.3)).toBe(false);
  });

  it("compares a non-attainable (group) mean directly", () => {
    expect(meanMeetsCutoff(4.25, 6, "<=", 4.3)).toBe(true);
    expect(meanMeetsCutoff(4.31, 6, "<=", 4.3)).toBe(false);
  });
});

describe("itemLabel", () => {
  it("falls back to Item N for licensed instruments", () => {
    expect(itemLabel(MBI_GS.items[2])).toBe("Item 3");
    expect(itemLabel(MBI_GS.items[2], "Locally licensed wording")).toBe("Locally licensed wording");
    expect(itemLabel(PHQ9.items[0])).toBe("Little interest or pleasure in doing things");
  });
});
