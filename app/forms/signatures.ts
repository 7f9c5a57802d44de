// The password a signer re-enters to sign a record (dosing record, group note, AE closure).
// Never echoed back: the action's reply drops password fields.
import { z } from "zod";

export const signaturePassword = z
  .string({ error: "Enter your password to sign" })
  .min(1, "Enter your password to sign")
  .max(256, "A password has at most 256 characters");
