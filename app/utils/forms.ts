// One zod schema per form, used on the server (always) and optionally in the browser.
// `parseForm` turns a FormData into either the parsed value or field-level messages.
import { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

export function formValues(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 || key.endsWith("[]") ? all : (all[0] ?? "");
  }
  return out;
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const values = formValues(formData);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  // Never echo passwords back into the page.
  for (const k of Object.keys(values)) if (/password/i.test(k)) values[k] = "";
  return { ok: false, errors, values };
}

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
