/**
 * Electronic signatures with meaning (21 CFR Part 11 §11.50): every signed record shows the
 * signer's printed name, the date and time of signing, and what the signature means. The
 * meanings live here, once, for the server (stored with the signature) and the browser (shown
 * beside the password box before signing).
 */
import { formatLocalDateTime } from "~/domain/scheduling/localTime";

export const SIGNATURE_MEANINGS = {
  DOSING_RECORD: "administered by",
  GROUP_NOTE: "authored by",
  AE_CLOSURE: "reviewed by",
  DOSE_ORDER: "ordered by",
  CONSENT_COUNTERSIGN: "consent witnessed and countersigned by",
  DEA_INVENTORY: "inventoried by",
} as const;

export type SignedRecordKind = keyof typeof SIGNATURE_MEANINGS;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[SignedRecordKind];

/**
 * "Signed by Dr. Quinn Clinician, Mon 2 Nov 2026, 11:05 — administered by". A signature made
 * before meanings were recorded (no meaning stored) shows without one rather than a guessed one.
 */
export function signatureLine(sig: { name: string; at: Date; meaning: string | null; timeZone: string }): string {
  const base = `Signed by ${sig.name}, ${formatLocalDateTime(sig.at, sig.timeZone)}`;
  return sig.meaning ? `${base} — ${sig.meaning}` : base;
}

/** What the signer is told before entering their password. */
export function signatureStatement(kind: SignedRecordKind): string {
  return `Enter your password to sign. Your electronic signature records that this was ${SIGNATURE_MEANINGS[kind]} you, and is as binding as a handwritten one.`;
}
