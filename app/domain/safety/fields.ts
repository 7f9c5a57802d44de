/**
 * Form-field building blocks shared by the safety schemas. Values arrive from FormData as
 * strings (or from tests/JSON as numbers and Dates); every message names the field so that it
 * can be shown beside it.
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { decimalPlaces } from "./decimal";
import { MAX_DATE_YEAR, MIN_DATE_YEAR } from "../scheduling/localTime";

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

function blankToUndefined(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" && value.trim() === "") return undefined;
  return value;
}

function toNumberIfNumeric(value: unknown): unknown {
  const v = blankToUndefined(value);
  if (typeof v === "string") {
    const text = v.trim().replace(/,/g, "");
    return NUMERIC_TEXT.test(text) ? Number(text) : v;
  }
  return v;
}

export interface NumberFieldOptions {
  /** Human name used in messages, e.g. "Systolic BP". */
  label: string;
  min: number;
  max: number;
  /** Unit appended to the range message, e.g. "mmHg" or "%". */
  unit?: string;
  integer?: boolean;
  /** Maximum digits after the decimal point. */
  maxDecimals?: number;
  /** Custom message for values outside [min, max]. */
  rangeMessage?: string;
}

function rangeText(options: NumberFieldOptions): string {
  if (options.rangeMessage) return options.rangeMessage;
  const unit = options.unit ? (options.unit === "%" ? "%" : ` ${options.unit}`) : "";
  return `${options.label} must be between ${options.min} and ${options.max}${unit}`;
}

function numberCore(options: NumberFieldOptions) {
  const message = rangeText(options);
  let schema = z
    .number({
      error: (issue) => (issue.input === undefined ? `${options.label} is required` : `${options.label} must be a number`),
    })
    .min(options.min, message)
    .max(options.max, message);
  if (options.integer) schema = schema.int(`${options.label} must be a whole number`);
  if (options.maxDecimals !== undefined) {
    const places = options.maxDecimals;
    return schema.refine(
      (v) => decimalPlaces(v) <= places,
      `${options.label} can have at most ${places} decimal place${places === 1 ? "" : "s"}`,
    );
  }
  return schema;
}

/** A required number typed into a form field (blank -> "X is required"). */
export function numberField(options: NumberFieldOptions) {
  return z.preprocess(toNumberIfNumeric, numberCore(options));
}

/** An optional number (blank -> undefined). */
export function optionalNumberField(options: NumberFieldOptions) {
  return z.preprocess(toNumberIfNumeric, numberCore(options).optional());
}

/** Required non-blank text, trimmed. */
export function textField(label: string, options: { min?: number; max?: number; minMessage?: string } = {}) {
  const { min = 1, max = 2000 } = options;
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" ? b.trim() : b;
    },
    z
      .string({ error: `${label} is required` })
      .min(min, options.minMessage ?? `${label} must be at least ${min} characters`)
      .max(max, `${label} must be at most ${max} characters`),
  );
}

/** Optional text, trimmed; blank -> undefined. */
export function optionalTextField(label: string, options: { max?: number } = {}) {
  const { max = 2000 } = options;
  return z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === "string" ? b.trim() : b;
    },
    z
      .string({ error: `${label} must be text` })
      .max(max, `${label} must be at most ${max} characters`)
      .optional(),
  );
}

/** An HTML checkbox: present ("on", "true", true) means ticked; absent means not ticked. */
export function checkboxField() {
  return z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1" || v === "yes", z.boolean());
}

/** A yes/no radio that must be answered. */
export function yesNoField(label: string) {
  return z.preprocess(
    (v) => {
      if (v === true || v === "yes" || v === "true") return true;
      if (v === false || v === "no" || v === "false") return false;
      return blankToUndefined(v);
    },
    z.boolean({ error: `Answer "${label}" (yes or no)` }),
  );
}

export function enumField<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.preprocess(blankToUndefined, z.enum(values, { error: message }));
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Turn form input into an instant. A Date or an ISO string with an offset/Z is taken as is; a
 * wall-clock "YYYY-MM-DDTHH:mm" (what <input type="datetime-local"> sends) is read in the
 * cohort's IANA time zone, never in the server's.
 */
export function parseInstant(value: unknown, timeZone: string): unknown {
  const v = blankToUndefined(value);
  if (v instanceof Date) return v;
  if (typeof v === "number") return new Date(v);
  if (typeof v !== "string") return v;
  const text = v.trim();
  const local = LOCAL_DATE_TIME.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s = "0"] = local;
    const parts = [y, mo, d, h, mi, s].map(Number);
    const [year, month, day, hour, minute, second] = parts;
    if (
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > 31 ||
      hour > 23 ||
      minute > 59 ||
      second > 59 ||
      year < MIN_DATE_YEAR ||
      year > MAX_DATE_YEAR
    ) {
      return new Date(Number.NaN);
    }
    const zoned = TZDate.tz(timeZone, year, month - 1, day, hour, minute, second);
    // Reject rolled-over dates such as 31 February.
    if (zoned.getDate() !== day) return new Date(Number.NaN);
    return new Date(zoned.getTime());
  }
  if (/[T ]\d{2}:\d{2}/.test(text) && /(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const instant = new Date(text);
    const year = instant.getUTCFullYear();
    return year < MIN_DATE_YEAR || year > MAX_DATE_YEAR ? new Date(Number.NaN) : instant;
  }
  return new Date(Number.NaN);
}

/** A required date-time field; `timeZone` reads wall-clock input. */
export function instantField(label: string, timeZone: string) {
  return z.preprocess(
    (v) => parseInstant(v, timeZone),
    z.date({
      error: (issue) => (issue.input === undefined ? `${label} is required` : notARealInstant(label)),
    }),
  );
}

/** The message for a date and time that was typed but names no real moment (31 February, year 9999). */
export function notARealInstant(label: string) {
  return `${label}: enter a real date and time (${MIN_DATE_YEAR}–${MAX_DATE_YEAR}); this one does not exist.`;
}

export function optionalInstantField(label: string, timeZone: string) {
  return z.preprocess((v) => parseInstant(v, timeZone), z.date({ error: notARealInstant(label) }).optional());
}

/** A calendar date kept as "YYYY-MM-DD" text (no time zone: an expiry date is a date, not an instant). */
export function calendarDateField(label: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : blankToUndefined(v)),
    z
      .string({ error: `${label} is required` })
      .min(1, `${label} is required`)
      .refine((text) => isCalendarDate(text), `${label}: enter a real date between ${MIN_DATE_YEAR} and ${MAX_DATE_YEAR} (YYYY-MM-DD)`),
  );
}

export function isCalendarDate(text: string): boolean {
  const m = DATE_ONLY.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
