// React 18's streaming server render (renderToPipeableStream, what app/entry.server.tsx uses)
// encodes a page into 2,048-byte buffers. When a character of two or more UTF-8 bytes (an en
// dash, an accented name) did not fit at the end of one, React 18.3.1 sent the whole buffer,
// its unwritten last bytes included: NUL bytes in the page. In text and attributes a browser
// drops them or shows U+FFFD; inside the loader data's <script> they become U+FFFD in a
// string, which a form could send back. React 19 sends only the bytes written
// (facebook/react#26228); .patches/react-dom+18.3.1.patch does the same for React 18.
// The same patch joins a render's pieces of text and encodes them together, once per 2,048
// characters or more, instead of each tag, attribute and text into the buffer one by one.
import { createRequire } from "node:module";
import { PassThrough } from "node:stream";
import { createElement, Fragment, Suspense } from "react";
import { renderToString, type renderToPipeableStream } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";

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

/** A component that suspends until `ready` resolves, then shows `text`. */
function later(ready: Promise<void>, text: string) {
  let done = false;
  void ready.then(() => (done = true));
  return function Later() {
    if (!done) throw ready;
    return createElement("p", null, text);
  };
}

describe("streaming a page's pieces", () => {
  for (const [name, fizz] of BUILDS) {
    it(`encodes them together, not one by one (${name} build)`, async () => {
      const encodeInto = vi.spyOn(TextEncoder.prototype, "encodeInto");
      const encode = vi.spyOn(TextEncoder.prototype, "encode");
      try {
        const bytes = await streamed(fizz, page(0));
        // 120 rows of several tags, attributes and texts each: ~1,500 pieces, 14 KB.
        expect(bytes.length).toBeGreaterThan(14_000);
        expect(encodeInto).not.toHaveBeenCalled();
        expect(encode.mock.calls.length).toBeLessThanOrEqual(Math.ceil(bytes.length / 2048) + 2);
      } finally {
        encodeInto.mockRestore();
        encode.mockRestore();
      }
    });

    it(`keeps two renders that stream at once apart (${name} build)`, async () => {
      let releaseA!: () => void;
      let releaseB!: () => void;
      const readyA = new Promise<void>((r) => (releaseA = r));
      const readyB = new Promise<void>((r) => (releaseB = r));
      const tree = (label: string, Later: () => ReturnType<typeof createElement>) =>
        createElement(
          "main",
          null,
          createElement("h1", null, `Page ${label} – ${"é".repeat(700)}`),
          createElement(Suspense, { fallback: createElement("p", null, `Loading ${label}`) }, createElement(Later)),
          createElement("footer", null, `End ${label}`),
        );
      const render = (node: ReturnType<typeof createElement>) =>
        new Promise<string>((resolve, reject) => {
          const chunks: Buffer[] = [];
          const sink = new PassThrough();
          sink.on("data", (c: Buffer) => chunks.push(c));
          sink.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
          const { pipe } = fizz.renderToPipeableStream(node, { onShellReady: () => pipe(sink), onError: reject });
        });
      const a = render(tree("A", later(readyA, `Content A ${"ü".repeat(900)}`)));
      const b = render(tree("B", later(readyB, `Content B ${"ß".repeat(900)}`)));
      await new Promise((r) => setTimeout(r, 10));
      releaseB();
      await new Promise((r) => setTimeout(r, 10));
      releaseA();
      const [pageA, pageB] = await Promise.all([a, b]);
      for (const [text, own, other, letter] of [
        [pageA, "A", "B", "ü"],
        [pageB, "B", "A", "ß"],
      ] as const) {
        expect(text.indexOf("\u0000")).toBe(-1);
        expect(text).toContain(`Page ${own} – ${"é".repeat(700)}`);
        expect(text).toContain(`Content ${own} ${letter.repeat(900)}`);
        expect(text).toContain(`End ${own}`);
        expect(text).not.toContain(`Page ${other}`);
        expect(text).not.toContain(`Content ${other}`);
      }
    });
  }
});
