// The one place where actions read a submitted form. Bad input is the sender's mistake,
// so it is answered with 4xx and a message, never a 500: a body that is not a web form
// (JSON, no body at all) gets 415, an unreadable one 400, and a text field carrying NUL
// or other control characters 400 naming the field (PostgreSQL cannot store NUL in text,
// and nothing a person types contains them).
import { parseFormInt } from "./forms";

/** The content types a browser form sends; everything the app accepts by POST is a form. */
export function isFormContentType(contentType: string | null | undefined): boolean {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}

/** Control characters other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

function refuse(status: 400 | 415, message: string): never {
  throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export async function readForm(request: Request): Promise<FormData> {
  if (!isFormContentType(request.headers.get("content-type"))) {
    refuse(415, "This page accepts only its own form (sent as a web form, not JSON or another format). Nothing was saved.");
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    refuse(400, "The form could not be read (it was empty or damaged in transit). Nothing was saved; reload the page and try again.");
  }
  for (const [name, value] of form.entries()) {
    const label = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    if (hasControlCharacters(name)) refuse(400, "The form has a field name with control characters. Nothing was saved.");
    if (typeof value === "string" && hasControlCharacters(value)) {
      refuse(
        400,
        `The field “${label}” contains control characters (such as NUL) that cannot be stored. Remove them and try again. Nothing was saved.`,
      );
    }
  }
  return form;
}

/** The version a form says it edits (optimistic concurrency); 400 when missing or not a stored whole number. */
export function formVersion(form: FormData, field = "version"): number {
  const n = parseFormInt(form.get(field));
  if (n === null) refuse(400, "Reload the page and try again: the form did not say which version it edits. Nothing was saved.");
  return n;
}
