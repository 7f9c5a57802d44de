// Markup built as a string, escaped by construction, for the rows of a big read-mostly table
// (SortableTable's `bodyHtml`): React's server render costs about 20 µs per element, and a
// 50-person measures tracker has ~1,500. Every interpolated value is escaped unless it is
// itself `html` (so a name like `<img onerror=…>` stays text); arrays are joined; null,
// undefined and false render nothing. Attribute values must be quoted ("…"), and URLs built
// from our own ids (never a user's text as a scheme).

/** A piece of markup made by `html`; `__html` is what React's dangerouslySetInnerHTML takes. */
export class SafeHtml {
  constructor(readonly __html: string) {}
  toString() {
    return this.__html;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text;
}
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

function part(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.__html;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(part).join("");
  return escapeHtml(String(value));
}

/** html`<td class="x">${text}</td>`: the template's literal parts as written, every value escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
