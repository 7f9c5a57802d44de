// What `formAction` answers and `useSchemaForm` reads (client-safe).
import type { SubmissionResult } from "@conform-to/react";

/** Hidden field naming which form on the page was sent, so only that form shows the reply. */
export const FORM_ID_FIELD = "_form";

export type FormReply<D = undefined> = {
  formId?: string;
  result: SubmissionResult<string[]>;
  /** Structured data beside a refusal (clashes, missing fields); see FieldError.details. */
  details?: unknown;
  ok?: true;
  data?: D;
};
