// React 18's streaming server render (renderToPipeableStream, what app/entry.server.tsx uses)
// encodes a page into 2,048-byte buffers. When a character of two or more UTF-8 bytes (an en
// dash, an accented name) did not fit at the end of one, React 18.3.1 sent the whole buffer,
// its unwritten last bytes included: NUL bytes in the page. In text and attributes a browser
// drops them or shows U+FFFD; inside the loader data's <script> they become U+FFFD in a
// string, which a form could send back. React 19 sends only the bytes written
// (facebook/react#26228); .patches/react-dom+18.3.1.patch does the same for React 18.
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { createElement, Fragment } from "react";
import { renderToString, type renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";

type Fizz = { renderToPipeableStream: typeof renderToPipeableStream };
const require = createRequire(import.meta.url);
const dir = require.resolve("react-dom/server.node").replace(/server\.node\.js$/, "cjs/");
const BUILDS: [string, Fizz][] = [
  ["production", require(`${dir}react-dom-server.node.production.min.js`) as Fizz],
  ["development", require(`${dir}react-dom-server.node.development.js`) as Fizz],
];

/** The bytes a streaming render of `node` sends. */
function streamed(fizz: Fizz, node: ReturnType<typeof createElement>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (c: Buffer) => chunks.push(c));
    sink.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = fizz.renderToPipeableStream(node, { onAllReady: () => pipe(sink), onError: reject });
  });
}

/** Rows of short texts with multi-byte characters, shifted by `shift` bytes. */
function page(shift: number) {
  return createElement(
    "main",
    null,
    createElement("p", null, "x".repeat(shift)),
    ...Array.from({ length: 120 }, (_, i) =>
      createElement(
        Fragment,
        { key: i },
        createElement("p", { "aria-label": `Row ${i} – Zoë Þórsdóttir` }, `Session ${i}`, " – ", "Zoë Þórsdóttir 🙂", ` · ${i}`),
      ),
    ),
  );
}

describe("streaming a page with multi-byte characters", () => {
  for (const [name, fizz] of BUILDS) {
    it(`sends no NUL byte and the same text as renderToString (${name} build)`, async () => {
      for (let shift = 0; shift < 24; shift++) {
        const bytes = await streamed(fizz, page(shift));
        expect(bytes.indexOf(0), `shift ${shift}`).toBe(-1);
        expect(bytes.toString("utf8"), `shift ${shift}`).toBe(renderToString(page(shift)));
      }
    });
  }
});
