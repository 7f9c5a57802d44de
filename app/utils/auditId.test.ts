import { describe, expect, it } from "vitest";
import { auditId } from "./audit.server";

describe("auditId", () => {
  it("has the cuid shape and sorts in the order the ids were made, within one millisecond too", () => {
    const ids = Array.from({ length: 5000 }, () => auditId());
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
