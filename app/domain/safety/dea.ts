/**
 * DEA registration numbers (US): two letters and seven digits, the last a check digit.
 * Check digit: (1st + 3rd + 5th digit) + 2 × (2nd + 4th + 6th digit); its last digit is the 7th.
 * (The first letter is the registrant type, the second usually the initial of the registrant's
 * last name; neither is checked here: a clinic cannot verify them and the DEA assigns them.)
 */
import { type Outcome, refuse, succeed } from "./result";

export const DEA_NUMBER_FORMAT = "two letters and seven digits, e.g. AB1234563";

/** The check digit the first six digits call for. */
export function deaCheckDigit(sixDigits: string): number {
  if (!/^\d{6}$/.test(sixDigits)) throw new RangeError(`Expected six digits, got "${sixDigits}"`);
  const d = [...sixDigits].map(Number);
  return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
}

/** Reads a typed DEA number (spaces and case ignored) and returns it normalised (upper case, no spaces). */
export function parseDeaNumber(text: string, whose = "the prescriber's"): Outcome<string> {
  const value = text.replace(/\s+/g, "").toUpperCase();
  if (!value) return refuse(`Enter ${whose} DEA registration number`);
  if (!/^[A-Z]{2}\d{7}$/.test(value)) return refuse(`A DEA number is ${DEA_NUMBER_FORMAT}`);
  const expected = deaCheckDigit(value.slice(2, 8));
  if (Number(value[8]) !== expected) {
    return refuse(`This DEA number's check digit does not match (the last digit should be ${expected}); check for a typing error`);
  }
  return succeed(value);
}
