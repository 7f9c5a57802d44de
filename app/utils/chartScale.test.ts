import { describe, expect, it } from "vitest";
import { niceTicks } from "./chartScale";

describe("niceTicks", () => {
  it("spans the PHQ-9 domain 0–27 with round steps", () => {
    expect(niceTicks([14.2, 8.1], { domain: [0, 27] }).ticks).toEqual([0, 5, 10, 15, 20, 25, 30]);
  });
  it("0–1", () => {
    expect(niceTicks([0, 1]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it("MBI means 0–6", () => {
    expect(niceTicks([2.3], { domain: [0, 6], maxTicks: 7 }).ticks).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  it("negative change values", () => {
    expect(niceTicks([-7.4, 3.1]).ticks).toEqual([-8, -6, -4, -2, 0, 2, 4]);
  });
  it("a single value and all-equal values include zero", () => {
    expect(niceTicks([12]).ticks).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(niceTicks([0, 0]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks([-3, -3]).ticks).toEqual([-3, -2.5, -2, -1.5, -1, -0.5, 0]);
  });
});
