/**
 * Test-only helpers for comparing with R reference output. Imported by *.test.ts files only.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";

/** Largest relative error seen by expectClose in this worker (absolute error when expected is 0). */
export const observed = { maxRelativeError: 0, where: "", comparisons: 0 };

/**
 * Asserts |actual − expected| ≤ rel·|expected|; when expected is 0, |actual| ≤ 1e-12.
 * null must match null exactly.
 */
export function expectClose(actual: number | null | undefined, expected: number | null, rel = 1e-9, where = ""): void {
  if (expected === null) {
    expect(actual, where).toBeNull();
    return;
  }
  expect(typeof actual, where).toBe("number");
  const a = actual as number;
  expect(Number.isFinite(a), `${where}: ${a} is not finite`).toBe(true);
  observed.comparisons++;
  if (expected === 0) {
    expect(Math.abs(a), `${where}: expected 0, got ${a}`).toBeLessThanOrEqual(1e-12);
    return;
  }
  const err = Math.abs(a - expected) / Math.abs(expected);
  if (err > observed.maxRelativeError) {
    observed.maxRelativeError = err;
    observed.where = where;
  }
  expect(err, `${where}: got ${a}, R says ${expected} (relative error ${err})`).toBeLessThanOrEqual(rel);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Recursively compares `actual` with R's JSON: numbers with expectClose, everything else
 * exactly. Only the keys present in `expected` are checked.
 */
export function expectMatchesR(actual: unknown, expected: Json, where = "$"): void {
  if (expected === null) {
    expect(actual, where).toBeNull();
  } else if (typeof expected === "number") {
    expectClose(actual as number | null, expected, 1e-9, where);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where} should be an array`).toBe(true);
    const arr = actual as unknown[];
    expect(arr.length, `${where}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectMatchesR(arr[i], e, `${where}[${i}]`));
  } else if (typeof expected === "object") {
    expect(actual !== null && typeof actual === "object", `${where} should be an object`).toBe(true);
    for (const [key, e] of Object.entries(expected)) {
      expect(Object.hasOwn(actual as object, key), `${where}.${key} is missing`).toBe(true);
      expectMatchesR((actual as Record<string, unknown>)[key], e, `${where}.${key}`);
    }
  } else {
    expect(actual, where).toBe(expected);
  }
}

/** Fails on any NaN or ±Infinity anywhere in a value (what must never reach a screen). */
export function expectAllFinite(value: unknown, where = "$"): void {
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${where} = ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expectAllFinite(v, `${where}[${i}]`));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectAllFinite(v, `${where}.${k}`);
  }
}

export function readJson<T = Json>(url: URL): T {
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

export interface CsvPair {
  id: string;
  pre: number | null;
  post: number | null;
}

/** Reads a participant_id,pre,post CSV; "NA" or an empty cell is a missing value. */
export function readPairsCsv(url: URL): CsvPair[] {
  const lines = readFileSync(url, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  const header = lines[0].split(",");
  expect(header).toEqual(["participant_id", "pre", "post"]);
  const cell = (s: string) => (s === "NA" || s === "" ? null : Number(s));
  return lines.slice(1).map((line) => {
    const [id, pre, post] = line.split(",");
    return { id, pre: cell(pre), post: cell(post) };
  });
}
