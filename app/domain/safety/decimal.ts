/**
 * Exact decimal arithmetic for the few places where a clinician or the DEA would notice a
 * floating-point artifact (mg/kg, milligram ledgers). A JS number is read through its
 * shortest round-trip decimal representation (`String(0.285) === "0.285"`), which is exactly
 * what a person typed, and the arithmetic is then done on BigInt integers.
 */

export interface ScaledDecimal {
  /** The digits as an integer: 12.5 -> 125n with scale 1. */
  units: bigint;
  /** Number of digits after the decimal point. */
  scale: number;
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** Parse a finite number or a plain decimal string into an exact scaled integer. */
export function parseDecimal(value: number | string): ScaledDecimal {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new RangeError(`Not a finite number: ${value}`);
  }
  const text = String(value).trim();
  const match = DECIMAL_PATTERN.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new RangeError(`Not a decimal number: ${text}`);
  }
  const [, sign, intPart, fracPart = "", expPart] = match;
  const exponent = expPart ? Number.parseInt(expPart, 10) : 0;
  let digits = `${intPart}${fracPart}`.replace(/^0+(?=\d)/, "") || "0";
  let scale = fracPart.length - exponent;
  if (scale < 0) {
    digits = digits + "0".repeat(-scale);
    scale = 0;
  }
  let units = BigInt(digits);
  if (sign === "-") units = -units;
  // Normalise trailing zeros so that 1.50 and 1.5 have the same representation.
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Number of digits after the decimal point as written (1.50 -> 1, 2 -> 0). */
export function decimalPlaces(value: number | string): number {
  return parseDecimal(value).scale;
}

export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** numerator / denominator rounded to an integer, halves away from zero. */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("Division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const remainder = n % d;
  const rounded = remainder * 2n >= d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** Convert an exact decimal to an integer count of 10^-digits units, rounding halves away from zero. */
export function toScaledInteger(value: number | string, digits: number): bigint {
  const { units, scale } = parseDecimal(value);
  if (scale <= digits) return units * pow10(digits - scale);
  return divideRoundHalfAwayFromZero(units, pow10(scale - digits));
}

/** Turn an integer count of 10^-digits units back into a JS number (exact for display-sized values). */
export function scaledToNumber(units: bigint, digits: number): number {
  return Number(formatScaled(units, digits, { trimZeros: false, group: false }));
}

/** Format an integer count of 10^-digits units as a decimal string. */
export function formatScaled(units: bigint, digits: number, options: { trimZeros?: boolean; group?: boolean } = {}): string {
  const { trimZeros = true, group = false } = options;
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const base = pow10(digits);
  let intText = (abs / base).toString();
  let fracText = digits > 0 ? (abs % base).toString().padStart(digits, "0") : "";
  if (trimZeros) fracText = fracText.replace(/0+$/, "");
  if (group) intText = intText.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${intText}${fracText ? `.${fracText}` : ""}`;
}
