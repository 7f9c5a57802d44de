import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { calendarDateField, instantField, optionalInstantField } from "~/domain/safety/fields";
import { localDateSchema } from "~/domain/scheduling/templateSchema";
import { localDateField, NOT_A_REAL_DATE } from "./forms";

function message(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
}

describe("server-side date fields: a typed impossible date is 'not real', an empty box is 'required'", () => {
  it("localDateField", () => {
    const f = localDateField("Enter the referral date (YYYY-MM-DD).");
    expect(message(f, "")).toBe("Enter the referral date (YYYY-MM-DD).");
    expect(message(f, "2026-02-31")).toBe(NOT_A_REAL_DATE);
    expect(NOT_A_REAL_DATE).toMatch(/^Enter a real date/);
    expect(message(f, "9999-01-01")).toBe(NOT_A_REAL_DATE);
    expect(message(f, "2026-02-28")).toBeNull();
  });
  it("localDateSchema (cohort start, session dates, consent)", () => {
    expect(message(localDateSchema, "")).toBe("Date is required (YYYY-MM-DD)");
    expect(message(localDateSchema, "2026-02-31")).toMatch(/^Enter a real date .*does not exist/);
    expect(message(localDateSchema, "2026-02-28")).toBeNull();
  });
  it("calendarDateField (expiry date)", () => {
    const f = calendarDateField("Expiry date");
    expect(message(f, "")).toBe("Expiry date is required");
    expect(message(f, "2026-02-31")).toMatch(/enter a real date/);
    expect(message(f, "2026-02-31")).not.toMatch(/required/);
  });
  it("instantField and optionalInstantField (datetime-local boxes)", () => {
    const f = instantField("Onset", "America/Denver");
    expect(message(f, "")).toBe("Onset is required");
    expect(message(f, "2026-02-31T10:00")).toMatch(/^Onset: enter a real date and time/);
    expect(message(optionalInstantField("Resolved", "UTC"), "2026-02-31T10:00")).toMatch(/enter a real date and time/);
    expect(message(optionalInstantField("Resolved", "UTC"), "")).toBeNull();
  });
});
