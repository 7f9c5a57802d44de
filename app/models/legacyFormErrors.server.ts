// Transitional: the pre-seam FormErrors, kept only until the program, cohort and session
// models move onto FieldError/ConflictError (./kernel.server.ts). Do not use in new code.
import type { z } from "zod";

export class FormErrors extends Error {
  constructor(
    public errors: Record<string, string>,
    public status = 400,
  ) {
    super(Object.values(errors)[0] ?? "Invalid input");
  }
}

export function issuesToErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** The users model's pre-seam errors, still used by the enrollment and participant models until they move to ./kernel.server.ts. */
export class LegacyConflictError extends Error {}
export class LegacyFieldError extends Error {
  constructor(
    public field: string,
    message: string,
  ) {
    super(message);
  }
}
