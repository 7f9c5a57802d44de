/**
 * The outcome of a domain check that can be refused with a message a person can act on.
 * Refusals are values, not exceptions: a route shows `message` next to the form.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refuse<T = never>(message: string): Outcome<T> {
  return { ok: false, message };
}
