// The patched escaping of the loader data Remix writes into a page's <script> tags
// (.patches/README.md): the same output as Remix's own `replace`, by a loop over the matches.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

type Escape = (html: string) => string;

// Remix 2.17.5's original, the reference.
const LOOKUP: Record<string, string> = { "&": "\\u0026", ">": "\\u003e", "<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029" };
const reference: Escape = (html) => html.replace(/[&><\u2028\u2029]/g, (m) => LOOKUP[m]);

async function builds(): Promise<[string, Escape][]> {
  const require = createRequire(import.meta.url);
  const resolved = require.resolve("@remix-run/react");
  const dir = resolved.slice(0, resolved.lastIndexOf("/") + 1);
  const cjs = require(`${dir}markup.js`) as { escapeHtml: Escape };
  const esm = (await import(/* @vite-ignore */ pathToFileURL(`${dir}esm/markup.js`).href)) as { escapeHtml: Escape };
  return [
    ["dist/markup.js", cjs.escapeHtml],
    ["dist/esm/markup.js", esm.escapeHtml],
  ];
}

describe("escaping loader data for a <script> tag", () => {
  it("gives what Remix's own escaping gives, in both builds", async () => {
    const samples = [
      "",
      "plain ascii without anything to escape",
      "&",
      "<</script><!--",
      "a&b>c<d\u2028e\u2029f",
      "&&&>>><<<",
      "ends with <",
      "Group KAP for first responders — 7 weeks · EE 32 · DP 21 & more </script>",
      JSON.stringify({ name: "Dana <b>", note: "x\u2028y", sum: "EE 32 · DP 21" }),
    ];
    // A long two-byte string with a few specials, like a page's loader data.
    samples.push(`${'[\\"cmx7s3xdl1lsmmh7dlem8w5ei\\",\\"Completed Fri 6 Nov 2026\\",\\"EE 32 · DP 21\\"],'.repeat(800)}&<>`);
    for (const [name, escape] of await builds()) {
      for (const s of samples) expect(escape(s), `${name}: ${s.slice(0, 40)}`).toBe(reference(s));
      // The shared regular expression's position never leaks from one call into the next.
      expect(escape("x&y"), name).toBe("x\\u0026y");
      expect(escape("&"), name).toBe("\\u0026");
    }
  });

  it("is the patched loop in both builds", async () => {
    for (const [name, escape] of await builds()) expect(String(escape), name).toContain("ESCAPE_REGEX.exec(html)");
  });
});
