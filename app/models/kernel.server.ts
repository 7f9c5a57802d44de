// The model kernel: who acts, and the few ways a model command can refuse. Routes never
// translate these by hand; `formAction` (app/utils/action.server.ts) maps them onto the
// form's reply. Who may *see* what (Viewer, Reader, scoping `where` helpers) lives in
// ./access.server.ts.

/** The signed-in person a command acts for (audit rows name them). */
export type Actor = { id: string; email: string };

/**
 * Input the schema could not judge alone (a duplicate email, a dose above the lot's
 * balance): messages by field name; the name `form` is a message for the whole form.
 * `details` carries structured data the page shows beside the message (the list of
 * scheduling clashes, the fields missing before signing).
 */
export class FieldError extends Error {
  readonly fields: Record<string, string>;
  constructor(
    fieldOrFields: string | Record<string, string>,
    message?: string,
    readonly details?: unknown,
    /** 409 when the form was valid but the state disagrees (a scheduling clash); 400 otherwise. */
    readonly status: 400 | 409 = 400,
  ) {
    const fields = typeof fieldOrFields === "string" ? { [fieldOrFields]: message ?? "Check this field" } : fieldOrFields;
    super(Object.values(fields)[0] ?? "Check the form");
    this.name = "FieldError";
    this.fields = fields;
  }
}

/** The record changed since the form was loaded (optimistic concurrency), or the action no longer applies. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Throws a 404 Response: outside the viewer's scope is reported as "not found", so existence leaks nothing. */
export function notFound(what = "Not found"): never {
  throw new Response(what, { status: 404 });
}

/** Throws a 403 Response. */
export function forbidden(what = "You do not have access to this."): never {
  throw new Response(what, { status: 403 });
}

/** The value, or a 404 Response when it is null/undefined. */
export function found<T>(value: T | null | undefined, what = "Not found"): T {
  if (value === null || value === undefined) notFound(what);
  return value;
}
