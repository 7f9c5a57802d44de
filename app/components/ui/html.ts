// Markup built as a string, escaped by construction (the tag is `markup`, not `html`, so that
// Prettier leaves the templates' whitespace as written), for the rows of a big read-mostly table
// (SortableTable's markup cells): React rendering a 50-person measures tracker's ~1,500 elements
// on the server took ~12 ms of the page's CPU. Every interpolated value is escaped unless it is
// itself `markup` (so a name like `<img onerror=…>` stays text); arrays are joined; null,
// undefined and false render nothing. Attribute values must be quoted ("…"), and URLs built
// from our own ids (never a user's text as a scheme).

/** A piece of markup made by `markup`; `__html` is what React's dangerouslySetInnerHTML takes. */
export class SafeHtml {
  constructor(readonly __html: string) {}
  toString() {
    return this.__html;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

// The entities React's server renderer writes, so that a row made here equals React's markup.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

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

/** markup`<td class="x">${text}</td>`: the template's literal parts as written, every value escaped. */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
