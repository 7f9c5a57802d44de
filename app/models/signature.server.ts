// Electronic signatures (21 CFR Part 11 §11.50/§11.200 style): the signer re-enters their own
// password at the moment of signing, through the one password check (reauthenticate: the
// sign-in throttle, plus signatures' own limit per signer, and an audited failure), and the
// record stores the signature's meaning and the signer's name as shown then. Called BEFORE the
// signing transaction: a wrong password writes nothing to the record.
import { SIGNATURE_MEANINGS, type SignedRecordKind } from "~/domain/safety";
import type { RequestMeta } from "~/utils/audit.server";
import { reauthenticate, signatureLimits } from "~/utils/auth.server";
import { FieldError, type Actor } from "./kernel.server";

export const SIGNATURE_PASSWORD_WRONG = "That is not your password. Enter the password you sign in with to sign this record.";
export const SIGNATURE_THROTTLED =
  "Too many wrong passwords: signing (and signing in) is refused for a few minutes. Wait, then try again; nothing was signed.";

export type Signature = { meaning: string; name: string; signerId: string };

/** Checks the signer's password; throws a FieldError on `field` (nothing is written) or returns what to store. */
export async function confirmSignature(
  actor: Actor,
  meta: RequestMeta,
  kind: SignedRecordKind,
  password: string,
  field = "password",
): Promise<Signature> {
  const meaning = SIGNATURE_MEANINGS[kind];
  const result = await reauthenticate({
    userId: actor.id,
    password,
    purpose: `signature: ${meaning}`,
    meta,
    requestedBy: actor,
    extraLimits: signatureLimits(actor.id),
  });
  if (!result.ok) throw new FieldError(field, result.reason === "throttled" ? SIGNATURE_THROTTLED : SIGNATURE_PASSWORD_WRONG);
  return { meaning, name: result.user.name, signerId: result.user.id };
}
