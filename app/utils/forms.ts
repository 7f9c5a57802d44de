// Small, client-safe helpers for form fields shared by the schemas in app/forms.
import { z } from "zod";
import { DATE_RANGE_TEXT, isValidLocalDate } from "~/domain/scheduling/localTime";

/** The largest whole number the database stores in an Int column (32-bit on PostgreSQL). */
const DB_INT_MAX = 2_147_483_647;

/**
 * A whole number typed as digits, within what the database can store; anything else
 * (1e21, 1.5, 99999999999) is null. `Number()` alone takes "1e21" as an integer.
 */
export function parseFormInt(value: unknown, { min = 0, max = DB_INT_MAX } = {}): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^-?\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** zod field for an optimistic-concurrency version (or any stored whole number) sent by a form. */
export function formIntSchema(message: string, range: { min?: number; max?: number } = {}) {
  return z.unknown().transform((v, ctx) => {
    const n = parseFormInt(v, range);
    if (n === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return n;
  });
}

/** Said of a date that was typed but names no real day (2026-02-31, year 9999). */
export const NOT_A_REAL_DATE = `Enter a real date ${DATE_RANGE_TEXT} (YYYY-MM-DD); this one does not exist.`;

/**
 * zod field for a required "YYYY-MM-DD" date: `missing` when the box is empty, and
 * NOT_A_REAL_DATE when something was typed that is no day on the calendar — never
 * "required" for a date the person did type.
 */
export function localDateField(missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .superRefine((value, ctx) => {
      if (value === "") ctx.addIssue({ code: "custom", message: missing });
      else if (!isValidLocalDate(value)) ctx.addIssue({ code: "custom", message: NOT_A_REAL_DATE });
    });
}
