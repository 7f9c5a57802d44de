// Small, client-safe helpers for form fields shared by the schemas in app/forms.
import { z } from "zod";

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
